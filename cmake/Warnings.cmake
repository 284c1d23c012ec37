# Warnings for our own code only (not for the packages we include).
option(MESTRING_WERROR "Treat warnings as errors (CI turns this on)" OFF)
add_library(mestring_warnings INTERFACE)
target_compile_options(mestring_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wnull-dereference
  # Records (Finding, Stats, …) have a default for every member and are often
  # built from their leading members only; -Wextra would ask for every
  # trailing one, which adds noise, not safety.
  -Wno-missing-field-initializers
  # GCC 12 at -O2 reports std::string's operator+ as an overlapping memcpy
  # (GCC bug 105651): a false positive in libstdc++, not in our code.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
  $<$<BOOL:${MESTRING_WERROR}>:-Werror>)
