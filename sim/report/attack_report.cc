#include "sim/report/attack_report.h"

#include <optional>
#include <string>

#include "core/string_printf.h"

namespace chainsim::sim {
namespace {

template <typename T>
Json Optional(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json OptionalSeconds(const std::optional<SimTime>& value) {
  return value ? Json(ToSeconds(*value)) : Json(nullptr);
}

std::string Seconds(const std::optional<SimTime>& value) {
  return value ? FormatDuration(*value) : "-";
}

std::string Fraction(const std::optional<double>& value) {
  if (!value) return "-";
  return StringPrintf("%.4f", *value);
}

void Row(std::ostream& out, const char* label, const std::string& value) {
  out << StringPrintf("  %-22s %s\n", label, value.c_str());
}

// `own`, a mining attack's own figures, with its attacker's keys added.
Json WithAttacker(const MiningAttacker& attacker, Json own) {
  own["node"] = attacker.node;
  own["started_s"] = ToSeconds(attacker.started);
  own["hash_share"] = attacker.hash_share;
  return own;
}

std::string AttackerText(const MiningAttacker& attacker) {
  return "node " + std::to_string(attacker.node) + ", hash share " + Fraction(attacker.hash_share);
}

}  // namespace

bool HasAttacks(const AttackFigures& figures) {
  return figures.selfish_mining.has_value() || figures.double_spend.has_value() ||
         figures.withholding.has_value() || figures.eclipse.has_value();
}

Json AttacksToJson(const AttackFigures& figures) {
  Json out = Json::object();
  if (const auto& f = figures.selfish_mining) {
    out["selfish_mining"] =
        WithAttacker(*f, {{"main_chain_blocks", f->main_chain_blocks},
                          {"pool_main_chain_blocks", f->pool_main_chain_blocks},
                          {"revenue_share", Optional(f->revenue_share)},
                          {"pool_blocks_mined", f->pool_blocks_mined},
                          {"unpublished_at_end", f->unpublished_at_end},
                          {"pool_blocks_abandoned", f->pool_blocks_abandoned},
                          {"races", f->races},
                          {"races_won", f->races_won},
                          {"races_decided_by_honest", f->races_decided_by_honest},
                          {"honest_on_pool_block", f->honest_on_pool_block},
                          {"gamma_measured", Optional(f->gamma_measured)}});
  }
  if (const auto& f = figures.double_spend) {
    out["double_spend"] = WithAttacker(
        *f, {{"confirmations", f->confirmations},
             {"premine_restarts", f->premine_restarts},
             {"payment_sent_s", OptionalSeconds(f->payment_sent)},
             {"accepted_s", OptionalSeconds(f->accepted)},
             {"accepted", f->accepted.has_value()},
             {"succeeded", f->succeeded},
             {"gave_up", f->gave_up},
             {"decided", f->succeeded || f->gave_up},
             {"time_to_success_s", OptionalSeconds(f->time_to_success)},
             {"reorg_depth", Optional(f->reorg_depth)},
             {"attacker_branch", Optional(f->attacker_branch)},
             {"payment_block_on_main_chain", Optional(f->payment_block_on_main_chain)}});
  }
  if (const auto& f = figures.withholding) {
    out["withholding"] =
        WithAttacker(*f, {{"withheld_blocks", f->withheld_blocks},
                          {"main_chain_blocks", f->main_chain_blocks},
                          {"main_chain_interval_s", OptionalSeconds(f->main_chain_interval)},
                          {"released_s", OptionalSeconds(f->released)},
                          {"released_blocks", f->released_blocks},
                          {"release_won", f->release_won},
                          {"release_reorg_depth", Optional(f->release_reorg_depth)}});
  }
  if (const auto& f = figures.eclipse) {
    out["eclipse"] = {{"victim", f->victim},
                      {"attackers", f->attackers},
                      {"victim_hash_share", f->victim_hash_share},
                      {"started_s", ToSeconds(f->started)},
                      {"ended_s", OptionalSeconds(f->ended)},
                      {"rejoined", f->rejoined.has_value()},
                      {"rejoined_s", OptionalSeconds(f->rejoined)},
                      {"rejoin_reorg_depth", Optional(f->rejoin_reorg_depth)},
                      {"eclipsed_s", ToSeconds(f->eclipsed)},
                      {"fooled_s", ToSeconds(f->fooled)},
                      {"victim_blocks_mined", f->victim_blocks_mined},
                      {"mined_in_vain", f->mined_in_vain},
                      {"mined_in_vain_hashes", f->mined_in_vain_hashes}};
  }
  return out;
}

void WriteAttacksText(std::ostream& out, const AttackFigures& figures) {
  if (!HasAttacks(figures)) return;
  out << "Attacks\n";
  if (const auto& f = figures.selfish_mining) {
    Row(out, "selfish mining", AttackerText(*f));
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
  if (const auto& f = figures.double_spend) {
    Row(out, "double spend",
        AttackerText(*f) + ", " + std::to_string(f->confirmations) + " confirmations");
    Row(out, "payment",
        "sent " + Seconds(f->payment_sent) + ", accepted " + Seconds(f->accepted) + " (" +
            std::to_string(f->premine_restarts) + " pre-mining restarts)");
    std::string outcome = "undecided at the end";
    if (f->succeeded) {
      outcome = "SUCCEEDED after " + Seconds(f->time_to_success) + ": " +
                std::to_string(f->attacker_branch.value_or(0)) + " attacker blocks replaced " +
                std::to_string(f->reorg_depth.value_or(0)) + " public blocks";
    } else if (f->gave_up) {
      outcome = "gave up";
    }
    Row(out, "outcome", outcome);
  }
  if (const auto& f = figures.withholding) {
    Row(out, "withholding",
        AttackerText(*f) + ", " + std::to_string(f->withheld_blocks) + " blocks withheld");
    Row(out, "main chain",
        std::to_string(f->main_chain_blocks) + " blocks since the start, one per " +
            Seconds(f->main_chain_interval));
    if (f->released) {
      Row(out, "release",
          "at " + Seconds(f->released) + ", " + std::to_string(f->released_blocks) + " blocks, " +
              (f->release_won
                   ? "won: replaced " + std::to_string(*f->release_reorg_depth) + " public blocks"
                   : std::string("lost: the public chain was longer")));
    }
  }
  if (const auto& f = figures.eclipse) {
    Row(out, "eclipse",
        "node " + std::to_string(f->victim) + " (hash share " + Fraction(f->victim_hash_share) +
            ") held by " + std::to_string(f->attackers) + " attacker(s) from " +
            FormatDuration(f->started) + " to " + Seconds(f->ended));
    Row(out, "victim fooled",
        FormatDuration(f->fooled) + " off the main chain, of " + FormatDuration(f->eclipsed) +
            " until it rejoined" + (f->rejoined ? "" : " (it never did)"));
    Row(out, "mined in vain",
        std::to_string(f->mined_in_vain) + " of the victim's " +
            std::to_string(f->victim_blocks_mined) + " blocks");
    if (f->rejoin_reorg_depth) {
      Row(out, "rejoin",
          "at " + Seconds(f->rejoined) + ", reorganisation of depth " +
              std::to_string(*f->rejoin_reorg_depth));
    }
  }
}

}  // namespace chainsim::sim
