# Warnings for our own code only (not for the packages we include).
option(MESTRING_WERROR "Treat warnings as errors (CI turns this on)" OFF)
add_library(mestring_warnings INTERFACE)
target_compile_options(mestring_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wnull-dereference
  $<$<BOOL:${MESTRING_WERROR}>:-Werror>)
