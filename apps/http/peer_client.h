#pragma once
// The peer client: fetches peers' chains (GET http://<node>/chain) for
// resolve, with hard deadlines, size and memory limits, and no trust in what
// comes back.
//
// Nothing a peer does (refusing the connection, trickling its status line,
// stalling, answering 500, sending gigabytes, bad JSON, numbers that
// overflow, a wrong shape or a `length` that disagrees with its chain)
// throws or delays other fetches past their deadlines: each peer gets a
// PeerFetch saying what happened.
//
// Deadlines (PeerClientOptions): each peer's whole exchange, from the name
// lookup to the last byte of the reply, ends at peer_timeout, and every
// fetch of one call ends at resolve_timeout, however slowly bytes arrive;
// besides, a peer may not pause longer than read_timeout. All fetches of a
// call run on one thread with non-blocking sockets (Boost.Asio); host names
// are looked up on a helper thread that is abandoned, not waited for, when
// its deadline passes.
//
// Thread safety: calls share nothing but the ReplyMemory passed in.

#include <memory>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "apps/http/node_options.h"
#include "apps/http/reply_memory.h"
#include "core/block.h"

namespace chainsim::http {

enum class FetchStatus {
  kOk,           // 200 and a well-formed chain: `chain` holds it
  kUnreachable,  // no connection, a timeout, the reply cut off, or not fetched
  kHttpError,    // a status other than 200
  kBadResponse,  // not a chain: bad HTTP, over the size or memory limits, bad
                 // JSON, wrong shape, length mismatch
};

struct PeerFetch {
  std::string node;  // the address as registered
  FetchStatus status = FetchStatus::kUnreachable;
  std::string detail;  // what went wrong, in words; empty when kOk
  Chain chain;         // when kOk
  // The reply's share of the ReplyMemory budget, returned when the last
  // copy of this PeerFetch is gone. Null when nothing is held.
  std::shared_ptr<ReplyMemory::Hold> memory = nullptr;
};

// "ok", "unreachable", "http_error", "bad_response".
std::string_view Name(FetchStatus status);

// GET http://<node>/chain for every node, as the reference's
// requests.get(f'http://{node}/chain'), at most options.max_parallel_fetches
// at a time; `node` is a stored address (host:port, optionally followed by a
// path). The results are in the order of `nodes`. Blocks of a reply that
// equal a block of `known` or of an earlier reply are shared, not copied.
// When `stop` is requested the call returns at once: fetches not finished
// are kUnreachable ("abandoned") and no reply is parsed.
std::vector<PeerFetch> FetchChains(std::span<const std::string> nodes,
                                   const PeerClientOptions& options, ReplyMemory& memory,
                                   const std::stop_token& stop = {}, const Chain& known = {});

}  // namespace chainsim::http
