#pragma once
// EventQueue: the Engine's set of pending entries, a monotone priority queue
// of (time, key) entries (a radix heap).
//
// Entries are ordered by (time, key); no two entries in the queue may have
// the same (time, key) (the Engine's key is its insertion sequence in the
// high half and its callback slot in the low half).
//
// Why a radix heap: the Engine pops the smallest entry and, while the popped
// event runs, pushes entries larger than it (time >= now, and a fresh
// sequence). A radix heap exploits that. Let `last` be the most recently
// settled smallest entry; an entry sits in bucket b, the highest bit in which
// its 128-bit (time, key) differs from last's (bits 64..127 are the time).
// A push appends to one bucket. When the smallest entry is needed, the lowest
// non-empty bucket is scanned for it; it becomes `last`, and the bucket's
// other entries move to lower buckets. An entry moves at most 127 times, in
// the simulator's runs 4 to 6 times on average, and every access is
// sequential, where a d-ary heap takes a cache miss per level once it
// outgrows the cache.
//
// An entry smaller than `last` may also be pushed: Top() settles `last` on
// the next entry even when it is not popped (RunUntil() looks at it and
// stops short), and dropping a cancelled entry settles past now(). Such
// entries go to a binary heap that is served first (everything in it is
// smaller than every bucketed entry, so the order stays exact). The
// simulator never pushes between runs, so this heap stays empty there;
// events scheduled from outside a run before the settled entry, and the
// events they schedule before it, pay a binary heap's cost instead.
//
// Memory: 16 bytes per entry. Buckets are lists of 2 KiB chunks (127
// entries) drawn from one pool; an emptied bucket keeps one chunk for its
// next entries, and the pool keeps at most as many idle chunks as are in use,
// plus 16. With n entries that is at most 2 * (n / 127 + 128) + 16 chunks:
// about 32 bytes per entry plus 544 KiB, whatever the history of the run
// (plus the front heap, which gives its storage back when it empties).
//
// Thread safety: none.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/engine/sim_time.h"

namespace chainsim::sim {

class EventQueue {
 public:
  struct Entry {
    SimTime time;       // REQUIRES: >= 0
    std::uint64_t key;  // tie-breaker
  };

  // The queue's order: by time, then key.
  static bool Less(const Entry& a, const Entry& b) {
    return a.time < b.time || (a.time == b.time && a.key < b.key);
  }

  EventQueue() = default;
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;
  ~EventQueue();

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  // Adds an entry. REQUIRES: e.time >= 0; no entry with the same (time, key)
  // in the queue.
  void Push(Entry e);

  // The smallest entry. REQUIRES: !empty(). Not const: it may move entries
  // between buckets (the set of entries does not change).
  const Entry& Top() {
    if (!early_.empty()) return early_.front();
    if (!has_front_) Settle();
    return front_;
  }

  // Removes the smallest entry. REQUIRES: !empty().
  void Pop();

  // Calls `f(entry)` for up to `max` entries that are likely to come next,
  // without changing the queue: the smallest if it is already known, then
  // the first entries of the lowest bucket (the next one is among them when
  // that bucket is small). For prefetching what the entries point to.
  template <class F>
  void ForEachSoon(std::size_t max, F f) const;

  // Removes every entry for which `drop(entry)` returns true; calls `drop`
  // once per entry, in no particular order.
  template <class Drop>
  void RemoveIf(Drop drop);

  // Every entry, in no particular order; the queue becomes empty.
  std::vector<Entry> TakeAll();

  // Bytes of storage the queue holds (chunks in use and idle, front heap).
  std::size_t memory_bytes() const {
    return (chunks_in_use_ + pool_size_) * sizeof(Chunk) + early_.capacity() * sizeof(Entry);
  }

