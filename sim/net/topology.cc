#include "sim/net/topology.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/erdos_renyi_generator.hpp>
#include <boost/graph/small_world_generator.hpp>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/check.h"
#include "sim/scenario/region_table.h"
#include "sim/scenario/scenario_error.h"

namespace chainsim::sim {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
using Edge = std::pair<NodeIndex, NodeIndex>;

// Lets Boost's generators draw from a chainsim Random. Copies share the
// underlying stream (small_world_iterator copies its generator around).
class BoostRandomAdapter {
 public:
  using result_type = std::uint64_t;
  explicit BoostRandomAdapter(Random* rng) : rng_(rng) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() { return rng_->NextU64(); }

 private:
  Random* rng_;
};

NodeIndex Index(std::uint64_t i) { return static_cast<NodeIndex>(i); }
std::size_t Size(int n) { return static_cast<std::size_t>(n); }

// Adjacency lists from links; drops self loops, merges duplicates, sorts.
Topology FromEdges(int n, const std::vector<Edge>& edges) {
  Topology t;
  t.peers.resize(Size(n));
  for (const auto& [a, b] : edges) {
    if (a == b) continue;
    t.peers[a].push_back(b);
    t.peers[b].push_back(a);
  }
  for (auto& p : t.peers) {
    std::sort(p.begin(), p.end());
    p.erase(std::unique(p.begin(), p.end()), p.end());
  }
  return t;
}

Topology FromGraph(const Graph& g) {
  std::vector<Edge> edges;
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    edges.emplace_back(Index(boost::source(*it, g)), Index(boost::target(*it, g)));
  }
  return FromEdges(static_cast<int>(boost::num_vertices(g)), edges);
}

void SortPeers(Topology& t) {
  for (auto& p : t.peers) std::sort(p.begin(), p.end());
}

bool Linked(const std::vector<NodeIndex>& peers, NodeIndex v) {
  return std::find(peers.begin(), peers.end(), v) != peers.end();
}

Topology FullMesh(int n) {
  Topology t;
  t.peers.resize(Size(n));
  for (int i = 0; i < n; ++i) {
    auto& p = t.peers[Size(i)];
    p.reserve(Size(n - 1));
    for (int j = 0; j < n; ++j) {
      if (j != i) p.push_back(Index(static_cast<std::uint64_t>(j)));
    }
  }
  return t;
}

Topology Chain(int n, bool closed) {
  std::vector<Edge> edges;
  for (int i = 0; i + 1 < n; ++i) edges.emplace_back(Index(Size(i)), Index(Size(i + 1)));
  if (closed && n > 2) edges.emplace_back(Index(Size(n - 1)), 0);
  return FromEdges(n, edges);
}

Topology Star(int n) {
  std::vector<Edge> edges;
  for (int i = 1; i < n; ++i) edges.emplace_back(0, Index(Size(i)));
  return FromEdges(n, edges);
}

Topology Grid(int n, int columns) {
  CHAINSIM_CHECK(columns >= 0);
  if (columns == 0) {
    columns = 1;
    while (columns * columns < n) ++columns;
  }
  std::vector<Edge> edges;
  for (int i = 0; i < n; ++i) {
    if ((i + 1) % columns != 0 && i + 1 < n) edges.emplace_back(Index(Size(i)), Index(Size(i + 1)));
    if (i + columns < n) edges.emplace_back(Index(Size(i)), Index(Size(i + columns)));
  }
  return FromEdges(n, edges);
}

