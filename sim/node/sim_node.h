#pragma once
// SimNode: one virtual node of a run: the state a tutorial node keeps (its
// chain, pending transactions, registered peers) and whether it is up. What
// it does is its behaviour's (sim/behaviour/node_behaviour.h); the
// Simulation keeps which behaviour runs it.
//
// Unlike the HTTP node's Blockchain (core/blockchain.h), which holds its
// chain as a vector, a simulated node holds only its tip in the run's block
// tree: nodes that share a chain share its storage, so a run's memory grows
// with nodes + blocks, not nodes x blocks. The decisions a node makes about
// its state are still core's, made by the same functions Blockchain calls
// (MakeNextBlock, RequeueLostTransactions, RegisterAddress, ChooseChain);
// the Simulation calls them (sim/node/simulation.cc).

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/block.h"
#include "core/json.h"
#include "core/peer_list.h"
#include "sim/chain/block_tree.h"
#include "sim/chain/ids.h"
#include "sim/engine/random.h"

namespace chainsim::sim {

struct SimNode {
  SimNode(std::string id, Random nonce_rng) : node_id(std::move(id)), mining_rng(nonce_rng) {}

  // The node's identifier (the recipient of its mining rewards).
  std::string node_id;
  // The tree id of the last block of the node's chain; the chain is the
  // branch of the run's BlockTree ending here.
  BlockId tip = 0;
  // The transactions the node's next block will carry (a JSON array).
  Json pending = Json::array();
  // Registered peers as addresses, in registration order (core's PeerList,
  // filled through RegisterAddress).
  PeerList registered;
  // `registered` as node indices, in the same order: appended exactly when
  // core registers an address as new (the simulator sends to indices).
  std::vector<NodeIndex> peers;
  // False while crashed, and before a joining node has joined.
  bool up = false;
  bool joined = false;
  // Start nonces of this node's proof searches.
  Random mining_rng;

  // The chain (the branch of `tree` ending at tip) as a shared immutable
  // vector, made at most once per chain state. O(length) when made: for
  // callers that need the blocks themselves, not for the relay's hot path.
  std::shared_ptr<const Chain> Snapshot(const BlockTree& tree);
  // Must be called after every change of tip.
  void ChainChanged() { snapshot_.reset(); }

 private:
  std::shared_ptr<const Chain> snapshot_;
};

// "http://node<i>:5000": the address node i registers under.
std::string NodeAddress(NodeIndex node);

}  // namespace chainsim::sim
