#include "sim/behaviour/forgery.h"

#include <algorithm>
#include <utility>

#include "core/blockchain.h"
#include "core/check.h"

namespace chainsim::sim {

std::size_t ForgedBlockPosition(std::size_t honest_length, const ForgeryConfig& config) {
  const auto depth = static_cast<std::size_t>(std::max(config.depth, 0));
  return honest_length - 1 - std::min(depth, honest_length - 1);
}

Chain ForgeChain(const Chain& honest, const ForgeryConfig& config, const std::string& forger_id,
                 double timestamp) {
  CHAINSIM_CHECK(!honest.empty() && config.extra_blocks >= 1);
  Chain forged = honest;
  const std::size_t position = ForgedBlockPosition(honest.size(), config);
  BlockFields rewritten = honest[position]->fields();
  rewritten.transactions.push_back(
      Json{{"amount", config.amount}, {"recipient", forger_id}, {"sender", "0"}});
  forged[position] = Block::Create(std::move(rewritten));

  BlockPtr previous = honest.back();
  for (int i = 0; i < config.extra_blocks; ++i) {
    BlockFields padding;
    padding.index = IncrementInteger(previous->index());
    padding.timestamp = timestamp;
    padding.transactions = Json::array({RewardTransaction(forger_id)});
    padding.proof = 0;
    padding.previous_hash = previous->hash();
    previous = Block::Create(std::move(padding));
    forged.push_back(previous);
  }
  return forged;
}

}  // namespace chainsim::sim
