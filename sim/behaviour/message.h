#pragma once
// Message: what one node sends another. Messages are data, read by the
// receiver's behaviour (NodeBehaviour::OnMessage): the receiver decides what
// a request gets in reply, so an adversary can answer differently from an
// honest node.
//
// The pull kinds are the tutorial's HTTP calls; the push kinds are a
// Bitcoin-style announce / request / block relay. A behaviour ignores the
// kinds it does not speak.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

#include "core/block.h"
#include "sim/chain/ids.h"

namespace chainsim::sim {

enum class MessageKind : std::uint8_t {
  // pull: "my tip changed" (a node that is told resolves).
  kNewBlock,
  // pull: GET /chain. `tag` is the requester's, echoed in the reply.
  kChainRequest,
  // pull: the /chain body: `chain` (never null) and the request's `tag`.
  kChainReply,
  // push: inv: the sender holds `block`.
  kInventory,
  // push: getdata: send me `block`.
  kGetData,
  // push: the block `block` itself.
  kBlock,
  // push: "tell me your tip" (answered with a kInventory of it).
  kTipRequest,
};
// The number of kinds (kTipRequest is the last).
inline constexpr std::size_t kMessageKinds = static_cast<std::size_t>(MessageKind::kTipRequest) + 1;

struct Message {
  MessageKind kind = MessageKind::kNewBlock;
  // kInventory, kGetData, kBlock: the block concerned.
  BlockId block = kNoBlock;
  // kChainRequest, kChainReply: the requester's own matching tag.
  std::uint64_t tag = 0;
  // kChainReply: the chain sent.
  std::shared_ptr<const Chain> chain;

  // One maker per kind, with exactly the fields that kind uses.
  static Message NewBlock() { return {MessageKind::kNewBlock, kNoBlock, 0, nullptr}; }
  static Message ChainRequest(std::uint64_t tag) {
    return {MessageKind::kChainRequest, kNoBlock, tag, nullptr};
  }
  static Message ChainReply(std::uint64_t tag, std::shared_ptr<const Chain> chain) {
    return {MessageKind::kChainReply, kNoBlock, tag, std::move(chain)};
  }
  static Message Inventory(BlockId block) { return {MessageKind::kInventory, block, 0, nullptr}; }
  static Message GetData(BlockId block) { return {MessageKind::kGetData, block, 0, nullptr}; }
  static Message BlockData(BlockId block) { return {MessageKind::kBlock, block, 0, nullptr}; }
  static Message TipRequest() { return {MessageKind::kTipRequest, kNoBlock, 0, nullptr}; }
};

// Bytes on the wire of the messages that carry no block or chain: an HTTP
// request line and headers (kNewBlock, kChainRequest), or a Bitcoin-style inv
// entry (kInventory, kGetData, kTipRequest). 0 for kChainReply and kBlock,
// whose size the host computes from what they carry.
inline constexpr std::size_t kAnnounceBytes = 120;
inline constexpr std::size_t kChainRequestBytes = 80;
inline constexpr std::size_t kInventoryBytes = 61;
constexpr std::size_t FixedWireBytes(MessageKind kind) {
  switch (kind) {
    case MessageKind::kNewBlock:
      return kAnnounceBytes;
    case MessageKind::kChainRequest:
      return kChainRequestBytes;
    case MessageKind::kInventory:
    case MessageKind::kGetData:
    case MessageKind::kTipRequest:
      return kInventoryBytes;
    case MessageKind::kChainReply:
    case MessageKind::kBlock:
      return 0;
  }
  return 0;
}

}  // namespace chainsim::sim
