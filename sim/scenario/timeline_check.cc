#include "sim/scenario/timeline_check.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <utility>

#include "core/check.h"
#include "sim/scenario/scenario_limits.h"
#include "sim/scenario/units.h"

namespace chainsim::sim {
namespace {

// The nodes joining in `events`.
std::int64_t JoiningNodes(const std::vector<TimelineEvent>& events) {
  std::int64_t joining = 0;
  for (const TimelineEvent& event : events) {
    if (const auto* join = std::get_if<JoinAction>(&event.action)) joining += join->count;
  }
  return joining;
}

// The checks made in time order, with the state they need.
class TimeOrderCheck {
 public:
  TimeOrderCheck(const YamlSource& source, std::int64_t present, std::int64_t total)
      : source_(source), present_(present), crashed_(static_cast<std::size_t>(total), 0) {}

  void Check(TimelineEvent& event, const EventSource& where) {
    event_ = &where;
    when_ = " at " + FormatDurationValue(event.at);
    std::visit(
        Overloaded{
            [&](const PartitionAction&) {
              // Nodes that join later are in the group "rest" then.
              for (const std::vector<NodeRange>& group : where.node_lists) {
                if (const std::optional<NodeIndex> node = FirstAtOrAbove(group, present_)) {
                  RequirePresent(*node);
                }
              }
              partitioned_ = true;
            },
            [&](const HealAction&) {
              if (!partitioned_) {
                source_.FailAt(where.mark, where.path + ": heal" + when_ +
                                               " but no partition is in force then (expected a "
                                               "partition event earlier in time)");
              }
              partitioned_ = false;
            },
            [&](const CrashAction& crash) {
              for (const NodeIndex node : crash.nodes) {
                if (node >= present_) RequirePresent(node);
                if (crashed_[node] != 0) {
                  Fail(node, " is already crashed", "a running node");
                }
                crashed_[node] = 1;
              }
            },
            [&](const RestartAction& restart) {
              for (const NodeIndex node : restart.nodes) {
                if (crashed_[node] == 0) {
                  Fail(node, " is not crashed", "a node that an earlier event crashed");
                }
                crashed_[node] = 0;
              }
            },
            [&](JoinAction& join) { CheckJoin(join); },
            // Any present node may get a share: a non-miner or a joined node then mines.
            [&](const HashShareAction& share) {
              for (const NodeIndex node : share.nodes) RequirePresent(node);
            },
            [&](const TransactionAction& transaction) {
              RequirePresent(transaction.node);
              if (crashed_[transaction.node] != 0) {
                Fail(transaction.node, " is crashed", "a running node to take the transaction");
              }
            },
            // A crashed node may be told to forge: it does once it restarts.
            [&](const ForgeAction& forge) { TakeOver(forge.node, ForgeAction::kName); },
            [&](const SelfishMineAction& selfish) {
              TakeOver(selfish.node, SelfishMineAction::kName);
              if (selfish.gamma) Once(SelfishMineAction::kName, "with a gamma");
            },
            [&](const DoubleSpendAction& spend) {
              TakeOver(spend.node, DoubleSpendAction::kName);
              Once(DoubleSpendAction::kName, "attack");
            },
            [&](const WithholdAction& withhold) { TakeOver(withhold.node, WithholdAction::kName); },
            // The victim may join later: the attack takes hold when it comes up.
            [&](const EclipseAction& eclipse) {
              for (const NodeIndex node : eclipse.eclipse.attackers) {
                TakeOver(node, EclipseAction::kName);
              }
              Claim(eclipse.eclipse.victim, EclipseAction::kName);
              Once(EclipseAction::kName, "attack");
            },
        },
        event.action);
  }

 private:
  const YAML::Mark& MarkOf(NodeIndex node) const {
    for (const std::vector<NodeRange>& list : event_->node_lists) {
      for (const NodeRange& range : list) {
        if (range.first <= node && node <= range.last) return range.mark;
      }
    }
    CHAINSIM_CHECK(false);
  }

  [[noreturn]] void Fail(NodeIndex node, const std::string& what,
                         const std::string& expected) const {
    source_.FailAt(MarkOf(node), event_->path + ": node " + std::to_string(node) + what + when_ +
                                     " (expected " + expected + ")");
  }

