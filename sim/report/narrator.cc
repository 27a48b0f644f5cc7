#include "sim/report/narrator.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

#include "sim/scenario/units.h"

namespace chainsim::sim {
namespace {

constexpr NarrationKind kMined = NarrationKind::kMined;
constexpr NarrationKind kFork = NarrationKind::kFork;
constexpr NarrationKind kSwitch = NarrationKind::kSwitch;
constexpr NarrationKind kAgree = NarrationKind::kAgree;
constexpr NarrationKind kTimeline = NarrationKind::kTimeline;
constexpr NarrationKind kLost = NarrationKind::kLost;
constexpr NarrationKind kPlain = NarrationKind::kPlain;
constexpr NarrationKind kAttack = NarrationKind::kAttack;

// The ANSI colour of a kind of line (nullptr: none).
const char* Color(NarrationKind kind) {
  switch (kind) {
    case NarrationKind::kMined:
      return "32";  // green
    case NarrationKind::kFork:
      return "1;33";  // bold yellow
    case NarrationKind::kSwitch:
      return "35";  // magenta
    case NarrationKind::kAgree:
      return "36";  // cyan
    case NarrationKind::kTimeline:
      return "1;34";  // bold blue
    case NarrationKind::kLost:
      return "1;31";  // bold red
    case NarrationKind::kAttack:
      return "1;35";  // bold magenta
    case NarrationKind::kPlain:
      break;
  }
  return nullptr;
}

std::string Paint(bool color, const char* code, const std::string& text) {
  if (!color || code == nullptr) return text;
  return std::string("\033[") + code + "m" + text + "\033[0m";
}

// "node 3", "nodes 3 and 4", "nodes 0-11", "nodes 0-3, 7 and 9": runs of
// three or more consecutive nodes as a range.
std::string NodesPhrase(const std::vector<NodeIndex>& nodes) {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < nodes.size();) {
    std::size_t j = i;
    while (j + 1 < nodes.size() && nodes[j + 1] == nodes[j] + 1) ++j;
    if (j >= i + 2) {
      items.push_back(std::to_string(nodes[i]) + "-" + std::to_string(nodes[j]));
    } else {
      for (std::size_t k = i; k <= j; ++k) items.push_back(std::to_string(nodes[k]));
    }
    i = j + 1;
  }
  std::string text = nodes.size() == 1 ? "node " : "nodes ";
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (k > 0) text += k + 1 == items.size() ? " and " : ", ";
    text += items[k];
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

const char* Name(NarrationKind kind) {
  switch (kind) {
    case NarrationKind::kMined:
      return "mined";
    case NarrationKind::kFork:
      return "fork";
    case NarrationKind::kSwitch:
      return "switch";
    case NarrationKind::kAgree:
      return "agree";
    case NarrationKind::kTimeline:
      return "timeline";
    case NarrationKind::kLost:
      return "lost";
    case NarrationKind::kAttack:
      return "attack";
    case NarrationKind::kPlain:
      break;
  }
  return "plain";
}

Narrator::Narrator(const Simulation& simulation, std::ostream& out, NarratorOptions options)
    : Narrator(
          simulation,
          [&out, color = options.color](const NarrationLine& line) {
            std::array<char, 32> stamp{};
            std::snprintf(stamp.data(), stamp.size(), "[%10.3fs] ", ToSeconds(line.time));
            out << Paint(color, "2", stamp.data()) << Paint(color, Color(line.kind), line.text)
                << '\n';
          },
          options) {}

Narrator::Narrator(const Simulation& simulation, Sink sink, NarratorOptions options)
    : simulation_(simulation), sink_(std::move(sink)), options_(options) {}

const std::string& Narrator::GroupOf(NodeIndex node) const {
  static const std::string kWhole;
  return node < group_of_.size() ? group_of_[node] : kWhole;
}

std::string Narrator::BlockName(BlockId id) const {
  if (id == 0) return "#0 genesis";
  const BlockRecord& r = simulation_.tree()[id];
  return "#" + std::to_string(r.height) + " " + r.block->hash().substr(0, 8);
}

void Narrator::Line(SimTime now, NarrationKind kind, const std::string& text) {
  FlushGroup();
  sink_(NarrationLine{now, kind, text});
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
  sink_(NarrationLine{g.first, kSwitch, text});
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
  const std::string& group = GroupOf(miner);
  if (sibling != kNoBlock && !group.empty() && GroupOf(tree[sibling].miner) != group) {
    // Across a partition nothing can settle the fork: neither side sees the
    // other's blocks, whatever their lengths.
    text += "; " + group + " and " + GroupOf(tree[sibling].miner) +
            " cannot see each other's blocks, so each side keeps its own branch until the "
            "partition heals";
  } else if (!group.empty()) {
    text += "; the nodes of " + group + " now disagree until one branch grows longer";
  } else {
    text += "; nodes now disagree until one branch grows longer";
  }
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
             Plural(reorg.added, "block", "blocks"));
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
            group_of_.assign(static_cast<std::size_t>(simulation_.node_count()), "rest");
            std::string out = "PARTITION: ";
            for (std::size_t g = 0; g < partition.groups.size(); ++g) {
              out += (g > 0 ? " | " : "") + partition.group_names[g] + " = " +
                     NodesPhrase(partition.groups[g]);
              for (const NodeIndex node : partition.groups[g]) {
                if (node < group_of_.size()) group_of_[node] = partition.group_names[g];
              }
            }
            return out + " (messages between groups are lost; each side mines its own branch)";
          },
          [&](const HealAction&) {
            partitioned_ = false;
            group_of_.clear();
            healed_since_agreement_ = true;
            return std::string(
                "HEAL: the partition is removed; the longest chain will replace the shorter one");
          },
          [&](const CrashAction& crash) {
            const bool one = crash.nodes.size() == 1;
            return "CRASH: " + NodesPhrase(crash.nodes) + (one ? " stops" : " stop") +
                   " (messages in flight to and from " + (one ? "it" : "them") + " are lost)";
          },
          [&](const RestartAction& restart) {
            restarted_since_agreement_ = true;
            const bool one = restart.nodes.size() == 1;
            return "RESTART: " + NodesPhrase(restart.nodes) +
                   (one ? " comes back with the chain it had"
                        : " come back with the chains they had");
          },
          [&](const JoinAction& join) {
            joined_since_agreement_ = true;
            return "JOIN: " +
                   Plural(static_cast<std::uint64_t>(join.count), "new node", "new nodes") +
                   (join.count == 1 ? " joins, registering " : " join, each registering ") +
                   Plural(static_cast<std::uint64_t>(join.peers), "peer", "peers") +
                   (join.count == 1 ? "; it starts with only the genesis block and catches up"
                                    : "; they start with only the genesis block and catch up") +
                   " by resolve";
          },
          [&](const HashShareAction& share) {
            const bool one = share.nodes.size() == 1;
            std::array<char, 32> share_text{};
            std::snprintf(share_text.data(), share_text.size(), "%g", share.share);
            return "HASH POWER: " + NodesPhrase(share.nodes) + (one ? " now mines" : " now mine") +
                   " with share " + share_text.data() + (one ? "" : " each");
          },
          [&](const TransactionAction& transaction) {
            return "TRANSACTION submitted to " + NodesPhrase({transaction.node}) + ": " +
                   transaction.transaction.dump();
          },
          [&](const ForgeAction& forge) {
            const ForgeryConfig& f = forge.forgery;
            return "FORGE: " + NodesPhrase({forge.node}) +
                   " now answers chain requests with a forged chain: the block " +
                   std::to_string(f.depth) + " below its tip pays it " + std::to_string(f.amount) +
                   " coins (no proof of work redone), and " +
                   Plural(static_cast<std::uint64_t>(f.extra_blocks), "block", "blocks") +
                   " it never mined make the chain look longest";
          },
          [&](const SelfishMineAction& selfish) {
            std::string gamma = selfish.gamma
                                    ? "honest nodes break ties for its blocks with probability " +
                                          FormatShortestDouble(*selfish.gamma)
                                    : "gamma emerges from where it sits (first-seen ties)";
            return "SELFISH MINING: " + NodesPhrase({selfish.node}) +
                   " now keeps the blocks it mines private and releases them to win races "
                   "(Eyal & Sirer's SM1); " +
                   gamma;
          },
          [&](const WithholdAction& withhold) {
            const SimTime release = withhold.withhold.release_after;
            return "WITHHOLDING: " + NodesPhrase({withhold.node}) +
                   " now mines a private branch and shows nobody its blocks" +
                   (release > 0 ? " until it releases them in " + FormatDuration(release)
                                : std::string(" (its hash power is lost to the network)"));
          },
          [&](const EclipseAction& eclipse) {
            const EclipseConfig& e = eclipse.eclipse;
            return "ECLIPSE: " + NodesPhrase(e.attackers) + " will take every peer slot of " +
                   NodesPhrase({e.victim}) +
                   " when it next comes up (at once if it is up) and feed it their own chain " +
                   (e.duration > 0 ? "for " + FormatDuration(e.duration)
                                   : std::string("until its next restart"));
          },
          [&](const DoubleSpendAction& spend) {
            const DoubleSpendConfig& a = spend.attack;
            return "DOUBLE SPEND: " + NodesPhrase({spend.node}) + " will pay a merchant " +
                   std::to_string(a.amount) + " coins" +
                   (a.premine > 0
                        ? " once it has mined " +
                              Plural(static_cast<std::uint64_t>(a.premine), "block", "blocks") +
                              " in secret"
                        : "") +
                   " and race a branch without the payment; the merchant waits for " +
                   Plural(static_cast<std::uint64_t>(a.confirmations), "confirmation",
                          "confirmations") +
                   "; the attacker gives up " +
                   Plural(static_cast<std::uint64_t>(a.give_up), "block", "blocks") + " behind";
          },
      },
      event.action);
  Line(now, kTimeline, text);
}

