#pragma once
// The reference's sample chain (tests/data/tutorial-chain-sample.json, copied from the reference)
// and helpers to derive Python's canonical bytes from it independently.

#include <string>
#include <vector>

#include "core/block.h"

namespace chainsim::testing {

// The sample /chain body, exactly as the Python node served it.
std::string SampleChainText();

// The sample chain, parsed. Aborts the test program if it does not parse.
Chain SampleChain();

// The compact JSON text of each block as it stands in the sample file.
std::vector<std::string> SampleBlockTexts();

// Turns compact JSON with sorted keys (Flask's wire form) into Python's
// json.dumps(sort_keys=True) form by adding the spaces after ',' and ':'
// that lie outside strings. Independent of chainsim's writer.
std::string CompactToPythonCanonical(const std::string& compact);

}  // namespace chainsim::testing
