#include "sim/net/topology.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/scenario/region_table.h"
#include "sim/scenario/scenario_error.h"

namespace chainsim::sim {
namespace {

using ::testing::HasSubstr;

Topology Build(TopologyKind kind, int n, std::uint64_t seed = 7,
               TopologyConfig config = TopologyConfig{}) {
  config.kind = kind;
  Random rng(seed);
  return BuildTopology(config, n, rng);
}

// Peer lists are sorted, free of self loops and duplicates, and symmetric.
void ExpectWellFormed(const Topology& t) {
  for (std::size_t i = 0; i < t.peers.size(); ++i) {
    const auto& p = t.peers[i];
    EXPECT_TRUE(std::is_sorted(p.begin(), p.end())) << "node " << i;
    EXPECT_EQ(std::adjacent_find(p.begin(), p.end()), p.end()) << "duplicate at node " << i;
    for (NodeIndex j : p) {
      ASSERT_LT(j, t.peers.size());
      EXPECT_NE(j, i) << "self loop at node " << i;
      EXPECT_TRUE(
          std::binary_search(t.peers[j].begin(), t.peers[j].end(), static_cast<NodeIndex>(i)))
          << i << " -- " << j << " is one-sided";
    }
  }
}

// Parameters the scenario loader refuses break BuildTopology's REQUIRES: the
// build stops at a CHAINSIM_CHECK.
void ExpectBroken(TopologyKind kind, int n, const TopologyConfig& config) {
  EXPECT_DEATH(Build(kind, n, 1, config), "check failed");
}

std::string ErrorOf(TopologyKind kind, int n, TopologyConfig config) {
  try {
    Build(kind, n, 1, config);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(TopologyTest, FullMeshLinksEveryPair) {
  const Topology t = Build(TopologyKind::kFullMesh, 7);
  ExpectWellFormed(t);
  EXPECT_EQ(t.node_count(), 7);
  EXPECT_EQ(t.EdgeCount(), 21u);
  EXPECT_EQ(t.MinDegree(), 6);
  EXPECT_EQ(t.MaxDegree(), 6);
  EXPECT_TRUE(t.IsConnected());
}

TEST(TopologyTest, RingLinksNeighboursAndCloses) {
  const Topology t = Build(TopologyKind::kRing, 10);
  ExpectWellFormed(t);
  EXPECT_EQ(t.EdgeCount(), 10u);
  EXPECT_EQ(t.MinDegree(), 2);
  EXPECT_EQ(t.MaxDegree(), 2);
  EXPECT_THAT(t.peers[0], ::testing::ElementsAre(1u, 9u));
  EXPECT_TRUE(t.IsConnected());
  EXPECT_EQ(Build(TopologyKind::kRing, 2).EdgeCount(), 1u);
  EXPECT_EQ(Build(TopologyKind::kRing, 1).EdgeCount(), 0u);
}

TEST(TopologyTest, LineIsARingWithoutTheClosingLink) {
  const Topology t = Build(TopologyKind::kLine, 10);
  ExpectWellFormed(t);
  EXPECT_EQ(t.EdgeCount(), 9u);
  EXPECT_EQ(t.MinDegree(), 1);
  EXPECT_THAT(t.peers[0], ::testing::ElementsAre(1u));
  EXPECT_THAT(t.peers[9], ::testing::ElementsAre(8u));
  EXPECT_TRUE(t.IsConnected());
}

TEST(TopologyTest, StarLinksNodeZeroToAll) {
  const Topology t = Build(TopologyKind::kStar, 10);
  ExpectWellFormed(t);
  EXPECT_EQ(t.EdgeCount(), 9u);
  EXPECT_EQ(t.peers[0].size(), 9u);
  EXPECT_THAT(t.peers[5], ::testing::ElementsAre(0u));
  EXPECT_TRUE(t.IsConnected());
}

TEST(TopologyTest, GridHasLatticeLinks) {
  TopologyConfig config;
  config.grid_columns = 4;
  const Topology t = Build(TopologyKind::kGrid, 12, 1, config);
  ExpectWellFormed(t);
  // 3 rows of 4: 3 * 3 horizontal + 2 * 4 vertical.
  EXPECT_EQ(t.EdgeCount(), 17u);
  EXPECT_THAT(t.peers[5], ::testing::ElementsAre(1u, 4u, 6u, 9u));
  EXPECT_THAT(t.peers[3], ::testing::ElementsAre(2u, 7u));
  EXPECT_TRUE(t.IsConnected());
}

TEST(TopologyTest, GridPicksSquareColumnsAndKeepsAPartialLastRowConnected) {
  // 10 nodes: 4 columns (ceil(sqrt(10))), rows 0-3, 4-7, 8-9.
  const Topology t = Build(TopologyKind::kGrid, 10);
  ExpectWellFormed(t);
  EXPECT_EQ(t.EdgeCount(), 7u + 6u);
  EXPECT_THAT(t.peers[9], ::testing::ElementsAre(5u, 8u));
  EXPECT_TRUE(t.IsConnected());
}

TEST(TopologyTest, RandomRegularGivesEveryNodeExactlyDegreePeers) {
  TopologyConfig config;
  config.degree = 8;
  const Topology t = Build(TopologyKind::kRandomRegular, 1000, 3, config);
  ExpectWellFormed(t);
  EXPECT_EQ(t.MinDegree(), 8);
  EXPECT_EQ(t.MaxDegree(), 8);
  EXPECT_EQ(t.EdgeCount(), 4000u);
  // A random 8-regular graph is connected with overwhelming probability.
  EXPECT_TRUE(t.IsConnected());

  config.degree = 3;
  const Topology small = Build(TopologyKind::kRandomRegular, 4, 5, config);
  EXPECT_EQ(small.EdgeCount(), 6u);  // the only 3-regular graph on 4 nodes: K4
}

// Dense degrees used to leave the pairing stuck: no graph after 1,000
// restarts (n = 100, d = 98) or minutes of search (n = 200, d = 190), after
// `chainsim validate` had accepted the scenario.
TEST(TopologyTest, RandomRegularOfHighDegreeIsBuiltAsAComplement) {
  TopologyConfig config;
  for (const auto& [n, d] : std::vector<std::pair<int, int>>{{100, 98}, {200, 190}, {50, 26}}) {
    config.degree = d;
    const Topology t = Build(TopologyKind::kRandomRegular, n, 3, config);
    ExpectWellFormed(t);
    EXPECT_EQ(t.MinDegree(), d) << n;
    EXPECT_EQ(t.MaxDegree(), d) << n;
  }
  config.degree = 3;
  EXPECT_EQ(Build(TopologyKind::kRandomRegular, 4, 5, config).EdgeCount(), 6u);  // K4
  config.degree = 90;
  EXPECT_NE(Build(TopologyKind::kRandomRegular, 100, 1, config).peers,
            Build(TopologyKind::kRandomRegular, 100, 2, config).peers);
}

TEST(TopologyDeathTest, RandomRegularRequiresPossibleParameters) {
  TopologyConfig config;
  config.degree = 3;
  ExpectBroken(TopologyKind::kRandomRegular, 5, config);
  config.degree = 5;
  ExpectBroken(TopologyKind::kRandomRegular, 5, config);
  config.degree = -1;
  ExpectBroken(TopologyKind::kRandomRegular, 5, config);
}

TEST(TopologyTest, ErdosRenyiHasBinomialEdgeCount) {
  TopologyConfig config;
  config.edge_probability = 0.1;
  const Topology t = Build(TopologyKind::kErdosRenyi, 200, 11, config);
  ExpectWellFormed(t);
  // 19900 possible links: mean 1990, sd sqrt(1990 * 0.9) = 42.3; 5 sd.
  EXPECT_NEAR(static_cast<double>(t.EdgeCount()), 1990.0, 5 * 42.3);

  config.edge_probability = 0.0;
  EXPECT_EQ(Build(TopologyKind::kErdosRenyi, 50, 1, config).EdgeCount(), 0u);
  config.edge_probability = 1.0;
  EXPECT_EQ(Build(TopologyKind::kErdosRenyi, 50, 1, config).EdgeCount(), 50u * 49u / 2u);
}

TEST(TopologyDeathTest, ErdosRenyiRequiresAProbability) {
  TopologyConfig config;
  config.edge_probability = 1.5;
  ExpectBroken(TopologyKind::kErdosRenyi, 50, config);
}

TEST(TopologyTest, SmallWorldWithoutRewiringIsARingLattice) {
  TopologyConfig config;
  config.degree = 4;
  config.rewire_probability = 0.0;
  const Topology t = Build(TopologyKind::kSmallWorld, 100, 1, config);
  ExpectWellFormed(t);
  EXPECT_EQ(t.EdgeCount(), 200u);
  EXPECT_EQ(t.MinDegree(), 4);
  EXPECT_EQ(t.MaxDegree(), 4);
  EXPECT_THAT(t.peers[0], ::testing::ElementsAre(1u, 2u, 98u, 99u));
}

TEST(TopologyTest, SmallWorldRewiresSomeLinks) {
  TopologyConfig config;
  config.degree = 6;
  config.rewire_probability = 0.2;
  const Topology t = Build(TopologyKind::kSmallWorld, 500, 9, config);
  ExpectWellFormed(t);
  // Rewired links that land on an existing one are merged: a few fewer than 1500.
  EXPECT_LE(t.EdgeCount(), 1500u);
  EXPECT_GE(t.EdgeCount(), 1480u);
  // About 20 % of lattice links leave the +-3 neighbourhood.
  int long_links = 0;
  for (NodeIndex i = 0; i < 500; ++i) {
    for (NodeIndex j : t.peers[i]) {
      const int gap = std::abs(static_cast<int>(i) - static_cast<int>(j));
      if (i < j && std::min(gap, 500 - gap) > 3) ++long_links;
    }
  }
  // Every rewired link leaves the neighbourhood; Boost rewires each link but
  // the first: Binomial(1499, 0.2), mean 300, sd 15.5; 5 sd.
  EXPECT_NEAR(long_links, 300, 5 * 15.5);
}

TEST(TopologyDeathTest, SmallWorldRequiresAnEvenDegreeBelowTheNodeCount) {
  TopologyConfig config;
  config.degree = 3;
  ExpectBroken(TopologyKind::kSmallWorld, 10, config);
  config.degree = 10;
  ExpectBroken(TopologyKind::kSmallWorld, 10, config);
  config.degree = 4;
  config.rewire_probability = -0.1;
  ExpectBroken(TopologyKind::kSmallWorld, 10, config);
}

TEST(TopologyTest, ScaleFreeAttachesPreferentially) {
  TopologyConfig config;
  config.attachment = 2;
  const Topology t = Build(TopologyKind::kScaleFree, 1000, 5, config);
  ExpectWellFormed(t);
  // Seed clique of 3 nodes (3 links), then 997 nodes with 2 links each.
  EXPECT_EQ(t.EdgeCount(), 3u + 997u * 2u);
  EXPECT_EQ(t.MinDegree(), 2);
  EXPECT_TRUE(t.IsConnected());
  // Hubs: the largest degree of a BA graph grows like m * sqrt(n) (~60 here);
  // a uniform attachment would give about 15.
  EXPECT_GT(t.MaxDegree(), 30);
}

TEST(TopologyDeathTest, ScaleFreeRequiresAnAttachment) {
  TopologyConfig config;
  config.attachment = 0;
  ExpectBroken(TopologyKind::kScaleFree, 10, config);
}

TEST(TopologyTest, EdgeListIsTakenAsGivenWithDuplicatesMerged) {
  TopologyConfig config;
  config.edges = {{0, 1}, {1, 2}, {2, 1}};
  const Topology t = Build(TopologyKind::kEdgeList, 4, 1, config);
  ExpectWellFormed(t);
  EXPECT_EQ(t.EdgeCount(), 2u);
  EXPECT_TRUE(t.peers[3].empty());
  EXPECT_FALSE(t.IsConnected());
  EXPECT_EQ(t.ComponentCount(), 2);
}

TEST(TopologyDeathTest, EdgeListRequiresNodesInRangeAndNoSelfLoops) {
  TopologyConfig config;
  config.edges = {{0, 1}, {1, 4}};
  ExpectBroken(TopologyKind::kEdgeList, 4, config);
  config.edges = {{2, 2}};
  ExpectBroken(TopologyKind::kEdgeList, 4, config);
}

TEST(TopologyTest, SameSeedSameGraphOtherSeedOtherGraph) {
  TopologyConfig config;
  config.degree = 4;
  config.edge_probability = 0.05;
  config.rewire_probability = 0.3;
  for (TopologyKind kind :
       {TopologyKind::kRandomRegular, TopologyKind::kErdosRenyi, TopologyKind::kSmallWorld,
        TopologyKind::kScaleFree, TopologyKind::kRegions}) {
    const Topology a = Build(kind, 300, 42, config);
    const Topology b = Build(kind, 300, 42, config);
    const Topology c = Build(kind, 300, 43, config);
    EXPECT_EQ(a.peers, b.peers) << static_cast<int>(kind);
    EXPECT_EQ(a.region, b.region) << static_cast<int>(kind);
    EXPECT_NE(a.peers, c.peers) << static_cast<int>(kind);
  }
}

TEST(TopologyTest, RegionModelPlacesNodesByShare) {
  const RegionTable table = LoadRegionTable("bitcoin-2015");
  Random rng(2015);
  const int n = 6000;
  const Topology t = BuildRegionTopology(table, n, rng);
  ExpectWellFormed(t);
  ASSERT_EQ(t.region.size(), 6000u);
  std::vector<int> count(table.node_share.size());
  for (int r : t.region) ++count[static_cast<std::size_t>(r)];
  for (std::size_t r = 0; r < count.size(); ++r) {
    const double p = table.node_share[r];
    // Binomial proportion: 5 standard errors.
    const double tolerance = 5 * std::sqrt(p * (1 - p) / n);
    EXPECT_NEAR(count[r] / static_cast<double>(n), p, tolerance) << table.regions[r];
  }
}

TEST(TopologyTest, RegionModelOutboundDegreesFollowTheCdf) {
  const RegionTable table = LoadRegionTable("bitcoin-2015");
  Random rng(99);
  const int n = 6000;
  const Topology t = BuildRegionTopology(table, n, rng);
  ASSERT_EQ(t.outbound.size(), 6000u);
  std::size_t outbound_total = 0;
  std::vector<int> histogram(table.outbound_degree_cdf.size() + 1);
  for (int d : t.outbound) {
    ASSERT_GE(d, 1);
    ASSERT_LE(d, 20);
    ++histogram[static_cast<std::size_t>(d)];
    outbound_total += static_cast<std::size_t>(d);
  }
  // Every outbound link is a distinct new peer link.
  EXPECT_EQ(t.EdgeCount(), outbound_total);
  int cumulative = 0;
  for (std::size_t i = 0; i < table.outbound_degree_cdf.size(); ++i) {
    cumulative += histogram[i + 1];
    const double f = table.outbound_degree_cdf[i];
    const double tolerance = 5 * std::sqrt(f * (1 - f) / n) + 1e-12;
    EXPECT_NEAR(cumulative / static_cast<double>(n), f, tolerance) << "degree " << i + 1;
  }
}

TEST(TopologyTest, BuildTopologyLoadsTheNamedRegionTable) {
  TopologyConfig config;
  config.regions = "bitcoin-2019";
  const Topology t = Build(TopologyKind::kRegions, 50, 3, config);
  EXPECT_EQ(t.region.size(), 50u);
  config.regions = "no-such-table";
  EXPECT_THAT(ErrorOf(TopologyKind::kRegions, 50, config), HasSubstr("not a built-in"));
}

TEST(TopologyTest, JoiningNodeLinksToDistinctExistingNodes) {
  Topology t = Build(TopologyKind::kRing, 10);
  Random rng(4);
  AddJoiningNode(t, 10, 3, rng);
  ExpectWellFormed(t);
  ASSERT_EQ(t.node_count(), 11);
  EXPECT_EQ(t.peers[10].size(), 3u);
  EXPECT_EQ(t.EdgeCount(), 13u);
  ASSERT_EQ(t.outbound.size(), 11u);
  EXPECT_EQ(t.outbound[10], 3);
  // Asking for more peers than exist links to all of them.
  AddJoiningNode(t, 11, 50, rng);
  ExpectWellFormed(t);
  EXPECT_EQ(t.peers[11].size(), 11u);
}

TEST(TopologyTest, JoiningNodeGetsARegionInTheRegionModel) {
  const RegionTable table = LoadRegionTable("bitcoin-2015");
  Random rng(8);
  Topology t = BuildRegionTopology(table, 20, rng);
  AddJoiningNode(t, 20, 4, rng, &table);
  ExpectWellFormed(t);
  ASSERT_EQ(t.region.size(), 21u);
  EXPECT_GE(t.region[20], 0);
  EXPECT_LT(t.region[20], 6);
  EXPECT_EQ(t.outbound[20], 4);
}

TEST(TopologyTest, EmptyTopologyIsFine) {
  const Topology t = Build(TopologyKind::kFullMesh, 0);
  EXPECT_EQ(t.EdgeCount(), 0u);
  EXPECT_TRUE(t.IsConnected());
  EXPECT_EQ(t.ComponentCount(), 0);
}

TEST(TopologyDeathTest, RequiresANodeCount) { ExpectBroken(TopologyKind::kRing, -1, {}); }

}  // namespace
}  // namespace chainsim::sim
