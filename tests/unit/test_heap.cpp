#include <mestring/heap.hpp>

#include <doctest/doctest.h>
#include <fstream>
#include <string>
#include <vector>

using namespace mestring;

namespace {

// A sanitizer's allocator is not glibc's heap: prefer_large_pages leaves it alone.
constexpr bool sanitized =
#if defined(__SANITIZE_ADDRESS__)
    true;
#else
    false;
#endif

// Whether the kernel gives memory marked MADV_HUGEPAGE large pages.
bool large_pages_offered() {
  std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  std::getline(f, modes);
  return modes.find("[always]") != std::string::npos || modes.find("[madvise]") != std::string::npos;
}

// Whether part of the program's heap is marked MADV_HUGEPAGE: "hg" among
// the VmFlags of a [heap] mapping in /proc/self/smaps.
bool heap_marked() {
  std::ifstream smaps("/proc/self/smaps");
  bool in_heap = false;
  for (std::string line; std::getline(smaps, line);) {
    if (line.starts_with("VmFlags:")) {
      if (in_heap && (line + ' ').find(" hg ") != std::string::npos)
        return true;
    } else if (const auto colon = line.find(':'); colon == std::string::npos || line.find(' ') < colon) {
      in_heap = line.ends_with("[heap]"); // a mapping's first line: "start-end perms offset dev inode path"
    }
  }
  return false;
}

} // namespace

TEST_SUITE("heap") {
  TEST_CASE("the heap is marked for large pages where the kernel offers them, and allocates as before") {
    prefer_large_pages();
    std::vector<std::string> names(100000, std::string(40, 'x')); // what a run then allocates
    names.emplace_back(30 << 20, 'y');                            // a block the heap now holds
    CHECK(names.front() == std::string(40, 'x'));
    CHECK(names.back().size() == size_t(30) << 20);
    if (sanitized || !large_pages_offered()) {
      MESSAGE("not checked here: a sanitizer's allocator, or no transparent huge pages");
      return;
    }
    CHECK(heap_marked());
  }
}
