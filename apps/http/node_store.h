#pragma once
// NodeStore: a node's state on disk (`chainsim node --data-dir DIR`), so the
// chain, pending transactions, node id and peers survive a restart.
//
// Layout: one file, DIR/state.json, a GET /chain body with three more keys:
//   {"chain": [...], "length": N, "node_id": "<32 hex>",
//    "nodes": ["host:port", ...], "pending_transactions": [...]}
// (sorted keys, compact). Any tool that reads /chain bodies reads it, e.g.
// `chainsim verify DIR/state.json`. One file keeps every save atomic as a
// whole: a crash leaves the old state or the new one, never a mix.
//
// Saves are atomic: write DIR/state.json.tmp, fsync it, rename it over
// state.json, fsync DIR. The store holds an exclusive lock (flock on
// DIR/lock) for its lifetime, so two nodes never share a directory.
// Thread safety: none; the owner serialises calls.

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/block.h"
#include "core/chain_rules.h"
#include "core/json.h"
#include "core/result.h"

namespace chainsim::http {

// The part of a node that persists.
struct NodeState {
  std::string node_id;
  Chain chain;                                // genesis first; never empty
  Json pending_transactions = Json::array();  // a JSON list
  std::vector<std::string> nodes;             // stored addresses, in registration order
};

// A state directory or file that cannot be used: the message names the
// file (and line:column for JSON syntax) and what was expected.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class NodeStore {
 public:
  // Opens (creating it if needed) the directory and takes its lock.
  // Throws StoreError when the directory cannot be created or another
  // process holds the lock.
  explicit NodeStore(std::string dir);
  ~NodeStore();
  NodeStore(const NodeStore&) = delete;
  NodeStore& operator=(const NodeStore&) = delete;

  const std::string& path() const { return file_; }

  // The saved state, or nullopt when there is none yet (no state.json).
  // Throws StoreError, leaving the file untouched, when it cannot be read,
  // is not JSON, has the wrong shape, or its chain is not valid under
  // `rules` (e.g. a restart with another --difficulty).
  std::optional<NodeState> Load(const ChainRules& rules) const;

  // Replaces the saved state atomically. On error (disk full, permissions)
  // the previous file is intact and the error says what failed.
  Result<void> Save(const NodeState& state) const;

 private:
  std::string dir_;
  std::string file_;
  int lock_fd_ = -1;
};

// The JSON document Save writes, and its inverse (errors without file name).
Json StateToJson(const NodeState& state);
Result<NodeState> StateFromJson(const Json& document);

}  // namespace chainsim::http
