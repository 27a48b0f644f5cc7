#pragma once
// register_node's address rule: what the reference stores for an address.

#include <string>
#include <string_view>

#include "core/result.h"

namespace chainsim {

// Parses `address` as the reference does with Python's urlparse:
//  - "http://127.0.0.1:5000/x" (a scheme and //netloc) gives "127.0.0.1:5000";
//  - "127.0.0.1:5000" (no scheme) is kept whole (up to any '?' or '#');
//  - an empty address, or one with neither netloc nor path, is an error.
// Deliberate difference: Python 3.9+ reads "localhost:5000" as scheme
// "localhost" and stores "5000"; chainsim stores "localhost:5000", since a
// bare port number reaches nobody. Surrounding whitespace is ignored.
Result<std::string> ParseNodeAddress(std::string_view address);

}  // namespace chainsim
