#include "core/chain_json.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

#include "core/canonical_json.h"

namespace chainsim {
namespace {

constexpr std::array<std::string_view, 5> kBlockKeys = {"index", "previous_hash", "proof",
                                                        "timestamp", "transactions"};

std::string Where(std::size_t position) { return "block at position " + std::to_string(position); }

std::string TypeName(const Json& value) {
  if (value.is_number_integer()) return "integer";
  if (value.is_number_float()) return "float";
  return value.type_name();
}

Result<std::int64_t> Int64Field(const Json& value, std::string_view key, std::size_t position) {
  if (!value.is_number_integer()) {
    return Error{Where(position) + ": '" + std::string(key) + "' must be an integer, not " +
                 TypeName(value)};
  }
  if (value.is_number_unsigned() &&
      value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    return Error{Where(position) + ": '" + std::string(key) + "' " + value.dump() +
                 " is larger than 2^63 - 1"};
  }
  return value.get<std::int64_t>();
}

}  // namespace

Result<BlockPtr> BlockFromJson(const Json& value, std::size_t position) {
  if (!value.is_object()) {
    return Error{Where(position) + ": a block must be an object, not " + TypeName(value)};
  }
  for (const auto& [key, item] : value.items()) {
    if (std::find(kBlockKeys.begin(), kBlockKeys.end(), key) == kBlockKeys.end()) {
      return Error{Where(position) + ": unexpected key '" + key +
                   "' (a block has exactly index, previous_hash, proof, timestamp, transactions)"};
    }
  }
  for (const std::string_view key : kBlockKeys) {
    if (!value.contains(key)) {
      return Error{Where(position) + ": missing key '" + std::string(key) + "'"};
    }
  }
  BlockFields fields;
  const Result<std::int64_t> index = Int64Field(value["index"], "index", position);
  if (!index) return index.error();
  const Result<std::int64_t> proof = Int64Field(value["proof"], "proof", position);
  if (!proof) return proof.error();
  fields.index = *index;
  fields.proof = *proof;

  fields.timestamp = value["timestamp"];
  if (!fields.timestamp.is_number()) {
    return Error{Where(position) + ": 'timestamp' must be a number, not " +
                 TypeName(fields.timestamp)};
  }
  fields.transactions = value["transactions"];
  if (!fields.transactions.is_array()) {
    return Error{Where(position) + ": 'transactions' must be a list, not " +
                 TypeName(fields.transactions)};
  }
  fields.previous_hash = value["previous_hash"];
  if (!fields.previous_hash.is_string() && !fields.previous_hash.is_number_integer()) {
    return Error{Where(position) + ": 'previous_hash' must be a string (or the integer 1), not " +
                 TypeName(fields.previous_hash)};
  }
  return Block::Create(std::move(fields));
}

Result<Chain> ChainFromJson(const Json& document) {
  const Json* blocks = &document;
  if (document.is_object()) {
    if (!document.contains("chain")) {
      return Error{"expected a list of blocks or an object with a 'chain' list"};
    }
    blocks = &document["chain"];
    if (!blocks->is_array()) return Error{"'chain' must be a list, not " + TypeName(*blocks)};
    if (document.contains("length")) {
      const Json& length = document["length"];
      if (!length.is_number_integer()) {
        return Error{"'length' must be an integer, not " + TypeName(length)};
      }
      if (length.get<std::int64_t>() != static_cast<std::int64_t>(blocks->size())) {
        return Error{"'length' says " + length.dump() + " but the chain has " +
                     std::to_string(blocks->size()) + " blocks"};
      }
    }
  } else if (!document.is_array()) {
    return Error{"expected a list of blocks or an object with a 'chain' list, not " +
                 TypeName(document)};
  }
  Chain chain;
  chain.reserve(blocks->size());
  for (std::size_t i = 0; i < blocks->size(); ++i) {
    Result<BlockPtr> block = BlockFromJson((*blocks)[i], i);
    if (!block) return block.error();
    chain.push_back(std::move(block).value());
  }
  return chain;
}

Result<Chain> ParseChain(std::string_view text) {
  Result<Json> document = ParseJson(text);
  if (!document) return document.error();
  return ChainFromJson(document.value());
}

Json ChainToJson(const Chain& chain) {
  Json list = Json::array();
  for (const BlockPtr& block : chain) list.push_back(block->ToJson());
  return list;
}

std::string ChainResponseBody(const Chain& chain) {
  return ToJson(Json{{"chain", ChainToJson(chain)}, {"length", chain.size()}}, JsonStyle::kCompact);
}

std::size_t ChainResponseSize(const Chain& chain) {
  std::size_t block_bytes = 0;
  for (const BlockPtr& block : chain) block_bytes += block->wire_size();
  return ChainResponseSize(chain.size(), block_bytes);
}

std::size_t ChainResponseSize(std::size_t blocks, std::size_t block_bytes) {
  // {"chain":[b1,b2,...],"length":N}
  std::size_t size =
      std::string_view(R"({"chain":[],"length":})").size() + std::to_string(blocks).size();
  size += block_bytes;
  if (blocks > 0) size += blocks - 1;  // commas between blocks
  return size;
}

}  // namespace chainsim
