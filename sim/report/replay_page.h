#pragma once
// The replay page: one self-contained HTML file that replays a run in a
// browser, offline (`chainsim run --html PAGE`, and replay.html in every
// --out folder). docs/outputs.md describes what it shows.
//
// The page is a template compiled into the program (sim/report/replay/:
// HTML, CSS and plain JavaScript, no library) with the run's data inlined as
// JSON. The data is what the simulator recorded, never a result the page
// works out again: the scenario, the network and its layout, every block
// (hash, parent, height, miner, time, branch, and its canonical JSON bytes
// with where its proof and amounts stand in them, for tamper mode), every
// tip change, up/down change, pending-transaction change and hash-rate
// change (ReplayRecorder), the timeline, the reorganisations, the narration
// and the summary. ReplayData() documents the fields.
//
// Determinism: the page is a pure function of the run (no wall-clock value
// is written), so the same scenario and seed give a byte-identical page.
// Thread safety: none; call after the run, from the thread that ran it.

#include <ostream>
#include <string>

#include "core/block.h"
#include "core/json.h"
#include "sim/node/simulation.h"
#include "sim/report/replay_recorder.h"
#include "sim/report/run_report.h"

namespace chainsim::sim {

// Where the editable values of a block stand in its canonical JSON: the
// proof, and each transaction's "amount" (half-open byte ranges [begin,
// end); {0, 0} for a transaction that is not an object with an amount).
struct EditableSpans {
  std::size_t proof_begin = 0;
  std::size_t proof_end = 0;
  std::vector<std::pair<std::size_t, std::size_t>> amounts;
};
EditableSpans FindEditableSpans(const Block& block);

// The page's data object (format 1):
//  meta       name, description, source, seed, version, fingerprint,
//             duration_ns, nodes, total_nodes, difficulty, proof_variant,
//             fork_choice, protocol, topology, sample_interval_ns, truncated_ns
//  nodes      {rate (hash rate of each node at time 0), initially_up}
//  network    NetworkJson (sim/report/run_files.h): layout, regions, links
//  blocks     columns {hash, parent, height, miner, time_ns, branch,
//             canonical, proof_span [b, e], amount_spans [[b, e], ...]}
//  tips       columns {dt_ns (time since the previous record), node, block}
//  ups        columns {time_ns, node, up}
//  pending    columns {dt_ns, node, tx (index into transactions, -1 cleared)}
//  transactions  canonical JSON of each transaction
//  rates      columns {time_ns, node, rate}
//  timeline   [{time_ns, action, groups, group_names, nodes, count, share}]
//  reorgs     columns {time_ns, node, depth, new_tip}
//  narration  columns {time_ns, kind, text}
//  summary    RunReportToJson(report)
Json ReplayData(const Simulation& simulation, const RunReport& report,
                const ReplayRecorder& recorder, const std::string& version);

// Writes the whole page.
void WriteReplayPage(std::ostream& out, const Simulation& simulation, const RunReport& report,
                     const ReplayRecorder& recorder, const std::string& version);

}  // namespace chainsim::sim
