#include "core/chain_json.h"

#include <array>
#include <optional>
#include <utility>

#include "core/canonical_json.h"
#include "core/check.h"
#include "core/json_reader.h"

namespace chainsim {
namespace {

constexpr std::size_t kTransactionsKey = 4;  // kBlockKeys[4]
constexpr const char* kDocumentShape = "expected a list of blocks or an object with a 'chain' list";

std::string Where(std::size_t position) { return "block at position " + std::to_string(position); }

// A block's keys as they are read, before their values are checked. A key
// read twice keeps its last value, as Python's dict does; only then are the
// values checked, so reading a tree and reading text give the same verdict.
struct BlockDraft {
  BlockFields fields;
  unsigned seen = 0;  // bit i: kBlockKeys[i] was read

  // The transactions as canonical JSON, when they were read as text (a view
  // of the reader's buffer).
  std::optional<std::string_view> transactions_json;

  void Put(std::string key, Json value) {
    const std::array<Json*, kBlockKeys.size()> slots = {&fields.index, &fields.previous_hash,
                                                        &fields.proof, &fields.timestamp,
                                                        &fields.transactions};
    for (std::size_t i = 0; i < kBlockKeys.size(); ++i) {
      if (key == kBlockKeys[i]) {
        *slots[i] = std::move(value);
        seen |= 1U << i;
        if (slots[i] == &fields.transactions) transactions_json.reset();
        return;
      }
    }
    fields.extra.insert_or_assign(std::move(key), std::move(value));
  }

  // Puts a list of transactions read as canonical JSON text.
  void PutTransactionsJson(std::string_view list) {
    transactions_json = list;
    seen |= 1U << kTransactionsKey;
  }

