#pragma once
// Message: what one node sends another. Messages are data, read by the
// receiver's behaviour (NodeBehaviour::OnMessage): the receiver decides what
// a request gets in reply, so an adversary can answer differently from an
// honest node.
//
// The pull kinds are the tutorial's HTTP calls; the push kinds are a
// Bitcoin-style announce / request / block relay. A behaviour ignores the
// kinds it does not speak.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>

#include "core/block.h"
#include "sim/chain/ids.h"

namespace chainsim::sim {

enum class MessageKind : std::uint8_t {
  // pull: "my tip changed" (a node that is told resolves).
  kNewBlock,
  // pull: GET /chain. `tag` is the requester's, echoed in the reply.
  kChainRequest,
  // pull: the /chain body and the request's `tag`: the blocks of `chain`,
  // or, when `chain` is null, the branch of the run's block tree ending at
  // `block` (an honest node's own chain, sent without copying it).
  kChainReply,
  // push: inv: the sender holds `block`.
  kInventory,
  // push: getdata: send me `block`.
  kGetData,
  // push: the block `block` itself.
  kBlock,
  // push: "tell me your tip" (answered with a kInventory of it).
  kTipRequest,
  // both (transaction relay, when the scenario asks for it): the transaction
  // `transaction` itself, as a POST /transactions/new with its JSON body.
  kTransaction,
  // both (transaction relay): "send me your pending transactions" (Bitcoin's
  // BIP 35 `mempool`), sent on a restart or join and after a heal; answered
  // with kTransaction messages (TransactionRelayBehaviour).
  kPendingRequest,
  // push, compact block relay (protocol.compact_blocks; BIP 152's cmpctblock):
  // `block`'s header, a short id per transaction and its reward transaction
  // in full (prefilled).
  kCompactBlock,
  // push, compact: getblocktxn: send me the `tag` transactions of `block`
  // that my pending pool lacks.
  kGetBlockTxn,
  // push, compact: blocktxn: the `tag` transactions of `block` asked for.
  kBlockTxn,
};
// The number of kinds (kBlockTxn is the last).
inline constexpr std::size_t kMessageKinds = static_cast<std::size_t>(MessageKind::kBlockTxn) + 1;

// The kind's name in reports: "new_block", "chain_request", "chain_reply",
// "inv", "getdata", "block", "tip_request", "transaction", "pending_request", "cmpctblock",
// "getblocktxn", "blocktxn".
constexpr std::string_view Name(MessageKind kind) {
  constexpr std::array<std::string_view, kMessageKinds> kNames = {
      "new_block",   "chain_request", "chain_reply",     "inv",        "getdata",     "block",
      "tip_request", "transaction",   "pending_request", "cmpctblock", "getblocktxn", "blocktxn"};
  return kNames[static_cast<std::size_t>(kind)];
}

struct Message {
  MessageKind kind = MessageKind::kNewBlock;
  // kInventory, kGetData, kBlock: the block concerned; kChainReply without
  // `chain`: the tip of the branch sent.
  BlockId block = kNoBlock;
  // kChainRequest, kChainReply: the requester's own matching tag;
  // kGetBlockTxn, kBlockTxn: how many transactions are asked for / sent.
  std::uint64_t tag = 0;
  // kChainReply: the chain sent, when it is not a branch of the tree.
  std::shared_ptr<const Chain> chain;
  // kTransaction: the transaction relayed (the run's registry id).
  TransactionId transaction = 0;

  // One maker per kind, with exactly the fields that kind uses.
  static Message NewBlock() { return {MessageKind::kNewBlock, kNoBlock, 0, nullptr}; }
  static Message ChainRequest(std::uint64_t tag) {
    return {MessageKind::kChainRequest, kNoBlock, tag, nullptr};
  }
  // REQUIRES: chain != nullptr.
  static Message ChainReply(std::uint64_t tag, std::shared_ptr<const Chain> chain) {
    return {MessageKind::kChainReply, kNoBlock, tag, std::move(chain)};
  }
  // A /chain reply holding the branch of the block tree ending at `tip`.
  static Message BranchReply(std::uint64_t tag, BlockId tip) {
    return {MessageKind::kChainReply, tip, tag, nullptr};
  }
  static Message Inventory(BlockId block) { return {MessageKind::kInventory, block, 0, nullptr}; }
  static Message GetData(BlockId block) { return {MessageKind::kGetData, block, 0, nullptr}; }
  static Message BlockData(BlockId block) { return {MessageKind::kBlock, block, 0, nullptr}; }
  static Message TipRequest() { return {MessageKind::kTipRequest, kNoBlock, 0, nullptr}; }
  static Message Transaction(TransactionId transaction) {
    return {MessageKind::kTransaction, kNoBlock, 0, nullptr, transaction};
  }
  static Message PendingRequest() { return {MessageKind::kPendingRequest, kNoBlock, 0, nullptr}; }
  static Message CompactBlock(BlockId block) {
    return {MessageKind::kCompactBlock, block, 0, nullptr};
  }
  static Message GetBlockTxn(BlockId block, std::uint64_t count) {
    return {MessageKind::kGetBlockTxn, block, count, nullptr};
  }
  static Message BlockTxn(BlockId block, std::uint64_t count) {
    return {MessageKind::kBlockTxn, block, count, nullptr};
  }
};

// Bytes on the wire of the messages that carry no block or chain: an HTTP
// request line and headers (kNewBlock, kChainRequest, kPendingRequest: a GET
// like /chain's), or a Bitcoin-style inv
// entry (kInventory, kGetData, kTipRequest). 0 for kChainReply, kBlock and
// kTransaction, whose size the host computes from what they carry (a
// kTransaction is kAnnounceBytes of request line and headers plus the
// transaction's canonical JSON), nor for the compact kinds (docs/metrics.md,
// "Compact block relay": kCompactBlock is the block without its
// transactions, kShortIdBytes per transaction and the reward in full;
// kGetBlockTxn is kInventoryBytes plus kTxIndexBytes per transaction asked
// for; kBlockTxn is kInventoryBytes plus those transactions' share of the
// block's transaction bytes).
inline constexpr std::size_t kAnnounceBytes = 120;
inline constexpr std::size_t kChainRequestBytes = 80;
inline constexpr std::size_t kInventoryBytes = 61;
inline constexpr std::size_t kShortIdBytes = 6;  // BIP 152's SipHash short id
inline constexpr std::size_t kTxIndexBytes = 2;  // a differentially encoded index
constexpr std::size_t FixedWireBytes(MessageKind kind) {
  switch (kind) {
    case MessageKind::kNewBlock:
      return kAnnounceBytes;
    case MessageKind::kChainRequest:
    case MessageKind::kPendingRequest:
      return kChainRequestBytes;
    case MessageKind::kInventory:
    case MessageKind::kGetData:
    case MessageKind::kTipRequest:
      return kInventoryBytes;
    case MessageKind::kChainReply:
    case MessageKind::kBlock:
    case MessageKind::kTransaction:
    case MessageKind::kCompactBlock:
    case MessageKind::kGetBlockTxn:
    case MessageKind::kBlockTxn:
      return 0;
  }
  return 0;
}

}  // namespace chainsim::sim
