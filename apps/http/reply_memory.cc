#include "apps/http/reply_memory.h"

#include <utility>

#include "core/check.h"

namespace chainsim::http {

ReplyMemory::Hold::Hold(Hold&& other) noexcept
    : memory_(std::exchange(other.memory_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}

ReplyMemory::Hold& ReplyMemory::Hold::operator=(Hold&& other) noexcept {
  if (this != &other) {
    if (memory_ != nullptr) memory_->Release(bytes_);
    memory_ = std::exchange(other.memory_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

ReplyMemory::Hold::~Hold() {
  if (memory_ != nullptr) memory_->Release(bytes_);
}

bool ReplyMemory::Hold::Resize(std::size_t bytes) {
  if (bytes < bytes_) {
    memory_->Release(bytes_ - bytes);
  } else if (bytes > bytes_ && !memory_->TryAcquire(bytes - bytes_)) {
    return false;
  }
  bytes_ = bytes;
  return true;
}

void ReplyMemory::Hold::ShrinkTo(std::size_t bytes) {
  CHAINSIM_CHECK(bytes <= bytes_);
  memory_->Release(bytes_ - bytes);
  bytes_ = bytes;
}

bool ReplyMemory::TryAcquire(std::size_t bytes) {
  std::size_t used = in_use_.load();
  do {
    if (bytes > budget_ - used) return false;
  } while (!in_use_.compare_exchange_weak(used, used + bytes));
  return true;
}

void ReplyMemory::Release(std::size_t bytes) { in_use_.fetch_sub(bytes); }

std::size_t ParseCostEstimate(std::string_view text) {
  using W = ParseCostWeights;
  std::size_t cost = W::kElement + text.size() * W::kByte;  // the document's first value
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
        cost += W::kQuote;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        cost += W::kQuote;
        break;
      case '{':
        cost += W::kObject;
        break;
      case '[':
        cost += W::kArray;
        break;
      case ':':
        cost += W::kMember;
        break;
      case ',':
        cost += W::kElement;
        break;
      default:
        break;
    }
  }
  return cost;
}

}  // namespace chainsim::http
