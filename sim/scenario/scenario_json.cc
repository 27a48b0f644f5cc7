#include "sim/scenario/scenario_json.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "sim/scenario/timeline_actions.h"
#include "sim/scenario/topology_kinds.h"
#include "sim/scenario/units.h"

namespace chainsim::sim {
namespace {

using OJson = nlohmann::ordered_json;

OJson TopologyJson(const TopologyConfig& topology) {
  const TopologyKindInfo& info = KindInfo(topology.kind);
  OJson out;
  out["kind"] = info.name;
  info.write(topology, out);
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
  const TimelineActionInfo& info = ActionInfo(event.action);
  OJson out;
  out["at"] = FormatDurationValue(event.at);
  out[std::string(info.name)] = info.write(event.action);
  return out;
}

OJson Ordered(const Scenario& s) {
  OJson out;
  out["name"] = ToValidUtf8(s.name);
  out["description"] = ToValidUtf8(s.description);
  out["seed"] = s.seed;
  out["duration"] = FormatDurationValue(s.duration);
  out["nodes"] = s.nodes;
  out["start_timestamp"] = s.start_timestamp;
  out["chain"] = OJson{{"difficulty", s.chain.difficulty},
                       {"proof", Name(s.chain.proof_variant)},
                       {"fork_choice", Name(s.chain.fork_choice)}};
  if (s.chain.retarget.every > 0) {  // only when on: the default's JSON stays as it was
    out["chain"]["retarget"] = OJson{
        {"every", s.chain.retarget.every},
        {"target_interval", FormatDurationValue(FromSeconds(s.chain.retarget.target_interval))}};
  }
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
  network["processing"] = OJson{{"message", FormatDurationValue(s.network.processing)},
                                {"block", FormatDurationValue(s.network.block_processing)}};
  if (s.network.retransmit_attempts == 0) {
    network["retransmit"] = false;
  } else {
    network["retransmit"] = OJson{{"attempts", s.network.retransmit_attempts},
                                  {"timeout", FormatDurationValue(s.network.retransmit_timeout)}};
  }
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
  // Written only when on, so that the resolved form of every scenario made
  // before the option existed stays byte-identical.
  if (s.protocol.transaction_relay) protocol["transaction_relay"] = true;
  if (const CompactBlockConfig& compact = s.protocol.compact_blocks; compact.enabled) {
    protocol["compact_blocks"] =
        OJson{{"size", compact.size == 0 ? OJson(0) : OJson(FormatDataSize(compact.size))},
              {"churn_share", compact.churn_share},
              {"control_failure_rate", compact.control_failure_rate},
              {"churn_failure_rate", compact.churn_failure_rate}};
  }
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
    case OJson::value_t::string: {
      // A control character (a carriage return, say) is a line break or
      // nothing to a YAML reader when plain or single-quoted: only a
      // double-quoted scalar keeps it, as an escape.
      const auto& text = value.get_ref<const std::string&>();
      const bool has_control = std::any_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == '\x7f';
      });
      if (has_control) out << YAML::DoubleQuoted;
      out << text;
      break;
    }
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

Json ScenarioToJson(const Scenario& scenario) {
  Json json(Ordered(scenario));  // not Json{...}: braces would make a one-element array
  return json;
}

std::string ScenarioToYaml(const Scenario& scenario) {
  YAML::Emitter out;
  Emit(out, Ordered(scenario), 0, false);
  return std::string(out.c_str()) + "\n";
}

}  // namespace chainsim::sim
