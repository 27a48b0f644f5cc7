#pragma once
// ReplyMemory: the memory budget shared by every peer reply a node holds, so
// that no set of peers, however many and whatever they send, can make the
// node's memory grow past PeerClientOptions::reply_memory_budget.
//
// What is charged, per reply: its body bytes as they arrive; while it is
// parsed, the parser's estimated peak (ParseCostEstimate); afterwards, the
// estimated size of the blocks it added that the node did not already hold
// (identical blocks are shared, so sixteen peers serving one chain cost about
// one chain). A charge that does not fit is refused, and the reply with it.
// Replies are parsed one at a time (ParseLock), so only one parse peak is
// ever held.
//
// Thread safety: every method may be called from any thread. A Hold belongs
// to one thread at a time.

#include <atomic>
#include <cstddef>
#include <mutex>
#include <string_view>

namespace chainsim::http {

class ReplyMemory {
 public:
  explicit ReplyMemory(std::size_t budget_bytes) : budget_(budget_bytes) {}
  ReplyMemory(const ReplyMemory&) = delete;
  ReplyMemory& operator=(const ReplyMemory&) = delete;

  // A share of the budget, returned when the Hold is destroyed. The
  // ReplyMemory must outlive every Hold made from it.
  class Hold {
   public:
    Hold() = default;
    explicit Hold(ReplyMemory& memory) : memory_(&memory) {}
    Hold(Hold&& other) noexcept;
    Hold& operator=(Hold&& other) noexcept;
    ~Hold();

    // Makes the share exactly `bytes`: shrinking always succeeds; growing
    // succeeds only if the budget has room, and otherwise changes nothing.
    // REQUIRES: made from a ReplyMemory (not default-constructed).
    [[nodiscard]] bool Resize(std::size_t bytes);
    // Makes the share `bytes`. REQUIRES: bytes <= this->bytes().
    void ShrinkTo(std::size_t bytes);
    std::size_t bytes() const { return bytes_; }

   private:
    ReplyMemory* memory_ = nullptr;
    std::size_t bytes_ = 0;
  };

  std::size_t budget() const { return budget_; }
  std::size_t in_use() const { return in_use_.load(); }

  // Held while parsing one reply.
  std::unique_lock<std::mutex> ParseLock() { return std::unique_lock(parse_mutex_); }

 private:
  bool TryAcquire(std::size_t bytes);
  void Release(std::size_t bytes);

  const std::size_t budget_;
  std::atomic<std::size_t> in_use_{0};
  std::mutex parse_mutex_;
};

// An upper bound of the heap that ParseChain(text) uses at its peak, from
// one scan of `text` that allocates nothing: a weight per structural
// character outside strings (each stands for the values, keys and container
// slots the parser allocates) and per byte (strings are copied a few times:
// the parsed value, the block's canonical JSON). The weights bound the
// measured peaks of the costliest shapes ({}, [], "" or 0 repeated, deep
// arrays, long strings) and of the reference's blocks for both of core's
// JSON readers: the nlohmann tree of commit d8146fc (which they overestimate
// by up to 1.6x; the per-character weights are its) and the reader that
// parses straight into blocks (core's commit cf6a9cf, whose long strings
// set kByte; it needs 3-15x less for the rest, so the weights can be refitted
// to it once it is the only one). tests/apps/reply_memory_test.cc checks the
// bound against counted allocations.
struct ParseCostWeights {
  static constexpr std::size_t kObject = 96;    // per '{'
  static constexpr std::size_t kArray = 64;     // per '['
  static constexpr std::size_t kMember = 80;    // per ':' (a key and its value)
  static constexpr std::size_t kElement = 112;  // per ',' (one more element or member)
  static constexpr std::size_t kQuote = 32;     // per '"' (a string starts or ends)
  static constexpr std::size_t kByte = 9;       // per byte of text
};
std::size_t ParseCostEstimate(std::string_view text);

}  // namespace chainsim::http
