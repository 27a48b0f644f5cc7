#pragma once
// Topology: who is a peer of whom. Undirected peer links between nodes
// 0 .. n-1, built from a TopologyConfig (sim/scenario/scenario.h) with
// Boost.Graph and a Random stream, so a seed always gives the same graph.

#include <cstddef>
#include <vector>

#include "sim/engine/random.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

struct RegionTable;

struct Topology {
  // peers[i]: the peers of node i, sorted ascending, without i itself and
  // without duplicates; j in peers[i] <=> i in peers[j].
  std::vector<std::vector<NodeIndex>> peers;
  // region[i]: node i's index in the RegionTable; empty unless the topology
  // was built by the region model.
  std::vector<int> region;
  // outbound[i]: links node i opened itself. Filled by the region model and
  // by AddJoiningNode (earlier nodes of kinds without directions count 0);
  // empty otherwise.
  std::vector<int> outbound;

  int node_count() const { return static_cast<int>(peers.size()); }
  // Undirected links.
  std::size_t EdgeCount() const;
  // True if every node can reach every other (trivially true for n <= 1).
  // Uses Boost.Graph's connected_components.
  bool IsConnected() const;
  // Number of connected components (0 for an empty topology).
  int ComponentCount() const;
  int MinDegree() const;  // 0 for an empty topology
  int MaxDegree() const;  // 0 for an empty topology
  double MeanDegree() const;
};

// Builds the topology of `node_count` nodes described by `config`, drawing
// from `rng` only (same seed, same topology). For TopologyKind::kRegions the
// table named by config.regions is loaded, unless `regions` is given.
// REQUIRES (the scenario loader checks them; a broken one is a
// CHAINSIM_CHECK failure): node_count >= 0; random regular: 0 <= degree < n
// (n > 0) and n * degree even; Erdos-Renyi and small-world probabilities in
// [0, 1]; small world: an even degree, 0 <= degree < n (n > 0); scale free:
// attachment >= 1; grid: columns >= 0; edge list: indices < n, no self loop
// (duplicates are merged). Throws ScenarioError (sim/scenario/scenario_error.h)
// only when the random-regular pairing finds no graph after 1000 restarts
// (not seen for any size) or, for the region model, when the table file can
// no longer be read.
//
// How each kind is built (n = node_count):
//   full mesh, ring (n >= 3; n = 2 is one link), line, star (hub 0), grid
//     (row-major, `grid_columns` wide or ceil(sqrt(n)); a partial last row
//     links up): exact, no randomness.
//   random regular: Steger-Wormald pairing of stubs (random pairs of
//     distinct, unlinked nodes; restart when stuck), close to uniform; for a
//     degree above (n - 1) / 2, the complement of such a graph of degree
//     n - 1 - degree (the pairing gets stuck on dense graphs).
//   Erdos-Renyi: G(n, p) by Boost's sorted_erdos_renyi_iterator (geometric
//     skips; its std::log makes the graph depend on the platform's libm).
//   small world: Boost's small_world_iterator (ring lattice of `degree`,
//     each link's far end rewired to a uniform node outside the lattice
//     neighbourhood with `rewire_probability`; Boost never rewires the first
//     link 0--1). A rewired link that lands on an existing one is merged, so
//     there may be a few fewer than n*degree/2 links.
//   scale free: Barabasi-Albert: a clique of attachment+1 nodes (all nodes
//     when fewer), then each node links to `attachment` distinct nodes drawn
//     with probability proportional to degree.
//   edge list: exactly the given links (duplicates merged).
//   regions: BuildRegionTopology below.
Topology BuildTopology(const TopologyConfig& config, int node_count, Random& rng,
                       const RegionTable* regions = nullptr);

// Region model: places each node in a region drawn from table.node_share,
// then each node draws its outbound degree from table.outbound_degree_cdf and
// links to that many distinct random other nodes it is not yet linked to
// (fewer only when no such node is left). Links are undirected peer links.
Topology BuildRegionTopology(const RegionTable& table, int node_count, Random& rng);

// Outbound degree drawn from a CDF over degrees 1..cdf.size().
int SampleOutboundDegree(const std::vector<double>& cdf, Random& rng);

// Region index drawn from shares summing to 1.
int SampleRegion(const std::vector<double>& shares, Random& rng);

// Adds node `node` (which must be topology.node_count(): nodes join in index
// order) and links it to min(peers, node) distinct random existing nodes.
// If the topology records regions, the joiner's region is drawn from
// `regions`' shares (REQUIRES: regions != nullptr then). REQUIRES: peers >= 0.
void AddJoiningNode(Topology& topology, NodeIndex node, int peers, Random& rng,
                    const RegionTable* regions = nullptr);

}  // namespace chainsim::sim
