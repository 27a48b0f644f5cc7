#pragma once
// Request parsing and validation for the node's POST endpoints.
//
// Pure functions of (Content-Type, body): no state is touched, so a request
// that fails here changes nothing. Every failure carries the HTTP status to
// answer and a message for the client.

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/json.h"

namespace chainsim::http {

// A request the node refuses: the status to answer (4xx) and why.
struct BadRequest {
  int status = 400;
  std::string message;
};

// Either the parsed request or why it was refused.
template <typename T>
using Parsed = std::variant<T, BadRequest>;

// The body of POST /transactions/new.
struct TransactionRequest {
  // Taken verbatim, as the reference does: any JSON value is accepted.
  Json sender;
  Json recipient;
  Json amount;
};

// The checks every JSON request body goes through:
//  - Content-Type must be application/json (or application/<x>+json, any
//    parameters): otherwise 415;
//  - the body must be one JSON document (json.loads rules, see core/json.h):
//    otherwise 400 naming line and column (also when the JSON reader throws);
//  - it must be a JSON object: otherwise 400.
Parsed<Json> ParseJsonObjectBody(std::string_view content_type, std::string_view body);

// POST /transactions/new: {"sender", "recipient", "amount"}. A body without
// one of the three keys gets the reference's 400 "Missing values". Extra
// keys are ignored, as in the reference.
Parsed<TransactionRequest> ParseTransactionRequest(std::string_view content_type,
                                                   std::string_view body);

// POST /nodes/register: {"nodes": [address, ...]}. `nodes` missing, not a
// list or empty, an element that is not a string, or an address that
// ParseNodeAddress refuses: 400 "Error: Please supply a valid list of nodes"
// followed by what is wrong. The addresses are returned as sent.
Parsed<std::vector<std::string>> ParseRegisterRequest(std::string_view content_type,
                                                      std::string_view body);

}  // namespace chainsim::http
