#include "core/block.h"

#include <charconv>
#include <utility>

#include "core/canonical_json.h"
#include "core/check.h"
#include "core/sha256.h"

namespace chainsim {
namespace {

// Writes the block object with its keys in sorted order:
// index, previous_hash, proof, timestamp, transactions.
std::string SerializeBlock(const BlockFields& f, JsonStyle style) {
  const bool canonical = style == JsonStyle::kCanonical;
  const char* item = canonical ? ", " : ",";
  const char* key = canonical ? "\": " : "\":";
  char number[24];
  std::string out;
  out.reserve(160);
  out += "{\"index";
  out += key;
  out.append(number, std::to_chars(number, number + sizeof number, f.index).ptr);
  out += item;
  out += "\"previous_hash";
  out += key;
  AppendJson(f.previous_hash, style, out);
  out += item;
  out += "\"proof";
  out += key;
  out.append(number, std::to_chars(number, number + sizeof number, f.proof).ptr);
  out += item;
  out += "\"timestamp";
  out += key;
  AppendJson(f.timestamp, style, out);
  out += item;
  out += "\"transactions";
  out += key;
  AppendJson(f.transactions, style, out);
  out += '}';
  return out;
}

}  // namespace

Block::Block(BlockFields fields)
    : fields_(std::move(fields)),
      canonical_json_(SerializeBlock(fields_, JsonStyle::kCanonical)),
      hash_(Sha256Hex(canonical_json_)),
      wire_size_(SerializeBlock(fields_, JsonStyle::kCompact).size()) {
  CHAINSIM_CHECK(fields_.timestamp.is_number());
  CHAINSIM_CHECK(fields_.transactions.is_array());
  CHAINSIM_CHECK(fields_.previous_hash.is_string() || fields_.previous_hash.is_number_integer());
}

BlockPtr Block::Create(BlockFields fields) {
  return std::make_shared<const Block>(std::move(fields));
}

Json Block::ToJson() const {
  return Json{{"index", fields_.index},
              {"previous_hash", fields_.previous_hash},
              {"proof", fields_.proof},
              {"timestamp", fields_.timestamp},
              {"transactions", fields_.transactions}};
}

bool Block::Follows(const std::string& hash) const {
  return fields_.previous_hash.is_string() &&
         fields_.previous_hash.get_ref<const std::string&>() == hash;
}

}  // namespace chainsim
