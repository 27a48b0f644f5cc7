#include "sim/report/attack_report.h"

#include <cstdio>
#include <optional>
#include <string>

namespace chainsim::sim {
namespace {

Json Optional(const std::optional<double>& value) { return value ? Json(*value) : Json(nullptr); }

std::string Fraction(const std::optional<double>& value) {
  if (!value) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", *value);
  return buf;
}

void Row(std::ostream& out, const char* label, const std::string& value) {
  char line[256];
  std::snprintf(line, sizeof line, "  %-22s %s\n", label, value.c_str());
  out << line;
}

}  // namespace

bool HasAttacks(const AttackFigures& figures) { return figures.selfish_mining.has_value(); }

Json AttacksToJson(const AttackFigures& figures) {
  Json out = Json::object();
  if (const auto& f = figures.selfish_mining) {
    out["selfish_mining"] = {{"node", f->node},
                             {"started_s", ToSeconds(f->started)},
                             {"hash_share", f->hash_share},
                             {"main_chain_blocks", f->main_chain_blocks},
                             {"pool_main_chain_blocks", f->pool_main_chain_blocks},
                             {"revenue_share", Optional(f->revenue_share)},
                             {"pool_blocks_mined", f->pool_blocks_mined},
                             {"unpublished_at_end", f->unpublished_at_end},
                             {"pool_blocks_abandoned", f->pool_blocks_abandoned},
                             {"races", f->races},
                             {"races_won", f->races_won},
                             {"races_decided_by_honest", f->races_decided_by_honest},
                             {"honest_on_pool_block", f->honest_on_pool_block},
                             {"gamma_measured", Optional(f->gamma_measured)}};
  }
  return out;
}

void WriteAttacksText(std::ostream& out, const AttackFigures& figures) {
  if (!HasAttacks(figures)) return;
  out << "Attacks\n";
  if (const auto& f = figures.selfish_mining) {
    Row(out, "selfish mining",
        "node " + std::to_string(f->node) + ", hash share " + Fraction(f->hash_share));
    Row(out, "revenue share",
        Fraction(f->revenue_share) + " (" + std::to_string(f->pool_main_chain_blocks) + " of " +
            std::to_string(f->main_chain_blocks) + " main-chain blocks since the start)");
    Row(out, "pool blocks",
        std::to_string(f->pool_blocks_mined) + " mined, " +
            std::to_string(f->pool_blocks_abandoned) + " abandoned, " +
            std::to_string(f->unpublished_at_end) + " unpublished at the end");
    Row(out, "races",
        std::to_string(f->races) + ", " + std::to_string(f->races_won) + " won; gamma measured " +
            Fraction(f->gamma_measured) + " (" + std::to_string(f->honest_on_pool_block) + " of " +
            std::to_string(f->races_decided_by_honest) + " races the honest miners decided)");
  }
}

}  // namespace chainsim::sim
