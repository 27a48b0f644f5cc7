#include "sim/report/block_svg.h"

#include <algorithm>
#include <array>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>

#include "sim/report/branches.h"

namespace chainsim::sim {
namespace {

constexpr std::array<const char*, 8> kStaleColors = {"#e8710a", "#1e8e3e", "#9334e6", "#d93025",
                                                     "#0e9fb8", "#c58a00", "#b80672", "#5f6368"};
constexpr const char* kMainColor = "#1f5fbf";
constexpr double kMinLane = 44.0;  // lane height: at least this, more when there is room
constexpr double kMaxLane = 60.0;
constexpr double kAxisHeight = 40.0;
constexpr double kRowGap = 18.0;
constexpr double kLeft = 70.0;
constexpr double kRight = 20.0;
constexpr double kHeader = 92.0;

// One column of the picture: a height, or a fold of main-chain heights.
struct Column {
  bool fold = false;
  std::uint32_t from = 0;  // height (fold: first folded height)
  std::uint32_t to = 0;    // fold: last folded height
};

std::string Num(double v) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.1f", v);
  return buf.data();
}

// "m:ss" for runs under an hour, "h:mm" otherwise, "s.s" under two minutes.
std::string Clock(SimTime t, SimTime end) {
  std::array<char, 32> buf{};
  const double s = ToSeconds(t);
  if (end < 2 * kMinute) {
    std::snprintf(buf.data(), buf.size(), "%.1fs", s);
  } else if (end < kHour) {
    const auto total = static_cast<std::int64_t>(s);
    std::snprintf(buf.data(), buf.size(), "%" PRId64 ":%02" PRId64, total / 60, total % 60);
  } else {
    const auto minutes = static_cast<std::int64_t>(s / 60);
    std::snprintf(buf.data(), buf.size(), "%" PRId64 ":%02" PRId64, minutes / 60, minutes % 60);
  }
  return buf.data();
}

std::string Escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

const char* BranchColor(std::uint32_t branch) {
  return branch == 0 ? kMainColor : kStaleColors[(branch - 1) % kStaleColors.size()];
}

std::size_t WriteBlockTreeSvg(std::ostream& out, const BlockTree& tree, BlockId main_tip,
                              const BlockSvgOptions& options) {
  const std::size_t n = tree.size();
  const std::vector<std::uint32_t> branch = BranchOf(tree, main_tip);
  std::uint32_t max_height = 0;
  std::uint32_t branches = 0;
  for (BlockId id = 0; id < n; ++id) {
    max_height = std::max(max_height, tree[id].height);
    branches = std::max(branches, branch[id]);
  }
  std::vector<BlockId> main_at(max_height + 1, kNoBlock);
  for (BlockId id = main_tip; id != kNoBlock; id = tree[id].parent) main_at[tree[id].height] = id;
  const SimTime end =
      std::max<SimTime>(tree[main_tip].mined_at, tree[static_cast<BlockId>(n - 1)].mined_at);

  // Lanes: 0 the main chain; each stale branch in the lowest lane free over
  // its heights, its sub-forks in the next free lane.
  std::vector<std::uint32_t> branch_top(branches + 1, 0);
  for (BlockId id = 1; id < n; ++id) {
    branch_top[branch[id]] = std::max(branch_top[branch[id]], tree[id].height);
  }
  std::vector<std::uint32_t> lane(n, 0);
  std::set<std::pair<std::uint32_t, std::uint32_t>> taken;  // (lane, height)
  std::uint32_t lanes = 0;
  for (BlockId id = 1; id < n; ++id) {
    if (branch[id] == 0) continue;
    const std::uint32_t h = tree[id].height;
    const BlockId parent = tree[id].parent;
    std::uint32_t chosen = 0;
    if (branch[parent] != 0 && !taken.contains({lane[parent], h})) {
      chosen = lane[parent];
    } else {
      const std::uint32_t top = branch[parent] == 0 ? branch_top[branch[id]] : h;
      for (std::uint32_t l = 1; chosen == 0; ++l) {
        bool free = true;
        for (std::uint32_t k = h; k <= top && free; ++k) free = !taken.contains({l, k});
        if (free) chosen = l;
      }
    }
    lane[id] = chosen;
    taken.insert({chosen, h});
    lanes = std::max(lanes, chosen);
  }

  // Columns, folding fork-free main-chain stretches when there are too many.
  std::vector<bool> keep(max_height + 1, true);
  if (max_height + 1 > options.columns_per_row * options.max_rows) {
    keep.assign(max_height + 1, false);
    const auto keep_around = [&](std::uint32_t h) {
      for (std::uint32_t k = h == 0 ? 0 : h - 1; k <= std::min(max_height, h + 1); ++k) {
        keep[k] = true;
      }
    };
    keep_around(0);
    keep_around(max_height);
    keep_around(tree[main_tip].height);
    for (BlockId id = 1; id < n; ++id) {
      if (branch[id] != 0) keep_around(tree[id].height);
    }
    for (std::uint32_t h = 1; h < max_height; ++h) {  // a fold of one saves nothing
      if (!keep[h] && keep[h - 1] && keep[h + 1]) keep[h] = true;
    }
  }
  std::vector<Column> columns;
  for (std::uint32_t h = 0; h <= max_height;) {
    if (keep[h]) {
      columns.push_back({false, h, h});
      ++h;
    } else {
      std::uint32_t last = h;
      while (last + 1 <= max_height && !keep[last + 1]) ++last;
      columns.push_back({true, h, last});
      h = last + 1;
    }
  }
  std::vector<std::size_t> column_of(max_height + 1, 0);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    for (std::uint32_t h = columns[c].from; h <= columns[c].to; ++h) column_of[h] = c;
  }

