// Fuzz target: JSON text and chains. Properties checked on every input:
//  - ParseJson never throws or crashes; a value it reads is written by the
//    canonical writer as text that reads back to the same bytes, and the
//    compact form made from it equals the compact writer's;
//  - JsonReader::ReadCanonicalJson (no tree) gives the same bytes as the
//    tree, or the same error;
//  - ParseChain (straight into blocks) and ChainFromJson(ParseJson(text))
//    give the same verdict, the same error and the same blocks;
//  - a chain read is served back (ChainResponseBody) as text that reads to
//    the same blocks, of the size ChainResponseSize says, and each block's
//    Json form (built on first use) writes its canonical JSON again;
//  - valid_chain runs on it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/canonical_json.h"
#include "core/chain_json.h"
#include "core/check.h"
#include "core/json.h"
#include "core/json_reader.h"
#include "core/sha256.h"
#include "core/valid_chain.h"

namespace chainsim {
namespace {

void CheckSameBlocks(const Chain& a, const Chain& b) {
  CHAINSIM_CHECK(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHAINSIM_CHECK(a[i]->canonical_json() == b[i]->canonical_json());
    CHAINSIM_CHECK(a[i]->compact_json() == b[i]->compact_json());
    CHAINSIM_CHECK(a[i]->hash() == b[i]->hash());
  }
}

void CheckJson(std::string_view text, const Result<Json>& value) {
  JsonReader reader(text);
  std::string direct;
  const bool read = reader.ReadCanonicalJson(direct, 0) && reader.ExpectEnd();
  CHAINSIM_CHECK(read == value.ok());
  if (!value.ok()) {
    CHAINSIM_CHECK(reader.error().message == value.error().message);
    return;
  }
  const std::string canonical = ToJson(*value);
  CHAINSIM_CHECK(direct == canonical);
  const Result<Json> again = ParseJson(canonical);
  CHAINSIM_CHECK(again.ok() && ToJson(*again) == canonical);
  std::string compact;
  AppendCompactFromCanonical(canonical, compact);
  CHAINSIM_CHECK(compact == ToJson(*value, JsonStyle::kCompact));
}

void CheckChainText(std::string_view text, const Result<Json>& value) {
  const Result<Chain> chain = ParseChain(text);
  const Result<Chain> via_tree = value.ok() ? ChainFromJson(*value) : Result<Chain>(value.error());
  CHAINSIM_CHECK(chain.ok() == via_tree.ok());
  if (!chain.ok()) {
    CHAINSIM_CHECK(chain.error().message == via_tree.error().message);
    return;
  }
  CheckSameBlocks(*chain, *via_tree);
  for (const BlockPtr& block : *chain) {
    CHAINSIM_CHECK(block->hash() == Sha256Hex(block->canonical_json()));
    CHAINSIM_CHECK(ToJson(block->ToJson()) == block->canonical_json());
  }
  const std::string body = ChainResponseBody(*chain);
  CHAINSIM_CHECK(body.size() == ChainResponseSize(*chain));
  const Result<Chain> served = ParseChain(body);
  CHAINSIM_CHECK(served.ok());
  CheckSameBlocks(*chain, *served);
  CheckChain(*chain, ChainRules{});
}

}  // namespace
}  // namespace chainsim

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const chainsim::Result<chainsim::Json> value = chainsim::ParseJson(text);
  chainsim::CheckJson(text, value);
  chainsim::CheckChainText(text, value);
  return 0;
}
