#pragma once
// PeerList: the peers a node registered, in registration order, each once.
//
// The reference keeps its peers in a Python set, whose iteration order is an
// accident of hashing; a node that resolves against its peers in a fixed
// order needs that order kept. This is the one place it is kept: the
// simulator's nodes and the real HTTP node both hold one (inside Blockchain).
//
// Addresses are stored as given: callers store the form ParseNodeAddress
// makes (Blockchain does). Cost: Contains and Add are O(log n) comparisons
// plus, for Add, moving n/2 four-byte indices on average; AddAll of m
// addresses is O((n + m) log(n + m)), so registering 40,000 addresses at once
// takes milliseconds, not seconds. Memory: one string and one 32-bit index
// per peer.
// Thread safety: none; a value owned by one thread at a time.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chainsim {

class PeerList {
 public:
  PeerList() = default;

  // Every peer, in the order it was first added.
  const std::vector<std::string>& ordered() const { return order_; }
  std::size_t size() const { return order_.size(); }
  bool empty() const { return order_.empty(); }
  bool Contains(std::string_view address) const;

  // Appends `address` unless it is already there. Returns true if it was new.
  bool Add(std::string address);
  // Add for each address in turn (duplicates inside `addresses` count once,
  // at their first position). Returns how many were new.
  std::size_t AddAll(std::span<const std::string> addresses);

 private:
  // Position in sorted_ where `address` is or would go.
  std::vector<std::uint32_t>::const_iterator LowerBound(std::string_view address) const;

  std::vector<std::string> order_;
  // Indices into order_, sorted by address: the lookup index.
  std::vector<std::uint32_t> sorted_;
};

}  // namespace chainsim
