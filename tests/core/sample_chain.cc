#include "sample_chain.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>

#include "core/chain_json.h"

namespace chainsim::testing {

std::string SampleChainText() {
  const std::string path = std::string(CHAINSIM_TEST_DATA_DIR) + "/tutorial-chain-sample.json";
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::cerr << "cannot open " << path << "\n";
    std::abort();
  }
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

Chain SampleChain() {
  Result<Chain> chain = ParseChain(SampleChainText());
  if (!chain) {
    std::cerr << "sample chain does not parse: " << chain.error().message << "\n";
    std::abort();
  }
  return std::move(chain).value();
}

std::vector<std::string> SampleBlockTexts() {
  // Splits the "chain" list into its top-level objects by brace depth.
  const std::string text = SampleChainText();
  std::vector<std::string> blocks;
  int depth = 0;
  bool in_string = false;
  std::size_t start = 0;
  for (std::size_t i = text.find('[') + 1; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '{' && depth++ == 0) start = i;
    if (c == '}' && --depth == 0) blocks.push_back(text.substr(start, i - start + 1));
    if (c == ']' && depth == 0) break;
  }
  return blocks;
}

std::string CompactToPythonCanonical(const std::string& compact) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < compact.size(); ++i) {
    const char c = compact[i];
    out += c;
    if (in_string) {
      if (c == '\\')
        out += compact[++i];
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == ',' || c == ':') out += ' ';
  }
  return out;
}

}  // namespace chainsim::testing
