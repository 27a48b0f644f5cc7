// Fuzz target: the HTTP node's request handling, exactly as the server runs
// it (apps/http/node_api.h): HandleRaw reads raw bytes with the server's
// request reader and limits, then the tutorial's handlers answer.
//
// Input: sections separated by the line kSeparator. A section starting with
// kPeerPrefix is the /chain body of a peer (peers answer /nodes/resolve with
// these bodies in turn, parsed as the peer client parses a reply); every
// other section is one raw request. One fresh in-memory node (difficulty 1,
// one mining thread) answers the requests in order.
//
// Properties checked after every request:
//  - nothing throws or crashes, and the status is one the API documents
//    (never 500: a node without a store cannot fail to save);
//  - a refused request (no answer, or 4xx) leaves the chain, the pending
//    transactions and the peers exactly as they were;
//  - the chain stays valid (valid_chain) and only ever grows or is replaced
//    by a longer valid chain;
//  - GET /chain serves the chain as text that parses back to the same blocks.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "apps/http/node_api.h"
#include "apps/http/node_options.h"
#include "apps/http/node_service.h"
#include "apps/http/peer_client.h"
#include "core/chain_json.h"
#include "core/check.h"
#include "core/valid_chain.h"

namespace chainsim::http {
namespace {

constexpr std::string_view kSeparator = "\n--- next ---\n";
constexpr std::string_view kPeerPrefix = "PEER ";
// Requests per input at most, so that one input stays quick (each /mine
// searches a proof).
constexpr std::size_t kMaxRequests = 16;

// What node_api.h and the request reader answer (503 needs a shutdown).
const std::set<int> kDocumentedStatuses = {200, 201, 400, 404, 405, 413, 415, 431};

std::vector<std::string_view> Sections(std::string_view input) {
  std::vector<std::string_view> sections;
  for (;;) {
    const std::size_t end = input.find(kSeparator);
    sections.push_back(input.substr(0, end));
    if (end == std::string_view::npos) return sections;
    input.remove_prefix(end + kSeparator.size());
  }
}

// Every peer answers with the next of `bodies` (unreachable when there is
// none), parsed as the peer client parses a reply.
NodeApi::PeerFetcher ScriptedPeers(std::vector<std::string> bodies) {
  auto next = std::make_shared<std::size_t>(0);
  return [bodies = std::move(bodies), next](std::span<const std::string> nodes, std::stop_token,
                                            const Chain&) {
    std::vector<PeerFetch> fetches;
    for (const std::string& node : nodes) {
      if (bodies.empty()) {
        fetches.push_back(PeerFetch{node, FetchStatus::kUnreachable, "fuzz: no reply", {}});
        continue;
      }
      const std::string& body = bodies[(*next)++ % bodies.size()];
      Result<Chain> chain = ParseChain(body);
      if (chain) {
        fetches.push_back(PeerFetch{node, FetchStatus::kOk, "", std::move(*chain)});
      } else {
        fetches.push_back(PeerFetch{node, FetchStatus::kBadResponse, chain.error().message, {}});
      }
    }
    return fetches;
  };
}

struct Snapshot {
  std::vector<std::string> hashes;
  std::string pending;
  std::vector<std::string> nodes;

  explicit Snapshot(const NodeService& service) : nodes(service.nodes()) {
    for (const BlockPtr& block : service.chain()) hashes.push_back(block->hash());
    pending = service.pending_transactions().dump();
  }
  bool operator==(const Snapshot&) const = default;
};

void CheckChainServed(const NodeApi& api, const NodeService& service,
                      const ServerOptions& options) {
  const std::optional<HttpResponse> reply =
      HandleRaw(api, "GET /chain HTTP/1.1\r\nHost: fuzz\r\n\r\n", options);
  CHAINSIM_CHECK(reply.has_value() && reply->status == 200);
  Result<Chain> served = ParseChain(*reply->body);
  CHAINSIM_CHECK(served.ok());
  const Chain chain = service.chain();
  CHAINSIM_CHECK(served->size() == chain.size());
  for (std::size_t i = 0; i < chain.size(); ++i) {
    CHAINSIM_CHECK((*served)[i]->hash() == chain[i]->hash());
  }
}

}  // namespace
}  // namespace chainsim::http

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chainsim;
  using namespace chainsim::http;
  const std::vector<std::string_view> sections =
      Sections(std::string_view(reinterpret_cast<const char*>(data), size));
  std::vector<std::string> peer_bodies;
  std::vector<std::string_view> requests;
  for (std::string_view section : sections) {
    if (section.starts_with(kPeerPrefix)) {
      peer_bodies.emplace_back(section.substr(kPeerPrefix.size()));
    } else if (requests.size() < kMaxRequests) {
      requests.push_back(section);
    }
  }

  ChainRules rules;
  rules.difficulty = 1;
  std::unique_ptr<NodeService> service = NodeService::Open(
      rules, nullptr, "0123456789abcdef0123456789abcdef", [] { return 1795491520.5; });
  service->set_mining_threads(1);
  const NodeApi api(*service, ScriptedPeers(std::move(peer_bodies)));
  ServerOptions options;
  options.max_request_bytes = 64 << 10;
  options.max_header_bytes = 8 << 10;

  for (std::string_view raw : requests) {
    const Snapshot before(*service);
    const std::optional<HttpResponse> reply = HandleRaw(api, raw, options);
    const Snapshot after(*service);
    if (!reply.has_value() || reply->status >= 400) {
      CHAINSIM_CHECK(before == after);
    }
    if (reply.has_value()) CHAINSIM_CHECK(kDocumentedStatuses.contains(reply->status));
    const Chain chain = service->chain();
    CHAINSIM_CHECK(ValidChain(chain, rules));
    CHAINSIM_CHECK(chain.size() >= before.hashes.size());
    if (chain.size() > before.hashes.size()) continue;  // mined or replaced by a longer one
    for (std::size_t i = 0; i < chain.size(); ++i) {
      CHAINSIM_CHECK(chain[i]->hash() == before.hashes[i]);
    }
  }
  CheckChainServed(api, *service, options);
  return 0;
}
