#pragma once
// The heap of a run in large pages, where the system allows it.
//
// A warm run over 100,000 cases touches some 60 MB of fresh heap (the file
// list, the loader's results, the agenda); in 4 KiB pages that is 15,000
// page faults, which on a virtual machine cost a quarter of the run. Linux
// maps memory marked MADV_HUGEPAGE in 2 MiB pages when transparent huge
// pages are "always" or "madvise" (Debian's default): one fault where there
// were 512. glibc does the same with GLIBC_TUNABLES=glibc.malloc.hugetlb=1,
// which a program cannot set for itself once it runs.

namespace mestring {

// Grows the heap by a reserve (malloc's top pad) and marks it for large
// pages, and lets blocks of up to 32 MiB come from it instead of mmap(2).
// Call once, first thing in main(), before any thread starts. Does nothing
// where the heap is not glibc's own program break (a sanitizer's or
// valgrind's allocator, say) or the kernel declines: it only ever changes
// how fast memory is mapped, never what a run does.
void prefer_large_pages();

} // namespace mestring
