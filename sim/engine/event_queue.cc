#include "sim/engine/event_queue.h"

#include <algorithm>
#include <bit>

#include "core/check.h"

namespace chainsim::sim {

namespace {

// Idle chunks kept beyond the number in use.
constexpr std::size_t kPoolSlack = 16;
// early_ gives its storage back when it empties with more capacity than this.
constexpr std::size_t kEarlyKeep = 1024;

// The comparison that makes std::push_heap & co. keep the smallest on top.
struct Later {
  bool operator()(const EventQueue::Entry& a, const EventQueue::Entry& b) const {
    return b.time < a.time || (a.time == b.time && b.key < a.key);
  }
};

}  // namespace

static_assert(sizeof(EventQueue::Entry) == 16);

EventQueue::~EventQueue() {
  for (int b = 0; b < kBuckets; ++b) {
    for (Chunk* c = buckets_[static_cast<std::size_t>(b)].head; c != nullptr;) {
      Chunk* next = c->next;
      delete c;
      c = next;
    }
  }
  while (pool_ != nullptr) {
    Chunk* next = pool_->next;
    delete pool_;
    pool_ = next;
  }
}

int EventQueue::BucketOf(const Entry& e) const {
  const auto high = static_cast<std::uint64_t>(e.time) ^ static_cast<std::uint64_t>(last_.time);
  if (high != 0) return 127 - std::countl_zero(high);
  return 63 - std::countl_zero(e.key ^ last_.key);
}

int EventQueue::LowestBucket() const {
  if (mask_[0] != 0) return std::countr_zero(mask_[0]);
  CHAINSIM_CHECK(mask_[1] != 0);
  return 64 + std::countr_zero(mask_[1]);
}

void EventQueue::Push(Entry e) {
  CHAINSIM_CHECK(e.time >= 0);
  if (Less(last_, e)) {
    Append(BucketOf(e), e);
  } else if (Less(e, last_)) {
    early_.push_back(e);
    std::push_heap(early_.begin(), early_.end(), Later{});
  } else {
    CHAINSIM_CHECK(!has_front_);  // (time, key) must be unique
    front_ = e;
    has_front_ = true;
  }
  ++size_;
}

void EventQueue::Pop() {
  CHAINSIM_CHECK(size_ > 0);
  if (!early_.empty()) {
    std::pop_heap(early_.begin(), early_.end(), Later{});
    early_.pop_back();
    if (early_.empty() && early_.capacity() > kEarlyKeep) std::vector<Entry>().swap(early_);
  } else {
    if (!has_front_) Settle();
    has_front_ = false;
  }
  // Empty: any entry may come next, so start again from the smallest `last`.
  if (--size_ == 0) last_ = Entry{0, 0};
}

EventQueue::Chunk* EventQueue::Detach(int b) {
  Bucket& bucket = buckets_[static_cast<std::size_t>(b)];
  Chunk* chunks = bucket.head;
  bucket.head = bucket.tail = nullptr;
  mask_[static_cast<unsigned>(b) >> 6] &= ~(std::uint64_t{1} << (b & 63));
  return chunks;
}

EventQueue::Chunk* EventQueue::AddChunk(Bucket& bucket) {
  Chunk* c = pool_;
  if (c != nullptr) {
    pool_ = c->next;
    --pool_size_;
  } else {
    c = new Chunk;
  }
  c->next = nullptr;
  c->count = 0;
  if (bucket.tail == nullptr) {
    bucket.head = c;
  } else {
    bucket.tail->next = c;
  }
  bucket.tail = c;
  ++chunks_in_use_;
  return c;
}

void EventQueue::ReleaseChunk(Chunk* c) {
  --chunks_in_use_;
  c->next = pool_;
  pool_ = c;
  ++pool_size_;
  while (pool_size_ > chunks_in_use_ + kPoolSlack) {
    Chunk* idle = pool_;
    pool_ = idle->next;
    --pool_size_;
    delete idle;
  }
}

void EventQueue::Settle() {
  const int b = LowestBucket();
  Bucket& bucket = buckets_[static_cast<std::size_t>(b)];
  // The smallest entry becomes front_ and the new `last`.
  Chunk* best_chunk = bucket.head;
  std::size_t best = 0;
  for (Chunk* c = bucket.head; c != nullptr; c = c->next) {
    for (std::size_t i = 0; i < c->count; ++i) {
      if (Less(c->entries[i], best_chunk->entries[best])) {
        best_chunk = c;
        best = i;
      }
    }
  }
  front_ = best_chunk->entries[best];
  has_front_ = true;
  last_ = front_;
  best_chunk->entries[best] = bucket.tail->entries[--bucket.tail->count];
  // The others agree with the new `last` above bit b (as they did with the
  // old one) and now also in bit b, so each goes to a bucket below b. The
  // bucket keeps its first chunk (now empty) for its next entries.
  mask_[static_cast<unsigned>(b) >> 6] &= ~(std::uint64_t{1} << (b & 63));
  Chunk* head = bucket.head;
  Chunk* rest = head->next;
  head->next = nullptr;
  bucket.tail = head;
  const std::size_t n = head->count;
  head->count = 0;
  // The buckets the entries go to, marked in mask_ once at the end: marking
  // each in memory would make every move wait for the one before (an
  // entry's store may alias mask_, so the compiler keeps it in memory).
  std::uint64_t low = 0;   // buckets 0..63
  std::uint64_t high = 0;  // buckets 64..127
  const auto move = [&](const Entry& e) {
    const int to = BucketOf(e);
    AppendUnmarked(to, e);
    const std::uint64_t bit = std::uint64_t{1} << (to & 63);
    low |= to < 64 ? bit : 0;
    high |= to < 64 ? 0 : bit;
  };
  for (std::size_t i = 0; i < n; ++i) move(head->entries[i]);
  while (rest != nullptr) {
    for (std::size_t i = 0; i < rest->count; ++i) move(rest->entries[i]);
    Chunk* next = rest->next;
    ReleaseChunk(rest);
    rest = next;
  }
  mask_[0] |= low;
  mask_[1] |= high;
}

void EventQueue::RebuildEarly() { std::make_heap(early_.begin(), early_.end(), Later{}); }

std::vector<EventQueue::Entry> EventQueue::TakeAll() {
  std::vector<Entry> all;
  all.reserve(size_);
  for (int b = 0; b < kBuckets; ++b) {
    for (Chunk* c = Detach(b); c != nullptr;) {
      all.insert(all.end(), c->entries.begin(),
                 c->entries.begin() + static_cast<std::ptrdiff_t>(c->count));
      Chunk* next = c->next;
      ReleaseChunk(c);
      c = next;
    }
  }
  if (has_front_) all.push_back(front_);
  all.insert(all.end(), early_.begin(), early_.end());
  early_.clear();
  has_front_ = false;
  last_ = Entry{0, 0};
  size_ = 0;
  return all;
}

}  // namespace chainsim::sim
