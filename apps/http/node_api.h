#pragma once
// NodeApi: the tutorial's REST API as one function from a request to a
// response, on a NodeService. The server (node_server.h) routes every
// request it reads through Handle(); tests and the fuzz target call Handle()
// or HandleRaw() directly, so they run exactly the code the server runs.
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
// HEAD is answered like GET on /chain and /nodes (the server sends no body).
// Errors are JSON {"error": "..."}: 400 bad JSON / wrong types / missing
// values / bad node list, 404 unknown path, 405 wrong method (with Allow),
// 413 body over the limit, 415 not application/json, 500 when the state
// cannot be saved or an internal error, 503 when the node is shutting down
// (a /mine or /nodes/resolve in progress then gives up; nothing changes).
//
// Thread safety: Handle() may be called from any number of threads.

#include <memory>
#include <mutex>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "apps/http/http_message.h"
#include "apps/http/node_options.h"
#include "apps/http/node_service.h"
#include "apps/http/peer_client.h"

namespace chainsim::http {

class NodeApi {
 public:
  // Fetches the chains of `nodes` (one result per node, in order), giving
  // up when `stop` is requested. `known` is the node's chain, whose blocks
  // the fetcher may share.
  using PeerFetcher = std::function<std::vector<PeerFetch>(
      std::span<const std::string> nodes, std::stop_token stop, const Chain& known)>;

  // `service` must outlive the NodeApi.
  NodeApi(NodeService& service, PeerFetcher fetcher);

  // Answers one request. `stop` is requested when the node shuts down: a
  // /mine or /nodes/resolve then stops early and answers 503. Never throws:
  // an exception from below becomes 500 {"error": "internal error: ..."}.
  HttpResponse Handle(const HttpRequest& request, std::stop_token stop = {}) const;

  // True for the requests that may take long (GET /mine, /nodes/resolve);
  // the server runs them apart from the others.
  static bool IsLong(const HttpRequest& request);

 private:
  HttpResponse Route(const HttpRequest& request, const std::stop_token& stop) const;
  HttpResponse MineReply(const std::stop_token& stop) const;
  HttpResponse ResolveReply(const std::stop_token& stop) const;
  HttpResponse ChainReply() const;

  NodeService& service_;
  const PeerFetcher fetcher_;

  // The last /chain body, reused while the chain is unchanged (the chain is
  // identified by its length and tip block, which is kept alive here).
  mutable std::mutex chain_body_mutex_;
  mutable BlockPtr chain_body_tip_;                        // guarded by chain_body_mutex_
  mutable std::size_t chain_body_length_ = 0;              // guarded by chain_body_mutex_
  mutable std::shared_ptr<const std::string> chain_body_;  // guarded by chain_body_mutex_
};

// Parses `raw` as the server reads a request (http_request_reader.h), with
// `options`' limits, and answers it with `api`: the response the server
// would send, or nullopt when it would close the connection without one.
// The fuzz target's entry point. Never throws.
std::optional<HttpResponse> HandleRaw(const NodeApi& api, std::string_view raw,
                                      const ServerOptions& options, std::stop_token stop = {});

}  // namespace chainsim::http