 private:
  static constexpr std::size_t kChunkEntries = 127;
  struct Chunk {
    std::array<Entry, kChunkEntries> entries;
    Chunk* next;
    std::size_t count;
  };
  static_assert(sizeof(Chunk) == 2048);
  struct Bucket {
    Chunk* head = nullptr;
    Chunk* tail = nullptr;
  };
  // Bucket b holds the entries whose highest bit differing from last_ is b
  // (bits 64..127 are the time, 0..63 the key).
  static constexpr int kBuckets = 128;

  // REQUIRES: e != last_.
  int BucketOf(const Entry& e) const;
  void Append(int b, const Entry& e) {
    AppendUnmarked(b, e);
    mask_[static_cast<unsigned>(b) >> 6] |= std::uint64_t{1} << (b & 63);
  }
  // Append without marking the bucket non-empty in mask_ (the caller does).
  void AppendUnmarked(int b, const Entry& e) {
    Bucket& bucket = buckets_[static_cast<std::size_t>(b)];
    Chunk* tail = bucket.tail;
    if (tail == nullptr || tail->count == kChunkEntries) tail = AddChunk(bucket);
    tail->entries[tail->count++] = e;
  }
  // Lowest non-empty bucket. REQUIRES: one is non-empty.
  int LowestBucket() const;
  // Takes a bucket's chunks out (the bucket becomes empty) and returns them.
  Chunk* Detach(int b);
  // Links a chunk from the pool (or a new one) at the bucket's tail.
  Chunk* AddChunk(Bucket& bucket);
  // Returns a chunk to the pool (or frees it when the pool is large).
  void ReleaseChunk(Chunk* c);
  // Moves the smallest bucketed entry to front_ (last_ becomes it) and the
  // rest of its bucket into lower buckets. REQUIRES: a bucket is non-empty.
  void Settle();
  // Restores the heap order of early_ after entries were removed.
  void RebuildEarly();

  std::array<Bucket, kBuckets> buckets_{};
  std::array<std::uint64_t, 2> mask_{};  // bit b: buckets_[b] non-empty
  Entry last_{0, 0};                     // <= front_ and every bucketed entry
  Entry front_{0, 0};                    // equal to last_, valid if has_front_
  bool has_front_ = false;
  std::vector<Entry> early_;  // min-heap (by Less) of entries < last_
  std::size_t size_ = 0;      // entries in buckets, front_ and early_
  Chunk* pool_ = nullptr;     // idle chunks, linked by `next`
  std::size_t pool_size_ = 0;
  std::size_t chunks_in_use_ = 0;
};

template <class F>
void EventQueue::ForEachSoon(std::size_t max, F f) const {
  if (max == 0) return;
  if (!early_.empty()) {
    f(early_.front());
    --max;
  } else if (has_front_) {
    f(front_);
    --max;
  }
  if ((mask_[0] | mask_[1]) == 0) return;
  const Chunk* head = buckets_[static_cast<std::size_t>(LowestBucket())].head;
  for (std::size_t i = 0; i < head->count && i < max; ++i) f(head->entries[i]);
}

template <class Drop>
void EventQueue::RemoveIf(Drop drop) {
  std::size_t removed = 0;
  for (int b = 0; b < kBuckets; ++b) {
    if (buckets_[static_cast<std::size_t>(b)].head == nullptr) continue;
    // Survivors go back into the same (now empty) bucket; each chunk is
    // released once read, so the appends can reuse it.
    for (Chunk* c = Detach(b); c != nullptr;) {
      for (std::size_t i = 0; i < c->count; ++i) {
        if (drop(c->entries[i])) {
          ++removed;
        } else {
          Append(b, c->entries[i]);
        }
      }
      Chunk* next = c->next;
      ReleaseChunk(c);
      c = next;
    }
  }
  if (has_front_ && drop(front_)) {
    has_front_ = false;
    ++removed;
  }
  std::size_t out = 0;
  for (const Entry& e : early_) {
    if (drop(e)) {
      ++removed;
    } else {
      early_[out++] = e;
    }
  }
  early_.resize(out);
  RebuildEarly();
  size_ -= removed;
  if (size_ == 0) last_ = Entry{0, 0};
}

}  // namespace chainsim::sim
