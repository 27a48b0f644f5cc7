#include "sim/report/replay_page.h"

#include <string_view>

#include "core/canonical_json.h"
#include "core/check.h"
#include "sim/report/branches.h"
#include "sim/report/replay_assets.h"
#include "sim/report/run_files.h"
#include "sim/scenario/scenario_json.h"

namespace chainsim::sim {
namespace {

// Replaces the first `marker` of `page` by `text`. REQUIRES: it is there.
void Fill(std::string& page, std::string_view marker, std::string_view text) {
  const std::size_t at = page.find(marker);
  CHAINSIM_CHECK(at != std::string::npos);
  page.replace(at, marker.size(), text);
}

Json Columns(std::initializer_list<const char*> names) {
  Json columns = Json::object();
  for (const char* name : names) columns[name] = Json::array();
  return columns;
}

// Columns {dt_ns (time since the record before), node, `value`} of records
// in time order: the time deltas keep long runs' pages small.
template <typename Record, typename Value>
Json TimedColumns(const std::vector<Record>& records, const char* value, Value value_of) {
  Json columns = Columns({"dt_ns", "node", value});
  SimTime last = 0;
  for (const Record& r : records) {
    columns["dt_ns"].push_back(r.time - last);
    columns["node"].push_back(r.node);
    columns[value].push_back(value_of(r));
    last = r.time;
  }
  return columns;
}

Json MetaJson(const Simulation& simulation, const ReplayRecorder& recorder,
              const std::string& version) {
  const Scenario& s = simulation.scenario();
  Json meta;
  meta["name"] = s.name;
  meta["description"] = s.description;
  meta["source"] = s.source;
  meta["seed"] = s.seed;
  meta["version"] = version;
  meta["duration_ns"] = simulation.end_time();
  meta["nodes"] = s.nodes;
  meta["total_nodes"] = simulation.node_count();
  meta["difficulty"] = s.chain.difficulty;
  meta["proof_variant"] = std::string(Name(s.chain.proof_variant));
  meta["fork_choice"] = std::string(Name(s.chain.fork_choice));
  meta["protocol"] = std::string(Name(s.protocol.kind));
  meta["topology"] = std::string(Name(s.network.topology.kind));
  meta["sample_interval_ns"] = s.sample_interval;
  meta["truncated_ns"] =
      recorder.truncated_at() == kNever ? Json(nullptr) : Json(recorder.truncated_at());
  return meta;
}

Json NodesJson(const Simulation& simulation, const ReplayRecorder& recorder) {
  Json nodes;
  nodes["rate"] = recorder.initial_hash_rates();
  nodes["initially_up"] = simulation.scenario().nodes;
  return nodes;
}

Json BlocksJson(const BlockTree& tree, BlockId main_tip) {
  const std::vector<std::uint32_t> branch = BranchOf(tree, main_tip);
  Json blocks = Columns({"hash", "parent", "height", "miner", "time_ns", "branch", "canonical",
                         "proof_span", "amount_spans"});
  for (BlockId id = 0; id < tree.size(); ++id) {
    const BlockRecord& r = tree[id];
    blocks["hash"].push_back(r.block->hash());
    blocks["parent"].push_back(r.parent == kNoBlock ? Json(-1) : Json(r.parent));
    blocks["height"].push_back(r.height);
    blocks["miner"].push_back(r.miner == kNoMiner ? Json(-1) : Json(r.miner));
    blocks["time_ns"].push_back(r.mined_at);
    blocks["branch"].push_back(branch[id]);
    blocks["canonical"].push_back(r.block->canonical_json());
    const EditableSpans spans = FindEditableSpans(*r.block);
    blocks["proof_span"].push_back({spans.proof_begin, spans.proof_end});
    Json amounts = Json::array();
    for (const auto& [begin, end] : spans.amounts) amounts.push_back({begin, end});
    blocks["amount_spans"].push_back(std::move(amounts));
  }
  return blocks;
}

Json TimelineJson(const Scenario& scenario) {
  Json timeline = Json::array();
  for (const TimelineEvent& event : scenario.timeline) {
    // One flat record per event; fields an action does not use keep their
    // empty value.
    std::vector<std::vector<NodeIndex>> groups;
    std::vector<std::string> group_names;
    std::vector<NodeIndex> nodes;
    int count = 0;
    double share = 0.0;
    std::visit(Overloaded{
                   [&](const PartitionAction& a) {
                     groups = a.groups;
                     group_names = a.group_names;
                   },
                   [&](const HealAction&) {},
                   [&](const CrashAction& a) { nodes = a.nodes; },
                   [&](const RestartAction& a) { nodes = a.nodes; },
                   [&](const JoinAction& a) { count = a.count; },
                   [&](const HashShareAction& a) {
                     nodes = a.nodes;
                     share = a.share;
                   },
                   [&](const TransactionAction& a) { nodes = {a.node}; },
                   [&](const ForgeAction& a) { nodes = {a.node}; },
                   [&](const SelfishMineAction& a) { nodes = {a.node}; },
                   [&](const DoubleSpendAction& a) { nodes = {a.node}; },
                   [&](const WithholdAction& a) { nodes = {a.node}; },
                   [&](const EclipseAction& a) {
                     nodes = a.eclipse.attackers;
                     nodes.push_back(a.eclipse.victim);
                   },
               },
               event.action);
    Json e;
    e["time_ns"] = event.at;
    e["action"] = std::string(ActionName(event.action));
    e["groups"] = groups;
    e["group_names"] = group_names;
    e["nodes"] = nodes;
    e["count"] = count;
    e["share"] = share;
    timeline.push_back(std::move(e));
  }
  return timeline;
}

}  // namespace

EditableSpans FindEditableSpans(const Block& block) {
  const std::string_view text = block.canonical_json();
  EditableSpans spans;
  // Keys come sorted: index, previous_hash, proof, timestamp, transactions;
  // nothing before "proof" can contain its key (an integer, a hex string).
  constexpr std::string_view kProof = "\"proof\": ";
  const std::size_t proof = text.find(kProof);
  CHAINSIM_CHECK(proof != std::string::npos);
  spans.proof_begin = proof + kProof.size();
  const std::string proof_text = ToJson(block.proof());  // an integer of any size
  spans.proof_end = spans.proof_begin + proof_text.size();
  CHAINSIM_CHECK(text.compare(spans.proof_begin, spans.proof_end - spans.proof_begin, proof_text) ==
                 0);
  // "transactions" is the last key: its array runs to the closing "]}".
  constexpr std::string_view kTransactions = "\"transactions\": [";
  std::size_t at = text.rfind(kTransactions);
  CHAINSIM_CHECK(at != std::string::npos);
  at += kTransactions.size();
  for (const Json& tx : block.transactions()) {
    const std::string tx_text = ToJson(tx);
    CHAINSIM_CHECK(text.compare(at, tx_text.size(), tx_text) == 0);
    std::pair<std::size_t, std::size_t> amount{0, 0};
    constexpr std::string_view kAmount = "{\"amount\": ";
    if (tx.is_object() && tx.contains("amount") && tx_text.starts_with(kAmount)) {
      // "amount" sorts before every other key of a transaction that has one
      // unless a key sorts before it (e.g. "a"); then it is not editable.
      const std::string value = ToJson(tx["amount"]);
      if (tx_text.compare(kAmount.size(), value.size(), value) == 0) {
        amount = {at + kAmount.size(), at + kAmount.size() + value.size()};
      }
    }
    spans.amounts.push_back(amount);
    at += tx_text.size() + 2;  // ", "
  }
  return spans;
}

Json ReplayData(const Simulation& simulation, const RunReport& report,
                const ReplayRecorder& recorder, const std::string& version) {
  Json data;
  data["format"] = 1;
  data["meta"] = MetaJson(simulation, recorder, version);
  data["nodes"] = NodesJson(simulation, recorder);
  data["network"] = NetworkJson(simulation);
  data["blocks"] = BlocksJson(simulation.tree(), report.summary.main_tip);

  data["tips"] = TimedColumns(recorder.tips(), "block",
                              [](const ReplayRecorder::TipRecord& r) { return Json(r.tip); });
  Json ups = Columns({"time_ns", "node", "up"});
  for (const ReplayRecorder::UpRecord& r : recorder.up_changes()) {
    ups["time_ns"].push_back(r.time);
    ups["node"].push_back(r.node);
    ups["up"].push_back(r.up ? 1 : 0);
  }
  data["ups"] = std::move(ups);
  data["pending"] = TimedColumns(recorder.pending(), "tx",
                                 [](const ReplayRecorder::PendingRecord& r) { return Json(r.tx); });
  data["transactions"] = recorder.transactions();

  Json rates = Columns({"time_ns", "node", "rate"});
  for (const ReplayRecorder::HashRateRecord& r : recorder.hash_rates()) {
    rates["time_ns"].push_back(r.time);
    rates["node"].push_back(r.node);
    rates["rate"].push_back(r.rate);
  }
  data["rates"] = std::move(rates);
  data["timeline"] = TimelineJson(simulation.scenario());

  Json reorgs = Columns({"time_ns", "node", "depth", "new_tip"});
  for (const ReorgRecord& r : simulation.metrics().reorgs()) {
    reorgs["time_ns"].push_back(r.time);
    reorgs["node"].push_back(r.node);
    reorgs["depth"].push_back(r.depth);
    reorgs["new_tip"].push_back(r.new_tip);
  }
  data["reorgs"] = std::move(reorgs);

  Json narration = Columns({"time_ns", "kind", "text"});
  for (const NarrationLine& line : recorder.narration()) {
    narration["time_ns"].push_back(line.time);
    narration["kind"].push_back(Name(line.kind));
    narration["text"].push_back(line.text);
  }
  data["narration"] = std::move(narration);
  data["summary"] = RunReportToJson(report);
  // The wall-clock figures would make two pages of the same run differ.
  data["summary"]["run"].erase("wall_s");
  data["summary"]["run"].erase("events_per_s");
  return data;
}

void WriteReplayPage(std::ostream& out, const Simulation& simulation, const RunReport& report,
                     const ReplayRecorder& recorder, const std::string& version) {
  std::string data = ReplayData(simulation, report, recorder, version).dump();
  // Inside <script>, "<" may only appear escaped ("</script>", "<!--").
  std::string escaped;
  escaped.reserve(data.size() + 64);
  for (const char c : data) {
    if (c == '<') {
      escaped += "\\u003c";
    } else {
      escaped += c;
    }
  }
  std::string page(ReplayHtmlTemplate());
  Fill(page, "/*CHAINSIM_CSS*/", ReplayCss());
  Fill(page, "/*CHAINSIM_JS*/", ReplayJs());
  Fill(page, "\"CHAINSIM_DATA\"", escaped);
  out << page;
}

}  // namespace chainsim::sim