// Steger-Wormald pairing: pair random free stubs of distinct, not yet linked
// nodes; when random tries fail, search every remaining pair; restart when
// no suitable pair is left. Reliable for d well below n; see RandomRegular.
Topology PairStubs(int n, int d, Random& rng) {
  constexpr int kMaxRestarts = 1000;
  constexpr int kRandomTries = 64;
  constexpr std::size_t kMaxExhaustive = 4096;
  for (int restart = 0; restart < kMaxRestarts; ++restart) {
    Topology t;
    t.peers.resize(Size(n));
    std::vector<NodeIndex> stubs;
    stubs.reserve(Size(n) * Size(d));
    for (int v = 0; v < n; ++v) {
      t.peers[Size(v)].reserve(Size(d));
      for (int k = 0; k < d; ++k) stubs.push_back(Index(Size(v)));
    }
    auto suitable = [&](std::size_t i, std::size_t j) {
      return stubs[i] != stubs[j] && !Linked(t.peers[stubs[i]], stubs[j]);
    };
    auto pair_stubs = [&](std::size_t i, std::size_t j) {
      const NodeIndex u = stubs[i];
      const NodeIndex v = stubs[j];
      t.peers[u].push_back(v);
      t.peers[v].push_back(u);
      if (i < j) std::swap(i, j);  // remove the larger index first
      stubs[i] = stubs.back();
      stubs.pop_back();
      stubs[j] = stubs.back();
      stubs.pop_back();
    };
    bool stuck = false;
    while (!stubs.empty() && !stuck) {
      bool paired = false;
      for (int attempt = 0; attempt < kRandomTries && !paired; ++attempt) {
        const std::size_t i = rng.UniformInt(stubs.size());
        const std::size_t j = rng.UniformInt(stubs.size());
        if (i != j && suitable(i, j)) {
          pair_stubs(i, j);
          paired = true;
        }
      }
      if (paired) continue;
      if (stubs.size() > kMaxExhaustive) {
        stuck = true;
        break;
      }
      std::vector<std::pair<std::size_t, std::size_t>> candidates;
      for (std::size_t i = 0; i < stubs.size(); ++i) {
        for (std::size_t j = i + 1; j < stubs.size(); ++j) {
          if (suitable(i, j)) candidates.emplace_back(i, j);
        }
      }
      if (candidates.empty()) {
        stuck = true;
        break;
      }
      const auto [i, j] = candidates[rng.UniformInt(candidates.size())];
      pair_stubs(i, j);
    }
    if (!stuck) {
      SortPeers(t);
      return t;
    }
  }
  throw ScenarioError("topology: random-regular: no graph found for n = " + std::to_string(n) +
                      ", degree = " + std::to_string(d) + " after " + std::to_string(kMaxRestarts) +
                      " restarts");
}

// The graph with exactly the links `t` does not have.
Topology Complement(const Topology& t) {
  const int n = t.node_count();
  Topology c;
  c.peers.resize(Size(n));
  for (int v = 0; v < n; ++v) {
    const std::vector<NodeIndex>& linked = t.peers[Size(v)];  // sorted
    std::vector<NodeIndex>& peers = c.peers[Size(v)];
    peers.reserve(Size(n - 1) - linked.size());
    for (int u = 0; u < n; ++u) {
      if (u != v && !std::binary_search(linked.begin(), linked.end(), Index(Size(u)))) {
        peers.push_back(Index(Size(u)));
      }
    }
  }
  return c;
}

// A random d-regular graph. Above half the possible degree the pairing gets
// stuck (few unlinked pairs are left at the end: n = 100, d = 98 found no
// graph in 1,000 restarts), so a dense graph is the complement of a random
// (n - 1 - d)-regular one, which is as random.
Topology RandomRegular(int n, int d, Random& rng) {
  CHAINSIM_CHECK(d >= 0 && (n == 0 || d < n));
  CHAINSIM_CHECK((static_cast<std::int64_t>(n) * d) % 2 == 0);
  if (2 * d > n - 1) return Complement(PairStubs(n, n - 1 - d, rng));
  return PairStubs(n, d, rng);
}

Topology ErdosRenyi(int n, double p, Random& rng) {
  CHAINSIM_CHECK(p >= 0.0 && p <= 1.0);
  if (p == 0.0 || n < 2) return FromEdges(n, {});
  if (p == 1.0) return FullMesh(n);
  BoostRandomAdapter gen(&rng);
  using Iterator = boost::sorted_erdos_renyi_iterator<BoostRandomAdapter, Graph>;
  const Graph g(Iterator(gen, Size(n), p), Iterator(), Size(n));
  return FromGraph(g);
}

