#include "sim/scenario/scenario_json.h"

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

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

OJson TopologyJson(const TopologyConfig& topology) {
  OJson out;
  out["kind"] = Name(topology.kind);
  switch (topology.kind) {
    case TopologyKind::kGrid:
      out["columns"] = topology.grid_columns;
      break;
    case TopologyKind::kRandomRegular:
      out["degree"] = topology.degree;
      break;
    case TopologyKind::kErdosRenyi:
      out["probability"] = topology.edge_probability;
      break;
    case TopologyKind::kSmallWorld:
      out["degree"] = topology.degree;
      out["rewire"] = topology.rewire_probability;
      break;
    case TopologyKind::kScaleFree:
      out["attachment"] = topology.attachment;
      break;
    case TopologyKind::kEdgeList: {
      OJson edges = OJson::array();
      for (const auto& [a, b] : topology.edges) edges.push_back(OJson::array({a, b}));
      out["edges"] = edges;
      break;
    }
    case TopologyKind::kRegions:
      out["table"] = topology.regions;
      break;
    default:
      break;
  }
  return out;
}

OJson LatencyJson(const LatencyConfig& latency) {
  OJson out;
  out["law"] = Name(latency.law);
  switch (latency.law) {
    case LatencyLaw::kUniform:
      out["min"] = FormatDurationValue(latency.min);
      out["max"] = FormatDurationValue(latency.max);
      break;
    case LatencyLaw::kNormal:
      out["mean"] = FormatDurationValue(latency.mean);
      out["stddev"] = FormatDurationValue(latency.stddev);
      break;
    case LatencyLaw::kParetoMean:
      out["mean"] = FormatDurationValue(latency.mean);
      out["shape"] = latency.shape;
      break;
    default:
      out["mean"] = FormatDurationValue(latency.mean);
      break;
  }
  return out;
}

OJson EventJson(const TimelineEvent& event) {
  OJson out;
  out["at"] = FormatDurationValue(event.at);
  const std::string action(Name(event.action));
  switch (event.action) {
    case TimelineAction::kPartition: {
      OJson groups = OJson::object();
      for (std::size_t i = 0; i < event.group_names.size() && i < event.groups.size(); ++i) {
        groups[event.group_names[i]] = NodeSetJson(event.groups[i]);
      }
      out[action] = groups;
      break;
    }
    case TimelineAction::kHeal:
      out[action] = true;
      break;
    case TimelineAction::kCrash:
    case TimelineAction::kRestart:
      out[action] = NodeSetJson(event.nodes);
      break;
    case TimelineAction::kJoin:
      out[action] = OJson{{"count", event.count}, {"peers", event.peers}};
      break;
    case TimelineAction::kHashRate:
      out[action] = OJson{{"nodes", NodeSetJson(event.nodes)}, {"share", event.hash_share}};
      break;
    case TimelineAction::kTransaction: {
      OJson tx;
      tx["node"] = event.nodes.empty() ? 0U : event.nodes[0];
      const Json& t = event.transaction;
      tx["sender"] = t.is_object() ? t.value("sender", std::string()) : std::string();
      tx["recipient"] = t.is_object() ? t.value("recipient", std::string()) : std::string();
      tx["amount"] = OJson::parse((t.is_object() ? t.value("amount", Json(0)) : Json(0)).dump());
      out[action] = tx;
      break;
    }
    case TimelineAction::kForge:
      out[action] = OJson{{"node", event.nodes.empty() ? 0U : event.nodes[0]},
                          {"depth", event.forgery.depth},
                          {"amount", event.forgery.amount},
                          {"extra_blocks", event.forgery.extra_blocks}};
      break;
  }
  return out;
}

OJson Ordered(const Scenario& s) {
  OJson out;
  out["name"] = s.name;
  out["description"] = s.description;
  out["seed"] = s.seed;
  out["duration"] = FormatDurationValue(s.duration);
  out["nodes"] = s.nodes;
  out["start_timestamp"] = s.start_timestamp;
  out["chain"] = OJson{{"difficulty", s.chain.difficulty},
                       {"proof", Name(s.chain.proof_variant)},
                       {"fork_choice", Name(s.chain.fork_choice)}};
  OJson mining;
  mining["mode"] = Name(s.mining.mode);
  if (s.mining.hash_rate > 0.0) {
    mining["hash_rate"] = FormatRate(s.mining.hash_rate);
  } else {
    mining["block_interval"] = FormatDurationValue(s.mining.block_interval);
  }
  if (s.mining.miners < 0) {
    mining["miners"] = "all";
  } else {
    mining["miners"] = s.mining.miners;
  }
  mining["hash_shares"] = s.mining.hash_shares;
  mining["max_blocks"] = s.mining.max_blocks;
  out["mining"] = mining;
  OJson network;
  network["topology"] = TopologyJson(s.network.topology);
  network["latency"] = LatencyJson(s.network.latency);
  network["bandwidth"] = OJson{{"up", FormatBitRate(s.network.upload_bps)},
                               {"down", FormatBitRate(s.network.download_bps)}};
  network["loss"] = s.network.loss;
  out["network"] = network;
  OJson protocol;
  protocol["kind"] = Name(s.protocol.kind);
  protocol["resolve_interval"] = FormatDurationValue(s.protocol.resolve_interval);
  protocol["resolve_on_announce"] = s.protocol.resolve_on_announce;
  protocol["request_timeout"] = FormatDurationValue(s.protocol.request_timeout);
  if (s.protocol.block_wire_size == 0) {
    protocol["block_size"] = 0;
  } else {
    protocol["block_size"] = FormatDataSize(s.protocol.block_wire_size);
  }
  protocol["requeue_lost_transactions"] = s.protocol.requeue_lost_transactions;
  out["protocol"] = protocol;
  out["workload"] = OJson{{"transactions", FormatRate(s.workload.transaction_rate)}};
  OJson timeline = OJson::array();
  for (const TimelineEvent& event : s.timeline) timeline.push_back(EventJson(event));
  out["timeline"] = timeline;
  out["sample_interval"] = FormatDurationValue(s.sample_interval);
  return out;
}

// Sections are block maps; maps deeper down and lists are flow style, except
// the timeline, which lists one flow-style event per line.
void Emit(YAML::Emitter& out, const OJson& value, int depth, bool block_list) {
  switch (value.type()) {
    case OJson::value_t::object:
      if (depth >= 2) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& [key, item] : value.items()) {
        out << YAML::Key << key << YAML::Value;
        Emit(out, item, depth + 1, depth == 0 && key == "timeline");
      }
      out << YAML::EndMap;
      break;
    case OJson::value_t::array:
      if (!block_list) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& item : value) Emit(out, item, depth + 1, false);
      out << YAML::EndSeq;
      break;
    case OJson::value_t::string:
      out << value.get<std::string>();
      break;
    case OJson::value_t::boolean:
      out << value.get<bool>();
      break;
    case OJson::value_t::number_integer:
      out << value.get<std::int64_t>();
      break;
    case OJson::value_t::number_unsigned:
      out << value.get<std::uint64_t>();
      break;
    case OJson::value_t::number_float:
      out << FormatShortestDouble(value.get<double>());
      break;
    default:
      out << YAML::Null;
      break;
  }
}

}  // namespace

Json ScenarioToJson(const Scenario& scenario) { return Json::parse(Ordered(scenario).dump()); }

std::string ScenarioToYaml(const Scenario& scenario) {
  YAML::Emitter out;
  Emit(out, Ordered(scenario), 0, false);
  return std::string(out.c_str()) + "\n";
}

}  // namespace chainsim::sim
