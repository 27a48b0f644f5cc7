#pragma once
// NodeService: one tutorial node's behaviour behind the HTTP routes, made
// safe for concurrent requests and (optionally) persistent.
//
// All blockchain behaviour is core's Blockchain (registration order, resolve,
// adopting a chain and, when asked, re-queueing the transactions of
// discarded blocks); this class adds a mutex, a clock, saving to a
// NodeStore, and the resolve round trip (fetch outside the lock, decide
// inside it).
//
// Every change is built on a copy of the state, saved, and only then made
// current: if saving fails the node answers an error and nothing changes.
// Thread safety: every public method may be called from any thread.
//
// Mining runs the proof search outside the lock, on the tip seen when it
// started; under the lock the tip is checked again and, if another request
// (a /mine or an adopting /nodes/resolve) changed it meanwhile, the search
// is redone on the new tip. So concurrent /mine calls each add exactly one
// valid block and never block /chain or /nodes/resolve for long.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "apps/http/node_store.h"
#include "apps/http/peer_client.h"
#include "apps/http/request_parsing.h"
#include "core/blockchain.h"
#include "core/result.h"

namespace chainsim::http {

// What resolve learned about one peer.
struct PeerOutcome {
  std::string node;
  // "adopted": its chain replaced ours; "superseded": longer than ours and
  // valid, but a later peer's chain was longer still; "not_longer";
  // "invalid" (valid_chain fails); or the fetch failure: "unreachable",
  // "http_error", "bad_response".
  std::string outcome;
  std::optional<std::size_t> length;  // blocks in the peer's chain, when it sent one
  std::string detail;                 // why, when skipped or invalid
};

struct ResolveReport {
  bool replaced = false;
  Chain chain;  // our chain after resolve
  std::vector<PeerOutcome> peers;
};

class NodeService {
 public:
  // Seconds since the epoch, as time.time().
  using Clock = std::function<double()>;
  // Fetches the chains of `nodes`, one result per node in the same order.
  using Fetcher = std::function<std::vector<PeerFetch>(std::span<const std::string>)>;

  // A node continuing from `state`. `store` may be null (memory only).
  // REQUIRES: CheckRules(rules).ok(), !state.chain.empty(), every entry of
  // state.nodes is accepted by ParseNodeAddress (repeats count once).
  NodeService(ChainRules rules, NodeState state, std::unique_ptr<NodeStore> store, Clock clock);

  // A node made by `chainsim node`: loads the store's state if it has one,
  // else starts a new chain (genesis stamped now) with `new_node_id`, and
  // saves it. Throws StoreError as NodeStore::Load does, or when the first
  // save fails.
  static std::unique_ptr<NodeService> Open(ChainRules rules, std::unique_ptr<NodeStore> store,
                                           std::string new_node_id, Clock clock);

  const std::string& node_id() const { return node_id_; }
  const ChainRules& rules() const { return rules_; }
  // Threads the proof search of Mine() uses (0: every core). The proof found
  // is the same for any count: the first valid one from 0, as the reference.
  void set_mining_threads(int threads) { mining_threads_ = threads; }
  // Blockchain::set_requeue_lost_transactions for every later resolve
  // (`chainsim node --requeue-lost-transactions`). Off by default.
  void set_requeue_lost_transactions(bool on);

  // GET /mine: mines a block on the current tip with the pending
  // transactions and the reward. Errors when saving fails, or when `stop` is
  // requested before the block is made (then nothing changed: the proof
  // search looks at `stop` every few tens of milliseconds).
  Result<BlockPtr> Mine(std::stop_token stop = {});

  // POST /transactions/new: returns the index of the block that will hold it.
  Result<Json> NewTransaction(TransactionRequest transaction);

  // POST /nodes/register: registers every address (REQUIRES: each accepted
  // by ParseNodeAddress) and returns all peers in registration order.
  // O((n + m) log(n + m)) under the lock for n peers and m addresses.
  Result<std::vector<std::string>> RegisterNodes(const std::vector<std::string>& addresses);

  // GET /nodes/resolve: fetches every peer's chain with `fetch` (no lock
  // held), then applies core's Blockchain::Resolve to the current chain with
  // one candidate slot per peer in registration order. Errors only when
  // saving fails.
  Result<ResolveReport> Resolve(const Fetcher& fetch);

  // Snapshots, consistent at one moment.
  Chain chain() const;
  Json pending_transactions() const;
  std::vector<std::string> nodes() const;
  NodeState state() const;

 private:
  // Saves `next` (if persistent) and makes it current. REQUIRES: mutex_ held.
  Result<void> Commit(Blockchain next);

  const ChainRules rules_;
  const std::string node_id_;
  const std::unique_ptr<NodeStore> store_;
  const Clock clock_;
  int mining_threads_ = 0;

  mutable std::mutex mutex_;
  Blockchain blockchain_;  // guarded by mutex_
};

}  // namespace chainsim::http
