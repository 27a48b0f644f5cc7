#include "sim/scenario/timeline_actions.h"

#include <algorithm>
#include <limits>
#include <map>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/check.h"
#include "core/utf8.h"
#include "sim/scenario/scenario_limits.h"
#include "sim/scenario/units.h"

namespace chainsim::sim {
namespace {

using OJson = nlohmann::ordered_json;

// Sorted node indices as ranges: "0-9", [0, 3, "5-7"], [4].
OJson NodeSetJson(const std::vector<NodeIndex>& nodes) {
  OJson items = OJson::array();
  std::size_t i = 0;
  while (i < nodes.size()) {
    std::size_t j = i;
    while (j + 1 < nodes.size() && nodes[j + 1] == nodes[j] + 1) ++j;
    if (j - i >= 2) {
      items.push_back(std::to_string(nodes[i]) + "-" + std::to_string(nodes[j]));
    } else {
      for (std::size_t k = i; k <= j; ++k) items.push_back(nodes[k]);
    }
    i = j + 1;
  }
  if (items.size() == 1 && items[0].is_string()) return items[0];
  return items;
}

TimelineAction ReadPartition(ActionContext& c) {
  const YamlSource& source = c.reader.source();
  if (!c.value.IsMap() || c.value.size() == 0) {
    source.Fail(c.value, c.path,
                "got " + Describe(c.value) +
                    " (expected named groups of nodes such as {west: 0-9, east: 10-19})");
  }
  std::map<std::string, std::vector<NodeIndex>> groups;
  std::vector<int> owner;  // owner[node]: 1 + the group (in file order) that has it, or 0
  std::vector<std::string> names;
  for (const auto& pair : c.value) {
    const YAML::Node name_node = pair.first;
    const std::string name = c.reader.Text(name_node, c.path);
    if (name.empty()) source.Fail(name_node, c.path, "a group needs a name (expected e.g. west)");
    if (name == "rest") {
      source.Fail(name_node, c.path,
                  "the group name 'rest' is reserved for the nodes no group lists (expected "
                  "another name)");
    }
    if (groups.contains(name)) {
      source.Fail(name_node, c.path,
                  "the group '" + name + "' is given twice (expected each group once)");
    }
    const std::string group_path = c.path + "." + name;
    std::vector<NodeIndex> members = c.Nodes(pair.second, group_path);
    names.push_back(name);
    if (!members.empty() && owner.size() <= members.back()) owner.resize(members.back() + 1, 0);
    for (const NodeIndex node : members) {
      if (owner[node] != 0) {
        source.FailAt(MarkOf(c.where.node_lists.back(), node),
                      group_path + ": node " + std::to_string(node) + " is already in group '" +
                          names[static_cast<std::size_t>(owner[node] - 1)] +
                          "' (expected groups that do not overlap)");
      }
      owner[node] = static_cast<int>(names.size());
    }
    groups.emplace(name, std::move(members));
  }
  // Groups in name order: the resolved form does not depend on the file's order.
  PartitionAction partition;
  for (auto& [name, members] : groups) {
    partition.group_names.push_back(name);
    partition.groups.push_back(std::move(members));
  }
  return partition;
}
OJson WritePartition(const TimelineAction& action) {
  const auto& partition = std::get<PartitionAction>(action);
  OJson groups = OJson::object();
  for (std::size_t i = 0; i < partition.group_names.size() && i < partition.groups.size(); ++i) {
    groups[ToValidUtf8(partition.group_names[i])] = NodeSetJson(partition.groups[i]);
  }
  return groups;
}

TimelineAction ReadHeal(ActionContext& c) {
  if (!c.reader.Bool(c.value, c.path)) {
    c.reader.source().Fail(c.value, c.path, "heal: false does nothing (expected heal: true)");
  }
  return HealAction{};
}
OJson WriteHeal(const TimelineAction&) { return true; }

template <typename NodesAction>
TimelineAction ReadNodes(ActionContext& c) {
  NodesAction action;
  action.nodes = c.Nodes(c.value, c.path);
  return action;
}
template <typename NodesAction>
OJson WriteNodes(const TimelineAction& action) {
  return NodeSetJson(std::get<NodesAction>(action).nodes);
}

TimelineAction ReadJoin(ActionContext& c) {
  JoinAction join;
  if (c.value.IsScalar()) {
    join.count = static_cast<int>(c.reader.Integer(c.value, c.path, 1, kMaxNodes));
    return join;
  }
  const YamlSource& source = c.reader.source();
  const YamlMap map = YamlMap::Read(source, c.value, c.path, c.keys, c.path);
  const YamlEntry& count =
      map.Require(source, "count", "count: how many nodes join, e.g. {count: 2, peers: 3}");
  join.count = static_cast<int>(c.reader.Integer(count.value, c.path + ".count", 1, kMaxNodes));
  if (const YamlEntry* e = map.Find("peers")) {
    join.peers = static_cast<int>(c.reader.Integer(e->value, c.path + ".peers", 1, kMaxNodes));
    c.where.peers_given = true;
  }
  return join;
}
OJson WriteJoin(const TimelineAction& action) {
  const auto& join = std::get<JoinAction>(action);
  return OJson{{"count", join.count}, {"peers", join.peers}};
}

TimelineAction ReadHashShare(ActionContext& c) {
  const YamlSource& source = c.reader.source();
  const YamlMap map = YamlMap::Read(source, c.value, c.path, c.keys, c.path);
  const std::string expected = "nodes and share, e.g. {nodes: [0], share: 5}";
  const YamlEntry& nodes = map.Require(source, "nodes", expected);
  const YamlEntry& share = map.Require(source, "share", expected);
  HashShareAction action;
  action.nodes = c.Nodes(nodes.value, c.path + ".nodes");
  action.share =
      c.reader.Number(share.value, c.path + ".share", 0.0, std::numeric_limits<double>::max(),
                      "a non-negative relative hash power");
  return action;
}
OJson WriteHashShare(const TimelineAction& action) {
  const auto& share = std::get<HashShareAction>(action);
  return OJson{{"nodes", NodeSetJson(share.nodes)}, {"share", share.share}};
}

TimelineAction ReadTransaction(ActionContext& c) {
  const YamlSource& source = c.reader.source();
  const YamlMap map = YamlMap::Read(source, c.value, c.path, c.keys, c.path);
  for (std::string_view key : c.keys) {
    map.Require(source, key,
                "node, sender, recipient and amount, e.g. {node: 2, sender: alice, "
                "recipient: bob, amount: 5}");
  }
  TransactionAction action;
  action.node = c.Node(map.Find("node")->value, c.path + ".node");
  const YAML::Node amount = map.Find("amount")->value;
  Json amount_json;
  if (amount.IsScalar() && amount.Scalar().find_first_not_of("0123456789") == std::string::npos) {
    amount_json =
        c.reader.Integer(amount, c.path + ".amount", 0, std::numeric_limits<std::int64_t>::max());
  } else {
    amount_json = c.reader.Number(amount, c.path + ".amount", 0.0,
                                  std::numeric_limits<double>::max(), "a non-negative amount");
  }
  action.transaction =
      Json{{"sender", c.reader.Text(map.Find("sender")->value, c.path + ".sender")},
           {"recipient", c.reader.Text(map.Find("recipient")->value, c.path + ".recipient")},
           {"amount", amount_json}};
  return action;
}
OJson WriteTransaction(const TimelineAction& action) {
  const auto& transaction = std::get<TransactionAction>(action);
  const Json& t = transaction.transaction;
  const auto text = [&t](const char* key) {
    return t.is_object() && t.contains(key) && t[key].is_string()
               ? ToValidUtf8(t[key].get<std::string>())
               : std::string();
  };
  OJson out;
  out["node"] = transaction.node;
  out["sender"] = text("sender");
  out["recipient"] = text("recipient");
  out["amount"] = OJson(t.is_object() && t.contains("amount") ? t["amount"] : Json(0));
  return out;
}

TimelineAction ReadForge(ActionContext& c) {
  const YamlSource& source = c.reader.source();
  if (c.scenario.protocol.kind != ProtocolKind::kPull) {
    source.Fail(c.value, c.path,
                "a forging node answers chain requests, which only the pull protocol sends "
                "(expected protocol.kind: pull)");
  }
  const YamlMap map = YamlMap::Read(source, c.value, c.path, c.keys, c.path);
  const YamlEntry& node = map.Require(
      source, "node",
      "node: the forging node, e.g. {node: 4, depth: 2, amount: 1000, extra_blocks: 1}");
  ForgeAction action;
  action.node = c.Node(node.value, c.path + ".node");
  if (const YamlEntry* e = map.Find("depth")) {
    action.forgery.depth =
        static_cast<int>(c.reader.Integer(e->value, c.path + ".depth", 0, kMaxForgedBlocks));
  }
  if (const YamlEntry* e = map.Find("amount")) {
    action.forgery.amount =
        c.reader.Integer(e->value, c.path + ".amount", 0, std::numeric_limits<std::int64_t>::max());
  }
  if (const YamlEntry* e = map.Find("extra_blocks")) {
    action.forgery.extra_blocks =
        static_cast<int>(c.reader.Integer(e->value, c.path + ".extra_blocks", 1, kMaxForgedBlocks));
  }
  return action;
}
OJson WriteForge(const TimelineAction& action) {
  const auto& forge = std::get<ForgeAction>(action);
  return OJson{{"node", forge.node},
               {"depth", forge.forgery.depth},
               {"amount", forge.forgery.amount},
               {"extra_blocks", forge.forgery.extra_blocks}};
}

TimelineAction ReadSelfishMine(ActionContext& c) {
  const YamlSource& source = c.reader.source();
  const YamlMap map = YamlMap::Read(source, c.value, c.path, c.keys, c.path);
  const YamlEntry& node = map.Require(
      source, "node", "node: the selfish pool's node, e.g. {node: 0} or {node: 0, gamma: 0.5}");
  SelfishMineAction action;
  action.node = c.Node(node.value, c.path + ".node");
  if (const YamlEntry* e = map.Find("gamma")) {
    action.gamma = c.reader.Number(e->value, c.path + ".gamma", 0.0, 1.0,
                                   "the share of honest power that mines on the pool's block "
                                   "in a race, from 0 to 1");
  }
  return action;
}
OJson WriteSelfishMine(const TimelineAction& action) {
  const auto& selfish = std::get<SelfishMineAction>(action);
  OJson out{{"node", selfish.node}};
  if (selfish.gamma) out["gamma"] = *selfish.gamma;
  return out;
}

TimelineAction ReadDoubleSpend(ActionContext& c) {
  const YamlSource& source = c.reader.source();
  const YamlMap map = YamlMap::Read(source, c.value, c.path, c.keys, c.path);
  const YamlEntry& node = map.Require(
      source, "node", "node: the attacker's node, e.g. {node: 0, confirmations: 6, give_up: 20}");
  DoubleSpendAction action;
  action.node = c.Node(node.value, c.path + ".node");
  DoubleSpendConfig& a = action.attack;
  if (const YamlEntry* e = map.Find("confirmations")) {
    a.confirmations = static_cast<int>(
        c.reader.Integer(e->value, c.path + ".confirmations", 0, kMaxAttackBlocks));
  }
  if (const YamlEntry* e = map.Find("give_up")) {
    a.give_up =
        static_cast<int>(c.reader.Integer(e->value, c.path + ".give_up", 1, kMaxAttackBlocks));
  }
  if (const YamlEntry* e = map.Find("premine")) {
    a.premine =
        static_cast<int>(c.reader.Integer(e->value, c.path + ".premine", 0, kMaxAttackBlocks));
  }
  if (const YamlEntry* e = map.Find("amount")) {
    a.amount =
        c.reader.Integer(e->value, c.path + ".amount", 0, std::numeric_limits<std::int64_t>::max());
  }
  return action;
}
OJson WriteDoubleSpend(const TimelineAction& action) {
  const auto& spend = std::get<DoubleSpendAction>(action);
  return OJson{{"node", spend.node},
               {"confirmations", spend.attack.confirmations},
               {"give_up", spend.attack.give_up},
               {"premine", spend.attack.premine},
               {"amount", spend.attack.amount}};
}

TimelineAction ReadWithhold(ActionContext& c) {
  const YamlSource& source = c.reader.source();
  const YamlMap map = YamlMap::Read(source, c.value, c.path, c.keys, c.path);
  const YamlEntry& node =
      map.Require(source, "node",
                  "node: the withholding miner, e.g. {node: 0} or {node: 0, release_after: 4min}");
  WithholdAction action;
  action.node = c.Node(node.value, c.path + ".node");
  if (const YamlEntry* e = map.Find("release_after")) {
    action.withhold.release_after = c.reader.Duration(e->value, c.path + ".release_after", 1);
  }
  return action;
}
OJson WriteWithhold(const TimelineAction& action) {
  const auto& withhold = std::get<WithholdAction>(action);
  OJson out{{"node", withhold.node}};
  if (withhold.withhold.release_after > 0) {
    out["release_after"] = FormatDurationValue(withhold.withhold.release_after);
  }
  return out;
}

TimelineAction ReadEclipse(ActionContext& c) {
  const YamlSource& source = c.reader.source();
  const YamlMap map = YamlMap::Read(source, c.value, c.path, c.keys, c.path);
  const std::string expected =
      "victim and attackers, e.g. {victim: 5, attackers: [8, 9]} or {victim: 5, attackers: 8, "
      "duration: 20min}";
  const YamlEntry& victim = map.Require(source, "victim", expected);
  const YamlEntry& attackers = map.Require(source, "attackers", expected);
  EclipseAction action;
  EclipseConfig& e = action.eclipse;
  e.victim = c.Node(victim.value, c.path + ".victim");
  e.attackers = c.Nodes(attackers.value, c.path + ".attackers");
  if (e.attackers.empty()) {
    source.Fail(attackers.value, c.path + ".attackers",
                "no attacker given (expected at least one node, e.g. [8, 9])");
  }
  if (std::binary_search(e.attackers.begin(), e.attackers.end(), e.victim)) {
    source.FailAt(MarkOf(c.where.node_lists.back(), e.victim),
                  c.path + ".attackers: node " + std::to_string(e.victim) +
                      " is the victim (expected attackers other than the victim)");
  }
  if (const YamlEntry* d = map.Find("duration")) {
    e.duration = c.reader.Duration(d->value, c.path + ".duration", 1);
  }
  return action;
}
OJson WriteEclipse(const TimelineAction& action) {
  const EclipseConfig& e = std::get<EclipseAction>(action).eclipse;
  OJson out{{"victim", e.victim}, {"attackers", NodeSetJson(e.attackers)}};
  if (e.duration > 0) out["duration"] = FormatDurationValue(e.duration);
  return out;
}

// The index of `Action` in TimelineAction.
template <typename Action, std::size_t I = 0>
constexpr std::size_t IndexOf() {
  if constexpr (std::is_same_v<std::variant_alternative_t<I, TimelineAction>, Action>) {
    return I;
  } else {
    return IndexOf<Action, I + 1>();
  }
}

template <typename Action>
TimelineActionInfo Row(Keys keys, TimelineAction (*read)(ActionContext&),
                       OJson (*write)(const TimelineAction&)) {
  return {Action::kName, IndexOf<Action>(), std::move(keys), read, write};
}

}  // namespace

std::vector<NodeIndex> ActionContext::Nodes(const YAML::Node& node, const std::string& node_path) {
  NodeList list = reader.Nodes(node, node_path);
  where.node_lists.push_back(std::move(list.ranges));
  return std::move(list.nodes);
}

NodeIndex ActionContext::Node(const YAML::Node& node, const std::string& node_path) {
  const NodeIndex index = reader.NodeIndexValue(node, node_path);
  where.node_lists.push_back({NodeRange{index, index, node.Mark()}});
  return index;
}

std::span<const TimelineActionInfo> TimelineActions() {
  static const std::vector<TimelineActionInfo> kActions = [] {
    std::vector<TimelineActionInfo> rows = {
        Row<PartitionAction>({}, ReadPartition, WritePartition),
        Row<HealAction>({}, ReadHeal, WriteHeal),
        Row<CrashAction>({}, ReadNodes<CrashAction>, WriteNodes<CrashAction>),
        Row<RestartAction>({}, ReadNodes<RestartAction>, WriteNodes<RestartAction>),
        Row<JoinAction>({"count", "peers"}, ReadJoin, WriteJoin),
        Row<HashShareAction>({"nodes", "share"}, ReadHashShare, WriteHashShare),
        Row<TransactionAction>({"node", "sender", "recipient", "amount"}, ReadTransaction,
                               WriteTransaction),
        Row<ForgeAction>({"node", "depth", "amount", "extra_blocks"}, ReadForge, WriteForge),
        Row<SelfishMineAction>({"node", "gamma"}, ReadSelfishMine, WriteSelfishMine),
        Row<DoubleSpendAction>({"node", "confirmations", "give_up", "premine", "amount"},
                               ReadDoubleSpend, WriteDoubleSpend),
        Row<WithholdAction>({"node", "release_after"}, ReadWithhold, WriteWithhold),
        Row<EclipseAction>({"victim", "attackers", "duration"}, ReadEclipse, WriteEclipse),
    };
    CHAINSIM_CHECK(rows.size() == std::variant_size_v<TimelineAction>);
    for (std::size_t i = 0; i < rows.size(); ++i) CHAINSIM_CHECK(rows[i].index == i);
    return rows;
  }();
  return kActions;
}

const TimelineActionInfo* FindTimelineAction(std::string_view name) {
  for (const TimelineActionInfo& info : TimelineActions()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

const TimelineActionInfo& ActionInfo(const TimelineAction& action) {
  return TimelineActions()[action.index()];
}

}  // namespace chainsim::sim
