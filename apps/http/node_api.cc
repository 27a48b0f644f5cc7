#include "apps/http/node_api.h"

#include <exception>
#include <utility>
#include <variant>

#include "apps/http/http_request_reader.h"
#include "apps/http/request_parsing.h"
#include "core/canonical_json.h"
#include "core/chain_json.h"

namespace chainsim::http {
namespace {

// The routes, with the one method each accepts.
struct RouteEntry {
  std::string_view path;
  std::string_view method;
};
constexpr RouteEntry kRoutes[] = {
    {"/mine", "GET"},          {"/transactions/new", "POST"},
    {"/chain", "GET"},         {"/nodes/register", "POST"},
    {"/nodes/resolve", "GET"}, {"/nodes", "GET"},
};

HttpResponse ShuttingDown(std::string_view what) {
  HttpResponse response =
      ErrorResponse(503, std::string("the node is shutting down; ") + std::string(what));
  response.close = true;
  return response;
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

}  // namespace

NodeApi::NodeApi(NodeService& service, PeerFetcher fetcher)
    : service_(service), fetcher_(std::move(fetcher)) {}

bool NodeApi::IsLong(const HttpRequest& request) {
  const std::string_view path = request.Path();
  return path == "/mine" || path == "/nodes/resolve";
}

HttpResponse NodeApi::Handle(const HttpRequest& request, std::stop_token stop) const {
  try {
    return Route(request, stop);
  } catch (const std::exception& e) {
    return ErrorResponse(500, std::string("internal error: ") + e.what());
  } catch (...) {
    return ErrorResponse(500, "internal error");
  }
}

HttpResponse NodeApi::Route(const HttpRequest& request, const std::stop_token& stop) const {
  const std::string_view path = request.Path();
  const RouteEntry* route = nullptr;
  for (const RouteEntry& candidate : kRoutes) {
    if (candidate.path == path) route = &candidate;
  }
  if (route == nullptr) return ErrorResponse(404, "not found");
  const bool head = request.method == "HEAD" && (path == "/chain" || path == "/nodes");
  if (request.method != route->method && !head) {
    HttpResponse response =
        ErrorResponse(405, "method not allowed; use " + std::string(route->method));
    response.headers.emplace_back("Allow", std::string(route->method));
    return response;
  }

  if (path == "/mine") return MineReply(stop);
  if (path == "/nodes/resolve") return ResolveReply(stop);
  if (path == "/chain") return ChainReply();
  if (path == "/nodes") return JsonResponse(200, Json{{"nodes", service_.nodes()}});

  const std::string_view content_type = request.Header("Content-Type");
  if (path == "/transactions/new") {
    Parsed<TransactionRequest> parsed = ParseTransactionRequest(content_type, request.body);
    if (const auto* bad = std::get_if<BadRequest>(&parsed)) {
      return ErrorResponse(bad->status, bad->message);
    }
    Result<Json> index = service_.NewTransaction(std::move(std::get<TransactionRequest>(parsed)));
    if (!index) return ErrorResponse(500, "cannot save state: " + index.error().message);
    return JsonResponse(201,
                        Json{{"message", "Transaction will be added to Block " + ToJson(*index)}});
  }
  // POST /nodes/register
  Parsed<std::vector<std::string>> parsed = ParseRegisterRequest(content_type, request.body);
  if (const auto* bad = std::get_if<BadRequest>(&parsed)) {
    return ErrorResponse(bad->status, bad->message);
  }
  Result<std::vector<std::string>> nodes =
      service_.RegisterNodes(std::get<std::vector<std::string>>(parsed));
  if (!nodes) return ErrorResponse(500, "cannot save state: " + nodes.error().message);
  return JsonResponse(201, Json{{"message", "New nodes have been added"}, {"total_nodes", *nodes}});
}

HttpResponse NodeApi::MineReply(const std::stop_token& stop) const {
  Result<BlockPtr> mined = service_.Mine(stop);
  if (!mined && stop.stop_requested()) return ShuttingDown("no block was mined");
  if (!mined) return ErrorResponse(500, "cannot save state: " + mined.error().message);
  const Block& block = **mined;
  return JsonResponse(200, Json{{"message", "New Block Forged"},
                                {"index", block.index()},
                                {"transactions", block.transactions()},
                                {"proof", block.proof()},
                                {"previous_hash", block.previous_hash()}});
}

HttpResponse NodeApi::ResolveReply(const std::stop_token& stop) const {
  const Chain known = service_.chain();
  bool abandoned = false;
  Result<ResolveReport> report = service_.Resolve([&](std::span<const std::string> nodes) {
    std::vector<PeerFetch> fetches = fetcher_(nodes, stop, known);
    // Stopped while fetching: decide on nothing, so nothing changes.
    abandoned = stop.stop_requested();
    if (abandoned) {
      for (PeerFetch& fetch : fetches) {
        fetch = PeerFetch{fetch.node,
                          FetchStatus::kUnreachable,
                          "abandoned: the node is shutting down",
                          {},
                          nullptr};
      }
    }
    return fetches;
  });
  if (abandoned) return ShuttingDown("resolve abandoned, the chain is unchanged");
  if (!report) return ErrorResponse(500, "cannot save state: " + report.error().message);
  const Json body{
      {"peers", PeersJson(report->peers)},
      {"message", report->replaced ? "Our chain was replaced" : "Our chain is authoritative"}};
  return JsonResponse(
      200,
      CompactJsonWithChain(body, report->replaced ? "new_chain" : "chain", report->chain) + "\n");
}

HttpResponse NodeApi::ChainReply() const {
  const Chain chain = service_.chain();
  HttpResponse response;
  std::lock_guard lock(chain_body_mutex_);
  if (chain_body_ == nullptr || chain_body_length_ != chain.size() ||
      chain_body_tip_ != chain.back()) {
    chain_body_ = std::make_shared<const std::string>(ChainResponseBody(chain) + "\n");
    chain_body_tip_ = chain.back();
    chain_body_length_ = chain.size();
  }
  response.body = chain_body_;
  return response;
}

std::optional<HttpResponse> HandleRaw(const NodeApi& api, std::string_view raw,
                                      const ServerOptions& options, std::stop_token stop) {
  std::variant<HttpRequest, HttpResponse, NoResponse> parsed = ParseRawRequest(raw, options);
  if (auto* request = std::get_if<HttpRequest>(&parsed)) return api.Handle(*request, stop);
  if (auto* response = std::get_if<HttpResponse>(&parsed)) return std::move(*response);
  return std::nullopt;
}

}  // namespace chainsim::http
