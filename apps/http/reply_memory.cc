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
  // Every value and key starts a string or follows '{', '[', ',' or the
  // document's start, so counting those outside strings bounds the count
  // from above (a value after ':' is counted with its key's string).
  std::size_t values = 1;
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
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        [[fallthrough]];
      case '{':
      case '[':
      case ',':
      case ':':
        ++values;
        break;
      default:
        break;
    }
  }
  return values * kParseBytesPerValue + text.size() * kParseBytesPerByte;
}

}  // namespace chainsim::http