  void RequirePresent(NodeIndex node) const {
    if (node >= present_) {
      source_.FailAt(MarkOf(node), event_->path + ": node " + std::to_string(node) +
                                       " has not joined yet" + when_ + " (expected one of the " +
                                       std::to_string(present_) + " nodes present then, 0 to " +
                                       std::to_string(present_ - 1) + ")");
    }
  }

  // `node` is handed to an adversary (forge, selfish_mine, ...): it must be
  // present, and no other action may have taken it. A crashed node may be
  // taken: it acts once it restarts.
  void TakeOver(NodeIndex node, std::string_view action) {
    RequirePresent(node);
    Claim(node, action);
  }
  // TakeOver without the presence check (an eclipse's victim may join later).
  void Claim(NodeIndex node, std::string_view action) {
    if (taken_by_.size() <= node) taken_by_.resize(node + std::size_t{1});
    // A second forge of a node replaces its forgery (as it always has).
    const bool again = taken_by_[node] == action && action == ForgeAction::kName;
    if (!taken_by_[node].empty() && !again) {
      Fail(node, " is already run by the " + taken_by_[node] + " action",
           "each node taken over by one adversary action");
    }
    taken_by_[node] = std::string(action);
  }
  // At most one `action` `what` per scenario.
  void Once(std::string_view action, const std::string& what) {
    const std::string key = std::string(action) + " " + what;
    if (std::find(once_.begin(), once_.end(), key) != once_.end()) {
      source_.FailAt(event_->mark, event_->path + ": a second " + key + when_ +
                                       " (expected at most one per scenario)");
    }
    once_.push_back(key);
  }

  void CheckJoin(JoinAction& join) {
    // The default of 4 peers shrinks to the nodes there are.
    if (!event_->peers_given && join.peers > present_) join.peers = static_cast<int>(present_);
    if (join.peers > present_) {
      source_.FailAt(event_->mark, event_->path + ": each joining node should register " +
                                       std::to_string(join.peers) + " peers but only " +
                                       std::to_string(present_) + " nodes are present" + when_ +
                                       " (expected peers <= " + std::to_string(present_) + ")");
    }
    present_ += join.count;
  }

  const YamlSource& source_;
  std::int64_t present_;
  std::vector<char> crashed_;  // by node: 1 while crashed
  bool partitioned_ = false;
  std::vector<std::string> taken_by_;  // by node: the adversary action that took it, or ""
  std::vector<std::string> once_;      // "action what" keys allowed once, seen so far
  const EventSource* event_ = nullptr;
  std::string when_;
};

}  // namespace

std::vector<TimelineEvent> CheckTimeline(const YamlSource& source, const YAML::Node& timeline,
                                         int start_nodes, std::vector<TimelineEvent> events,
                                         const std::vector<EventSource>& sources) {
  CHAINSIM_CHECK(events.size() == sources.size());
  // Every node named must exist once all joins are counted.
  const std::int64_t total = start_nodes + JoiningNodes(events);
  if (total > kMaxNodes) {
    source.Fail(timeline, "timeline",
                "the joins bring the node count to " + std::to_string(total) +
                    " (expected at most " + std::to_string(kMaxNodes) + ")");
  }
  for (const EventSource& where : sources) {
    for (const std::vector<NodeRange>& list : where.node_lists) {
      if (const std::optional<NodeIndex> missing = FirstAtOrAbove(list, total)) {
        source.FailAt(MarkOf(list, *missing),
                      where.path + ": node " + std::to_string(*missing) +
                          " does not exist (expected a node index from 0 to " +
                          std::to_string(total - 1) + ": " + std::to_string(start_nodes) +
                          " nodes at the start + " + std::to_string(total - start_nodes) +
                          " joining)");
      }
    }
  }

  // Sort by time, file order at equal times, then check the events in the
  // order they will happen.
  std::vector<std::size_t> order(events.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&events](std::size_t a, std::size_t b) { return events[a].at < events[b].at; });
  TimeOrderCheck check(source, start_nodes, total);
  std::vector<TimelineEvent> sorted;
  sorted.reserve(events.size());
  for (const std::size_t i : order) {
    check.Check(events[i], sources[i]);
    sorted.push_back(std::move(events[i]));
  }
  return sorted;
}

}  // namespace chainsim::sim
