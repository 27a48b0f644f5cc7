#pragma once
// NodeServer: the tutorial's REST API over HTTP (cpp-httplib), routed to a
// NodeService. Thin: it parses requests (request_parsing.h), calls the
// service, and writes JSON with sorted keys in compact form.
//
//   GET  /mine              200 {"index", "message": "New Block Forged",
//                               "previous_hash", "proof", "transactions"}
//   POST /transactions/new  201 {"message": "Transaction will be added to Block N"}
//   GET  /chain             200 {"chain": [...], "length": N}
//   POST /nodes/register    201 {"message": "New nodes have been added",
//                               "total_nodes": [...]}
//   GET  /nodes/resolve     200 {"message": "Our chain was replaced", "new_chain": [...]}
//                            or {"message": "Our chain is authoritative", "chain": [...]}
//                           plus "peers": [{"node", "outcome", "length"?, "detail"?}]
//   GET  /nodes             200 {"nodes": [...]} (chainsim's addition)
//
// Errors are JSON {"error": "..."}: 400 bad JSON / wrong types / missing
// values / bad node list, 404 unknown path, 405 wrong method, 413 body over
// the limit, 415 not application/json, 500 when the state cannot be saved.
// Thread safety: Stop() may be called from any thread.

#include <memory>

#include "apps/http/node_options.h"
#include "apps/http/node_service.h"

namespace httplib {
class Server;
}

namespace chainsim::http {

class NodeServer {
 public:
  // `service` must outlive the server.
  NodeServer(NodeService& service, NodeOptions options);
  ~NodeServer();
  NodeServer(const NodeServer&) = delete;
  NodeServer& operator=(const NodeServer&) = delete;

  // Binds options.host:options.port and returns the port bound (the
  // kernel's choice when the port is 0). Throws std::runtime_error when the
  // address cannot be bound.
  int Bind();

  // Serves requests until Stop(). REQUIRES: Bind() returned.
  void Run();

  // Makes Run() return after the requests in progress finish.
  void Stop();

 private:
  void AddRoutes();

  NodeService& service_;
  const NodeOptions options_;
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace chainsim::http
