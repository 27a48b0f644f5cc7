#include "sim/net/graph_check.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "sim/scenario/units.h"

namespace chainsim::sim {
namespace {

constexpr std::size_t kListed = 10;

std::string NodeList(const std::vector<NodeIndex>& nodes) {
  std::string out;
  for (std::size_t i = 0; i < nodes.size() && i < kListed; ++i) {
    out += (i == 0 ? "" : ", ") + std::to_string(nodes[i]);
  }
  if (nodes.size() > kListed) out += " and " + std::to_string(nodes.size() - kListed) + " more";
  return out;
}

// Sizes of the connected parts of the subgraph of `topology` on `members`
// (links with both ends in it), largest first. Members beyond the topology
// (joiners) are parts of their own.
std::vector<std::size_t> PartSizes(const Topology& topology,
                                   const std::vector<NodeIndex>& members) {
  const auto n = topology.peers.size();
  std::vector<char> in(n, 0);
  for (const NodeIndex node : members) {
    if (node < n) in[node] = 1;
  }
  std::vector<char> seen(n, 0);
  std::vector<std::size_t> sizes;
  std::vector<NodeIndex> stack;
  for (const NodeIndex start : members) {
    if (start >= n) {
      sizes.push_back(1);
      continue;
    }
    if (seen[start] != 0) continue;
    std::size_t size = 0;
    seen[start] = 1;
    stack.assign(1, start);
    while (!stack.empty()) {
      const NodeIndex node = stack.back();
      stack.pop_back();
      ++size;
      for (const NodeIndex peer : topology.peers[node]) {
        if (in[peer] != 0 && seen[peer] == 0) {
          seen[peer] = 1;
          stack.push_back(peer);
        }
      }
    }
    sizes.push_back(size);
  }
  std::sort(sizes.rbegin(), sizes.rend());
  return sizes;
}

std::string SizeList(const std::vector<std::size_t>& sizes) {
  std::string out;
  for (std::size_t i = 0; i < sizes.size() && i < kListed; ++i) {
    out += (i == 0 ? "" : ", ") + std::to_string(sizes[i]);
  }
  if (sizes.size() > kListed) out += ", ...";
  return out;
}

}  // namespace

std::vector<std::string> GraphWarnings(const Topology& topology, const Scenario& scenario) {
  std::vector<std::string> warnings;
  std::vector<NodeIndex> everyone(topology.peers.size());
  for (NodeIndex i = 0; i < everyone.size(); ++i) everyone[i] = i;
  const std::vector<std::size_t> parts = PartSizes(topology, everyone);
  if (parts.size() > 1) {
    warnings.push_back("the network is disconnected at the start: " + std::to_string(parts.size()) +
                       " parts of " + SizeList(parts) + " nodes; blocks never cross between them");
  }
  for (const TimelineEvent& event : scenario.timeline) {
    const auto* partition = std::get_if<PartitionAction>(&event.action);
    if (partition == nullptr) continue;
    const std::string when = "the partition at " + FormatDurationValue(event.at);
    for (std::size_t g = 0; g < partition->groups.size(); ++g) {
      const std::vector<NodeIndex>& group = partition->groups[g];
      if (group.size() < 2) continue;
      std::vector<char> in(topology.peers.size(), 0);
      for (const NodeIndex node : group) {
        if (node < in.size()) in[node] = 1;
      }
      std::vector<NodeIndex> alone;
      for (const NodeIndex node : group) {
        const bool linked = node < topology.peers.size() &&
                            std::any_of(topology.peers[node].begin(), topology.peers[node].end(),
                                        [&](NodeIndex peer) { return in[peer] != 0; });
        if (!linked) alone.push_back(node);
      }
      const std::string name = "group '" + partition->group_names[g] + "'";
      if (!alone.empty()) {
        std::string warning = when;
        warning += ": " + name + ": node";
        warning += alone.size() > 1 ? "s " : " ";
        warning += NodeList(alone);
        warning += alone.size() > 1 ? " have" : " has";
        warning +=
            " no link to another node of the group and will hear of no block during the split";
        warnings.push_back(std::move(warning));
      }
      const std::vector<std::size_t> group_parts = PartSizes(topology, group);
      const std::size_t linked_parts =
          group_parts.size() - alone.size();  // parts of more than one node
      if (linked_parts > 1) {
        std::string warning = when;
        warning += ": " + name + " falls into " + std::to_string(linked_parts);
        warning += " parts of linked nodes (" + SizeList(group_parts);
        warning += " nodes): each mines its own branch during the split";
        warnings.push_back(std::move(warning));
      }
    }
  }
  return warnings;
}

}  // namespace chainsim::sim
