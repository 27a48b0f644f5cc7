#pragma once
// The peer client: fetches peers' chains (GET http://<node>/chain) for
// resolve, with timeouts, a size limit and no trust in what comes back.
//
// Nothing a peer does (refusing the connection, stalling, answering 500,
// sending bad JSON, a wrong shape or a `length` that disagrees with its
// chain) throws or stops other fetches: each peer gets a PeerFetch saying
// what happened. Thread safety: the functions share no state; FetchChains
// runs its fetches on its own threads and returns when all are done.

#include <span>
#include <string>
#include <vector>

#include "apps/http/node_options.h"
#include "core/block.h"

namespace chainsim::http {

enum class FetchStatus {
  kOk,           // 200 and a well-formed chain: `chain` holds it
  kUnreachable,  // no connection, timeout, or the reply was cut off
  kHttpError,    // a status other than 200
  kBadResponse,  // 200 but not a chain: bad JSON, wrong shape, length mismatch
};

struct PeerFetch {
  std::string node;  // the address as registered
  FetchStatus status = FetchStatus::kUnreachable;
  std::string detail;  // what went wrong, in words; empty when kOk
  Chain chain;         // when kOk
};

// "ok", "unreachable", "http_error", "bad_response".
std::string_view Name(FetchStatus status);

// GET http://<node>/chain, as the reference's requests.get(f'http://{node}/chain').
// `node` is a stored address (host:port, optionally followed by a path).
PeerFetch FetchChain(const std::string& node, const PeerClientOptions& options);

// FetchChain for every node, at most options.max_parallel_fetches at a
// time. The results are in the order of `nodes`, whatever order the replies
// arrive in.
std::vector<PeerFetch> FetchChains(std::span<const std::string> nodes,
                                   const PeerClientOptions& options);

}  // namespace chainsim::http