void Narrator::OnAttack(SimTime now, const AttackEvent& event) {
  const std::string who = "node " + std::to_string(event.node);
  const auto blocks = [](std::uint64_t n) { return Plural(n, "block", "blocks"); };
  std::string text;
  bool outcome = false;  // told even when quiet
  switch (event.step) {
    case AttackStep::kStarted:
      if (event.kind != AttackKind::kEclipse) return;  // the timeline line tells it
      text = "ECLIPSED: " + who + " now registers only its " +
             Plural(event.count, "attacker", "attackers") +
             "; its honest peers are cut off (its tip " + BlockName(event.block) + ")";
      outcome = true;
      break;
    case AttackStep::kVictimTip:
      text = (simulation_.tree()[event.block].miner == event.node
                  ? "ECLIPSED: " + who + " mines " + BlockName(event.block) +
                        " on the chain the attackers feed it"
                  : "ECLIPSED: " + who + " takes " + BlockName(event.block) +
                        " from the chain the attackers feed it");
      break;
    case AttackStep::kEnded:
      text = "ECLIPSE ENDS: " + who + " registers its own peers again (its tip " +
             BlockName(event.block) + ")";
      outcome = true;
      break;
    case AttackStep::kRejoined:
      text = "REJOINED: " + who + " switches from " + BlockName(event.other) +
             " to the honest chain at " + BlockName(event.block) + ", discarding " +
             blocks(event.count);
      outcome = true;
      break;
    case AttackStep::kWithheld:
      text = "WITHHELD: " + who + " keeps its new block " + BlockName(event.block) + " private (" +
             blocks(event.count) + " unpublished)";
      break;
    case AttackStep::kPublished:
      if (event.kind == AttackKind::kWithholding) {
        text = "RELEASED: " + who + " publishes its secret branch of " + blocks(event.count) +
               " up to " + BlockName(event.block) + "; the public tip is " + BlockName(event.other);
        outcome = true;
        break;
      }
      text = "RELEASED: " + who + " publishes " + blocks(event.count) + " up to " +
             BlockName(event.block) +
             (event.other == kNoBlock ? "; its branch now leads the public one"
                                      : " in answer to the public " + BlockName(event.other));
      outcome = event.other == kNoBlock;
      break;
    case AttackStep::kRace:
      text = "RACE: " + who + " publishes " + BlockName(event.block) + " to tie with " +
             BlockName(event.other) + "; the honest miners' next block decides";
      break;
    case AttackStep::kAbandoned:
      if (event.count == 0) {
        text = "RESTART: " + who + " starts its secret branch again from the public " +
               BlockName(event.block);
        break;
      }
      text = "ABANDONED: " + who + " drops " + blocks(event.count) +
             (event.kind == AttackKind::kDoubleSpend ? " it pre-mined" : " of its private branch") +
             " and mines on the public " + BlockName(event.block);
      outcome = event.count > 0;
      break;
    case AttackStep::kPaymentSent:
      text = "PAYMENT: " + who + " pays the merchant and mines a branch without the payment from " +
             BlockName(event.block) + " (" + blocks(event.count) + " mined in advance)";
      outcome = true;
      break;
    case AttackStep::kAccepted:
      text = event.other == kNoBlock
                 ? "ACCEPTED: the merchant takes the unconfirmed payment and delivers the goods"
                 : "ACCEPTED: the payment in " + BlockName(event.other) + " has " +
                       Plural(event.count, "confirmation", "confirmations") +
                       "; the merchant delivers the goods";
      outcome = true;
      break;
    case AttackStep::kSucceeded:
      text = "DOUBLE SPEND: " + who + " releases its branch of " + blocks(event.count) + " up to " +
             BlockName(event.block) + ", longer than the public chain at " +
             BlockName(event.other) + ": the payment is reversed";
      outcome = true;
      break;
    case AttackStep::kGaveUp:
      text = "GAVE UP: " + who + " is too far behind and returns to the public chain at " +
             BlockName(event.block);
      outcome = true;
      break;
  }
  if (options_.verbosity == Verbosity::kQuiet && !outcome) return;
  Line(now, kAttack, text);
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
           std::to_string(simulation_.tree()[simulation_.Tip(node)].height + std::size_t{1}) +
           ": valid_chain fails at " + ShortenHashes(reason));
}

