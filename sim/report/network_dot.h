#pragma once
// The network of a run as data: an edge list (CSV) and a Graphviz DOT graph,
// both written from network.json's form (NetworkJson, sim/report/run_files.h),
// so the three files always describe the same graph.
//
// edges.csv: a,b,region_a,region_b: one row per undirected link (a < b, in
// network.json's order); regions by name, empty without a region model.
//
// network.dot: an undirected graph. Each vertex is a node ("n17", label
// "17") placed at network.json's layout, filled with its region's colour
// (one colour per region, grey without regions), drawn as a double circle
// when it mines (hash rate above 0 at the end), and carrying its region, its
// hash rate and, per partition of the timeline, its group as attributes
// (`region`, `hash_rate`, `partition1`, `partition2`, ...; a node in no
// group of a partition has none for it). A comment line per partition says
// when it happened and names its groups. One edge per link.
//
// Both are pure functions of their input. Thread safety: pure functions.

#include <ostream>

#include "core/json.h"

namespace chainsim::sim {

// REQUIRES: `network` has network.json's form.
void WriteEdgesCsv(std::ostream& out, const Json& network);
// REQUIRES: `network` has network.json's form.
void WriteNetworkDot(std::ostream& out, const Json& network);

}  // namespace chainsim::sim