  Result<BlockPtr> Finish(std::size_t position) && {
    for (std::size_t i = 0; i < std::size(kBlockKeys); ++i) {
      if ((seen & (1U << i)) == 0) {
        return Error{Where(position) + ": missing key '" + std::string(kBlockKeys[i]) + "'"};
      }
    }
    const auto wrong = [&](const char* key, const char* expected, const Json& value) {
      return Error{Where(position) + ": '" + key + "' must be " + expected + ", not " +
                   std::string(JsonTypeName(value))};
    };
    if (!IsInteger(fields.index)) return wrong("index", "an integer", fields.index);
    if (!fields.previous_hash.is_string() && !IsInteger(fields.previous_hash)) {
      return wrong("previous_hash", "a string (or an integer)", fields.previous_hash);
    }
    if (!IsNumber(fields.proof)) return wrong("proof", "a number", fields.proof);
    if (!IsNumber(fields.timestamp)) return wrong("timestamp", "a number", fields.timestamp);
    if (transactions_json) {
      return Block::CreateWithTransactionsJson(std::move(fields), *transactions_json);
    }
    if (!fields.transactions.is_array()) {
      return wrong("transactions", "a list", fields.transactions);
    }
    return Block::Create(std::move(fields));
  }
};

// The check of a /chain body's `length` against its number of blocks.
Result<void> CheckLength(const Json& length, std::size_t blocks) {
  if (!IsInteger(length)) {
    return Error{"'length' must be an integer, not " + std::string(JsonTypeName(length))};
  }
  if (length != Json(static_cast<std::uint64_t>(blocks))) {
    return Error{"'length' says " + ToJson(length) + " but the chain has " +
                 std::to_string(blocks) + " blocks"};
  }
  return {};
}

// Reads one block (any value; `depth` containers are open around it). A
// syntax error leaves `reader` failed (the returned error is then
// meaningless); a block of the wrong shape is returned as an error.
// `buffer` holds the transactions' text until the block is built.
Result<BlockPtr> ReadBlock(JsonReader& reader, std::size_t depth, std::size_t position,
                           std::string& buffer) {
  if (reader.Peek() != '{') {
    Json value;
    reader.ReadValue(value, depth);
    return Error{Where(position) + ": a block must be an object, not " +
                 std::string(JsonTypeName(value))};
  }
  if (!reader.EnterContainer(depth + 1) || !reader.Consume('{')) return reader.error();
  BlockDraft draft;
  if (!reader.Consume('}')) {
    do {
      std::string key;
      if (!reader.ReadMemberKey(key)) return reader.error();
      if (key == kBlockKeys[kTransactionsKey] && reader.Peek() == '[') {
        // The transactions are read straight into canonical JSON, no tree.
        buffer.clear();
        if (!reader.ReadCanonicalJson(buffer, depth + 1)) return reader.error();
        draft.PutTransactionsJson(buffer);
      } else {
        Json value;
        if (!reader.ReadValue(value, depth + 1)) return reader.error();
        draft.Put(std::move(key), std::move(value));
      }
    } while (reader.Consume(','));
    if (!reader.Expect('}', "',' delimiter or '}'")) return reader.error();
  }
  return std::move(draft).Finish(position);
}

// A list of blocks as read: how many values it held, and the chain or the
// first block's error (the rest of the list is still read, for syntax).
struct BlockList {
  std::size_t count = 0;
  Result<Chain> chain = Chain{};
};

BlockList ReadBlockList(JsonReader& reader, std::size_t depth) {
  BlockList list;
  if (!reader.EnterContainer(depth + 1) || !reader.Consume('[')) return list;
  if (reader.Consume(']')) return list;
  Chain blocks;
  std::optional<Error> error;
  std::string buffer;
  do {
    if (!error) {
      Result<BlockPtr> block = ReadBlock(reader, depth + 1, list.count, buffer);
      if (reader.failed()) return list;
      if (block) {
        blocks.push_back(std::move(block).value());
      } else {
        error = block.error();
      }
    } else {
      Json skipped;
      if (!reader.ReadValue(skipped, depth + 1)) return list;
    }
    ++list.count;
  } while (reader.Consume(','));
  reader.Expect(']', "',' delimiter or ']'");
  if (error) {
    list.chain = std::move(*error);
  } else {
    list.chain = std::move(blocks);
  }
  return list;
}

}  // namespace

Result<BlockPtr> BlockFromJson(const Json& value, std::size_t position) {
  if (!value.is_object()) {
    return Error{Where(position) + ": a block must be an object, not " +
                 std::string(JsonTypeName(value))};
  }
  BlockDraft draft;
  for (const auto& [key, item] : value.get_ref<const Json::object_t&>()) draft.Put(key, item);
  return std::move(draft).Finish(position);
}

Result<Chain> ChainFromJson(const Json& document) {
  const Json* blocks = &document;
  if (document.is_object()) {
    const auto chain = document.find("chain");
    if (chain == document.end()) return Error{kDocumentShape};
    blocks = &*chain;
    if (!blocks->is_array()) {
      return Error{"'chain' must be a list, not " + std::string(JsonTypeName(*blocks))};
    }
    if (const auto length = document.find("length"); length != document.end()) {
      if (Result<void> checked = CheckLength(*length, blocks->size()); !checked) {
        return checked.error();
      }
    }
  } else if (!document.is_array()) {
    return Error{std::string(kDocumentShape) + ", not " + std::string(JsonTypeName(document))};
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
  JsonReader reader(text);
  const char first = reader.Peek();
  if (first == '[') {
    BlockList list = ReadBlockList(reader, 0);
    if (!reader.ExpectEnd()) return reader.error();
    return std::move(list.chain);
  }
  if (first != '{') {  // not a chain: read it anyway, syntax errors come first
    Json value;
    if (!reader.ReadValue(value, 0) || !reader.ExpectEnd()) return reader.error();
    return Error{std::string(kDocumentShape) + ", not " + std::string(JsonTypeName(value))};
  }
  // A /chain body: "chain" and "length" are read, other keys skipped; a key
  // given twice counts with its last value, as in Python.
  std::optional<BlockList> chain;
  std::optional<Result<void>> chain_not_a_list;
  std::optional<Json> length;
  if (!reader.EnterContainer(1) || !reader.Consume('{')) return reader.error();
  if (!reader.Consume('}')) {
    do {
      std::string key;
      if (!reader.ReadMemberKey(key)) return reader.error();
      if (key == "chain" && reader.Peek() == '[') {
        chain = ReadBlockList(reader, 1);
        chain_not_a_list.reset();
      } else {
        Json value;
        if (!reader.ReadValue(value, 1)) return reader.error();
        if (key == "chain") {
          chain.reset();
          chain_not_a_list =
              Error{"'chain' must be a list, not " + std::string(JsonTypeName(value))};
        } else if (key == "length") {
          length = std::move(value);
        }
      }
      if (reader.failed()) return reader.error();
    } while (reader.Consume(','));
    if (!reader.Expect('}', "',' delimiter or '}'")) return reader.error();
  }
  if (!reader.ExpectEnd()) return reader.error();
  if (chain_not_a_list) return chain_not_a_list->error();
  if (!chain) return Error{kDocumentShape};
  if (length) {
    if (Result<void> checked = CheckLength(*length, chain->count); !checked) return checked.error();
  }
  return std::move(chain->chain);
}

Json ChainToJson(const Chain& chain) {
  Json list = Json::array();
  for (const BlockPtr& block : chain) list.push_back(block->ToJson());
  return list;
}

void AppendChainJson(const Chain& chain, std::string& out) {
  out += '[';
  for (std::size_t i = 0; i < chain.size(); ++i) {
    if (i > 0) out += ',';
    out += chain[i]->compact_json();
  }
  out += ']';
}

std::string CompactJsonWithChain(const Json& object, std::string_view chain_key,
                                 const Chain& chain) {
  CHAINSIM_CHECK(object.is_object() && !object.contains(chain_key));
  std::string out;
  out.reserve(ChainResponseSize(chain) + chain_key.size() + 256);
  out += '{';
  bool first = true;
  bool chain_written = false;
  const auto write_key = [&](std::string_view key) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(key, out);
    out += ':';
  };
  for (const auto& [key, value] : object.get_ref<const Json::object_t&>()) {  // sorted
    if (!chain_written && chain_key < std::string_view{key}) {
      write_key(chain_key);
      AppendChainJson(chain, out);
      chain_written = true;
    }
    write_key(key);
    AppendJson(value, JsonStyle::kCompact, out);
  }
  if (!chain_written) {
    write_key(chain_key);
    AppendChainJson(chain, out);
  }
  out += '}';
  return out;
}

std::string ChainResponseBody(const Chain& chain) {
  return CompactJsonWithChain(Json{{"length", chain.size()}}, "chain", chain);
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
