#include "core/block.h"

#include <array>
#include <string_view>
#include <utility>

#include "core/canonical_json.h"
#include "core/check.h"
#include "core/proof_of_work.h"
#include "core/sha256.h"

namespace chainsim {
namespace {

// Scratch space a thread keeps for building blocks.
constexpr std::size_t kMaxKeptScratchBytes = 1 << 20;

// The five keys' values, in the order of kBlockKeys.
std::array<const Json*, 5> KeyedValues(const BlockFields& f) {
  return {&f.index, &f.previous_hash, &f.proof, &f.timestamp, &f.transactions};
}

// Appends the canonical JSON of the block to `out`: all its keys in sorted
// order, the five of kBlockKeys merged with `extra` (both sorted by code
// point). The transactions' value is `transactions_json` when given. Sets
// `transactions_begin` to where that value starts in `out`.
void SerializeBlock(const BlockFields& f, const std::string_view* transactions_json,
                    std::size_t& transactions_begin, std::string& out) {
  const std::array<const Json*, 5> values = KeyedValues(f);
  out += '{';
  auto extra = f.extra.begin();
  std::size_t known = 0;
  bool first = true;
  while (known < values.size() || extra != f.extra.end()) {
    const bool take_extra =
        extra != f.extra.end() &&
        (known == values.size() || std::string_view{extra->first} < kBlockKeys[known]);
    if (!first) out += ", ";
    first = false;
    if (take_extra) {
      AppendJsonString(extra->first, out);
      out += ": ";
      AppendJson(extra->second, JsonStyle::kCanonical, out);
      ++extra;
      continue;
    }
    out += '"';
    out += kBlockKeys[known];
    out += "\": ";
    if (values[known] == &f.transactions) {
      transactions_begin = out.size();
      if (transactions_json != nullptr) {
        out += *transactions_json;
      } else {
        AppendJson(f.transactions, JsonStyle::kCanonical, out);
      }
    } else {
      AppendJson(*values[known], JsonStyle::kCanonical, out);
    }
    ++known;
  }
  out += '}';
}

}  // namespace

Block::Block(BlockFields fields, const std::string_view* transactions_json)
    : fields_(std::move(fields)) {
  CHAINSIM_CHECK(IsInteger(fields_.index));
  CHAINSIM_CHECK(IsNumber(fields_.timestamp));
  CHAINSIM_CHECK(IsNumber(fields_.proof));
  CHAINSIM_CHECK(fields_.previous_hash.is_string() || IsInteger(fields_.previous_hash));
  for (const std::string_view key : kBlockKeys) CHAINSIM_CHECK(!fields_.extra.contains(key));
  if (transactions_json != nullptr) {
    CHAINSIM_CHECK(transactions_json->starts_with('[') && transactions_json->ends_with(']'));
    fields_.transactions = nullptr;  // the list is built on first use
    transactions_size_ = transactions_json->size();
  } else {
    CHAINSIM_CHECK(fields_.transactions.is_array());
  }
  proof_text_ = ProofText(fields_.proof);
  // One buffer of the exact size: the canonical JSON, then the compact JSON
  // made from it, both written first into this thread's scratch buffer
  // (kept between blocks, unless a huge block made it huge).
  thread_local std::string scratch;
  scratch.clear();
  SerializeBlock(fields_, transactions_json, transactions_begin_, scratch);
  canonical_size_ = scratch.size();
  scratch.reserve(2 * canonical_size_);
  AppendCompactFromCanonical(std::string_view{scratch}.substr(0, canonical_size_), scratch);
  json_.assign(scratch);
  if (scratch.capacity() > kMaxKeptScratchBytes) std::string().swap(scratch);
  hash_ = Sha256Hex(canonical_json());
}

BlockPtr Block::Create(BlockFields fields) {
  return std::make_shared<const Block>(std::move(fields), nullptr);
}

BlockPtr Block::CreateWithTransactionsJson(BlockFields fields, std::string_view transactions_json) {
  return std::make_shared<const Block>(std::move(fields), &transactions_json);
}

const Json& Block::transactions() const {
  if (transactions_size_ == 0) return fields_.transactions;  // held since construction
  std::call_once(transactions_built_, [this] {
    Result<Json> list =
        ParseJson(std::string_view{json_}.substr(transactions_begin_, transactions_size_));
    CHAINSIM_CHECK(list.ok() && list->is_array());  // chainsim's own canonical JSON
    fields_.transactions = std::move(list).value();
  });
  return fields_.transactions;
}

const BlockFields& Block::fields() const {
  transactions();
  return fields_;
}

Json Block::ToJson() const {
  Json object(fields_.extra);
  const BlockFields& all = fields();
  const std::array<const Json*, 5> values = KeyedValues(all);
  for (std::size_t i = 0; i < values.size(); ++i) object[kBlockKeys[i]] = *values[i];
  return object;
}

bool Block::Follows(const std::string& hash) const {
  return fields_.previous_hash.is_string() &&
         fields_.previous_hash.get_ref<const std::string&>() == hash;
}

}  // namespace chainsim