void Narrator::OnAgreement(SimTime now, BlockId tip) {
  const bool notable = fork_since_agreement_ || healed_since_agreement_ ||
                       joined_since_agreement_ || restarted_since_agreement_;
  if (options_.verbosity == Verbosity::kQuiet && !notable) return;
  std::uint32_t live = 0;
  for (NodeIndex i = 0; i < static_cast<NodeIndex>(simulation_.node_count()); ++i) {
    if (simulation_.node(i).up) ++live;
  }
  std::string text = (live == 1 ? std::string("AGREEMENT: the only live node holds ")
                                : "AGREEMENT: all " + std::to_string(live) + " live nodes hold ") +
                     BlockName(tip);
  const auto& episodes = simulation_.metrics().episodes();
  if (!episodes.empty() && episodes.back().end == now) {
    text += " (after " + FormatDuration(now - episodes.back().start) + " of disagreement";
    if (healed_since_agreement_) text += ", since the heal";
    if (fork_since_agreement_) text += ", fork settled";
    if (joined_since_agreement_) text += ", newcomers caught up";
    if (restarted_since_agreement_) text += ", restarted nodes caught up";
    text += ")";
  }
  fork_since_agreement_ = false;
  healed_since_agreement_ = false;
  joined_since_agreement_ = false;
  restarted_since_agreement_ = false;
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
                       " only in discarded blocks and " + (tx.lost == 1 ? "is" : "are") +
                       " pending nowhere (the tutorial drops them on a chain switch):";
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
           ? (report.live_nodes == 1
                  ? std::string("FINAL: the only live node holds ")
                  : "FINAL: all " + std::to_string(report.live_nodes) + " live nodes agree on ") +
                 BlockName(s.main_tip)
           : "FINAL: " + std::to_string(s.final_distinct_tips) + " distinct tips; " +
                 std::to_string(report.main_chain_nodes) + " of " +
                 std::to_string(report.live_nodes) + " live nodes on " + BlockName(s.main_tip));
}

}  // namespace chainsim::sim
