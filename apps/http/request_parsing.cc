#include "apps/http/request_parsing.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <optional>
#include <utility>

#include "core/node_address.h"

namespace chainsim::http {
namespace {

constexpr std::string_view kNodesError = "Error: Please supply a valid list of nodes";

std::string Lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    text.remove_suffix(1);
  }
  return text;
}

// Flask's request.is_json: application/json or application/*+json.
bool IsJsonMediaType(std::string_view content_type) {
  const std::string type = Lowercase(Trim(content_type.substr(0, content_type.find(';'))));
  if (type == "application/json") return true;
  return type.starts_with("application/") && type.ends_with("+json");
}

std::string TypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "a number";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::array:
      return "a list";
    case Json::value_t::object:
      return "an object";
    default:
      return "an unsupported value";
  }
}

BadRequest NodesError(const std::string& detail) {
  return BadRequest{400, std::string(kNodesError) + ": " + detail};
}

}  // namespace

Parsed<Json> ParseJsonObjectBody(std::string_view content_type, std::string_view body) {
  if (!IsJsonMediaType(content_type)) {
    const std::string shown = content_type.empty() ? "none" : std::string(content_type);
    return BadRequest{415, "Content-Type must be application/json, not " + shown};
  }
  std::optional<Result<Json>> parsed;
  try {
    parsed.emplace(ParseJson(body));
  } catch (const std::exception& e) {
    // Whatever the JSON reader throws is the body's fault, never the node's.
    parsed.emplace(Error{e.what()});
  }
  Result<Json>& document = *parsed;
  if (!document) return BadRequest{400, "malformed JSON: " + document.error().message};
  if (!document->is_object()) {
    return BadRequest{400, "the body must be a JSON object, not " + TypeName(*document)};
  }
  return std::move(document).value();
}

Parsed<TransactionRequest> ParseTransactionRequest(std::string_view content_type,
                                                   std::string_view body) {
  Parsed<Json> parsed = ParseJsonObjectBody(content_type, body);
  if (auto* bad = std::get_if<BadRequest>(&parsed)) return std::move(*bad);
  Json& values = std::get<Json>(parsed);
  for (const char* key : {"sender", "recipient", "amount"}) {
    if (!values.contains(key)) {
      return BadRequest{400, std::string("Missing values: '") + key + "' is required"};
    }
  }
  return TransactionRequest{std::move(values["sender"]), std::move(values["recipient"]),
                            std::move(values["amount"])};
}

Parsed<std::vector<std::string>> ParseRegisterRequest(std::string_view content_type,
                                                      std::string_view body) {
  Parsed<Json> parsed = ParseJsonObjectBody(content_type, body);
  if (auto* bad = std::get_if<BadRequest>(&parsed)) return std::move(*bad);
  const Json& values = std::get<Json>(parsed);
  const auto nodes = values.find("nodes");
  if (nodes == values.end()) return NodesError("'nodes' is missing");
  if (!nodes->is_array()) return NodesError("'nodes' must be a list, not " + TypeName(*nodes));
  if (nodes->empty()) return NodesError("'nodes' is empty");
  std::vector<std::string> addresses;
  addresses.reserve(nodes->size());
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const Json& node = (*nodes)[i];
    const std::string where = "nodes[" + std::to_string(i) + "]";
    if (!node.is_string()) return NodesError(where + " must be a string, not " + TypeName(node));
    const auto& address = node.get_ref<const std::string&>();
    if (Result<std::string> stored = ParseNodeAddress(address); !stored) {
      return NodesError(where + ": " + stored.error().message);
    }
    addresses.push_back(address);
  }
  return addresses;
}

}  // namespace chainsim::http
