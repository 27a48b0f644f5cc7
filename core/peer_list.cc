#include "core/peer_list.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <utility>

#include "core/check.h"

namespace chainsim {

std::vector<std::uint32_t>::const_iterator PeerList::LowerBound(std::string_view address) const {
  return std::lower_bound(sorted_.begin(), sorted_.end(), address,
                          [this](std::uint32_t i, std::string_view a) { return order_[i] < a; });
}

bool PeerList::Contains(std::string_view address) const {
  const auto it = LowerBound(address);
  return it != sorted_.end() && order_[*it] == address;
}

bool PeerList::Add(std::string address) {
  const auto it = LowerBound(address);
  if (it != sorted_.end() && order_[*it] == address) return false;
  CHAINSIM_CHECK(order_.size() < std::numeric_limits<std::uint32_t>::max());
  const auto index = static_cast<std::uint32_t>(order_.size());
  sorted_.insert(it, index);
  order_.push_back(std::move(address));
  return true;
}

std::size_t PeerList::AddAll(std::span<const std::string> addresses) {
  // The batch's positions sorted by (address, position): the first of equal
  // addresses comes first, so duplicates inside the batch keep their first.
  std::vector<std::uint32_t> batch(addresses.size());
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i] = static_cast<std::uint32_t>(i);
  std::stable_sort(batch.begin(), batch.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return addresses[a] < addresses[b]; });
  std::vector<bool> is_new(addresses.size(), false);
  for (std::size_t k = 0; k < batch.size(); ++k) {
    const std::string& address = addresses[batch[k]];
    if (k > 0 && addresses[batch[k - 1]] == address) continue;
    is_new[batch[k]] = !Contains(address);
  }
  CHAINSIM_CHECK(order_.size() + addresses.size() < std::numeric_limits<std::uint32_t>::max());
  // Append the new ones in batch order, then merge their (already sorted)
  // indices into the lookup index.
  std::vector<std::uint32_t> position(addresses.size(), 0);
  const std::size_t before = order_.size();
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    if (!is_new[i]) continue;
    position[i] = static_cast<std::uint32_t>(order_.size());
    order_.push_back(addresses[i]);
  }
  std::vector<std::uint32_t> added;
  added.reserve(order_.size() - before);
  for (const std::uint32_t i : batch) {
    if (is_new[i]) added.push_back(position[i]);
  }
  std::vector<std::uint32_t> merged;
  merged.reserve(order_.size());
  std::merge(sorted_.begin(), sorted_.end(), added.begin(), added.end(), std::back_inserter(merged),
             [this](std::uint32_t a, std::uint32_t b) { return order_[a] < order_[b]; });
  sorted_ = std::move(merged);
  return order_.size() - before;
}

}  // namespace chainsim