Topology SmallWorld(int n, int k, double p, Random& rng) {
  CHAINSIM_CHECK(k >= 0 && k % 2 == 0 && (n == 0 || k < n));
  CHAINSIM_CHECK(p >= 0.0 && p <= 1.0);
  if (k == 0 || n < 2) return FromEdges(n, {});
  BoostRandomAdapter gen(&rng);
  using Iterator = boost::small_world_iterator<BoostRandomAdapter, Graph>;
  const Graph g(Iterator(gen, Size(n), Size(k), p), Iterator(), Size(n));
  return FromGraph(g);
}

// Barabasi-Albert preferential attachment.
Topology ScaleFree(int n, int m, Random& rng) {
  CHAINSIM_CHECK(m >= 1);
  const int seed_nodes = std::min(n, m + 1);
  Topology t = FullMesh(seed_nodes);
  t.peers.resize(Size(n));
  // Each node appears once per link end, so a uniform pick from `ends` picks
  // a node with probability proportional to its degree.
  std::vector<NodeIndex> ends;
  ends.reserve(2 * Size(n) * Size(m));
  for (int v = 0; v < seed_nodes; ++v) {
    for (std::size_t k = 0; k < t.peers[Size(v)].size(); ++k) ends.push_back(Index(Size(v)));
  }
  std::vector<NodeIndex> chosen;
  for (int v = seed_nodes; v < n; ++v) {
    const NodeIndex node = Index(Size(v));
    chosen.clear();
    while (chosen.size() < Size(m)) {
      const NodeIndex target = ends[rng.UniformInt(ends.size())];
      if (!Linked(chosen, target)) chosen.push_back(target);
    }
    for (NodeIndex target : chosen) {
      t.peers[node].push_back(target);
      t.peers[target].push_back(node);
      ends.push_back(node);
      ends.push_back(target);
    }
  }
  SortPeers(t);
  return t;
}

Topology EdgeList(int n, const std::vector<Edge>& edges) {
  for (const auto& [a, b] : edges) CHAINSIM_CHECK(a < Size(n) && b < Size(n) && a != b);
  return FromEdges(n, edges);
}

// Links `node` to `count` distinct random nodes among [0, limit) other than
// itself and its current peers (fewer if not enough are left). Peer lists
// are left unsorted. Returns the number of links made.
int LinkToRandomNodes(Topology& t, NodeIndex node, int count, NodeIndex limit, Random& rng) {
  auto& mine = t.peers[node];
  const bool node_in_range = node < limit;
  const std::size_t available = limit - (node_in_range ? 1u : 0u) - mine.size();
  if (count <= 0 || available == 0) return 0;
  std::size_t want = std::min(Size(count), available);
  auto link = [&](NodeIndex other) {
    mine.push_back(other);
    t.peers[other].push_back(node);
  };
  if (want * 2 > available) {
    // Dense: shuffle the candidates and take a prefix.
    std::vector<NodeIndex> candidates;
    for (NodeIndex v = 0; v < limit; ++v) {
      if (v != node && !Linked(mine, v)) candidates.push_back(v);
    }
    rng.Shuffle(candidates);
    for (std::size_t i = 0; i < want; ++i) link(candidates[i]);
  } else {
    for (std::size_t made = 0; made < want;) {
      const NodeIndex other = Index(rng.UniformInt(limit));
      if (other == node || Linked(mine, other)) continue;
      link(other);
      ++made;
    }
  }
  return static_cast<int>(want);
}

}  // namespace

std::size_t Topology::EdgeCount() const {
  std::size_t ends = 0;
  for (const auto& p : peers) ends += p.size();
  return ends / 2;
}

int Topology::ComponentCount() const {
  const std::size_t n = peers.size();
  if (n == 0) return 0;
  Graph g(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (NodeIndex j : peers[i]) {
      if (i < j) boost::add_edge(i, j, g);
    }
  }
  std::vector<int> component(n);
  return boost::connected_components(g, component.data());
}

bool Topology::IsConnected() const { return peers.size() <= 1 || ComponentCount() == 1; }

int Topology::MinDegree() const {
  if (peers.empty()) return 0;
  std::size_t d = peers.front().size();
  for (const auto& p : peers) d = std::min(d, p.size());
  return static_cast<int>(d);
}

