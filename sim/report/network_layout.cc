#include "sim/report/network_layout.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <unordered_map>

namespace chainsim::sim {
namespace {

constexpr double kPi = std::numbers::pi;

// Map coordinates of longitude/latitude: the page draws the band of
// latitudes 72 N to 48 S, which holds every inhabited region.
LayoutPoint FromLonLat(double lon, double lat) {
  return {(lon + 180.0) / 360.0, (72.0 - lat) / 120.0};
}

std::vector<LayoutPoint> Circle(int n) {
  std::vector<LayoutPoint> points(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    // Node 0 at the top, clockwise.
    const double angle = 2.0 * kPi * i / std::max(n, 1) - kPi / 2;
    points[static_cast<std::size_t>(i)] = {0.5 + 0.45 * std::cos(angle),
                                           0.5 + 0.45 * std::sin(angle)};
  }
  return points;
}

std::vector<LayoutPoint> Rows(int n, int columns) {
  columns = std::max(columns, 1);
  const int rows = (n + columns - 1) / columns;
  std::vector<LayoutPoint> points(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const int r = i / columns;
    const int c = i % columns;
    points[static_cast<std::size_t>(i)] = {0.05 + 0.9 * (columns > 1 ? c / (columns - 1.0) : 0.5),
                                           0.05 + 0.9 * (rows > 1 ? r / (rows - 1.0) : 0.5)};
  }
  return points;
}

// Sunflower packing: point k of n in a disc of radius `radius` at `centre`.
LayoutPoint Sunflower(LayoutPoint centre, double radius, int k, int n) {
  const double golden = kPi * (3.0 - std::sqrt(5.0));
  const double r = radius * std::sqrt((k + 0.5) / std::max(n, 1));
  return {centre.x + r * std::cos(k * golden), centre.y + r * std::sin(k * golden) * 1.6};
}

std::vector<LayoutPoint> ByRegion(const Topology& topology, const RegionTable& regions) {
  const int n = topology.node_count();
  const int count = regions.region_count();
  std::vector<int> members(static_cast<std::size_t>(count), 0);
  for (const int r : topology.region) ++members[static_cast<std::size_t>(r)];
  const int largest = std::max(1, *std::max_element(members.begin(), members.end()));
  std::vector<int> placed(static_cast<std::size_t>(count), 0);
  std::vector<LayoutPoint> points(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const int r = topology.region[static_cast<std::size_t>(i)];
    const auto ri = static_cast<std::size_t>(r);
    const double radius = 0.075 * std::sqrt(static_cast<double>(members[ri]) / largest) + 0.01;
    points[static_cast<std::size_t>(i)] =
        Sunflower(RegionCentre(regions.regions[ri], r, count), radius, placed[ri]++, members[ri]);
  }
  return points;
}

// Fruchterman-Reingold in the unit square, repulsion only between nodes in
// neighbouring grid cells.
std::vector<LayoutPoint> ForceDirected(const Topology& topology) {
  const int n = topology.node_count();
  std::vector<LayoutPoint> p = Circle(n);
  if (n < 3) return p;
  const double k = std::sqrt(1.0 / n);  // ideal edge length
  const int cells = std::max(1, static_cast<int>(1.0 / (2 * k)));
  // Cell (cx, cy) is grid[cy * cells + cx].
  const auto cell_index = [cells](int cx, int cy) {
    return static_cast<std::size_t>(cy) * static_cast<std::size_t>(cells) +
           static_cast<std::size_t>(cx);
  };
  std::vector<std::vector<int>> grid(cell_index(0, cells));
  std::vector<LayoutPoint> d(static_cast<std::size_t>(n));
  double temperature = 0.1;
  constexpr int kIterations = 200;
  for (int it = 0; it < kIterations; ++it) {
    for (auto& cell : grid) cell.clear();
    const auto cell_of = [&](const LayoutPoint& q) {
      const int cx = std::clamp(static_cast<int>(q.x * cells), 0, cells - 1);
      const int cy = std::clamp(static_cast<int>(q.y * cells), 0, cells - 1);
      return std::pair{cx, cy};
    };
    for (int i = 0; i < n; ++i) {
      const auto [cx, cy] = cell_of(p[static_cast<std::size_t>(i)]);
      grid[cell_index(cx, cy)].push_back(i);
    }
    std::fill(d.begin(), d.end(), LayoutPoint{0, 0});
    for (int i = 0; i < n; ++i) {
      const LayoutPoint& a = p[static_cast<std::size_t>(i)];
      const auto [cx, cy] = cell_of(a);
      for (int gy = std::max(cy - 1, 0); gy <= std::min(cy + 1, cells - 1); ++gy) {
        for (int gx = std::max(cx - 1, 0); gx <= std::min(cx + 1, cells - 1); ++gx) {
          for (const int j : grid[cell_index(gx, gy)]) {
            if (j == i) continue;
            const LayoutPoint& b = p[static_cast<std::size_t>(j)];
            double dx = a.x - b.x;
            double dy = a.y - b.y;
            double dist2 = dx * dx + dy * dy;
            if (dist2 < 1e-12) {  // coincident: push apart along a fixed direction
              dx = 1e-3 * ((i * 7 + j) % 5 - 2);
              dy = 1e-3;
              dist2 = dx * dx + dy * dy;
            }
            const double force = k * k / dist2;
            d[static_cast<std::size_t>(i)].x += dx * force;
            d[static_cast<std::size_t>(i)].y += dy * force;
          }
        }
      }
    }
    for (int i = 0; i < n; ++i) {
      for (const NodeIndex j : topology.peers[static_cast<std::size_t>(i)]) {
        if (static_cast<int>(j) <= i) continue;
        const double dx = p[static_cast<std::size_t>(i)].x - p[j].x;
        const double dy = p[static_cast<std::size_t>(i)].y - p[j].y;
        const double dist = std::sqrt(dx * dx + dy * dy) + 1e-9;
        const double force = dist / k;
        d[static_cast<std::size_t>(i)].x -= dx * force;
        d[static_cast<std::size_t>(i)].y -= dy * force;
        d[j].x += dx * force;
        d[j].y += dy * force;
      }
    }
    for (int i = 0; i < n; ++i) {
      LayoutPoint& q = p[static_cast<std::size_t>(i)];
      const LayoutPoint& v = d[static_cast<std::size_t>(i)];
      const double len = std::sqrt(v.x * v.x + v.y * v.y) + 1e-12;
      const double step = std::min(len, temperature);
      q.x = std::clamp(q.x + v.x / len * step, 0.0, 1.0);
      q.y = std::clamp(q.y + v.y / len * step, 0.0, 1.0);
    }
    temperature *= 0.975;
  }
  // Fit into [0.05, 0.95].
  double min_x = 1;
  double max_x = 0;
  double min_y = 1;
  double max_y = 0;
  for (const LayoutPoint& q : p) {
    min_x = std::min(min_x, q.x);
    max_x = std::max(max_x, q.x);
    min_y = std::min(min_y, q.y);
    max_y = std::max(max_y, q.y);
  }
  const double span = std::max({max_x - min_x, max_y - min_y, 1e-9});
  for (LayoutPoint& q : p) {
    q.x = 0.05 + 0.9 * (q.x - min_x) / span + 0.45 * (1 - (max_x - min_x) / span);
    q.y = 0.05 + 0.9 * (q.y - min_y) / span + 0.45 * (1 - (max_y - min_y) / span);
  }
  return p;
}

}  // namespace

LayoutPoint RegionCentre(const std::string& name, int index, int count) {
  static const std::unordered_map<std::string, LayoutPoint> kKnown = {
      {"north_america", FromLonLat(-100, 42)}, {"europe", FromLonLat(12, 50)},
      {"south_america", FromLonLat(-58, -16)}, {"asia_pacific", FromLonLat(105, 18)},
      {"japan", FromLonLat(140, 40)},          {"australia", FromLonLat(135, -26)},
      {"africa", FromLonLat(20, 3)},           {"middle_east", FromLonLat(48, 27)},
  };
  const auto it = kKnown.find(name);
  if (it != kKnown.end()) return it->second;
  const double angle = 2.0 * kPi * index / std::max(count, 1) - kPi / 2;
  return {0.5 + 0.35 * std::cos(angle), 0.5 + 0.35 * std::sin(angle)};
}

std::vector<LayoutPoint> LayoutNetwork(const Topology& topology, TopologyKind kind,
                                       const RegionTable* regions, int grid_columns) {
  const int n = topology.node_count();
  if (regions != nullptr && static_cast<int>(topology.region.size()) == n) {
    return ByRegion(topology, *regions);
  }
  switch (kind) {
    case TopologyKind::kStar: {
      std::vector<LayoutPoint> points = Circle(std::max(n - 1, 1));
      points.insert(points.begin(), LayoutPoint{0.5, 0.5});
      points.resize(static_cast<std::size_t>(n));
      return points;
    }
    case TopologyKind::kLine:
      return Rows(n, std::min(n, 12));
    case TopologyKind::kGrid:
      return Rows(n, grid_columns > 0 ? grid_columns
                                      : static_cast<int>(std::ceil(std::sqrt(std::max(n, 1)))));
    case TopologyKind::kRandomRegular:
    case TopologyKind::kErdosRenyi:
    case TopologyKind::kScaleFree:
    case TopologyKind::kEdgeList:
      return ForceDirected(topology);
    case TopologyKind::kFullMesh:
    case TopologyKind::kRing:
    case TopologyKind::kSmallWorld:
    case TopologyKind::kRegions:
      break;
  }
  return Circle(n);
}

}  // namespace chainsim::sim
