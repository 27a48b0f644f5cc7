#pragma once
// Narrator: tells a run as it happens, for teaching (`chainsim run --narrate`).
//
// A RunObserver that writes one line per thing worth seeing, each starting
// with the virtual time: who mined which block, when a fork appears, who
// switched chains and why (how many blocks were discarded, by resolve or by
// relay), when the network agrees again, partitions, heals, crashes,
// restarts, joins, hash-share changes, forgers and the forged chains that
// valid_chain turns down; at the end (Finish) the stale blocks and the
// transactions lost with them.
//
// Verbosity keeps big runs readable:
//   kQuiet     forks, timeline events, reorganisations grouped per new tip,
//              agreement only after a fork or a partition
//   kNormal    + every block mined, every agreement
//   kDetailed  + every node's switch on its own line, with the blocks it
//              discarded, and every rejected chain (otherwise the first per
//              node and peer)
// Colour: ANSI escapes when `color` is true.
// Lines go to a stream (the terminal) or, as NarrationLine values, to a
// callback (the replay page keeps them with their times).
//
// Ownership: the simulation and the stream must outlive the narrator.
// Thread safety: none.

#include <cstdint>
#include <functional>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/node/simulation.h"
#include "sim/report/run_report.h"

namespace chainsim::sim {

enum class Verbosity { kQuiet, kNormal, kDetailed };

struct NarratorOptions {
  // How much to tell. Default: kNormal.
  Verbosity verbosity = Verbosity::kNormal;
  // ANSI colours. Default: false.
  bool color = false;
};

// What a line is about; the terminal and the replay page colour by it.
enum class NarrationKind { kMined, kFork, kSwitch, kAgree, kTimeline, kLost, kPlain, kAttack };
const char* Name(NarrationKind kind);  // "mined", "fork", ...

// One line of the story, without its time stamp.
struct NarrationLine {
  SimTime time = 0;
  NarrationKind kind = NarrationKind::kPlain;
  std::string text;
};

class Narrator final : public RunObserver {
 public:
  using Sink = std::function<void(const NarrationLine&)>;

  // Writes "[   12.345s] text" lines to `out`.
  Narrator(const Simulation& simulation, std::ostream& out, NarratorOptions options);
  // Hands every line to `sink` (options.color is ignored).
  Narrator(const Simulation& simulation, Sink sink, NarratorOptions options);

  void OnBlockMined(SimTime now, NodeIndex miner, BlockId block) override;
  void OnTipSwitched(SimTime now, const ReorgRecord& reorg) override;
  void OnTimeline(SimTime now, const TimelineEvent& event) override;
  void OnAgreement(SimTime now, BlockId tip) override;
  void OnChainRejected(SimTime now, NodeIndex node, NodeIndex peer, std::size_t length,
                       const std::string& reason) override;
  // Every step of an attack (quiet: the start and the outcomes only).
  void OnAttack(SimTime now, const AttackEvent& event) override;

  // Tells what remains: pending groups, stale blocks, lost transactions,
  // whether the network agrees at the end. Call once after the run.
  void Finish(const RunReport& report);

 private:
  // Reorganisations to the same new tip, told as one line (quiet, normal).
  struct SwitchGroup {
    BlockId new_tip = kNoBlock;
    std::uint32_t nodes = 0;
    std::uint32_t max_depth = 0;
    std::uint32_t resolve = 0;
    std::uint32_t relay = 0;
    SimTime first = 0;
    SimTime last = 0;
    NodeIndex first_node = 0;
  };

  void Line(SimTime now, NarrationKind kind, const std::string& text);
  void FlushGroup();
  std::string BlockName(BlockId id) const;
  // The partition group of `node` now ("" when the network is whole).
  const std::string& GroupOf(NodeIndex node) const;

  const Simulation& simulation_;
  Sink sink_;
  NarratorOptions options_;
  SwitchGroup group_;
  bool fork_since_agreement_ = false;
  bool partitioned_ = false;
  bool healed_since_agreement_ = false;
  bool joined_since_agreement_ = false;     // a join: newcomers must catch up
  bool restarted_since_agreement_ = false;  // a restart: restarted nodes must catch up
  // The partition in force: group name of each listed node, and the name of
  // the nodes not listed ("rest").
  std::vector<std::string> group_of_;
  std::uint64_t forks_ = 0;
  std::uint64_t rejections_ = 0;
  std::set<std::pair<NodeIndex, NodeIndex>> told_rejections_;  // (node, peer)
};

}  // namespace chainsim::sim
