#include "sim/report/narrator.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

namespace chainsim::sim {
namespace {

constexpr const char* kMined = "32";       // green
constexpr const char* kFork = "1;33";      // bold yellow
constexpr const char* kSwitch = "35";      // magenta
constexpr const char* kAgree = "36";       // cyan
constexpr const char* kTimeline = "1;34";  // bold blue
constexpr const char* kLost = "1;31";      // bold red
constexpr const char* kPlain = nullptr;

std::string NodeList(const std::vector<NodeIndex>& nodes) {
  std::string text;
  for (std::size_t i = 0; i < nodes.size();) {
    std::size_t j = i;
    while (j + 1 < nodes.size() && nodes[j + 1] == nodes[j] + 1) ++j;
    if (!text.empty()) text += ", ";
    text += std::to_string(nodes[i]);
    if (j > i) text += "-" + std::to_string(nodes[j]);
    i = j + 1;
  }
  return text;
}

// `text` with every 64-hex-digit hash cut to its first 8 digits.
std::string ShortenHashes(const std::string& text) {
  constexpr std::size_t kHashDigits = 64;
  constexpr std::size_t kShown = 8;
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t run = 0;
    while (i + run < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + run])) != 0) {
      ++run;
    }
    if (run == kHashDigits) {
      out.append(text, i, kShown).append("...");
    } else {
      out.append(text, i, std::max<std::size_t>(run, 1));
    }
    i += std::max<std::size_t>(run, 1);
  }
  return out;
}

std::string Plural(std::uint64_t count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

}  // namespace

Narrator::Narrator(const Simulation& simulation, std::ostream& out, NarratorOptions options)
    : simulation_(simulation), out_(out), options_(options) {}

std::string Narrator::Paint(const char* color, const std::string& text) const {
  if (!options_.color || color == nullptr) return text;
  return std::string("\033[") + color + "m" + text + "\033[0m";
}

std::string Narrator::BlockName(BlockId id) const {
  if (id == 0) return "#0 genesis";
  const BlockRecord& r = simulation_.tree()[id];
  return "#" + std::to_string(r.height) + " " + r.block->hash().substr(0, 8);
}

void Narrator::Line(SimTime now, const char* color, const std::string& text) {
  FlushGroup();
  std::array<char, 32> stamp{};
  std::snprintf(stamp.data(), stamp.size(), "[%10.3fs] ", ToSeconds(now));
  out_ << Paint("2", stamp.data()) << Paint(color, text) << '\n';
}

void Narrator::FlushGroup() {
  if (group_.nodes == 0) return;
  const SwitchGroup g = group_;
  group_ = SwitchGroup{};
  std::string text = g.nodes == 1 ? "node " + std::to_string(g.first_node)
                                  : std::to_string(g.nodes) + " nodes (first node " +
                                        std::to_string(g.first_node) + ")";
  text += " switched to the chain ending in " + BlockName(g.new_tip) + ", discarding ";
  text += g.nodes == 1 ? Plural(g.max_depth, "block", "blocks")
                       : "up to " + Plural(g.max_depth, "block", "blocks") + " each";
  text += g.resolve > 0 && g.relay > 0 ? " (resolve and relay)"
          : g.resolve > 0              ? " (resolve: a peer's longer chain)"
                                       : " (relay: a longer branch arrived)";
  if (g.last > g.first) {
    std::array<char, 64> span{};
    std::snprintf(span.data(), span.size(), " until %.3fs", ToSeconds(g.last));
    text += span.data();
  }
  std::array<char, 32> stamp{};
  std::snprintf(stamp.data(), stamp.size(), "[%10.3fs] ", ToSeconds(g.first));
  out_ << Paint("2", stamp.data()) << Paint(kSwitch, text) << '\n';
}

void Narrator::OnBlockMined(SimTime now, NodeIndex miner, BlockId block) {
  const BlockTree& tree = simulation_.tree();
  const BlockRecord& record = tree[block];
  const std::size_t tx = record.block->transactions().size();
  const bool fork = simulation_.metrics().children()[record.parent] > 1;
  if (options_.verbosity != Verbosity::kQuiet || fork) {
    Line(now, kMined,
         "node " + std::to_string(miner) + " mined " + BlockName(block) + " on " +
             BlockName(record.parent) + " (" +
             (tx <= 1 ? std::string("reward only")
                      : Plural(tx - 1, "transaction", "transactions") + " + reward") +
             ")");
  }
  if (!fork) return;
  ++forks_;
  fork_since_agreement_ = true;
  BlockId sibling = kNoBlock;
  for (BlockId id = block; id-- > 1;) {
    if (tree[id].parent == record.parent) {
      sibling = id;
      break;
    }
  }
  std::string text = "FORK at height " + std::to_string(record.height) + ": " + BlockName(block) +
                     " by node " + std::to_string(miner) + " competes with ";
  if (sibling != kNoBlock) {
    text += BlockName(sibling) + " by node " + std::to_string(tree[sibling].miner);
  } else {
    text += "another child of " + BlockName(record.parent);
  }
  text += "; nodes now disagree until one branch grows longer";
  Line(now, kFork, text);
}

