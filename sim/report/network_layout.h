#pragma once
// Where to draw each node of a run's network (the replay page, network.json).
//
// Region model: each node sits in its region's place on a world map (known
// region names: sim/net/regions/; other names around a circle), the
// region's nodes packed in a disc whose area grows with their number. Ring,
// small-world, full-mesh and star: a circle (star: the hub in the middle).
// Line: a row, wrapped like text. Grid: the lattice itself. Random kinds
// (random-regular, erdos-renyi, scale-free, edge-list): a force-directed
// layout (Fruchterman-Reingold, started from a circle, so it is
// deterministic).
// Cost: force-directed O(iterations * (n + edges)) with a grid for the
// repulsion; others O(n).

#include <vector>

#include "sim/net/topology.h"
#include "sim/scenario/region_table.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

// A node's place: x to the right, y downwards, both within [0, 1].
struct LayoutPoint {
  double x = 0.5;
  double y = 0.5;
};

// One point per node of `topology`. `regions` (nullptr unless the region
// model built the topology) names the regions of topology.region.
// `grid_columns` is the grid kind's width (0: ceil(sqrt(n))).
std::vector<LayoutPoint> LayoutNetwork(const Topology& topology, TopologyKind kind,
                                       const RegionTable* regions, int grid_columns = 0);

// The centre of a region on the map (x, y in [0, 1]); a place on a circle
// for a name not known, from its position `index` among `count` regions.
LayoutPoint RegionCentre(const std::string& name, int index, int count);

}  // namespace chainsim::sim
