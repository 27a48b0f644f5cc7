#include "apps/http/node_server.h"

#include <httplib.h>

#include <iostream>
#include <stdexcept>
#include <utility>

#include "core/canonical_json.h"
#include "core/chain_json.h"

namespace chainsim::http {
namespace {

constexpr const char* kJson = "application/json";

void Reply(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(ToJson(body, JsonStyle::kCompact) + "\n", kJson);
}

void ReplyError(httplib::Response& res, int status, const std::string& message) {
  Reply(res, status, Json{{"error", message}});
}

std::string ContentType(const httplib::Request& req) {
  return req.get_header_value("Content-Type");
}

Json PeersJson(const std::vector<PeerOutcome>& peers) {
  Json list = Json::array();
  for (const PeerOutcome& peer : peers) {
    Json entry{{"node", peer.node}, {"outcome", peer.outcome}};
    if (peer.length) entry["length"] = *peer.length;
    if (!peer.detail.empty()) entry["detail"] = peer.detail;
    list.push_back(std::move(entry));
  }
  return list;
}

std::string StatusText(int status) {
  switch (status) {
    case 400:
      return "bad request";
    case 404:
      return "not found";
    case 405:
      return "method not allowed";
    case 413:
      return "request body too large";
    case 414:
      return "request URI too long";
    default:
      return "HTTP status " + std::to_string(status);
  }
}

}  // namespace

NodeServer::NodeServer(NodeService& service, NodeOptions options)
    : service_(service),
      options_(std::move(options)),
      server_(std::make_unique<httplib::Server>()) {
  const std::size_t threads = options_.server_threads == 0 ? 1 : options_.server_threads;
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_->set_payload_max_length(options_.max_request_bytes);
  server_->set_read_timeout(5, 0);
  server_->set_write_timeout(5, 0);
  AddRoutes();
}

NodeServer::~NodeServer() = default;

void NodeServer::AddRoutes() {
  httplib::Server& server = *server_;

  server.Get("/mine", [this](const httplib::Request&, httplib::Response& res) {
    Result<BlockPtr> mined = service_.Mine();
    if (!mined) return ReplyError(res, 500, "cannot save state: " + mined.error().message);
    const Block& block = **mined;
    Reply(res, 200,
          Json{{"message", "New Block Forged"},
               {"index", block.index()},
               {"transactions", block.transactions()},
               {"proof", block.proof()},
               {"previous_hash", block.previous_hash()}});
  });

  server.Post("/transactions/new", [this](const httplib::Request& req, httplib::Response& res) {
    Parsed<TransactionRequest> parsed = ParseTransactionRequest(ContentType(req), req.body);
    if (const auto* bad = std::get_if<BadRequest>(&parsed)) {
      return ReplyError(res, bad->status, bad->message);
    }
    Result<Json> index = service_.NewTransaction(std::move(std::get<TransactionRequest>(parsed)));
    if (!index) return ReplyError(res, 500, "cannot save state: " + index.error().message);
    Reply(res, 201, Json{{"message", "Transaction will be added to Block " + ToJson(*index)}});
  });

  server.Get("/chain", [this](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_content(ChainResponseBody(service_.chain()) + "\n", kJson);
  });

  server.Post("/nodes/register", [this](const httplib::Request& req, httplib::Response& res) {
    Parsed<std::vector<std::string>> parsed = ParseRegisterRequest(ContentType(req), req.body);
    if (const auto* bad = std::get_if<BadRequest>(&parsed)) {
      return ReplyError(res, bad->status, bad->message);
    }
    Result<std::vector<std::string>> nodes =
        service_.RegisterNodes(std::get<std::vector<std::string>>(parsed));
    if (!nodes) return ReplyError(res, 500, "cannot save state: " + nodes.error().message);
    Reply(res, 201, Json{{"message", "New nodes have been added"}, {"total_nodes", *nodes}});
  });

  server.Get("/nodes/resolve", [this](const httplib::Request&, httplib::Response& res) {
    const PeerClientOptions peer_options = options_.peers;
    Result<ResolveReport> report =
        service_.Resolve([&peer_options](std::span<const std::string> nodes) {
          return FetchChains(nodes, peer_options);
        });
    if (!report) return ReplyError(res, 500, "cannot save state: " + report.error().message);
    const Json body{
        {"peers", PeersJson(report->peers)},
        {"message", report->replaced ? "Our chain was replaced" : "Our chain is authoritative"}};
    res.status = 200;
    res.set_content(
        CompactJsonWithChain(body, report->replaced ? "new_chain" : "chain", report->chain) + "\n",
        kJson);
  });

  server.Get("/nodes", [this](const httplib::Request&, httplib::Response& res) {
    Reply(res, 200, Json{{"nodes", service_.nodes()}});
  });

  // The wrong method on a known path: 405, as Flask answers.
  const auto not_allowed = [](const char* allowed) {
    return [allowed](const httplib::Request&, httplib::Response& res) {
      res.set_header("Allow", allowed);
      ReplyError(res, 405, std::string("method not allowed; use ") + allowed);
    };
  };
  for (const char* path : {"/mine", "/chain", "/nodes/resolve", "/nodes"}) {
    server.Post(path, not_allowed("GET"));
    server.Put(path, not_allowed("GET"));
    server.Delete(path, not_allowed("GET"));
  }
  for (const char* path : {"/transactions/new", "/nodes/register"}) {
    server.Get(path, not_allowed("POST"));
    server.Put(path, not_allowed("POST"));
    server.Delete(path, not_allowed("POST"));
  }

  // Errors httplib produces itself (404, 413, ...) get a JSON body too.
  const httplib::Server::HandlerWithResponse on_error = [](const httplib::Request&,
                                                           httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    ReplyError(res, res.status, StatusText(res.status));
    return httplib::Server::HandlerResponse::Handled;
  };
  server.set_error_handler(on_error);
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr& error) {
        std::string what = "internal error";
        try {
          if (error) std::rethrow_exception(error);
        } catch (const std::exception& e) {
          what += std::string(": ") + e.what();
        } catch (...) {
        }
        ReplyError(res, 500, what);
      });
  server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    std::cerr << req.remote_addr << " " << req.method << " " << req.path << " " << res.status
              << "\n";
  });
}

int NodeServer::Bind() {
  if (options_.port == 0) {
    const int port = server_->bind_to_any_port(options_.host);
    if (port < 0) throw std::runtime_error("cannot listen on " + options_.host + ": bind failed");
    return port;
  }
  if (!server_->bind_to_port(options_.host, options_.port)) {
    throw std::runtime_error("cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port) + " (in use, or not a local address?)");
  }
  return options_.port;
}

void NodeServer::Run() { server_->listen_after_bind(); }

void NodeServer::Stop() { server_->stop(); }

}  // namespace chainsim::http