int Topology::MaxDegree() const {
  std::size_t d = 0;
  for (const auto& p : peers) d = std::max(d, p.size());
  return static_cast<int>(d);
}

double Topology::MeanDegree() const {
  if (peers.empty()) return 0.0;
  return 2.0 * static_cast<double>(EdgeCount()) / static_cast<double>(peers.size());
}

int SampleOutboundDegree(const std::vector<double>& cdf, Random& rng) {
  CHAINSIM_CHECK(!cdf.empty());
  const double u = rng.Uniform01();
  for (std::size_t i = 0; i < cdf.size(); ++i) {
    if (u < cdf[i]) return static_cast<int>(i + 1);
  }
  return static_cast<int>(cdf.size());
}

int SampleRegion(const std::vector<double>& shares, Random& rng) {
  CHAINSIM_CHECK(!shares.empty());
  const double u = rng.Uniform01();
  double cumulative = 0.0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    cumulative += shares[i];
    if (u < cumulative) return static_cast<int>(i);
  }
  // Rounding left u above the sum: the last region with a share.
  for (std::size_t i = shares.size(); i-- > 0;) {
    if (shares[i] > 0.0) return static_cast<int>(i);
  }
  return static_cast<int>(shares.size() - 1);
}

Topology BuildRegionTopology(const RegionTable& table, int n, Random& rng) {
  CHAINSIM_CHECK(n >= 0);
  Topology t;
  t.peers.resize(Size(n));
  t.region.resize(Size(n));
  t.outbound.assign(Size(n), 0);
  for (int v = 0; v < n; ++v) t.region[Size(v)] = SampleRegion(table.node_share, rng);
  for (int v = 0; v < n; ++v) {
    const int degree = SampleOutboundDegree(table.outbound_degree_cdf, rng);
    t.outbound[Size(v)] = LinkToRandomNodes(t, Index(Size(v)), degree, Index(Size(n)), rng);
  }
  SortPeers(t);
  return t;
}

Topology BuildTopology(const TopologyConfig& config, int n, Random& rng,
                       const RegionTable* regions) {
  CHAINSIM_CHECK(n >= 0);
  switch (config.kind) {
    case TopologyKind::kFullMesh:
      return FullMesh(n);
    case TopologyKind::kRing:
      return Chain(n, /*closed=*/true);
    case TopologyKind::kLine:
      return Chain(n, /*closed=*/false);
    case TopologyKind::kStar:
      return Star(n);
    case TopologyKind::kGrid:
      return Grid(n, config.grid_columns);
    case TopologyKind::kRandomRegular:
      return RandomRegular(n, config.degree, rng);
    case TopologyKind::kErdosRenyi:
      return ErdosRenyi(n, config.edge_probability, rng);
    case TopologyKind::kSmallWorld:
      return SmallWorld(n, config.degree, config.rewire_probability, rng);
    case TopologyKind::kScaleFree:
      return ScaleFree(n, config.attachment, rng);
    case TopologyKind::kEdgeList:
      return EdgeList(n, config.edges);
    case TopologyKind::kRegions: {
      if (regions != nullptr) return BuildRegionTopology(*regions, n, rng);
      return BuildRegionTopology(LoadRegionTable(config.regions), n, rng);
    }
  }
  CHAINSIM_CHECK(false);  // every kind is handled above
}

void AddJoiningNode(Topology& topology, NodeIndex node, int peers, Random& rng,
                    const RegionTable* regions) {
  CHAINSIM_CHECK(node == topology.peers.size());
  CHAINSIM_CHECK(peers >= 0);
  topology.peers.emplace_back();
  if (!topology.region.empty()) {
    CHAINSIM_CHECK(regions != nullptr);
    topology.region.push_back(SampleRegion(regions->node_share, rng));
  }
  const int made = LinkToRandomNodes(topology, node, peers, node, rng);
  // Links opened by a joiner are outbound; nodes of kinds without
  // directions count 0.
  topology.outbound.resize(Size(static_cast<int>(node)), 0);
  topology.outbound.push_back(made);
  // The joiner has the largest index: existing lists stay sorted.
  std::sort(topology.peers[node].begin(), topology.peers[node].end());
}

}  // namespace chainsim::sim
