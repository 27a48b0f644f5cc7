#include "core/string_printf.h"

#include <array>
#include <cstdarg>
#include <cstdio>

#include "core/check.h"

namespace chainsim {

std::string StringPrintf(const char* format, ...) {
  // Most texts fit on the stack; a longer one is formatted again at its size.
  std::array<char, 256> stack;
  std::va_list args;
  va_start(args, format);
  std::va_list again;
  va_copy(again, args);
  const int length = std::vsnprintf(stack.data(), stack.size(), format, args);
  va_end(args);
  CHAINSIM_CHECK(length >= 0);  // only an invalid format fails
  std::string text;
  if (static_cast<std::size_t>(length) < stack.size()) {
    text.assign(stack.data(), static_cast<std::size_t>(length));
  } else {
    text.resize(static_cast<std::size_t>(length));
    std::vsnprintf(text.data(), text.size() + 1, format, again);
  }
  va_end(again);
  return text;
}

}  // namespace chainsim
