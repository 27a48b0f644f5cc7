#include "apps/http/http_request_reader.h"

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

namespace chainsim::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

void ConfigureRequestParser(RequestParser& parser, const ServerOptions& options) {
  constexpr std::size_t kMaxHeaderLimit = std::numeric_limits<std::uint32_t>::max();
  parser.header_limit(
      static_cast<std::uint32_t>(std::min(options.max_header_bytes, kMaxHeaderLimit)));
  parser.body_limit(static_cast<std::uint64_t>(options.max_request_bytes));
}

HttpRequest TakeRequest(RequestParser& parser) {
  bhttp::request<bhttp::string_body> message = parser.release();
  HttpRequest request;
  request.method = std::string{message.method_string()};
  request.target = std::string{message.target()};
  for (const auto& field : message) {
    request.headers.emplace_back(std::string{field.name_string()}, std::string{field.value()});
  }
  request.body = std::move(message.body());
  return request;
}

std::optional<HttpResponse> ResponseForReadError(const beast::error_code& error,
                                                 const ServerOptions& options) {
  std::optional<HttpResponse> response;
  if (error == bhttp::error::body_limit) {
    response = ErrorResponse(413, "request body too large: the limit is " +
                                      std::to_string(options.max_request_bytes) +
                                      " bytes (--max-request-bytes)");
  } else if (error == bhttp::error::header_limit) {
    response = ErrorResponse(431, "request header fields too large: the limit is " +
                                      std::to_string(options.max_header_bytes) + " bytes");
  } else if (error.category() == beast::error_code(bhttp::error::bad_method).category() &&
             error != bhttp::error::end_of_stream && error != bhttp::error::partial_message &&
             error != bhttp::error::need_more) {
    // Everything else the HTTP parser refuses: not a well-formed request.
    response = ErrorResponse(400, "malformed HTTP request: " + error.message());
  }
  if (response) response->close = true;
  return response;  // nullopt: the client went away or took too long
}

std::variant<HttpRequest, HttpResponse, NoResponse> ParseRawRequest(std::string_view bytes,
                                                                    const ServerOptions& options) {
  try {
    RequestParser parser;
    ConfigureRequestParser(parser, options);
    parser.eager(true);
    beast::error_code error;
    while (!parser.is_done()) {
      if (bytes.empty()) {  // the connection closes here
        if (parser.got_some()) {
          parser.put_eof(error);
        } else {
          error = bhttp::error::end_of_stream;
        }
        break;
      }
      const std::size_t used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), error);
      if (error == bhttp::error::need_more) {
        if (used == 0) {
          // The parser wants more than is left: the request is cut off.
          bytes = {};
        } else {
          bytes.remove_prefix(used);
        }
        error = {};
        continue;
      }
      if (error) break;
      bytes.remove_prefix(used);
    }
    if (!error && parser.is_done()) return TakeRequest(parser);
    if (!error) error = bhttp::error::partial_message;
    if (std::optional<HttpResponse> response = ResponseForReadError(error, options)) {
      return std::move(*response);
    }
    return NoResponse{};
  } catch (const std::exception&) {
    // The parser reports bad input through error codes; only allocation
    // failure throws.
    return NoResponse{};
  }
}

}  // namespace chainsim::http
