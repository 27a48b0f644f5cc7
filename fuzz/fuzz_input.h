#pragma once
// FuzzInput: reads small decisions (bytes, booleans, bounded integers) from a
// fuzzer's input, so that a target can build structured values (chains,
// scenarios) from arbitrary bytes. Past the end it yields zeros, so every
// input decodes to something. Thread safety: none; one owner.

#include <cstddef>
#include <cstdint>

namespace chainsim::fuzz {

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  std::uint8_t Byte() { return position_ < size_ ? data_[position_++] : 0; }
  bool Bool() { return (Byte() & 1) != 0; }
  // A value in [0, bound). REQUIRES: bound > 0.
  std::size_t Below(std::size_t bound) {
    std::size_t value = Byte();
    value = (value << 8) | Byte();
    return value % bound;
  }
  bool empty() const { return position_ >= size_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t position_ = 0;
};

}  // namespace chainsim::fuzz
