#include "apps/http/peer_client.h"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <utility>

#include "core/chain_json.h"

namespace chainsim::http {
namespace {

// Splits a stored address into "host:port" and a path prefix ("" or "/x").
std::pair<std::string, std::string> SplitNode(const std::string& node) {
  const std::size_t slash = node.find('/');
  if (slash == std::string::npos) return {node, ""};
  std::string prefix = node.substr(slash);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  return {node.substr(0, slash), prefix};
}

std::string Milliseconds(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

// Why a request failed, in words a user can act on.
std::string Describe(httplib::Error error, const PeerClientOptions& options) {
  switch (error) {
    case httplib::Error::Connection:
      return "cannot connect (refused, or no answer within " +
             Milliseconds(options.connect_timeout) + ")";
    case httplib::Error::ConnectionTimeout:
      return "no connection within " + Milliseconds(options.connect_timeout);
    case httplib::Error::Read:
      return "reply not received (closed, or stalled longer than " +
             Milliseconds(options.read_timeout) + ")";
    case httplib::Error::Write:
      return "cannot send the request";
    default:
      return "request failed: " + httplib::to_string(error);
  }
}

}  // namespace

std::string_view Name(FetchStatus status) {
  switch (status) {
    case FetchStatus::kOk:
      return "ok";
    case FetchStatus::kUnreachable:
      return "unreachable";
    case FetchStatus::kHttpError:
      return "http_error";
    case FetchStatus::kBadResponse:
      return "bad_response";
  }
  return "unknown";
}

PeerFetch FetchChain(const std::string& node, const PeerClientOptions& options) {
  PeerFetch fetch;
  fetch.node = node;
  const auto [host_port, prefix] = SplitNode(node);
  httplib::Client client("http://" + host_port);
  if (!client.is_valid()) {
    fetch.detail = "not a usable address";
    return fetch;
  }
  client.set_connection_timeout(options.connect_timeout);
  client.set_read_timeout(options.read_timeout);
  client.set_write_timeout(options.read_timeout);
  client.set_keep_alive(false);

  std::string body;
  bool too_big = false;
  bool too_slow = false;
  const std::size_t limit = options.max_response_bytes;
  const auto deadline = std::chrono::steady_clock::now() + options.total_timeout;
  httplib::Result result = client.Get(prefix + "/chain", [&](const char* data, std::size_t length) {
    if (body.size() + length > limit) {
      too_big = true;
      return false;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      too_slow = true;
      return false;
    }
    body.append(data, length);
    return true;
  });
  if (too_big) {
    fetch.detail = "reply larger than " + std::to_string(limit) + " bytes";
    return fetch;
  }
  if (too_slow) {
    fetch.detail = "reply took longer than " + Milliseconds(options.total_timeout);
    return fetch;
  }
  if (!result) {
    fetch.detail = Describe(result.error(), options);
    return fetch;
  }
  if (result->status != 200) {
    fetch.status = FetchStatus::kHttpError;
    fetch.detail = "status " + std::to_string(result->status);
    return fetch;
  }
  Result<Chain> chain = ParseChain(body);
  if (!chain) {
    fetch.status = FetchStatus::kBadResponse;
    fetch.detail = chain.error().message;
    return fetch;
  }
  if (chain->empty()) {
    fetch.status = FetchStatus::kBadResponse;
    fetch.detail = "empty chain";
    return fetch;
  }
  fetch.status = FetchStatus::kOk;
  fetch.chain = std::move(chain).value();
  return fetch;
}

std::vector<PeerFetch> FetchChains(std::span<const std::string> nodes,
                                   const PeerClientOptions& options) {
  std::vector<PeerFetch> fetches(nodes.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < nodes.size(); i = next++) {
      fetches[i] = FetchChain(nodes[i], options);
    }
  };
  const std::size_t workers =
      std::min(nodes.size(), std::max<std::size_t>(1, options.max_parallel_fetches));
  {
    std::vector<std::jthread> threads;
    threads.reserve(workers);
    for (std::size_t i = 0; i < workers; ++i) threads.emplace_back(work);
  }  // the jthreads join here
  return fetches;
}

}  // namespace chainsim::http
