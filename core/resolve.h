#pragma once
// The consensus rule of resolve_conflicts, over chains the caller hands in.
//
// Core does no I/O: whoever fetched the peers' chains (a simulated message or
// an HTTP GET) passes them here, already parsed. Only a chain's actual blocks
// count; a length a peer claims is never consulted.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/block.h"
#include "core/chain_rules.h"
#include "core/link_cache.h"

namespace chainsim {

enum class CandidateOutcome {
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
  // One verdict per candidate, in order.
  std::vector<CandidateVerdict> verdicts;
};

// Picks the chain that resolve adopts. kLongest: walks the candidates in
// order, keeping the first strictly longer valid chain than the best so far
// (starting from ours): ties keep what we have. kMostWork: the same with
// chain work in place of length. Candidates are validated only when they
// could win. Never modifies anything but `cache`: when given, chains are
// checked with CheckChainCached, which gives the same verdicts while hashing
// each link shared between calls once (REQUIRES: cache->rules() == rules).
ResolveDecision ChooseChain(const Chain& ours, std::span<const Chain* const> candidates,
                            const ChainRules& rules, LinkCache* cache = nullptr);

}  // namespace chainsim