void Narrator::OnTipSwitched(SimTime now, const ReorgRecord& reorg) {
  if (options_.verbosity == Verbosity::kDetailed) {
    const BlockTree& tree = simulation_.tree();
    std::string discarded;
    std::size_t tx = 0;
    std::uint32_t listed = 0;
    const BlockId common = tree.CommonAncestor(reorg.old_tip, reorg.new_tip);
    for (BlockId id = reorg.old_tip; id != common; id = tree[id].parent) {
      tx += tree[id].block->transactions().size();
      if (listed++ < 4) discarded += (discarded.empty() ? "" : ", ") + BlockName(id);
    }
    if (listed > 4) discarded += ", ...";
    Line(now, kSwitch,
         "node " + std::to_string(reorg.node) + " switched chains by " + Name(reorg.cause) + ": " +
             BlockName(reorg.old_tip) + " -> " + BlockName(reorg.new_tip) + ", discarding " +
             Plural(reorg.depth, "block", "blocks") + " (" + discarded + ", " +
             Plural(tx, "transaction", "transactions") + " with rewards) and gaining " +
             std::to_string(reorg.added));
    return;
  }
  if (group_.nodes > 0 && group_.new_tip != reorg.new_tip) FlushGroup();
  if (group_.nodes == 0) {
    group_.new_tip = reorg.new_tip;
    group_.first = now;
    group_.first_node = reorg.node;
  }
  ++group_.nodes;
  group_.last = now;
  group_.max_depth = std::max(group_.max_depth, reorg.depth);
  ++(reorg.cause == SwitchCause::kResolve ? group_.resolve : group_.relay);
}

void Narrator::OnTimeline(SimTime now, const TimelineEvent& event) {
  const std::string text = std::visit(
      Overloaded{
          [&](const PartitionAction& partition) {
            partitioned_ = true;
            std::string out = "PARTITION: ";
            for (std::size_t g = 0; g < partition.groups.size(); ++g) {
              out += (g > 0 ? " | " : "") + partition.group_names[g] + " = nodes " +
                     NodeList(partition.groups[g]);
            }
            return out + " (messages between groups are lost; each side mines its own branch)";
          },
          [&](const HealAction&) {
            partitioned_ = false;
            healed_since_agreement_ = true;
            return std::string(
                "HEAL: the partition is removed; the longest chain will replace the shorter one");
          },
          [&](const CrashAction& crash) {
            return "CRASH: node " + NodeList(crash.nodes) + " stops (loses messages in flight)";
          },
          [&](const RestartAction& restart) {
            joined_since_agreement_ = true;
            return "RESTART: node " + NodeList(restart.nodes) + " comes back with the chain it had";
          },
          [&](const JoinAction& join) {
            joined_since_agreement_ = true;
            return "JOIN: " +
                   Plural(static_cast<std::uint64_t>(join.count), "new node", "new nodes") +
                   " join, each registering " + std::to_string(join.peers) +
                   " peers; they start with only the genesis block and catch up by resolve";
          },
          [&](const HashShareAction& share) {
            std::array<char, 32> share_text{};
            std::snprintf(share_text.data(), share_text.size(), "%g", share.share);
            return "HASH POWER: node " + NodeList(share.nodes) + " now mines with share " +
                   share_text.data();
          },
          [&](const TransactionAction& transaction) {
            return "TRANSACTION submitted to node " + NodeList({transaction.node}) + ": " +
                   transaction.transaction.dump();
          },
          [&](const ForgeAction& forge) {
            const ForgeryConfig& f = forge.forgery;
            return "FORGE: node " + NodeList({forge.node}) +
                   " now answers chain requests with a forged chain: the block " +
                   std::to_string(f.depth) + " below its tip pays it " + std::to_string(f.amount) +
                   " coins (no proof of work redone), and " +
                   Plural(static_cast<std::uint64_t>(f.extra_blocks), "block", "blocks") +
                   " it never mined make the chain look longest";
          },
      },
      event.action);
  Line(now, kTimeline, text);
}

void Narrator::OnChainRejected(SimTime now, NodeIndex node, NodeIndex peer, std::size_t length,
                               const std::string& reason) {
  ++rejections_;
  // Quiet and normal: the first rejection of each (node, peer) pair.
  if (options_.verbosity != Verbosity::kDetailed && !told_rejections_.emplace(node, peer).second) {
    return;
  }
  Line(now, kLost,
       "REJECTED: node " + std::to_string(node) + " refuses node " + std::to_string(peer) +
           "'s chain of " + std::to_string(length) + " blocks, longer than its own " +
           std::to_string(simulation_.node(node).blockchain.chain().size()) +
           ": valid_chain fails at " + ShortenHashes(reason));
}

