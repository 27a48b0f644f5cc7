#pragma once
// NodeServer: a NodeService served over HTTP. The routes and replies are
// NodeApi's (node_api.h); the connections are HttpServer's (http_server.h),
// which keeps serving while slow or idle clients hold connections; resolve
// fetches peers with FetchChains (peer_client.h) under one ReplyMemory
// budget for the whole node.
//
// Stop() makes a /mine or /nodes/resolve in progress give up (its client
// gets 503, the chain is unchanged), closes idle connections and lets
// answers in progress finish for up to options.server.shutdown_grace; the
// whole takes well under a second.
// Thread safety: Stop() may be called from any thread, at any time.

#include <memory>
#include <stop_token>

#include "apps/http/http_server.h"
#include "apps/http/node_api.h"
#include "apps/http/node_options.h"
#include "apps/http/node_service.h"
#include "apps/http/reply_memory.h"

namespace chainsim::http {

class NodeServer {
 public:
  // `service` must outlive the server.
  NodeServer(NodeService& service, NodeOptions options);
  NodeServer(const NodeServer&) = delete;
  NodeServer& operator=(const NodeServer&) = delete;

  // Binds options.host:options.port and returns the port bound (the
  // kernel's choice when the port is 0). Throws std::runtime_error when the
  // address cannot be bound (in use, or not a local address).
  int Bind();

  // Serves requests until Stop(). REQUIRES: Bind() returned.
  void Run();

  // Makes Run() return soon; see above.
  void Stop();

 private:
  const NodeOptions options_;
  std::stop_source stop_;
  ReplyMemory reply_memory_;
  NodeApi api_;
  HttpServer server_;
};

}  // namespace chainsim::http
