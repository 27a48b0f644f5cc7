#include "sim/report/run_report.h"

#include <array>
#include <string>

#include "core/string_printf.h"
#include "sim/report/attack_report.h"

namespace chainsim::sim {
namespace {

constexpr std::array<const char*, 3> kLevelNames = {"50 %", "90 %", "100 %"};

std::string Duration(SimTime t) { return t == kNever ? "-" : FormatDuration(t); }

Json Seconds(SimTime t) { return t == kNever ? Json(nullptr) : Json(ToSeconds(t)); }

std::string Bytes(std::uint64_t bytes) {
  if (bytes >= 1'000'000'000) return StringPrintf("%.2f GB", static_cast<double>(bytes) / 1e9);
  if (bytes >= 1'000'000) return StringPrintf("%.2f MB", static_cast<double>(bytes) / 1e6);
  if (bytes >= 1'000) return StringPrintf("%.1f kB", static_cast<double>(bytes) / 1e3);
  return std::to_string(bytes) + " B";
}

std::string Percent(double fraction) { return StringPrintf("%.2f %%", 100.0 * fraction); }

Json DistributionToJson(const Distribution& d) {
  return Json{{"count", d.count},
              {"median_s", Seconds(d.median)},
              {"p90_s", Seconds(d.p90)},
              {"max_s", Seconds(d.max)}};
}

// A coverage row (time to a share of the nodes): the distribution over the
// blocks that got there, its mean, and how many of the run's blocks never did.
Json CoverageToJson(const Distribution& d, std::uint64_t blocks_mined) {
  Json j = DistributionToJson(d);
  j["mean_s"] = Seconds(d.mean);
  j["never"] = blocks_mined - d.count;
  return j;
}

Json ArrivalToJson(const ArrivalTally& a) {
  const Distribution& d = a.received;
  return Json{{"pairs", a.pairs},
              {"received", d.count},
              {"never", a.never},
              {"mean_s", Seconds(d.mean)},
              {"p10_s", Seconds(d.p10)},
              {"p25_s", Seconds(d.p25)},
              {"median_s", Seconds(d.median)},
              {"p75_s", Seconds(d.p75)},
              {"p90_s", Seconds(d.p90)},
              {"max_s", Seconds(d.max)}};
}

}  // namespace

void WriteRunText(std::ostream& out, const RunReport& report) {
  const Scenario& sc = *report.scenario;
  const RunSummary& s = report.summary;
  const auto row = [&](const std::string& label, const std::string& value) {
    out << StringPrintf("  %-22s %s\n", label.c_str(), value.c_str());
  };
  out << "chainsim run: " << sc.name;
  if (!sc.source.empty()) out << " (" << sc.source << ")";
  out << ", seed " << sc.seed << ", " << FormatDuration(report.simulated) << " simulated\n";

  out << "Blocks\n";
  row("mined", std::to_string(s.blocks_mined));
  row("main chain height", std::to_string(s.main_chain_height));
  row("stale", std::to_string(s.stale_blocks) + " (stale rate " + Percent(s.stale_rate) + ")");
  row("fork events", std::to_string(s.fork_events));

  out << "Reorganisations\n";
  row("count", std::to_string(s.reorgs));
  row("deepest", std::to_string(s.deepest_reorg) + " blocks");

  out << "Propagation: mining until this share of the nodes up at mining received the block\n"
         "(had it whole) or adopted it (had it in their chain), or of their hash power adopted\n"
         "it; each row is over the blocks that got there (blocks: of all mined)\n";
  const std::string mined = std::to_string(s.blocks_mined);
  const auto propagation_rows = [&](const char* what, const PerLevel<Distribution>& levels) {
    constexpr const char* kColumns = "  %-10s %12s %12s %12s %12s %10s\n";
    out << StringPrintf(kColumns, what, "mean", "median", "p90", "max", "blocks");
    for (std::size_t level = 0; level < kLevelNames.size(); ++level) {
      const Distribution& d = levels[level];
      out << StringPrintf(kColumns, kLevelNames[level], Duration(d.mean).c_str(),
                          Duration(d.median).c_str(), Duration(d.p90).c_str(),
                          Duration(d.max).c_str(), (std::to_string(d.count) + "/" + mined).c_str());
    }
    if (levels[0].count != levels[2].count) {
      out << "  (" << levels[0].count - levels[2].count
          << " blocks reached 50 % but not 100 %: the rows are over different blocks)\n";
    }
  };
  propagation_rows("received", s.propagation_received);
  propagation_rows("adopted", s.propagation);
  propagation_rows("hash power", s.propagation_hash_power);

  const ArrivalTally& arrival = s.arrival;
  out << "All-pairs arrival (mining until each other node up at mining received the block)\n";
  row("pairs", std::to_string(arrival.received.count) + " received of " +
                   std::to_string(arrival.pairs) + " (" + std::to_string(arrival.never) +
                   " never)");
  const Distribution& a = arrival.received;
  row("mean / median", Duration(a.mean) + " / " + Duration(a.median));
  row("p10 / p25 / p75 / p90", Duration(a.p10) + " / " + Duration(a.p25) + " / " + Duration(a.p75) +
                                   " / " + Duration(a.p90));

  out << "Agreement\n";
  for (const HealRecord& heal : s.heals) {
    row(("heal at " + FormatDuration(heal.healed_at)).c_str(),
        heal.converged_at == kNever
            ? "not converged by the end"
            : "converged after " + FormatDuration(heal.converged_at - heal.healed_at));
  }
  row("disagreements", std::to_string(s.disagreement.count) + " closed, median " +
                           Duration(s.disagreement.median) + ", p90 " +
                           Duration(s.disagreement.p90) + ", max " + Duration(s.disagreement.max));
  row("at the end", s.agreed_at_end
                        ? "all " + std::to_string(report.live_nodes) + " live nodes on one tip"
                        : std::to_string(s.final_distinct_tips) + " distinct tips; " +
                              std::to_string(report.main_chain_nodes) + " of " +
                              std::to_string(report.live_nodes) + " live nodes on the main tip");

  const TransactionTally& tx = s.transactions;
  out << "Transactions\n";
  row("submitted", std::to_string(tx.submitted));
  row("confirmed", std::to_string(tx.confirmed));
  row("pending", std::to_string(tx.pending));
  row("lost", std::to_string(tx.lost) + (sc.protocol.requeue_lost_transactions
                                             ? " (requeued " + std::to_string(tx.requeued) + ")"
                                             : ""));

  const ProtocolTally& protocol = s.protocol;
  out << "Protocol\n";
  if (sc.protocol.kind == ProtocolKind::kPull) {
    row("resolves", std::to_string(protocol.resolves_started) + " started, " +
                        std::to_string(protocol.replies_timed_out) +
                        " chain requests unanswered at their timeout");
  } else {
    row("invalid blocks", std::to_string(protocol.invalid_blocks) +
                              " relayed blocks failed valid_chain and were dropped");
  }

  const NetworkCounters& n = report.network;
  out << "Network\n";
  row("messages", std::to_string(n.messages_sent) + " (" + Bytes(n.bytes_sent) + ")");
  if (sc.protocol.compact_blocks.enabled) {  // only then: other reports stay as they were
    for (const RunReport::KindTally& kind : report.by_kind) {
      if (kind.messages == 0) continue;
      row("  " + kind.kind, std::to_string(kind.messages) + " (" + Bytes(kind.bytes) + ")");
    }
  }
  row("lost", std::to_string(n.lost()) + " (loss " + std::to_string(n.lost_loss) + ", partition " +
                  std::to_string(n.lost_partition) + ", down " + std::to_string(n.lost_down) + ")");
  if (n.retransmissions > 0) {
    row("retransmissions", std::to_string(n.retransmissions) + " lost copies sent again");
  }

  out << "Checks\n";
  row("valid_chain",
      s.all_chains_valid ? "every node's chain is valid" : "FAILED: " + s.invalid_chain_detail);
  if (s.chains_rejected > 0) {
    row("rejected chains", std::to_string(s.chains_rejected) +
                               " longer chains from peers failed valid_chain (forged)");
  }

  WriteAttacksText(out, s.attacks);

  out << "Run\n";
  const double events_per_second =
      report.wall_seconds > 0 ? static_cast<double>(report.events) / report.wall_seconds : 0.0;
  row("time", StringPrintf("%.3f s wall, %s events, %.2f M events/s", report.wall_seconds,
                           std::to_string(report.events).c_str(), events_per_second / 1e6));
}

Json RunReportToJson(const RunReport& report) {
  const RunSummary& s = report.summary;
  Json propagation = Json::object();
  constexpr std::array<const char*, 3> kNodeKeys = {"p50_nodes", "p90_nodes", "p100_nodes"};
  constexpr std::array<const char*, 3> kReceivedKeys = {"p50_nodes_received", "p90_nodes_received",
                                                        "p100_nodes_received"};
  constexpr std::array<const char*, 3> kHashKeys = {"p50_hash_power", "p90_hash_power",
                                                    "p100_hash_power"};
  for (std::size_t level = 0; level < kNodeKeys.size(); ++level) {
    propagation[kNodeKeys[level]] = CoverageToJson(s.propagation[level], s.blocks_mined);
    propagation[kReceivedKeys[level]] =
        CoverageToJson(s.propagation_received[level], s.blocks_mined);
    propagation[kHashKeys[level]] = CoverageToJson(s.propagation_hash_power[level], s.blocks_mined);
  }
  Json heals = Json::array();
  for (const HealRecord& heal : s.heals) {
    heals.push_back({{"healed_at_s", ToSeconds(heal.healed_at)},
                     {"convergence_s", heal.converged_at == kNever
                                           ? Json(nullptr)
                                           : Json(ToSeconds(heal.converged_at - heal.healed_at))}});
  }
  const TransactionTally& tx = s.transactions;
  const NetworkCounters& n = report.network;
  Json out{
      {"blocks",
       {{"mined", s.blocks_mined},
        {"main_chain_height", s.main_chain_height},
        {"stale", s.stale_blocks},
        {"stale_rate", s.stale_rate},
        {"fork_events", s.fork_events}}},
      {"reorgs",
       {{"count", s.reorgs}, {"deepest", s.deepest_reorg}, {"extensions", s.chain_extensions}}},
      {"propagation", propagation},
      {"arrival", ArrivalToJson(s.arrival)},
      {"agreement",
       {{"heals", heals},
        {"disagreements", DistributionToJson(s.disagreement)},
        {"agreed_at_end", s.agreed_at_end},
        {"distinct_tips_at_end", s.final_distinct_tips},
        {"live_nodes", report.live_nodes},
        {"nodes_on_main_tip", report.main_chain_nodes}}},
      {"transactions",
       {{"submitted", tx.submitted},
        {"confirmed", tx.confirmed},
        {"pending", tx.pending},
        {"lost", tx.lost},
        {"requeued", tx.requeued}}},
      {"protocol",
       {{"resolves_started", s.protocol.resolves_started},
        {"replies_timed_out", s.protocol.replies_timed_out},
        {"invalid_blocks", s.protocol.invalid_blocks}}},
      {"network",
       {{"messages", n.messages_sent},
        {"bytes", n.bytes_sent},
        {"delivered", n.delivered},
        {"lost_loss", n.lost_loss},
        {"lost_partition", n.lost_partition},
        {"lost_down", n.lost_down},
        {"retransmissions", n.retransmissions}}},
      {"checks",
       {{"all_chains_valid", s.all_chains_valid},
        {"detail", s.invalid_chain_detail},
        {"chains_rejected", s.chains_rejected}}},
      {"run",
       {{"simulated_s", ToSeconds(report.simulated)},
        {"events", report.events},
        {"wall_s", report.wall_seconds},
        {"events_per_s", report.wall_seconds > 0
                             ? static_cast<double>(report.events) / report.wall_seconds
                             : 0.0}}}};
  if (HasAttacks(s.attacks)) out["attacks"] = AttacksToJson(s.attacks);
  if (report.scenario != nullptr && report.scenario->protocol.compact_blocks.enabled) {
    Json by_kind = Json::object();  // only then: other runs' JSON stays as it was
    for (const RunReport::KindTally& kind : report.by_kind) {
      by_kind[kind.kind] = {{"messages", kind.messages}, {"bytes", kind.bytes}};
    }
    out["network"]["by_kind"] = by_kind;
  }
  return out;
}

}  // namespace chainsim::sim
