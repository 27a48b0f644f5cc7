#include "apps/http/node_service.h"

#include <chrono>
#include <limits>
#include <optional>
#include <utility>

#include "core/check.h"
#include "core/node_address.h"
#include "core/parallel_search.h"
#include "core/proof_of_work.h"

namespace chainsim::http {
namespace {

NodeState StateOf(const Blockchain& chain) {
  return NodeState{chain.node_id(), chain.chain(), chain.pending_transactions(), chain.nodes()};
}

std::string OutcomeName(CandidateOutcome outcome) {
  switch (outcome) {
    case CandidateOutcome::kNoReply:
      return "no_reply";
    case CandidateOutcome::kNotBetter:
      return "not_longer";
    case CandidateOutcome::kInvalid:
      return "invalid";
    case CandidateOutcome::kBest:
      return "superseded";
  }
  return "unknown";
}

// The reference's proof_of_work(last_block), the smallest valid proof
// counting from 0 (what core's ProofOfWork(tip, rules, 0, threads) returns),
// searched in slices of growing size, each a few tens of milliseconds at
// most, so that `stop` is seen between two slices. nullopt when stopped.
// Under retargeting the proof must be below `target` (core's
// ProofOfWork(tip, rules, target, 0, threads)): each slice searches for the
// target's hex zeros and a candidate above the target resumes after it.
std::optional<std::int64_t> StoppableProofOfWork(const Block& tip, const ChainRules& rules,
                                                 const ProofTarget& target, int threads,
                                                 const std::stop_token& stop) {
  constexpr auto kSliceTime = std::chrono::milliseconds(20);
  constexpr std::uint64_t kMaxSlice = std::uint64_t{1} << 28;
  const ProofMessage message = ProofMessageFor(tip.proof_text(), tip.hash(), rules.proof_variant);
  std::uint64_t slice = std::uint64_t{1} << 12;
  for (std::int64_t start = 0;;) {
    if (stop.stop_requested()) return std::nullopt;
    const auto began = std::chrono::steady_clock::now();
    const std::optional<std::int64_t> proof =
        rules.retarget.every > 0
            ? ParallelSearchProof(message, target.HexZeros(), start, slice, threads)
            : ParallelSearchProof(message, rules.difficulty, start, slice, threads);
    if (proof && rules.retarget.every > 0 &&
        !target.Admits(ProofDigest(tip.proof_text(), std::to_string(*proof), tip.hash(),
                                   rules.proof_variant))) {
      start = *proof + 1;  // below the hex zeros but above the target: go on after it
      continue;
    }
    if (proof) return proof;
    CHAINSIM_CHECK(start <=
                   std::numeric_limits<std::int64_t>::max() - static_cast<std::int64_t>(slice));
    start += static_cast<std::int64_t>(slice);
    if (std::chrono::steady_clock::now() - began < kSliceTime / 2 && slice < kMaxSlice) slice *= 2;
  }
}

}  // namespace

NodeService::NodeService(ChainRules rules, NodeState state, std::unique_ptr<NodeStore> store,
                         Clock clock)
    : rules_(rules),
      node_id_(state.node_id),
      store_(std::move(store)),
      clock_(std::move(clock)),
      blockchain_(rules, state.node_id, std::move(state.chain),
                  std::move(state.pending_transactions)) {
  CHAINSIM_CHECK(blockchain_.RegisterNodes(state.nodes).ok());
}

std::unique_ptr<NodeService> NodeService::Open(ChainRules rules, std::unique_ptr<NodeStore> store,
                                               std::string new_node_id, Clock clock) {
  std::optional<NodeState> state;
  if (store) state = store->Load(rules);
  const bool fresh = !state.has_value();
  if (fresh) {
    state.emplace();
    state->node_id = std::move(new_node_id);
    state->chain = {MakeGenesis(clock(), rules.proof_variant)};
  } else {
    // Registration order from the file (core keeps it and drops repeats).
    for (const std::string& node : state->nodes) {
      if (!ParseNodeAddress(node)) {
        throw StoreError(store->path() + ": bad peer address '" + node + "'");
      }
    }
  }
  auto service =
      std::make_unique<NodeService>(rules, std::move(*state), std::move(store), std::move(clock));
  if (fresh && service->store_) {
    if (Result<void> saved = service->store_->Save(service->state()); !saved) {
      throw StoreError(saved.error().message);
    }
  }
  return service;
}

void NodeService::set_requeue_lost_transactions(bool on) {
  std::lock_guard lock(mutex_);
  blockchain_.set_requeue_lost_transactions(on);
}

Result<void> NodeService::Commit(Blockchain next) {
  if (store_) {
    if (Result<void> saved = store_->Save(StateOf(next)); !saved) return saved;
  }
  blockchain_ = std::move(next);
  return {};
}

Result<BlockPtr> NodeService::Mine(std::stop_token stop) {
  BlockPtr tip;
  ProofTarget target = InitialTarget(rules_);
  {
    std::lock_guard lock(mutex_);
    tip = blockchain_.chain().back();
    if (rules_.retarget.every > 0) target = NextTarget(blockchain_.chain(), rules_);
  }
  for (;;) {
    const std::optional<std::int64_t> proof =
        StoppableProofOfWork(*tip, rules_, target, mining_threads_, stop);
    if (!proof) return Error{"stopped before a proof was found; no block was mined"};
    std::lock_guard lock(mutex_);
    const BlockPtr& now_tip = blockchain_.chain().back();
    if (now_tip->hash() != tip->hash()) {
      tip = now_tip;  // the tip moved while we searched: search again on the new one
      if (rules_.retarget.every > 0) target = NextTarget(blockchain_.chain(), rules_);
      continue;
    }
    Blockchain next = blockchain_;
    BlockPtr block = next.Forge(*proof, clock_());
    if (Result<void> saved = Commit(std::move(next)); !saved) return saved.error();
    return block;
  }
}

Result<Json> NodeService::NewTransaction(TransactionRequest transaction) {
  std::lock_guard lock(mutex_);
  Blockchain next = blockchain_;
  Json index = next.NewTransaction(std::move(transaction.sender), std::move(transaction.recipient),
                                   std::move(transaction.amount));
  if (Result<void> saved = Commit(std::move(next)); !saved) return saved.error();
  return index;
}

Result<std::vector<std::string>> NodeService::RegisterNodes(
    const std::vector<std::string>& addresses) {
  std::lock_guard lock(mutex_);
  Blockchain next = blockchain_;
  const Result<std::size_t> added = next.RegisterNodes(addresses);
  CHAINSIM_CHECK(added.ok());  // the request parser accepted every address
  if (*added > 0) {
    if (Result<void> saved = Commit(std::move(next)); !saved) return saved.error();
  }
  return blockchain_.nodes();
}

Result<ResolveReport> NodeService::Resolve(const Fetcher& fetch) {
  const std::vector<std::string> peers = nodes();
  std::vector<PeerFetch> fetches = fetch(peers);
  CHAINSIM_CHECK(fetches.size() == peers.size());

  // One candidate slot per peer; a failed fetch leaves its slot empty.
  std::vector<const Chain*> candidates(fetches.size(), nullptr);
  ResolveReport report;
  report.peers.resize(fetches.size());
  for (std::size_t i = 0; i < fetches.size(); ++i) {
    PeerOutcome& peer = report.peers[i];
    peer.node = fetches[i].node;
    if (fetches[i].status != FetchStatus::kOk) {
      peer.outcome = std::string(Name(fetches[i].status));
      peer.detail = fetches[i].detail;
      continue;
    }
    peer.length = fetches[i].chain.size();
    candidates[i] = &fetches[i].chain;
  }

  std::lock_guard lock(mutex_);
  Blockchain next = blockchain_;
  const ResolveDecision decision = next.Resolve(candidates);
  for (std::size_t i = 0; i < decision.verdicts.size(); ++i) {
    const CandidateVerdict& verdict = decision.verdicts[i];
    if (verdict.outcome == CandidateOutcome::kNoReply) continue;  // the fetch failure says why
    report.peers[i].outcome = OutcomeName(verdict.outcome);
    report.peers[i].detail = verdict.reason;
  }
  if (decision.winner) {
    report.peers[*decision.winner].outcome = "adopted";
    if (Result<void> saved = Commit(std::move(next)); !saved) return saved.error();
    report.replaced = true;
  }
  report.chain = blockchain_.chain();
  return report;
}

Chain NodeService::chain() const {
  std::lock_guard lock(mutex_);
  return blockchain_.chain();
}

Json NodeService::pending_transactions() const {
  std::lock_guard lock(mutex_);
  return blockchain_.pending_transactions();
}

std::vector<std::string> NodeService::nodes() const {
  std::lock_guard lock(mutex_);
  return blockchain_.nodes();
}

NodeState NodeService::state() const {
  std::lock_guard lock(mutex_);
  return StateOf(blockchain_);
}

}  // namespace chainsim::http
