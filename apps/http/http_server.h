#pragma once
// HttpServer: an HTTP/1.1 server (Boost.Beast on Boost.Asio) that slow, idle
// or hostile clients cannot take down.
//
// Design (every limit is a ServerOptions field):
//  - One I/O thread reads and writes every connection with non-blocking
//    sockets, so an open connection costs a few kilobytes and no thread:
//    idle, half-sent or slow-reading clients never hold a worker.
//  - A request reaches a worker only once it has arrived whole. Quick
//    requests run on `worker_threads` threads; requests the `is_long`
//    predicate picks (GET /mine, /nodes/resolve) run on their own
//    `long_request_threads`, so long requests never delay quick ones.
//  - Deadlines per connection: idle_timeout to start a request,
//    request_timeout to receive all of it once started (however it
//    trickles), write_timeout to send the response.
//  - Sizes: max_header_bytes for the request line and headers (431),
//    max_request_bytes for the body whether sized or chunked (413; the body
//    is never read past the limit).
//  - At most max_connections connections: at the limit, a new connection
//    closes the one that has waited longest for its request; connections
//    whose request is being answered are never closed this way.
//  - TCP_NODELAY on every connection (a keep-alive request is answered in
//    well under a millisecond, not after the 40 ms of delayed ACKs);
//    SO_REUSEADDR but not SO_REUSEPORT, so a second server on a port in use
//    fails to bind.
//  - A handler's exception becomes a 500; nothing a client sends ends the
//    process.
//
// Thread safety: Stop() may be called from any thread, at any time (also
// before Run()). The handler is called from several threads at once.

#include <functional>
#include <memory>
#include <string>

#include "apps/http/http_message.h"
#include "apps/http/node_options.h"

namespace chainsim::http {

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;
  using IsLong = std::function<bool(const HttpRequest&)>;

  HttpServer(ServerOptions options, Handler handler, IsLong is_long);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Listens on host:port and returns the port (the kernel's choice when
  // `port` is 0). Throws std::runtime_error naming the address and the
  // reason (e.g. "Address already in use").
  int Bind(const std::string& host, int port);

  // Serves until Stop(). Returns once every connection is closed and every
  // handler has returned. REQUIRES: Bind() returned.
  void Run();

  // Stops accepting, closes connections that are not being answered,
  // lets answers in progress be sent (with Connection: close) for up to
  // shutdown_grace, then closes the rest; Run() returns when the last
  // handler has returned.
  void Stop();

  struct Impl;  // the connections and threads; defined in http_server.cc

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace chainsim::http