  // Rows of equal length; each as tall as the lanes its columns use.
  const std::size_t rows = (columns.size() + options.columns_per_row - 1) / options.columns_per_row;
  const std::size_t per_row = (columns.size() + rows - 1) / rows;
  std::vector<std::uint32_t> row_lanes(rows, 0);
  for (BlockId id = 1; id < n; ++id) {
    const std::size_t row = column_of[tree[id].height] / per_row;
    row_lanes[row] = std::max(row_lanes[row], lane[id]);
  }
  const double width = options.width;
  const double pitch = (width - kLeft - kRight) / static_cast<double>(per_row);
  const double box_w = std::min(pitch * 0.8, 64.0);
  double lane_units = 0;
  for (const std::uint32_t l : row_lanes) lane_units += l + 1;
  const double room = width * options.height / options.width - kHeader -
                      static_cast<double>(rows) * (kAxisHeight + kRowGap);
  const double lane_height = std::clamp(room / lane_units, kMinLane, kMaxLane);
  const double box_h = std::min(lane_height * 0.68, 36.0);
  std::vector<double> row_top(rows, 0);
  double y = kHeader;
  for (std::size_t r = 0; r < rows; ++r) {
    row_top[r] = y;
    y += (row_lanes[r] + 1) * lane_height + kAxisHeight + kRowGap;
  }
  // Keep 16:9: scale the drawing to the picture, centred.
  const double content_h = std::max(y, width * options.height / options.width);
  const double view_w = content_h * options.width / options.height;
  const double offset_x = (view_w - width) / 2;

