#pragma once
// printf-style formatting into a std::string, for reports and messages.
// Thread safety: pure; any number of threads may call it.

#include <string>

namespace chainsim {

// The text std::snprintf(format, ...) writes, of any length. The compiler
// checks `format` against the arguments (-Wformat).
[[gnu::format(printf, 1, 2)]] std::string StringPrintf(const char* format, ...);

}  // namespace chainsim
