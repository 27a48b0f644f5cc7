#include "core/proof_search.h"

#include <openssl/sha.h>

#include <array>
#include <charconv>
#include <cstring>
#include <limits>
#include <vector>

#include "core/check.h"

// SHA256_Transform is the block function: deprecated as an API in OpenSSL 3
// but present, and the fastest portable way to hash pre-padded blocks.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace chainsim {
namespace {

constexpr std::size_t kBlockBytes = 64;

// A pre-padded SHA-256 message whose middle part is a decimal counter.
class PaddedMessage {
 public:
  PaddedMessage(const ProofMessage& message, std::int64_t proof) : message_(message) {
    Layout(proof);
  }

  // Increments the decimal proof in place; re-lays out when it gains a digit.
  void Increment() {
    std::size_t i = digits_end_;
    while (i > digits_begin_) {
      --i;
      if (bytes_[i] != '9') {
        ++bytes_[i];
        return;
      }
      bytes_[i] = '0';
    }
    Layout(proof_after_carry_);  // 99..9 -> 100..0
  }

  // True when the SHA-256 of the message starts with `hex_zeros` zeros.
  bool HashHasLeadingZeros(int hex_zeros) {
    SHA256_CTX ctx = initial_;
    for (std::size_t b = 0; b < block_count_; ++b) SHA256_Transform(&ctx, &bytes_[b * kBlockBytes]);
    int remaining = hex_zeros;
    for (const unsigned int word : ctx.h) {
      if (remaining >= 8) {
        if (word != 0) return false;
        remaining -= 8;
        continue;
      }
      return remaining == 0 || (word >> (32 - 4 * remaining)) == 0;
    }
    return true;
  }

 private:
  void Layout(std::int64_t proof) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, proof).ptr;
    const auto digit_count = static_cast<std::size_t>(end - digits);
    const std::size_t length = message_.prefix.size() + digit_count + message_.suffix.size();
    block_count_ = (length + 9 + kBlockBytes - 1) / kBlockBytes;
    bytes_.assign(block_count_ * kBlockBytes, 0);
    std::memcpy(bytes_.data(), message_.prefix.data(), message_.prefix.size());
    digits_begin_ = message_.prefix.size();
    digits_end_ = digits_begin_ + digit_count;
    std::memcpy(&bytes_[digits_begin_], digits, digit_count);
    std::memcpy(&bytes_[digits_end_], message_.suffix.data(), message_.suffix.size());
    bytes_[length] = 0x80;
    const std::uint64_t bits = static_cast<std::uint64_t>(length) * 8;
    for (std::size_t k = 0; k < 8; ++k) {
      bytes_[bytes_.size() - 1 - k] = static_cast<unsigned char>(bits >> (8 * k));
    }
    // The next carry out of the top digit gives 10^digit_count.
    proof_after_carry_ = std::numeric_limits<std::int64_t>::max();  // unreachable past 18 digits
    if (digit_count < 19) {
      proof_after_carry_ = 1;
      for (std::size_t k = 0; k < digit_count; ++k) proof_after_carry_ *= 10;
    }
    SHA256_Init(&initial_);
  }

  const ProofMessage& message_;
  std::vector<unsigned char> bytes_;
  std::size_t digits_begin_ = 0;
  std::size_t digits_end_ = 0;
  std::size_t block_count_ = 0;
  std::int64_t proof_after_carry_ = 0;
  SHA256_CTX initial_{};
};

}  // namespace

std::optional<std::int64_t> SearchProof(const ProofMessage& message, int difficulty,
                                        std::int64_t start, std::uint64_t count) {
  CHAINSIM_CHECK(start >= 0);
  CHAINSIM_CHECK(difficulty >= 0 && difficulty <= 64);
  const auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  const std::uint64_t room = max - static_cast<std::uint64_t>(start);
  if (count > room) count = room;  // never step past INT64_MAX
  PaddedMessage padded(message, start);
  for (std::uint64_t tried = 0; tried < count; ++tried) {
    if (padded.HashHasLeadingZeros(difficulty)) {
      return start + static_cast<std::int64_t>(tried);
    }
    padded.Increment();
  }
  return std::nullopt;
}

}  // namespace chainsim
