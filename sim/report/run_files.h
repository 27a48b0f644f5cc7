#pragma once
// RunFiles: what `chainsim run --out DIR` writes, for programs and plots.
//
//   run.json        resolved scenario, seed, version, every summary figure,
//                   timeline, fingerprint (docs/outputs.md)
//   blocks.csv      one row per mined block
//   reorgs.csv      one row per chain switch that discarded blocks
//   timeseries.csv  one row per time-series sample
//   blocks.dot      the global block tree for Graphviz (sim/report/block_dot.h)
//   blocks.svg      the block tree for a 16:9 slide (sim/report/block_svg.h)
//   miners.csv      one row per node that mined a block or has a hash share
//   network.json    the network: node places, regions, hash rates, links,
//                   partition groups
//   edges.csv       the links, one row each (sim/report/network_dot.h)
//   network.dot     the graph for Graphviz: regions, miners, partition groups
//   chain.json      the final main chain as a /chain body (for `chainsim verify`)
//   replay.html     the replay page (sim/report/replay_page.h), when the run
//                   was recorded
// Rendering blocks.svg to PNG needs an outside program: the command line
// does it (apps/cli), not this library.
//
// Every file but run.json's "run" section (wall time, events per second) is a
// pure function of the run: the same scenario and seed give byte-identical
// files. Column meanings: plots/README.md.
// Thread safety: none; call after the run, from the thread that ran it.

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "core/json.h"
#include "sim/node/simulation.h"
#include "sim/report/replay_recorder.h"
#include "sim/report/run_report.h"

namespace chainsim::sim {

// The report of a finished run (Summarize() is called once, here).
RunReport MakeRunReport(const Simulation& simulation, double wall_seconds);

// Exact decimal seconds of a virtual time: "12.345000000" (9 decimals, no
// rounding); "" for kNever.
std::string SecondsText(SimTime t);

// SHA-256 (64 hex characters) over, in order, every block's hash, parent id,
// miner and mining time, then every reorganisation record. Equal for equal
// runs; wall-clock values are not part of it.
std::string RunFingerprint(const BlockTree& tree, const RunMetrics& metrics);

// hash,parent,height,miner,mined_s,transactions,p50_s,p90_s,p100_s,hash50_s,
// hash90_s,hash100_s,main_chain,branch,received50_s,received90_s,
// received100_s (genesis is not a row; p* and hash* are seconds after mining
// until that share of the nodes / of the hash power adopted the block,
// received* until that share of the nodes received it, empty if never;
// branch as sim/report/branches.h numbers them).
void WriteBlocksCsv(std::ostream& out, const BlockTree& tree, const RunMetrics& metrics,
                    BlockId main_tip);
// node,time_s,old_tip,new_tip,old_height,new_height,depth,added,cause
void WriteReorgsCsv(std::ostream& out, const BlockTree& tree, const RunMetrics& metrics);
// time_s,distinct_tips,share_on_top_tip,min_height,max_height,messages,bytes
void WriteTimeseriesCsv(std::ostream& out, const RunMetrics& metrics);

// run.json: {"chainsim_version", "seed", "scenario", "fingerprint",
// "timeline", "disagreements", "miners" (MinerRows as objects),
// ...RunReportToJson(report)}.
Json RunJson(const Simulation& simulation, const RunReport& report, const std::string& version);

// network.json: {"topology", "nodes": [{"x", "y", "region", "hash_rate"}],
// "region_names", "links": [[a, b], ...], "partitions": [{"time_s",
// "groups": [{"name", "nodes"}]}]}: the final topology, the layout of
// sim/report/network_layout.h, each node's hash rate at the end and the
// timeline's partitions.
Json NetworkJson(const Simulation& simulation);

// A miner's figures (docs/metrics.md, "Miners") with its share of the run's
// hash rate at the end.
struct MinerRow {
  MinerFigures figures;
  double hash_share = 0.0;
};
// The nodes that mined a block or have a hash rate at the end, in node order.
std::vector<MinerRow> MinerRows(const Simulation& simulation, const RunSummary& summary);
// node,hash_share,blocks_mined,main_chain_blocks,stale_blocks,stale_rate,
// main_chain_share (shares and rates with 6 decimals).
void WriteMinersCsv(std::ostream& out, const std::vector<MinerRow>& rows);

struct RunFilesOptions {
  // Version string written to run.json and the replay page. Default: "".
  std::string version;
  // The recording of the run (attached before it ran): when set, the
  // replay page replay.html is written too. Default: none.
  const ReplayRecorder* replay = nullptr;
};

// What WriteRunFiles did, for the user.
struct RunFilesResult {
  std::vector<std::filesystem::path> written;
  std::vector<std::string> notes;
};

// Creates `dir` (and parents) and writes every file there. Throws
// std::runtime_error naming the path when the folder or a file cannot be
// written.
RunFilesResult WriteRunFiles(const Simulation& simulation, const RunReport& report,
                             const std::filesystem::path& dir, const RunFilesOptions& options);

}  // namespace chainsim::sim
