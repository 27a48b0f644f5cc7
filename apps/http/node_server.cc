#include "apps/http/node_server.h"

#include <utility>

#include "apps/http/peer_client.h"

namespace chainsim::http {

NodeServer::NodeServer(NodeService& service, NodeOptions options)
    : options_(std::move(options)),
      reply_memory_(options_.peers.reply_memory_budget),
      api_(service,
           [this](std::span<const std::string> nodes, std::stop_token stop, const Chain& known) {
             return FetchChains(nodes, options_.peers, reply_memory_, stop, known);
           }),
      server_(
          options_.server,
          [this](const HttpRequest& request) { return api_.Handle(request, stop_.get_token()); },
          [](const HttpRequest& request) { return NodeApi::IsLong(request); }) {}

int NodeServer::Bind() { return server_.Bind(options_.host, options_.port); }

void NodeServer::Run() { server_.Run(); }

void NodeServer::Stop() {
  stop_.request_stop();
  server_.Stop();
}

}  // namespace chainsim::http
