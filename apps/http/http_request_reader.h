#pragma once
// Reading HTTP/1.x requests off the wire with the server's limits, using
// Boost.Beast's parser (RFC 7230: Content-Length and chunked bodies, no
// request smuggling through conflicting lengths). The server (http_server.cc)
// and ParseRawRequest below configure the parser and map its errors through
// these same functions, so a fuzzer feeding ParseRawRequest exercises what
// the server runs.

#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string_view>
#include <variant>

#include "apps/http/http_message.h"
#include "apps/http/node_options.h"

namespace chainsim::http {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// Applies options.max_header_bytes (request line + headers) and
// options.max_request_bytes (the body, whether sized by Content-Length or
// chunked: the parser stops at the limit, so an over-size body is never
// held in memory).
void ConfigureRequestParser(RequestParser& parser, const ServerOptions& options);

// The parsed request as the handlers see it. REQUIRES: parser.is_done().
HttpRequest TakeRequest(RequestParser& parser);

// What the server answers when reading a request failed with `error`
// before any handler ran: 413 (body over the limit), 431 (headers over the
// limit), 400 (not HTTP), each with close set; or nullopt when the
// connection is simply closed (the client went away, or a timeout).
std::optional<HttpResponse> ResponseForReadError(const boost::beast::error_code& error,
                                                 const ServerOptions& options);

// The server closes the connection without answering (e.g. the request
// was cut off).
struct NoResponse {};

// Parses `bytes` as one request the way the server reads one from a
// connection that then closes: the request, the error response the server
// would send, or NoResponse. Bytes after a complete request are ignored.
// Never throws.
std::variant<HttpRequest, HttpResponse, NoResponse> ParseRawRequest(std::string_view bytes,
                                                                    const ServerOptions& options);

}  // namespace chainsim::http
