#include "sim/scenario/scenario_loader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <limits>
#include <numeric>
#include <sstream>
#include <vector>

#include "sim/scenario/input_file.h"
#include "sim/scenario/scenario_limits.h"
#include "sim/scenario/timeline_actions.h"
#include "sim/scenario/timeline_check.h"
#include "sim/scenario/topology_kinds.h"
#include "sim/scenario/units.h"
#include "sim/scenario/value_reader.h"
#include "sim/scenario/yaml_map.h"

namespace chainsim::sim {
namespace {

// Keys of each section, for "belongs under" hints on misplaced keys.
const std::vector<KeyHome>& SectionHomes() {
  static const std::vector<KeyHome> kHomes = {
      {"chain", {"difficulty", "proof", "fork_choice", "retarget"}},
      {"mining", {"mode", "block_interval", "hash_rate", "miners", "hash_shares", "max_blocks"}},
      {"network", {"topology", "latency", "bandwidth", "loss", "processing", "retransmit"}},
      {"protocol",
       {"resolve_interval", "resolve_on_announce", "request_timeout", "block_size",
        "requeue_lost_transactions", "transaction_relay", "compact_blocks"}},
      {"workload", {"transactions"}},
  };
  return kHomes;
}

// Records where each document of a YAML stream starts and where its first
// value is, without building the documents.
class DocumentMarks : public YAML::EventHandler {
 public:
  struct Document {
    YAML::Mark start;
    YAML::Mark first_value;
    bool has_value = false;
  };
  std::vector<Document> documents;

