#pragma once
// MiningScheduler: when each miner finds its next block, in virtual time.
//
// Hash power: the network hashes H per second (scenario hash_rate, or
// 16^difficulty / block_interval), split among the miners by their shares.
// A miner with rate h needs on average 16^difficulty / h seconds per block.
//  - kExponential: each miner's next block comes after an exponential delay
//    of that mean, drawn from its own stream. Memoryless, so a tip change
//    needs no redraw; a share change redraws.
//  - kRace (the tutorial's rule): a miner counts proofs from 0 on its tip, so
//    it finds the block after (proof + 1) / h seconds, proof being the first
//    valid one for that tip (the same for every miner); every tip change
//    restarts the count. The fastest miner always wins.
// With difficulty retargeting (chain.retarget) the hashes a block needs are
// those of the target of the block on the node's tip (ExpectedHashesFn:
// 2^256 / target), so in kExponential mode a tip change whose next target
// differs redraws (memoryless, so the redraw is exact).
// The scheduler only decides when; the Simulation builds the block.
// A node mines only while it is up (between Start and Stop) and has a share
// above 0; a share set while it is down takes effect when it restarts.

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/engine/engine.h"
#include "sim/engine/random.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

class MiningScheduler {
 public:
  // Called when `node` finds a block on its current tip.
  using FoundFn = std::function<void(NodeIndex node)>;
  // kRace: the first valid proof from 0 on `node`'s current tip.
  using RaceProofFn = std::function<std::int64_t(NodeIndex node)>;
  // Under retargeting: the hashes the next block on `node`'s tip takes on
  // average (2^256 / its target).
  using ExpectedHashesFn = std::function<double(NodeIndex node)>;

  // Miners are the first scenario.mining.miners nodes (all when -1).
  // `expected_hashes` is used only under retargeting (may be empty otherwise).
  MiningScheduler(const Scenario& scenario, Engine& engine, int node_count, FoundFn on_found,
                  RaceProofFn race_proof, ExpectedHashesFn expected_hashes = {});

  // `node` came up (start/restart/join): it mines if its share is above 0
  // and the scheduler is not halted.
  void Start(NodeIndex node);
  // `node` went down (crash): its next block is cancelled.
  void Stop(NodeIndex node);
  // Sets `node`'s relative share (a node that had none becomes a miner).
  // An up node redraws its next block at the new rate; a down node keeps
  // the share for its restart and finds nothing meanwhile.
  // REQUIRES: share >= 0.
  void SetShare(NodeIndex node, double share);
  // `node`'s tip changed: in race mode its count restarts; under retargeting
  // a changed target redraws.
  void TipChanged(NodeIndex node);
  // Stops every miner for good (the block budget is spent).
  void Halt();

  // Hashes per second of `node` (0 for non-miners).
  double HashRate(NodeIndex node) const;

 private:
  // Draws `node`'s next block (cancelling the pending one) if it is up, has
  // a share and the scheduler is not halted; otherwise only cancels.
  void Schedule(NodeIndex node);

  Engine& engine_;
  MiningMode mode_;
  double total_hash_rate_;  // hashes per second of the whole network
  double expected_hashes_;  // 16^difficulty: hashes per block on average
  bool retarget_;           // chain.retarget is on: hashes per block vary
  ExpectedHashesFn next_expected_hashes_;
  std::vector<double> scheduled_hashes_;  // per node under retargeting: of the pending draw
  double total_shares_ = 0;               // the normalisation of the configured shares
  std::vector<double> shares_;
  std::vector<bool> up_;  // between Start and Stop
  std::vector<EventId> next_;
  std::vector<Random> rngs_;
  FoundFn on_found_;
  RaceProofFn race_proof_;
  bool halted_ = false;
};

}  // namespace chainsim::sim
