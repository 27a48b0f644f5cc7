#include "sim/report/block_dot.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <vector>

namespace chainsim::sim {
namespace {

std::string Label(const BlockTree& tree, BlockId id) {
  const BlockRecord& r = tree[id];
  if (id == 0) return "genesis";
  std::array<char, 128> buf{};
  std::snprintf(buf.data(), buf.size(), "#%u %.8s\\nnode %u\\n%.3fs", r.height,
                r.block->hash().c_str(), r.miner, ToSeconds(r.mined_at));
  return buf.data();
}

}  // namespace

std::size_t WriteBlockTreeDot(std::ostream& out, const BlockTree& tree, BlockId main_tip,
                              const BlockDotOptions& options) {
  const std::size_t n = tree.size();
  std::vector<bool> on_main(n, false);
  std::vector<BlockId> main_chain;  // by height
  for (BlockId id = main_tip; id != kNoBlock; id = tree[id].parent) {
    on_main[id] = true;
    main_chain.push_back(id);
  }
  std::reverse(main_chain.begin(), main_chain.end());

  // keep[h]: the main-chain block at height h is drawn on its own.
  std::vector<bool> keep(main_chain.size(), true);
  const bool collapse = n > options.collapse_above;
  if (collapse) {
    std::vector<bool> fork_point(main_chain.size(), false);
    for (BlockId id = 1; id < n; ++id) {
      if (!on_main[id] && on_main[tree[id].parent]) fork_point[tree[tree[id].parent].height] = true;
    }
    keep.assign(main_chain.size(), false);
    const std::size_t k = options.keep_context;
    for (std::size_t h = 0; h < main_chain.size(); ++h) {
      if (h == 0 || h + 1 == main_chain.size() || fork_point[h]) {
        const std::size_t lo = h >= k ? h - k : 0;
        const std::size_t hi = std::min(main_chain.size() - 1, h + k);
        for (std::size_t j = lo; j <= hi; ++j) keep[j] = true;
      }
    }
    // A fold of one block saves nothing.
    for (std::size_t h = 1; h + 1 < main_chain.size(); ++h) {
      if (!keep[h] && keep[h - 1] && keep[h + 1]) keep[h] = true;
    }
  }

  out << "// chainsim block tree: " << n << " blocks, main chain height " << main_chain.size() - 1
      << (collapse ? " (linear main-chain stretches folded)" : "") << "\n";
  out << "digraph blocks {\n"
         "  rankdir=LR;\n"
         "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n"
         "  edge [arrowsize=0.6];\n";
  // Main chain, with folds.
  std::size_t boxes = 0;
  std::string previous;
  for (std::size_t h = 0; h < main_chain.size();) {
    std::string name;
    if (keep[h]) {
      const BlockId id = main_chain[h];
      name = "b" + std::to_string(id);
      out << "  " << name << " [label=\"" << Label(tree, id)
          << "\", fillcolor=\"#cfe3ff\", color=\"#1f4e9a\", penwidth=2];\n";
      ++h;
    } else {
      std::size_t end = h;
      while (end < main_chain.size() && !keep[end]) ++end;
      name = "c" + std::to_string(main_chain[h]);
      out << "  " << name << " [label=\"... " << end - h << " main-chain blocks ...\\n#" << h
          << " to #" << end - 1
          << "\", shape=box, style=\"dashed,filled\", fillcolor=\"#eef4ff\", "
             "color=\"#1f4e9a\"];\n";
      h = end;
    }
    ++boxes;
    if (!previous.empty()) {
      out << "  " << previous << " -> " << name << " [color=\"#1f4e9a\", penwidth=2];\n";
    }
    previous = name;
  }
  // Stale blocks and their links.
  for (BlockId id = 1; id < n; ++id) {
    if (on_main[id]) continue;
    ++boxes;
    out << "  b" << id << " [label=\"" << Label(tree, id)
        << "\", style=\"rounded,dashed,filled\", fillcolor=\"#eeeeee\", color=\"#888888\", "
           "fontcolor=\"#555555\"];\n";
    out << "  b" << tree[id].parent << " -> b" << id << " [color=\"#888888\", style=dashed];\n";
  }
  out << "}\n";
  return boxes;
}

}  // namespace chainsim::sim