  void OnDocumentStart(const YAML::Mark& mark) override { documents.push_back({mark, mark}); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override { Value(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override { Value(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                const std::string& /*value*/) override {
    Value(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/,
                       YAML::anchor_t /*anchor*/, YAML::EmitterStyle::value /*style*/) override {
    Value(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                  YAML::EmitterStyle::value /*style*/) override {
    Value(mark);
  }
  void OnMapEnd() override {}

 private:
  void Value(const YAML::Mark& mark) {
    if (!documents.empty() && !documents.back().has_value) {
      documents.back().first_value = mark;
      documents.back().has_value = true;
    }
  }
};

class Loader {
 public:
  explicit Loader(std::string source) : source_(std::move(source)), reader_(source_) {}

  Scenario Load(std::string_view text);

 private:
  YAML::Node ParseOneDocument(const std::string& text) const;
  void ReadChain(const YAML::Node& node, ChainRules& chain);
  void ReadMining(const YAML::Node& node, int nodes, MiningConfig& mining);
  void ReadNetwork(const YAML::Node& node, int nodes, NetworkConfig& network);
  void ReadTopology(const YAML::Node& node, int nodes, TopologyConfig& topology);
  void ReadLatency(const YAML::Node& node, LatencyConfig& latency);
  void ReadProtocol(const YAML::Node& node, ProtocolConfig& protocol);
  void ReadTimeline(const YAML::Node& node, Scenario& scenario);

  YamlMap Map(const YAML::Node& node, const std::string& path, const Keys& allowed,
              std::string_view what) const {
    return YamlMap::Read(source_, node, path, allowed, what);
  }

  YamlSource source_;
  ValueReader reader_;
};

// The document of a one-document YAML stream (null when empty). The stream
// is walked event by event first, at most two documents deep: yaml-cpp 0.7's
// LoadAll never ends on some malformed streams (a lone ","), where the
// parser reports document after document without moving on.
YAML::Node Loader::ParseOneDocument(const std::string& text) const {
  try {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    DocumentMarks marks;
    for (int i = 0; i < 2 && parser.HandleNextDocument(marks); ++i) {
    }
    if (marks.documents.size() > 1) {
      const DocumentMarks::Document& first = marks.documents[0];
      const DocumentMarks::Document& second = marks.documents[1];
      if (second.start.pos == first.start.pos) {
        const std::size_t at = static_cast<std::size_t>(std::max(0, second.start.pos));
        const std::string found = at < text.size() ? "'" + text.substr(at, 1) + "'" : "text";
        source_.FailAt(second.start, "YAML syntax error: unexpected " + found);
      }
      source_.FailAt(second.first_value, "a second YAML document (expected one scenario per file)");
    }
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    source_.FailAt(e.mark, "YAML syntax error: " + e.msg);
  }
}

void Loader::ReadChain(const YAML::Node& node, ChainRules& chain) {
  const YamlMap map =
      Map(node, "chain", {"difficulty", "proof", "fork_choice", "retarget"}, "chain");
  if (const YamlEntry* e = map.Find("difficulty")) {
    chain.difficulty =
        static_cast<int>(reader_.Integer(e->value, "chain.difficulty", 0, kMaxSimDifficulty));
  }
  if (const YamlEntry* e = map.Find("proof")) {
    const Result<ProofVariant> variant = ParseProofVariant(reader_.Text(e->value, "chain.proof"));
    if (!variant) source_.Fail(e->value, "chain.proof", variant.error().message);
    chain.proof_variant = *variant;
  }
  if (const YamlEntry* e = map.Find("fork_choice")) {
    const Result<ForkChoice> choice = ParseForkChoice(reader_.Text(e->value, "chain.fork_choice"));
    if (!choice) source_.Fail(e->value, "chain.fork_choice", choice.error().message);
    chain.fork_choice = *choice;
  }
  if (const YamlEntry* e = map.Find("retarget")) {
    // retarget: {every: N, target_interval: <duration>}; both required.
    const YamlMap retarget =
        Map(e->value, "chain.retarget", {"every", "target_interval"}, "chain.retarget");
    const YamlEntry* every = retarget.Find("every");
    const YamlEntry* interval = retarget.Find("target_interval");
    if (every == nullptr || interval == nullptr) {
      source_.Fail(e->value, "chain.retarget",
                   "needs both 'every' (blocks per period) and 'target_interval' (a duration)");
    }
    chain.retarget.every = static_cast<int>(
        reader_.Integer(every->value, "chain.retarget.every", 1, kMaxRetargetEvery));
    const SimTime target =
        reader_.Duration(interval->value, "chain.retarget.target_interval", kNanosecond);
    if (target < kMillisecond || target % kMillisecond != 0 ||
        ToSeconds(target) > kMaxTargetInterval) {
      source_.Fail(interval->value, "chain.retarget.target_interval",
                   "must be whole milliseconds, from 1ms to 1e9 s");
    }
    chain.retarget.target_interval = ToSeconds(target);
  }
}

void Loader::ReadMining(const YAML::Node& node, int nodes, MiningConfig& mining) {
  const YamlMap map =
      Map(node, "mining",
          {"mode", "block_interval", "hash_rate", "miners", "hash_shares", "max_blocks"}, "mining");
  if (const YamlEntry* e = map.Find("mode")) {
    mining.mode =
        reader_.Choice(e->value, "mining.mode", {MiningMode::kExponential, MiningMode::kRace});
  }
  const YamlEntry* interval = map.Find("block_interval");
  const YamlEntry* hash_rate = map.Find("hash_rate");
  if (interval != nullptr && hash_rate != nullptr) {
    source_.FailAt(hash_rate->key.Mark(),
                   "mining: both block_interval and hash_rate are given (expected one of them: "
                   "block_interval sets the mean time between blocks, hash_rate derives it from "
                   "the difficulty)");
  }
  if (interval != nullptr) {
    mining.block_interval = reader_.Duration(interval->value, "mining.block_interval", kNanosecond);
  }
  if (hash_rate != nullptr) {
    mining.hash_rate = reader_.Unit(hash_rate->value, "mining.hash_rate", kRateUnit);
    if (mining.hash_rate <= 0.0) {
      source_.Fail(hash_rate->value, "mining.hash_rate",
                   "a hash rate of 0 mines nothing (expected hashes per second > 0, e.g. "
                   "200000/s)");
    }
  }
  if (const YamlEntry* e = map.Find("miners")) {
    if (e->value.IsScalar() && e->value.Scalar() == "all") {
      mining.miners = -1;
    } else {
      if (!e->value.IsScalar() ||
          e->value.Scalar().find_first_not_of("0123456789") != std::string::npos) {
        source_.Fail(e->value, "mining.miners",
                     "got " + Describe(e->value) +
                         " (expected all, or a count from 0 to the node count " +
                         std::to_string(nodes) + ")");
      }
      mining.miners = static_cast<int>(reader_.Integer(e->value, "mining.miners", 0, nodes));
    }
  }
  const int miner_count = mining.miners < 0 ? nodes : mining.miners;
  if (const YamlEntry* e = map.Find("hash_shares")) {
    const std::string path = "mining.hash_shares";
    if (!e->value.IsSequence()) {
      source_.Fail(e->value, path,
                   "got " + Describe(e->value) + " (expected a list of " +
                       std::to_string(miner_count) + " non-negative numbers, one per miner)");
    }
    mining.hash_shares.clear();
    for (const YAML::Node& share : e->value) {
      mining.hash_shares.push_back(
          reader_.Number(share, path + "[" + std::to_string(mining.hash_shares.size()) + "]", 0.0,
                         std::numeric_limits<double>::max(), "a non-negative relative hash power"));
    }
    if (!mining.hash_shares.empty() &&
        mining.hash_shares.size() != static_cast<std::size_t>(miner_count)) {
      source_.Fail(e->value, path,
                   "has " + std::to_string(mining.hash_shares.size()) + " shares for " +
                       std::to_string(miner_count) + " miners (expected one share per miner)");
    }
    const double total = std::accumulate(mining.hash_shares.begin(), mining.hash_shares.end(), 0.0);
    if (!mining.hash_shares.empty() && !(total > 0.0)) {
      source_.Fail(e->value, path, "all shares are 0 (expected at least one share > 0)");
    }
  }
  if (const YamlEntry* e = map.Find("max_blocks")) {
    mining.max_blocks =
        reader_.Integer(e->value, "mining.max_blocks", 0, std::numeric_limits<std::int64_t>::max());
  }
}

void Loader::ReadTopology(const YAML::Node& node, int nodes, TopologyConfig& topology) {
  const std::string path = "network.topology";
  std::vector<TopologyKind> kinds;
  std::vector<std::string> names;
  for (const TopologyKindInfo& info : TopologyKinds()) {
    kinds.push_back(info.kind);
    names.emplace_back(info.name);
  }
  if (node.IsScalar()) {  // "topology: ring"
    topology.kind = reader_.Choice(node, path, kinds);
  } else {
    if (!node.IsMap()) {
      source_.Fail(node, path,
                   "got " + Describe(node) + " (expected a kind such as ring, or a map with kind)");
    }
    const YAML::Node kind_node = node["kind"];
    if (!kind_node) {
      const std::string last = names.back();
      names.pop_back();
      source_.Fail(
          node, path,
          "missing key 'kind' (expected kind: " + JoinWords(names, ", ") + " or " + last + ")");
    }
    topology.kind = reader_.Choice(kind_node, path + ".kind", kinds);
  }
  const TopologyKindInfo& info = KindInfo(topology.kind);
  Keys allowed = {"kind"};
  allowed.insert(allowed.end(), info.keys.begin(), info.keys.end());
  const YamlMap map = node.IsMap() ? Map(node, path, allowed,
                                         "network.topology (kind " + std::string(info.name) + ")")
                                   : YamlMap(node, path);
  info.read(reader_, map, nodes, topology);
}

void Loader::ReadLatency(const YAML::Node& node, LatencyConfig& latency) {
  const std::string path = "network.latency";
  if (node.IsScalar()) {  // "latency: 100ms" is a constant latency
    latency.law = LatencyLaw::kConstant;
    latency.mean = reader_.Duration(node, path, 0);
    return;
  }
  if (!node.IsMap()) {
    source_.Fail(
        node, path,
        "got " + Describe(node) + " (expected a duration such as 100ms, or a map with law)");
  }
  const YAML::Node law_node = node["law"];
  if (!law_node) {
    source_.Fail(node, path,
                 "missing key 'law' (expected law: constant, uniform, normal, exponential or "
                 "pareto-mean)");
  }
  latency.law = reader_.Choice(law_node, path + ".law",
                               {LatencyLaw::kConstant, LatencyLaw::kUniform, LatencyLaw::kNormal,
                                LatencyLaw::kExponential, LatencyLaw::kParetoMean});
  Keys allowed = {"law", "mean"};
  if (latency.law == LatencyLaw::kUniform) allowed = {"law", "min", "max"};
  if (latency.law == LatencyLaw::kNormal) allowed = {"law", "mean", "stddev"};
  if (latency.law == LatencyLaw::kParetoMean) allowed = {"law", "mean", "shape"};
  const YamlMap map =
      Map(node, path, allowed, "network.latency (law " + std::string(Name(latency.law)) + ")");
  if (const YamlEntry* e = map.Find("mean")) {
    latency.mean = reader_.Duration(e->value, path + ".mean", 0);
  }
  if (latency.law == LatencyLaw::kUniform) {
    const std::string expected = "min and max of the uniform law, e.g. min: 50ms, max: 150ms";
    const YamlEntry& min = map.Require(source_, "min", expected);
    const YamlEntry& max = map.Require(source_, "max", expected);
    latency.min = reader_.Duration(min.value, path + ".min", 0);
    latency.max = reader_.Duration(max.value, path + ".max", 0);
    if (latency.max < latency.min) {
      source_.Fail(max.value, path + ".max",
                   FormatDurationValue(latency.max) + " is below min " +
                       FormatDurationValue(latency.min) + " (expected min <= max)");
    }
    latency.mean = latency.min + (latency.max - latency.min) / 2;
  }
  if (const YamlEntry* e = map.Find("stddev")) {
    latency.stddev = reader_.Duration(e->value, path + ".stddev", 0);
  }
  if (latency.law == LatencyLaw::kParetoMean) {
    if (const YamlEntry* shape = map.Find("shape")) {
      latency.shape = reader_.Number(shape->value, path + ".shape", 0.0, 1e9,
                                     "0 for the regions rule, or a shape > 1");
      if (latency.shape != 0.0 && latency.shape <= 1.0) {
        source_.Fail(shape->value, path + ".shape",
                     shape->value.Scalar() +
                         " has no finite mean (expected 0 for the regions rule, or a shape > 1)");
      }
    }
    if (latency.shape != 0.0 && latency.mean <= 0) {
      const YamlEntry* mean = map.Find("mean");
      source_.Fail(mean != nullptr ? mean->value : node, path + ".mean",
                   "a Pareto law needs a mean above 0 (expected mean > 0)");
    }
    if (latency.shape == 0.0 && latency.mean <= 5 * kMillisecond) {
      const YamlEntry* mean = map.Find("mean");
      source_.Fail(mean != nullptr ? mean->value : node, path + ".mean",
                   "the regions rule (scale = mean - 5ms, shape = 0.2 * mean in ms) needs a mean "
                   "above 5ms (expected mean > 5ms, or a shape > 1)");
    }
  }
}

void Loader::ReadNetwork(const YAML::Node& node, int nodes, NetworkConfig& network) {
  const YamlMap map =
      Map(node, "network", {"topology", "latency", "bandwidth", "loss", "processing", "retransmit"},
          "network");
  if (const YamlEntry* e = map.Find("topology")) ReadTopology(e->value, nodes, network.topology);
  if (const YamlEntry* e = map.Find("latency")) ReadLatency(e->value, network.latency);
  if (const YamlEntry* e = map.Find("bandwidth")) {
    if (e->value.IsScalar()) {
      network.upload_bps = network.download_bps =
          reader_.Unit(e->value, "network.bandwidth", kBitRateUnit);
    } else {
      if (!e->value.IsMap()) {
        source_.Fail(e->value, "network.bandwidth",
                     "got " + Describe(e->value) +
                         " (expected a bit rate such as 10 Mbit/s, or a map with up and down)");
      }
      const YamlMap bandwidth =
          Map(e->value, "network.bandwidth", {"up", "down"}, "network.bandwidth");
      if (const YamlEntry* up = bandwidth.Find("up")) {
        network.upload_bps = reader_.Unit(up->value, "network.bandwidth.up", kBitRateUnit);
      }
      if (const YamlEntry* down = bandwidth.Find("down")) {
        network.download_bps = reader_.Unit(down->value, "network.bandwidth.down", kBitRateUnit);
      }
    }
  }
  if (const YamlEntry* e = map.Find("loss")) {
    network.loss = reader_.Unit(e->value, "network.loss", kProbabilityUnit);
  }
  if (const YamlEntry* e = map.Find("processing")) {
    if (e->value.IsMap()) {
      const YamlMap processing =
          Map(e->value, "network.processing", {"message", "block"}, "network.processing");
      if (const YamlEntry* m = processing.Find("message")) {
        network.processing = reader_.Duration(m->value, "network.processing.message", 0);
      }
      if (const YamlEntry* b = processing.Find("block")) {
        network.block_processing = reader_.Duration(b->value, "network.processing.block", 0);
      }
    } else {
      network.processing = network.block_processing =
          reader_.Duration(e->value, "network.processing", 0);
    }
  }
  if (const YamlEntry* e = map.Find("retransmit")) {
    if (e->value.IsMap()) {
      const YamlMap retransmit =
          Map(e->value, "network.retransmit", {"attempts", "timeout"}, "network.retransmit");
      network.retransmit_attempts = kDefaultRetransmitAttempts;
      if (const YamlEntry* a = retransmit.Find("attempts")) {
        network.retransmit_attempts = static_cast<int>(
            reader_.Integer(a->value, "network.retransmit.attempts", 0, kMaxRetransmitAttempts));
      }
      if (const YamlEntry* t = retransmit.Find("timeout")) {
        network.retransmit_timeout =
            reader_.Duration(t->value, "network.retransmit.timeout", kMillisecond);
      }
    } else {
      network.retransmit_attempts =
          reader_.Bool(e->value, "network.retransmit") ? kDefaultRetransmitAttempts : 0;
    }
  }
}

void Loader::ReadProtocol(const YAML::Node& node, ProtocolConfig& protocol) {
  const YamlMap map =
      Map(node, "protocol",
          {"kind", "resolve_interval", "resolve_on_announce", "request_timeout", "block_size",
           "requeue_lost_transactions", "transaction_relay", "compact_blocks"},
          "protocol");
  if (const YamlEntry* e = map.Find("kind")) {
    protocol.kind =
        reader_.Choice(e->value, "protocol.kind", {ProtocolKind::kPull, ProtocolKind::kPush});
  }
  if (const YamlEntry* e = map.Find("resolve_interval")) {
    protocol.resolve_interval = reader_.Duration(e->value, "protocol.resolve_interval", 0);
  }
  if (const YamlEntry* e = map.Find("resolve_on_announce")) {
    protocol.resolve_on_announce = reader_.Bool(e->value, "protocol.resolve_on_announce");
  }
  if (const YamlEntry* e = map.Find("request_timeout")) {
    protocol.request_timeout = reader_.Duration(e->value, "protocol.request_timeout", kNanosecond);
  }
  if (const YamlEntry* e = map.Find("block_size")) {
    protocol.block_wire_size =
        static_cast<std::size_t>(reader_.Unit(e->value, "protocol.block_size", kDataSizeUnit));
  }
  if (const YamlEntry* e = map.Find("requeue_lost_transactions")) {
    protocol.requeue_lost_transactions =
        reader_.Bool(e->value, "protocol.requeue_lost_transactions");
  }
  if (const YamlEntry* e = map.Find("transaction_relay")) {
    protocol.transaction_relay = reader_.Bool(e->value, "protocol.transaction_relay");
  }
  if (const YamlEntry* e = map.Find("compact_blocks")) {
    // true / false, or a map of settings (which turns it on).
    CompactBlockConfig& compact = protocol.compact_blocks;
    if (!e->value.IsMap()) {
      compact.enabled = reader_.Bool(e->value, "protocol.compact_blocks");
    } else {
      const YamlMap settings =
          Map(e->value, "protocol.compact_blocks",
              {"size", "churn_share", "control_failure_rate", "churn_failure_rate"},
              "protocol.compact_blocks");
      compact.enabled = true;
      if (const YamlEntry* s = settings.Find("size")) {
        compact.size = static_cast<std::size_t>(
            reader_.Unit(s->value, "protocol.compact_blocks.size", kDataSizeUnit));
      }
      const auto probability = [&](const char* key, double& out) {
        if (const YamlEntry* s = settings.Find(key)) {
          out = reader_.Number(s->value, std::string("protocol.compact_blocks.") + key, 0.0, 1.0,
                               "a probability from 0 to 1");
        }
      };
      probability("churn_share", compact.churn_share);
      probability("control_failure_rate", compact.control_failure_rate);
      probability("churn_failure_rate", compact.churn_failure_rate);
    }
    if (compact.enabled && protocol.kind != ProtocolKind::kPush) {
      source_.Fail(e->value, "protocol.compact_blocks",
                   "compact block relay needs the push protocol (protocol.kind: push)");
    }
  }
}

// Reads each event on its own (its time and its one action, through the
// table of actions), then hands them to the timeline check.
void Loader::ReadTimeline(const YAML::Node& node, Scenario& scenario) {
  if (node.IsNull()) return;
  if (!node.IsSequence()) {
    source_.Fail(node, "timeline",
                 "got " + Describe(node) +
                     " (expected a list of events such as "
                     "- {at: 10min, crash: [3]})");
  }
  Keys actions;
  for (const TimelineActionInfo& info : TimelineActions()) actions.push_back(info.name);
  Keys event_keys = {"at"};
  event_keys.insert(event_keys.end(), actions.begin(), actions.end());
  std::vector<TimelineEvent> events;
  std::vector<EventSource> sources;
  for (const YAML::Node& item : node) {
    const std::string path = "timeline[" + std::to_string(events.size()) + "]";
    if (!item.IsMap()) {
      source_.Fail(
          item, path,
          "got " + Describe(item) + " (expected an event such as {at: 10min, crash: [3]})");
    }
    const YamlMap map = Map(item, path, event_keys, path);
    TimelineEvent event;
    EventSource where;
    where.mark = item.Mark();
    where.path = path;
    event.line = item.Mark().line + 1;
    const YamlEntry& at = map.Require(source_, "at", "at: the time of the event, e.g. at: 10min");
    event.at = reader_.Duration(at.value, path + ".at", 0);
    if (event.at > scenario.duration) {
      source_.Fail(at.value, path + ".at",
                   FormatDurationValue(event.at) +
                       " is after the end of the run (expected a time from 0s to the duration, " +
                       FormatDurationValue(scenario.duration) + ")");
    }
    std::vector<std::string> named;
    for (const std::string& key : map.order()) {
      if (key != "at") named.push_back(key);
    }
    if (named.empty()) {
      source_.Fail(item, path,
                   "the event has no action (expected one of: " + JoinWords(actions, ", ") + ")");
    }
    if (named.size() > 1) {
      source_.FailAt(map.Find(named[1])->key.Mark(),
                     path + ": two actions, '" + named[0] + "' and '" + named[1] +
                         "', in one event (expected one action per event; write two events)");
    }
    const TimelineActionInfo& info = *FindTimelineAction(named[0]);
    ActionContext context{reader_, scenario, map.Find(named[0])->value, path + "." + named[0],
                          where,   info.keys};
    event.action = info.read(context);
    events.push_back(std::move(event));
    sources.push_back(std::move(where));
  }
  scenario.timeline = CheckTimeline(source_, node, scenario.nodes, std::move(events), sources);
}

Scenario Loader::Load(std::string_view text) {
  Scenario scenario;
  scenario.source = source_.name();
  if (text.size() > kMaxScenarioFileBytes) {
    source_.FailAt(YAML::Mark::null_mark(),
                   "the text is larger than " + std::to_string(kMaxScenarioFileBytes) +
                       " bytes (expected a scenario file of at most that size)");
  }
  const YAML::Node root = ParseOneDocument(std::string(text));
  if (root.IsNull()) return scenario;
  const YamlMap map =
      YamlMap::Read(source_, root, "",
                    {"name", "description", "seed", "duration", "nodes", "start_timestamp", "chain",
                     "mining", "network", "protocol", "workload", "timeline", "sample_interval"},
                    "the scenario", SectionHomes());
  if (const YamlEntry* e = map.Find("name")) {
    scenario.name = reader_.Text(e->value, "name");
    if (scenario.name.empty() || scenario.name.find('\n') != std::string::npos) {
      source_.Fail(e->value, "name", "expected a non-empty name on one line");
    }
  }
  if (const YamlEntry* e = map.Find("description")) {
    scenario.description = e->value.IsNull() ? "" : reader_.Text(e->value, "description");
  }
  if (const YamlEntry* e = map.Find("seed")) scenario.seed = reader_.Unsigned64(e->value, "seed");
  if (const YamlEntry* e = map.Find("duration")) {
    scenario.duration = reader_.Duration(e->value, "duration", kNanosecond);
  }
  if (const YamlEntry* e = map.Find("nodes")) {
    scenario.nodes = static_cast<int>(reader_.Integer(e->value, "nodes", 1, kMaxNodes));
  }
  if (const YamlEntry* e = map.Find("start_timestamp")) {
    scenario.start_timestamp = reader_.Number(e->value, "start_timestamp", 0.0, 1e12,
                                              "epoch seconds from 0 to 1e12, e.g. 1795491520");
  }
  if (const YamlEntry* e = map.Find("chain")) ReadChain(e->value, scenario.chain);
  if (const YamlEntry* e = map.Find("mining")) {
    ReadMining(e->value, scenario.nodes, scenario.mining);
  }
  if (const YamlEntry* e = map.Find("network")) {
    ReadNetwork(e->value, scenario.nodes, scenario.network);
  }
  if (const YamlEntry* e = map.Find("protocol")) ReadProtocol(e->value, scenario.protocol);
  if (const YamlEntry* e = map.Find("workload")) {
    const YamlMap workload = Map(e->value, "workload", {"transactions"}, "workload");
    if (const YamlEntry* t = workload.Find("transactions")) {
      scenario.workload.transaction_rate =
          reader_.Unit(t->value, "workload.transactions", kRateUnit);
    }
  }
  if (const YamlEntry* e = map.Find("sample_interval")) {
    scenario.sample_interval = reader_.Duration(e->value, "sample_interval", kNanosecond);
  }
  if (const YamlEntry* e = map.Find("timeline")) ReadTimeline(e->value, scenario);
  return scenario;
}

}  // namespace

Scenario ParseScenario(std::string_view yaml_text, const std::string& source_name) {
  return Loader(source_name).Load(yaml_text);
}

Scenario LoadScenarioFile(const std::string& path) {
  if (path == "-") {
    return ParseScenario(ReadInputFile("/dev/stdin", "a YAML scenario on standard input"),
                         "<stdin>");
  }
  return ParseScenario(ReadInputFile(path, "a readable YAML file"), path);
}

}  // namespace chainsim::sim
