#pragma once
// CHAINSIM_CHECK(condition): an invariant of chainsim's own code. When it
// fails the program prints file:line and the condition, then aborts, in every
// build type. Bad input is never checked this way: it gets a Result or an
// exception with a message (see core/result.h).

#include <cstdio>
#include <cstdlib>

#define CHAINSIM_CHECK(condition)                                                        \
  do {                                                                                   \
    if (!(condition)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (false)
