#pragma once
// Callback: a move-only `void()` callable with small-buffer storage, the
// action of a simulator event.
//
// Callables up to kInlineSize bytes (alignment <= 8) whose move constructor is
// noexcept live inside the Callback itself, so a lambda capturing a few
// pointers, integers or shared_ptrs costs no allocation. Larger callables are
// moved to the heap. Trivially copyable callables are moved with a plain byte
// copy. Unlike std::function, the callable need not be copyable.
//
// A callable may also offer `void Prefetch() const noexcept`: a hint that it
// will soon be called, which starts loading what it will read into the cache
// and changes nothing else. Callback::Prefetch() forwards to it (and does
// nothing for a callable without one). While an event runs, the Engine calls
// it for the earliest event with a hint among those likely to come next
// (usually the next event; it may be a later one, or one since cancelled).
//
// Thread safety: none; a Callback is a value owned by one thread at a time.

#include <array>
#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

#include "core/check.h"

namespace chainsim::sim {

class Callback {
 public:
  // Bytes of inline storage; callables that fit are not heap-allocated.
  static constexpr std::size_t kInlineSize = 48;
  static constexpr std::size_t kInlineAlign = alignof(void*);

  // True when a callable of type F offers the Prefetch() hint.
  template <class F>
  static constexpr bool kHasPrefetch = requires(const F& f) {
    { f.Prefetch() }
    noexcept;
  };

  // True when a callable of type F is stored inline (no allocation).
  template <class F>
  static constexpr bool kStoredInline =
      std::conjunction_v<std::bool_constant<sizeof(F) <= kInlineSize>,
                         std::bool_constant<alignof(F) <= kInlineAlign>,
                         std::is_nothrow_move_constructible<F>>;

  // An empty callback; calling it is a checked error.
  Callback() noexcept = default;
  Callback(std::nullptr_t) noexcept {}  // NOLINT(google-explicit-constructor)

  // Wraps any callable invocable as `void()` (its result, if any, is discarded).
  template <class F, class D = std::decay_t<F>,
            class = std::enable_if_t<!std::is_same_v<D, Callback> && std::is_invocable_v<D&>>>
  Callback(F&& f) {  // NOLINT(google-explicit-constructor)
    Construct<D>(std::forward<F>(f));
  }

  // Replaces the content with `f` (a callable as above, or a Callback to move
  // from), constructed in place.
  template <class F, class D = std::decay_t<F>,
            class = std::enable_if_t<std::is_same_v<D, Callback> || std::is_invocable_v<D&>>>
  void Emplace(F&& f) {
    if constexpr (std::is_same_v<D, Callback>) {
      // A Callback is moved from, lvalue or not, as documented above.
      *this = std::move(f);  // NOLINT(bugprone-move-forwarding-reference)
    } else {
      Reset();
      Construct<D>(std::forward<F>(f));
    }
  }

  Callback(Callback&& other) noexcept { MoveFrom(other); }
  Callback& operator=(Callback&& other) noexcept {
    if (this != &other) {
      Reset();
      MoveFrom(other);
    }
    return *this;
  }
  Callback(const Callback&) = delete;
  Callback& operator=(const Callback&) = delete;
  ~Callback() { Reset(); }

  explicit operator bool() const noexcept { return ops_ != nullptr; }

  // Calls the wrapped callable. REQUIRES: non-empty.
  void operator()() {
    CHAINSIM_CHECK(ops_ != nullptr);
    ops_->invoke(storage_.data());
  }

  // True if the callable has a Prefetch() hint.
  bool has_prefetch() const noexcept { return ops_ != nullptr && ops_->prefetch != nullptr; }
  // The callable's Prefetch() hint, if it has one; nothing otherwise (and for
  // an empty Callback).
  void Prefetch() const noexcept {
    if (has_prefetch()) ops_->prefetch(storage_.data());
  }

  // Destroys the callable; the Callback becomes empty.
  void Reset() noexcept {
    if (ops_ != nullptr && ops_->destroy != nullptr) ops_->destroy(storage_.data());
    ops_ = nullptr;
  }

 private:
  using PrefetchFn = void (*)(const void* storage) noexcept;
  struct Ops {
    void (*invoke)(void* storage);
    // Move-constructs dst from src and destroys src; nullptr: a byte copy will do.
    void (*relocate)(void* dst, void* src) noexcept;
    // nullptr: nothing to destroy.
    void (*destroy)(void* storage) noexcept;
    // nullptr: the callable has no Prefetch() hint.
    PrefetchFn prefetch;
  };

  template <class D, class F>
  void Construct(F&& f) {
    if constexpr (kStoredInline<D>) {
      ::new (static_cast<void*>(storage_.data())) D(std::forward<F>(f));
      ops_ = &kInlineOps<D>;
    } else {
      D* heap = new D(std::forward<F>(f));
      // The pointer itself is what is stored.
      std::memcpy(storage_.data(), &heap, sizeof heap);  // NOLINT(bugprone-sizeof-expression)
      ops_ = &kHeapOps<D>;
    }
  }

  template <class D>
  static D* HeapPointer(const void* storage) noexcept {
    D* p;
    std::memcpy(&p, storage, sizeof p);  // NOLINT(bugprone-sizeof-expression): the pointer
    return p;
  }

  // Ops::prefetch for a D stored inline or on the heap.
  template <class D, bool kOnHeap>
  static constexpr PrefetchFn PrefetchOp() {
    if constexpr (!kHasPrefetch<D>) {
      return nullptr;
    } else if constexpr (kOnHeap) {
      return [](const void* s) noexcept { HeapPointer<D>(s)->Prefetch(); };
    } else {
      return [](const void* s) noexcept { std::launder(static_cast<const D*>(s))->Prefetch(); };
    }
  }

  template <class D>
  static constexpr Ops kInlineOps = {
      [](void* s) { (*std::launder(static_cast<D*>(s)))(); },
      std::is_trivially_copyable_v<D> ? nullptr
                                      : +[](void* dst, void* src) noexcept {
                                          D* from = std::launder(static_cast<D*>(src));
                                          ::new (dst) D(std::move(*from));
                                          from->~D();
                                        },
      std::is_trivially_destructible_v<D>
          ? nullptr
          : +[](void* s) noexcept { std::launder(static_cast<D*>(s))->~D(); },
      PrefetchOp<D, /*kOnHeap=*/false>(),
  };

  template <class D>
  static constexpr Ops kHeapOps = {
      [](void* s) { (*HeapPointer<D>(s))(); },
      nullptr,
      [](void* s) noexcept { delete HeapPointer<D>(s); },
      PrefetchOp<D, /*kOnHeap=*/true>(),
  };

  void MoveFrom(Callback& other) noexcept {
    ops_ = other.ops_;
    if (ops_ != nullptr) {
      if (ops_->relocate != nullptr) {
        ops_->relocate(storage_.data(), other.storage_.data());
      } else {
        std::memcpy(storage_.data(), other.storage_.data(), kInlineSize);
      }
      other.ops_ = nullptr;
    }
  }

  alignas(kInlineAlign) std::array<unsigned char, kInlineSize> storage_;
  const Ops* ops_ = nullptr;
};

}  // namespace chainsim::sim