  const auto column_x = [&](std::size_t c) {
    return kLeft + pitch * static_cast<double>(c % per_row) + pitch / 2;
  };
  const auto lane_y = [&](std::size_t row, std::uint32_t l) {  // centre of a lane
    return row_top[row] + (row_lanes[row] - l) * lane_height + lane_height / 2;
  };
  const auto main_time = [&](std::size_t c) -> SimTime {
    const BlockId id = main_at[columns[c].to];
    return id == kNoBlock ? kNever : tree[id].mined_at;
  };

  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << options.width << "\" height=\""
      << options.height << "\" viewBox=\"" << Num(-offset_x) << " 0 " << Num(view_w) << " "
      << Num(content_h) << "\" font-family=\"Helvetica, Arial, sans-serif\">\n";
  out << "<rect x=\"" << Num(-offset_x) << "\" y=\"0\" width=\"" << Num(view_w) << "\" height=\""
      << Num(content_h) << "\" fill=\"#ffffff\"/>\n";
  std::size_t stale = 0;
  for (BlockId id = 1; id < n; ++id) stale += branch[id] != 0 ? 1u : 0u;
  out << "<text x=\"" << kLeft << "\" y=\"34\" font-size=\"24\" font-weight=\"bold\">"
      << Escape(options.title.empty() ? "Block tree" : options.title) << "</text>\n";
  out << "<text x=\"" << kLeft << "\" y=\"60\" font-size=\"15\" fill=\"#333\">" << n - 1
      << " blocks mined: main chain of height " << tree[main_tip].height << " (blue), " << stale
      << " stale in " << branches << (branches == 1 ? " branch" : " branches")
      << " (other colours). One column per height; under it, when its main-chain block was "
         "mined (min:s"
      << (end >= kHour ? ", h:mm past an hour" : "") << ").</text>\n";
  // Legend.
  double lx = width - 390;
  out << "<rect x=\"" << Num(lx) << "\" y=\"70\" width=\"14\" height=\"12\" fill=\"#fbe3d9\" "
      << "stroke=\"#e0a890\"/><text x=\"" << Num(lx + 20) << "\" y=\"81\" font-size=\"13\">"
      << "partition in force</text>\n";
  lx += 150;
  out << "<line x1=\"" << Num(lx) << "\" y1=\"70\" x2=\"" << Num(lx) << "\" y2=\"84\" "
      << "stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/><text x=\"" << Num(lx + 8)
      << "\" y=\"81\" font-size=\"13\">heal</text>\n";
  lx += 60;
  out << "<rect x=\"" << Num(lx) << "\" y=\"70\" width=\"14\" height=\"12\" fill=\"#eef4ff\" "
      << "stroke=\"" << kMainColor << "\" stroke-dasharray=\"3 2\"/><text x=\"" << Num(lx + 20)
      << "\" y=\"81\" font-size=\"13\">folded</text>\n";

  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t first = r * per_row;
    const std::size_t last = std::min(columns.size(), first + per_row);
    const double top = row_top[r];
    const double bottom = top + (row_lanes[r] + 1) * lane_height;
    // Partitions: shade the columns whose main-chain block was mined while one
    // was in force; a dashed line where it healed.
    for (const auto& [start, stop] : options.partitions) {
      for (std::size_t c = first; c < last; ++c) {
        const SimTime t = main_time(c);
        if (t == kNever || t < start || (stop != kNever && t >= stop)) continue;
        out << "<rect x=\"" << Num(column_x(c) - pitch / 2) << "\" y=\"" << Num(top)
            << "\" width=\"" << Num(pitch) << "\" height=\"" << Num(bottom - top)
            << "\" fill=\"#fbe3d9\"/>\n";
      }
      if (stop == kNever) continue;
      for (std::size_t c = first; c < last; ++c) {
        const SimTime before = c == 0 ? kNever : main_time(c - 1);
        const SimTime t = main_time(c);
        if (t == kNever || t < stop || (before != kNever && before >= stop)) continue;
        if (c == first && before == kNever) continue;
        const double x = column_x(c) - pitch / 2;
        out << "<line x1=\"" << Num(x) << "\" y1=\"" << Num(top - 4) << "\" x2=\"" << Num(x)
            << "\" y2=\"" << Num(bottom) << "\" stroke=\"#c0392b\" stroke-width=\"2\" "
            << "stroke-dasharray=\"6 4\"/><text x=\"" << Num(x + 4) << "\" y=\"" << Num(top + 10)
            << "\" font-size=\"12\" fill=\"#c0392b\">heal " << Clock(stop, end) << "</text>\n";
      }
    }
    // Links to parents (drawn first, under the boxes).
    for (BlockId id = 1; id < n; ++id) {
      const std::size_t c = column_of[tree[id].height];
      if (c < first || c >= last || (branch[id] == 0 && columns[c].fold)) continue;
      const BlockId parent = tree[id].parent;
      const std::size_t pc = column_of[tree[parent].height];
      const double x = column_x(c) - box_w / 2;
      const double y1 = lane_y(r, lane[id]);
      const char* color = BranchColor(branch[id]);
      if (pc < first) {  // parent on the row before
        out << "<line x1=\"" << Num(kLeft - 12) << "\" y1=\"" << Num(y1) << "\" x2=\"" << Num(x)
            << "\" y2=\"" << Num(y1) << "\" stroke=\"" << color << "\" stroke-width=\"2\"/>\n";
        continue;
      }
      const double px = column_x(pc) + box_w / 2;
      const double py = lane_y(r, lane[parent]);
      out << "<path d=\"M" << Num(px) << " " << Num(py) << " C" << Num((px + x) / 2) << " "
          << Num(py) << " " << Num((px + x) / 2) << " " << Num(y1) << " " << Num(x) << " "
          << Num(y1) << "\" fill=\"none\" stroke=\"" << color << "\" stroke-width=\"2\"/>\n";
    }
    // Boxes.
    for (std::size_t c = first; c < last; ++c) {
      if (!columns[c].fold) continue;
      const double cy = lane_y(r, 0);
      out << "<g><title>main-chain blocks #" << columns[c].from << " to #" << columns[c].to
          << ", no fork</title><rect x=\"" << Num(column_x(c) - pitch * 0.45) << "\" y=\""
          << Num(cy - box_h / 2) << "\" width=\"" << Num(pitch * 0.9) << "\" height=\""
          << Num(box_h) << "\" rx=\"4\" fill=\"#eef4ff\" stroke=\"" << kMainColor
          << "\" stroke-dasharray=\"4 3\"/><text x=\"" << Num(column_x(c)) << "\" y=\""
          << Num(cy + 4) << "\" font-size=\"11\" text-anchor=\"middle\">"
          << columns[c].to - columns[c].from + 1 << " blocks</text></g>\n";
    }
    for (BlockId id = 0; id < n; ++id) {
      const std::size_t c = column_of[tree[id].height];
      if (c < first || c >= last || (branch[id] == 0 && columns[c].fold)) continue;
      if (branch[id] == 0 && main_at[tree[id].height] != id) continue;
      const BlockRecord& b = tree[id];
      const double cx = column_x(c);
      const double cy = lane_y(r, lane[id]);
      const char* color = BranchColor(branch[id]);
      const bool main = branch[id] == 0;
      out << "<g><title>#" << b.height << " " << b.block->hash().substr(0, 8);
      if (id != 0) out << " mined by node " << b.miner << " at " << Clock(b.mined_at, end);
      out << (main ? " (main chain)" : " (stale)") << "</title><rect x=\"" << Num(cx - box_w / 2)
          << "\" y=\"" << Num(cy - box_h / 2) << "\" width=\"" << Num(box_w) << "\" height=\""
          << Num(box_h) << "\" rx=\"4\" fill=\"" << (main ? "#dbe7fb" : "#ffffff") << "\" stroke=\""
          << color << "\" stroke-width=\"2\"" << (main ? "" : " stroke-dasharray=\"5 3\"") << "/>";
      const bool two_lines = box_w >= 30;
      out << "<text x=\"" << Num(cx) << "\" y=\"" << Num(cy + (two_lines ? -1 : 4))
          << "\" font-size=\"" << (box_w >= 34 ? 13 : 10) << "\" font-weight=\"bold\" fill=\""
          << color << "\" text-anchor=\"middle\">"
          << (id == 0 ? std::string("gen") : "#" + std::to_string(b.height)) << "</text>";
      if (two_lines && id != 0) {
        out << "<text x=\"" << Num(cx) << "\" y=\"" << Num(cy + 11)
            << "\" font-size=\"10\" fill=\"#444\" text-anchor=\"middle\">n" << b.miner << "</text>";
      }
      out << "</g>\n";
    }
    // The time axis: a tick and a label under every column that has room.
    const std::size_t step = std::max<std::size_t>(1, static_cast<std::size_t>(44.0 / pitch) + 1);
    out << "<line x1=\"" << Num(kLeft) << "\" y1=\"" << Num(bottom + 4) << "\" x2=\""
        << Num(kLeft + pitch * static_cast<double>(last - first)) << "\" y2=\"" << Num(bottom + 4)
        << "\" stroke=\"#888\"/>\n";
    out << "<text x=\"" << Num(kLeft - 8) << "\" y=\"" << Num(bottom + 22)
        << "\" font-size=\"11\" fill=\"#666\" text-anchor=\"end\">mined</text>\n";
    for (std::size_t c = first; c < last; ++c) {
      const SimTime t = main_time(c);
      if (t == kNever || (c - first) % step != 0) continue;
      out << "<line x1=\"" << Num(column_x(c)) << "\" y1=\"" << Num(bottom + 4) << "\" x2=\""
          << Num(column_x(c)) << "\" y2=\"" << Num(bottom + 9) << "\" stroke=\"#888\"/>"
          << "<text x=\"" << Num(column_x(c)) << "\" y=\"" << Num(bottom + 22)
          << "\" font-size=\"12\" fill=\"#444\" text-anchor=\"middle\">" << Clock(t, end)
          << "</text>\n";
    }
  }
  out << "</svg>\n";
  return columns.size();
}

}  // namespace chainsim::sim
