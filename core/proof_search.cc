#include "core/proof_search.h"

#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "core/check.h"
#include "core/sha256.h"
#include "core/sha256_lanes.h"

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

  // True when the SHA-256 of the message starts with `hex_zeros` zeros,
  // hashed with OpenSSL's block function.
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

  // The big-endian word `index` of the padded message.
  std::uint32_t Word(std::size_t index) const {
    const unsigned char* p = &bytes_[4 * index];
    return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
           static_cast<std::uint32_t>(p[2]) << 8 | static_cast<std::uint32_t>(p[3]);
  }

  // Sets the digit at byte `position` (a digit position) to `digit`.
  void SetDigit(std::size_t position, int digit) {
    bytes_[position] = static_cast<unsigned char>('0' + digit);
  }

  // Adds 100 to the proof; false (and the digits are garbage) when that
  // would need one more digit. REQUIRES: at least 3 digits.
  bool IncrementHundreds() {
    std::size_t i = digits_end_ - 2;
    while (i > digits_begin_) {
      --i;
      if (bytes_[i] != '9') {
        ++bytes_[i];
        return true;
      }
      bytes_[i] = '0';
    }
    return false;
  }

  std::size_t block_count() const { return block_count_; }
  std::size_t digits_begin() const { return digits_begin_; }
  std::size_t digits_end() const { return digits_end_; }
  // The first proof with one more digit than the current one (INT64_MAX past
  // 18 digits).
  std::int64_t proof_after_carry() const { return proof_after_carry_; }

 private:
  void Layout(std::int64_t proof) {
    std::array<char, 24> digits;
    const char* const end = std::to_chars(digits.data(), digits.data() + digits.size(), proof).ptr;
    const auto digit_count = static_cast<std::size_t>(end - digits.data());
    const std::size_t length = message_.prefix.size() + digit_count + message_.suffix.size();
    block_count_ = (length + 9 + kBlockBytes - 1) / kBlockBytes;
    bytes_.assign(block_count_ * kBlockBytes, 0);
    std::memcpy(bytes_.data(), message_.prefix.data(), message_.prefix.size());
    digits_begin_ = message_.prefix.size();
    digits_end_ = digits_begin_ + digit_count;
    std::memcpy(&bytes_[digits_begin_], digits.data(), digit_count);
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

// The candidate mask for `difficulty` hex zeros in H0 (all of H0 from 8 on;
// the full digest is checked for every candidate anyway).
std::uint32_t H0Mask(int difficulty) {
  if (difficulty <= 0) return 0;
  if (difficulty >= 8) return 0xffffffffu;
  return ~0u << (32 - 4 * difficulty);
}

// The exact rule, independent of every fast path: formats the text and
// hashes it with OpenSSL's SHA256().
bool ProofIsValid(const ProofMessage& message, std::int64_t proof, int difficulty) {
  const std::string text = message.prefix + std::to_string(proof) + message.suffix;
  return HasLeadingHexZeros(Sha256(text), difficulty);
}

// The layout of `padded` for the lane kernels, or false when the message is
// longer than they handle.
bool MakeLaneJob(const PaddedMessage& padded, int difficulty, LaneJob& job) {
  if (padded.block_count() > static_cast<std::size_t>(kMaxLaneBlocks)) return false;
  job.block_count = static_cast<int>(padded.block_count());
  job.first_digit_word = static_cast<int>(padded.digits_begin() / 4);
  job.last_digit_word = static_cast<int>((padded.digits_end() - 1) / 4);
  if (job.last_digit_word - job.first_digit_word + 1 > kMaxDigitWords) return false;
  job.first_digit_block = job.first_digit_word / 16;
  job.last_digit_block = job.last_digit_word / 16;
  for (std::size_t i = 0; i < 16 * padded.block_count(); ++i) job.words[i] = padded.Word(i);
  job.midstate = kSha256Iv;
  for (int b = 0; b < job.first_digit_block; ++b) {
    Sha256Compress(job.midstate, &job.words[16 * static_cast<std::size_t>(b)]);
  }
  for (int b = job.last_digit_block + 1; b < job.block_count; ++b) {
    std::array<std::uint32_t, 64> w{};
    for (std::size_t t = 0; t < 16; ++t) w[t] = job.words[static_cast<std::size_t>(16 * b) + t];
    for (std::size_t t = 16; t < 64; ++t) {
      const std::uint32_t s0 =
          std::rotr(w[t - 15], 7) ^ std::rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
      const std::uint32_t s1 = std::rotr(w[t - 2], 17) ^ std::rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    auto& wk = job.tail_wk[static_cast<std::size_t>(b)];
    for (std::size_t t = 0; t < 64; ++t) wk[t] = w[t] + kSha256K[t];
  }
  job.h0_mask = H0Mask(difficulty);
  return true;
}

std::optional<std::int64_t> SearchOpenSslFormatted(const ProofMessage& message, int difficulty,
                                                   std::int64_t start, std::int64_t end) {
  for (std::int64_t proof = start; proof < end; ++proof) {
    if (ProofIsValid(message, proof, difficulty)) return proof;
  }
  return std::nullopt;
}

std::optional<std::int64_t> SearchOpenSslBlock(const ProofMessage& message, int difficulty,
                                               std::int64_t start, std::int64_t end) {
  PaddedMessage padded(message, start);
  for (std::int64_t proof = start; proof < end; ++proof) {
    if (padded.HashHasLeadingZeros(difficulty)) return proof;
    padded.Increment();
  }
  return std::nullopt;
}

// The digit words of consecutive proofs, lane by lane, without formatting:
// the message is kept at the proof's hundred (last two digits "00"), and the
// last two digits of each lane are added in from a table. REQUIRES: the
// proofs have at least 3 digits.
class LaneDigits {
 public:
  // `padded` holds `proof`; it is taken over and moved to the hundred.
  LaneDigits(PaddedMessage& padded, std::int64_t proof, const LaneJob& job)
      : padded_(padded),
        first_word_(static_cast<std::size_t>(job.first_digit_word)),
        word_count_(static_cast<std::size_t>(job.last_digit_word - job.first_digit_word + 1)),
        low_(static_cast<int>(proof % 100)) {
    const std::size_t ones = padded_.digits_end() - 1;
    const std::size_t tens = ones - 1;
    padded_.SetDigit(ones, 0);
    padded_.SetDigit(tens, 0);
    for (int v = 0; v < 100; ++v) {
      for (std::size_t k = 0; k < word_count_; ++k) add_[k][static_cast<std::size_t>(v)] = 0;
      add_[ones / 4 - first_word_][static_cast<std::size_t>(v)] +=
          static_cast<std::uint32_t>(v % 10) << (8 * (3 - ones % 4));
      add_[tens / 4 - first_word_][static_cast<std::size_t>(v)] +=
          static_cast<std::uint32_t>(v / 10) << (8 * (3 - tens % 4));
    }
    ReadBase();
  }

  // Writes the digit words of the next `lanes` proofs into lane_words.
  // REQUIRES: those proofs keep the digit count.
  void Next(int lanes, std::uint32_t* lane_words) {
    const auto lane_count = static_cast<std::size_t>(lanes);
    const auto low = static_cast<std::size_t>(low_);
    // The batch reaches the next hundred (or ends right before it).
    const bool advance = low + lane_count >= 100;
    std::array<std::uint32_t, kMaxDigitWords> next_base{};
    if (advance) {
      const bool same_digit_count = padded_.IncrementHundreds();
      CHAINSIM_CHECK(same_digit_count || low + lane_count == 100);
      for (std::size_t k = 0; k < word_count_; ++k) next_base[k] = padded_.Word(first_word_ + k);
    }
    for (std::size_t k = 0; k < word_count_; ++k) {
      std::uint32_t* out = lane_words + k * lane_count;
      for (std::size_t lane = 0; lane < lane_count; ++lane) {
        const std::size_t v = low + lane;
        out[lane] = v < 100 ? base_[k] + add_[k][v] : next_base[k] + add_[k][v - 100];
      }
    }
    if (advance) base_ = next_base;
    low_ = static_cast<int>((low + lane_count) % 100);
  }

 private:
  void ReadBase() {
    for (std::size_t k = 0; k < word_count_; ++k) base_[k] = padded_.Word(first_word_ + k);
  }

  PaddedMessage& padded_;
  std::size_t first_word_;
  std::size_t word_count_;
  int low_;  // last two digits of the next proof
  std::array<std::uint32_t, kMaxDigitWords> base_{};
  std::array<std::array<std::uint32_t, 100>, kMaxDigitWords> add_{};
};

// Runs `kernel` over batches of `lanes` consecutive proofs with the same
// digit count; the proofs left over before a digit-count change, proofs of
// one or two digits, and any message the kernels cannot lay out go one at a
// time through OpenSSL's block function.
std::optional<std::int64_t> SearchLanes(const ProofMessage& message, int difficulty,
                                        std::int64_t start, std::int64_t end, LaneKernel kernel,
                                        int lanes) {
  std::int64_t proof = start;
  LaneJob job;
  alignas(64) std::array<std::uint32_t, std::size_t{kMaxDigitWords} * kMaxLanes> lane_words;
  while (proof < end) {
    std::int64_t segment_end;
    {
      PaddedMessage padded(message, proof);
      segment_end = std::min(end, padded.proof_after_carry());
      if (proof >= 100 && segment_end - proof >= lanes && MakeLaneJob(padded, difficulty, job)) {
        LaneDigits digits(padded, proof, job);
        while (segment_end - proof >= lanes) {
          digits.Next(lanes, lane_words.data());
          std::uint32_t mask = kernel(job, lane_words.data());
          while (mask != 0) {
            const int lane = std::countr_zero(mask);
            mask &= mask - 1;
            if (ProofIsValid(message, proof + lane, difficulty)) return proof + lane;
          }
          proof += lanes;
        }
      }
    }
    if (proof < segment_end) {
      PaddedMessage padded(message, proof);
      for (; proof < segment_end; ++proof) {
        if (padded.HashHasLeadingZeros(difficulty)) return proof;
        padded.Increment();
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view Name(ProofSearchPath path) {
  switch (path) {
    case ProofSearchPath::kOpenSslFormatted:
      return "openssl-formatted";
    case ProofSearchPath::kOpenSslBlock:
      return "openssl-block";
    case ProofSearchPath::kPortable:
      return "portable";
    case ProofSearchPath::kShaNi:
      return "sha-ni";
    case ProofSearchPath::kAvx2:
      return "avx2";
    case ProofSearchPath::kAvx512:
      return "avx512";
  }
  return "unknown";
}

bool IsAvailable(ProofSearchPath path) {
  switch (path) {
    case ProofSearchPath::kOpenSslFormatted:
    case ProofSearchPath::kOpenSslBlock:
    case ProofSearchPath::kPortable:
      return true;
    case ProofSearchPath::kShaNi:
      return CpuSupportsShaNi();
    case ProofSearchPath::kAvx2:
      return CpuSupportsAvx2();
    case ProofSearchPath::kAvx512:
      return CpuSupportsAvx512();
  }
  return false;
}

ProofSearchPath DefaultProofSearchPath() {
  static const ProofSearchPath kPath = [] {
    for (const ProofSearchPath fastest_first :
         {ProofSearchPath::kAvx512, ProofSearchPath::kShaNi, ProofSearchPath::kAvx2}) {
      if (IsAvailable(fastest_first)) return fastest_first;
    }
    return ProofSearchPath::kOpenSslBlock;
  }();
  return kPath;
}

std::optional<std::int64_t> SearchProof(const ProofMessage& message, int difficulty,
                                        std::int64_t start, std::uint64_t count) {
  return SearchProofWith(DefaultProofSearchPath(), message, difficulty, start, count);
}

std::optional<std::int64_t> SearchProofWith(ProofSearchPath path, const ProofMessage& message,
                                            int difficulty, std::int64_t start,
                                            std::uint64_t count) {
  CHAINSIM_CHECK(start >= 0);
  CHAINSIM_CHECK(difficulty >= 0 && difficulty <= 64);
  CHAINSIM_CHECK(IsAvailable(path));
  const auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  const std::uint64_t room = max - static_cast<std::uint64_t>(start);
  if (count > room) count = room;  // never step past INT64_MAX
  const std::int64_t end = start + static_cast<std::int64_t>(count);
  if (count == 0) return std::nullopt;
  if (difficulty == 0) return start;  // every hash starts with zero zeros
  switch (path) {
    case ProofSearchPath::kOpenSslFormatted:
      return SearchOpenSslFormatted(message, difficulty, start, end);
    case ProofSearchPath::kOpenSslBlock:
      return SearchOpenSslBlock(message, difficulty, start, end);
    case ProofSearchPath::kPortable:
      return SearchLanes(message, difficulty, start, end, ScanLanesPortable, 1);
    case ProofSearchPath::kShaNi:
      return SearchLanes(message, difficulty, start, end, ScanLanesShaNi, kShaNiLanes);
    case ProofSearchPath::kAvx2:
      return SearchLanes(message, difficulty, start, end, ScanLanesAvx2, 8);
    case ProofSearchPath::kAvx512:
      return SearchLanes(message, difficulty, start, end, ScanLanesAvx512, kAvx512Lanes);
  }
  return std::nullopt;
}

}  // namespace chainsim
