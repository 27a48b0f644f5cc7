#pragma once
// SimNode: one virtual node of a run: the state a tutorial node keeps
// (pending transactions, registered peers) and whether it is up. What it
// does is its behaviour's (sim/behaviour/node_behaviour.h); the Simulation
// keeps which behaviour runs it.
//
// Unlike the HTTP node's Blockchain (core/blockchain.h), which holds its
// chain as a vector, a simulated node's chain is its tip in the run's block
// tree: nodes that share a chain share its storage, so a run's memory grows
// with nodes + blocks, not nodes x blocks. What a message reads, the tip
// (sim/node/tip_table.h) and the peers as node indices, the Simulation keeps
// apart from SimNode, in compact arrays of all nodes': a message to a random
// node then costs a cache miss fewer at scale (docs/performance.md). The
// decisions a node makes about its state are still core's, made by the
// same functions Blockchain calls (MakeNextBlock, RequeueLostTransactions,
// RegisterAddress, ChooseChain); the Simulation calls them
// (sim/node/simulation.cc).

#include <string>
#include <utility>

#include "core/json.h"
#include "core/peer_list.h"
#include "sim/chain/ids.h"
#include "sim/engine/random.h"

namespace chainsim::sim {

struct SimNode {
  SimNode(std::string id, Random nonce_rng) : node_id(std::move(id)), mining_rng(nonce_rng) {}

  // The node's identifier (the recipient of its mining rewards).
  std::string node_id;
  // The transactions the node's next block will carry (a JSON array).
  Json pending = Json::array();
  // Registered peers as addresses, in registration order (core's PeerList,
  // filled through RegisterAddress).
  PeerList registered;
  // False while crashed, and before a joining node has joined.
  bool up = false;
  bool joined = false;
  // Start nonces of this node's proof searches.
  Random mining_rng;
};

// "http://node<i>:5000": the address node i registers under.
std::string NodeAddress(NodeIndex node);

}  // namespace chainsim::sim
