#pragma once
// The consensus rule of resolve_conflicts, over chains the caller hands in.
//
// Core does no I/O: whoever fetched the peers' chains (a simulated message or
// an HTTP GET) passes them here, already parsed, one slot per peer in
// registration order; a peer that sent nothing usable leaves its slot empty.
// Only a chain's actual blocks count; a length a peer claims is never
// consulted.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/block.h"
#include "core/chain_rules.h"
#include "core/link_cache.h"
#include "core/valid_chain.h"

namespace chainsim {

// What fork choice compares: a chain's length in blocks (genesis included)
// and its work (the sum of the work its proofs show after genesis, as
// CheckChain computes it with_work; unused under kLongest).
struct ChainStrength {
  std::size_t length = 0;
  double work = 0.0;
};

// The fork-choice rule, the one comparison every node makes (resolve here,
// the simulator's relay for blocks it receives): true if a chain of strength
// `candidate` replaces one of strength `current`. kLongest: strictly longer;
// kMostWork: strictly more work. Ties keep `current`.
bool Outranks(ForkChoice choice, const ChainStrength& candidate, const ChainStrength& current);

enum class CandidateOutcome {
  kNoReply,    // the slot was empty: the peer sent no chain
  kNotBetter,  // not longer (or not more work) than the best seen so far
  kInvalid,    // better on its face, but valid_chain rejects it
  kBest,       // the best valid chain at the moment it was examined
};

struct CandidateVerdict {
  CandidateOutcome outcome = CandidateOutcome::kNotBetter;
  std::string reason;  // for kInvalid: which link fails and why
};

struct ResolveDecision {
  // Index into the candidates of the chain that replaces ours, if any.
  std::optional<std::size_t> winner;
  // One verdict per candidate slot, in order: verdicts[i] is about the peer
  // whose chain was candidates[i] (kNoReply when that slot was null).
  std::vector<CandidateVerdict> verdicts;
};

// A chain as ChooseChain sees it: its length and valid_chain's verdict on
// it. A vector of blocks answers by walking them (VectorCandidate); a host
// that keeps chains as branches of a shared block tree can answer from facts
// kept per block (the simulator's TreeBranchCandidate, sim/chain/), in O(1).
// Implementations must give exactly CheckChain's verdict (valid, failed
// position, reason, and work when asked), so that the decision cannot depend
// on how a chain is stored.
class CandidateChain {
 public:
  virtual ~CandidateChain() = default;
  // Blocks, genesis included.
  virtual std::size_t length() const = 0;
  // CheckChain(the chain, rules, with_work), under the rules of the call.
  virtual ChainVerdict Check(bool with_work) const = 0;
};

// A Chain held as a vector: checked with CheckChain, or with CheckChainCached
// when a cache is given (same verdicts). Holds references: `chain`, `rules`
// and `cache` must outlive it.
class VectorCandidate final : public CandidateChain {
 public:
  VectorCandidate(const Chain& chain, const ChainRules& rules, LinkCache* cache = nullptr)
      : chain_(chain), rules_(rules), cache_(cache) {}
  std::size_t length() const override { return chain_.size(); }
  ChainVerdict Check(bool with_work) const override;

 private:
  const Chain& chain_;
  const ChainRules& rules_;
  LinkCache* cache_;
};

// Picks the chain that resolve adopts. Walks the candidates in order,
// skipping null slots, and keeps the first valid chain that Outranks the best
// so far (starting from ours): ties keep what we have. Candidates are
// validated only when they could win (under kLongest, only when longer).
// Never modifies anything. This is the one implementation of the rule; the
// overload below and every host call it.
ResolveDecision ChooseChain(const CandidateChain& ours,
                            std::span<const CandidateChain* const> candidates, ForkChoice choice);

// ChooseChain over chains held as vectors. When `cache` is given, chains are
// checked with CheckChainCached, which gives the same verdicts while hashing
// each link shared between calls once (REQUIRES: cache->rules() == rules);
// the cache is the only thing modified.
ResolveDecision ChooseChain(const Chain& ours, std::span<const Chain* const> candidates,
                            const ChainRules& rules, LinkCache* cache = nullptr);

}  // namespace chainsim
