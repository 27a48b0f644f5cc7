#pragma once
// Stacks of free indices into a pool of reused records (the Engine's slots,
// the Network's in-flight messages): the last freed is taken first, and the
// stack lives apart from the records, so that taking one reads none of them.
//
// ReserveFreeStack keeps room on such a stack for every record of the pool,
// so that freeing one (a push) never allocates. The owner calls it before it
// grows the pool by one record, so that a failed allocation loses nothing.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace chainsim::sim {

// Makes stack.capacity() > records (doubling, at least 64), for a pool about
// to grow to records + 1.
template <class T>
void ReserveFreeStack(std::vector<T>& stack, std::size_t records) {
  if (stack.capacity() <= records) stack.reserve(std::max<std::size_t>(64, 2 * stack.capacity()));
}

}  // namespace chainsim::sim
