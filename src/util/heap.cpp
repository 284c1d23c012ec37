// See heap.hpp. The settings are glibc's mallopt(3); the heap is the main
// arena, which grows by brk(2) and is the one the main thread allocates
// from (the loader's other threads have arenas of their own and fault as
// before: half the work, measured no slower than one shared arena).
#include <mestring/heap.hpp>

#include <cstdint>
#include <cstdlib>

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace mestring {

void prefer_large_pages() {
#if defined(__GLIBC__) && defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr int reserve = 64 << 20, largest_from_heap = 32 << 20, first = 24 << 20;
  constexpr uintptr_t page = uintptr_t(2) << 20;
  mallopt(M_MMAP_THRESHOLD, largest_from_heap); // glibc's largest; the default is 128 KiB
  mallopt(M_TOP_PAD, reserve);                  // each growth of the heap, beyond what was asked
  mallopt(M_TRIM_THRESHOLD, 2 * reserve);       // so a free does not give the reserve back
  // One block the heap must grow for: it grows by the block and the pad.
  const auto before = reinterpret_cast<uintptr_t>(::sbrk(0));
  void *block = std::malloc(first);
  const auto after = reinterpret_cast<uintptr_t>(::sbrk(0));
  const auto at = reinterpret_cast<uintptr_t>(block);
  // Only when the break moved and the block reaches into what it added (it
  // begins in the old top of the heap): another allocator (ASan, valgrind)
  // or a heap that could not grow in place leaves this alone.
  if (block && before != uintptr_t(-1) && before < after && at < after && at + first > before) {
    const uintptr_t from = (at + page - 1) & ~(page - 1), to = after & ~(page - 1);
    if (from < to)
      ::madvise(reinterpret_cast<void *>(from), to - from, MADV_HUGEPAGE); // a refusal changes nothing
  }
  std::free(block);
#endif
}

} // namespace mestring
