#pragma once
// HttpRequest and HttpResponse: one HTTP exchange as the node's handlers see
// it, free of any socket or HTTP library, so that the same handler code runs
// behind the server, in tests and under a fuzzer.

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.h"

namespace chainsim::http {

struct HttpRequest {
  std::string method;  // as sent, e.g. "GET"
  std::string target;  // as sent, e.g. "/chain" or "/chain?x=1"
  // Header fields in the order sent; names as sent (compare them with
  // Header(), which ignores case).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The value of the first header named `name` (any case), or "".
  std::string_view Header(std::string_view name) const;
  // The target without its query string ("/chain?x=1" -> "/chain").
  std::string_view Path() const;
};

struct HttpResponse {
  int status = 200;
  // Shared so that one large body (a /chain reply) can be sent to many
  // clients without a copy each. Never null.
  std::shared_ptr<const std::string> body = std::make_shared<const std::string>();
  std::string content_type = "application/json";
  // Further header fields, e.g. {"Allow", "GET"}.
  std::vector<std::pair<std::string, std::string>> headers;
  // True when the connection must be closed after this response.
  bool close = false;
};

// A response whose body is `body` in core's compact JSON (sorted keys) and
// a newline, as Flask sends it.
HttpResponse JsonResponse(int status, const Json& body);
// The same with a body already written.
HttpResponse JsonResponse(int status, std::string body);
// {"error": message}.
HttpResponse ErrorResponse(int status, std::string_view message);

}  // namespace chainsim::http