void Narrator::OnAgreement(SimTime now, BlockId tip) {
  const bool notable = fork_since_agreement_ || healed_since_agreement_ || joined_since_agreement_;
  if (options_.verbosity == Verbosity::kQuiet && !notable) return;
  std::uint32_t live = 0;
  for (NodeIndex i = 0; i < static_cast<NodeIndex>(simulation_.node_count()); ++i) {
    if (simulation_.node(i).up) ++live;
  }
  std::string text =
      "AGREEMENT: all " + Plural(live, "live node", "live nodes") + " hold " + BlockName(tip);
  const auto& episodes = simulation_.metrics().episodes();
  if (!episodes.empty() && episodes.back().end == now) {
    text += " (after " + FormatDuration(now - episodes.back().start) + " of disagreement";
    if (healed_since_agreement_) text += ", since the heal";
    if (fork_since_agreement_) text += ", fork settled";
    if (joined_since_agreement_) text += ", newcomers caught up";
    text += ")";
  }
  fork_since_agreement_ = false;
  healed_since_agreement_ = false;
  joined_since_agreement_ = false;
  Line(now, notable ? kAgree : kPlain, text);
}

void Narrator::Finish(const RunReport& report) {
  FlushGroup();
  const BlockTree& tree = simulation_.tree();
  const RunSummary& s = report.summary;
  const SimTime end = report.simulated;
  std::vector<bool> on_main(tree.size(), false);
  for (BlockId id = s.main_tip; id != kNoBlock; id = tree[id].parent) on_main[id] = true;
  std::vector<BlockId> stale;
  for (BlockId id = 1; id < tree.size(); ++id) {
    if (!on_main[id]) stale.push_back(id);
  }
  Line(end, kPlain,
       "END: " + Plural(s.blocks_mined, "block", "blocks") + " mined, main chain height " +
           std::to_string(s.main_chain_height) + ", " + std::to_string(forks_) + " " +
           (forks_ == 1 ? "fork" : "forks") + ", " +
           Plural(s.reorgs, "reorganisation", "reorganisations") + " (deepest " +
           std::to_string(s.deepest_reorg) + ")");
  if (!stale.empty()) {
    const std::size_t limit = options_.verbosity == Verbosity::kDetailed ? stale.size() : 8;
    std::string text =
        "STALE: " + Plural(stale.size(), "block is", "blocks are") + " not on the main chain:";
    for (std::size_t i = 0; i < stale.size() && i < limit; ++i) {
      text += (i > 0 ? ", " : " ") + BlockName(stale[i]) + " by node " +
              std::to_string(tree[stale[i]].miner);
    }
    if (stale.size() > limit) text += ", ...";
    Line(end, kFork, text);
  }
  if (rejections_ > 0) {
    Line(end, kLost,
         "REJECTED: " + Plural(rejections_, "forged chain was", "forged chains were") +
             " turned down by valid_chain; no node adopted one");
  }
  const TransactionTally& tx = s.transactions;
  if (tx.lost > 0) {
    const std::size_t limit = options_.verbosity == Verbosity::kDetailed ? 20 : 3;
    std::string text = "LOST: " + Plural(tx.lost, "transaction was", "transactions were") +
                       " only in discarded blocks and are pending nowhere (the tutorial "
                       "drops them on a chain switch):";
    for (std::size_t i = 0; i < tx.lost_examples.size() && i < limit; ++i) {
      text += (i > 0 ? ", " : " ") + tx.lost_examples[i];
    }
    if (tx.lost > limit) text += ", ...";
    Line(end, kLost, text);
  } else if (tx.submitted > 0) {
    Line(end, kPlain,
         "TRANSACTIONS: " + std::to_string(tx.submitted) + " submitted, " +
             std::to_string(tx.confirmed) + " confirmed, " + std::to_string(tx.pending) +
             " pending, none lost" +
             (tx.requeued > 0 ? " (" + std::to_string(tx.requeued) + " requeued after switches)"
                              : std::string()));
  }
  Line(end, s.agreed_at_end ? kAgree : kFork,
       s.agreed_at_end
           ? "FINAL: all " + std::to_string(report.live_nodes) + " live nodes agree on " +
                 BlockName(s.main_tip)
           : "FINAL: " + std::to_string(s.final_distinct_tips) + " distinct tips; " +
                 std::to_string(report.main_chain_nodes) + " of " +
                 std::to_string(report.live_nodes) + " live nodes on " + BlockName(s.main_tip));
}

}  // namespace chainsim::sim
