# Every dependency is a Debian package found with find_package: nothing is downloaded.
find_package(CLI11 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(fmt REQUIRED)
find_package(doctest REQUIRED)
find_package(Threads REQUIRED) # the loader reads and parses files on every core
# libutf8proc (Debian's libutf8proc-dev) for Unicode normalisation, case
# folding, grapheme clusters and character widths. Debian ships no CMake
# config for it, only a pkg-config file: found by name, as an imported target.
find_path(UTF8PROC_INCLUDE_DIR utf8proc.h REQUIRED)
find_library(UTF8PROC_LIBRARY NAMES utf8proc REQUIRED)
add_library(utf8proc::utf8proc UNKNOWN IMPORTED)
set_target_properties(utf8proc::utf8proc PROPERTIES IMPORTED_LOCATION ${UTF8PROC_LIBRARY}
                                                    INTERFACE_INCLUDE_DIRECTORIES ${UTF8PROC_INCLUDE_DIR})

# BLAKE2b for the cache's hashes (libb2-dev); it ships no CMake config, so
# find its header and library and make a target of them.
find_path(LIBB2_INCLUDE_DIR blake2.h REQUIRED)
find_library(LIBB2_LIBRARY NAMES b2 REQUIRED)
add_library(libb2::libb2 UNKNOWN IMPORTED)
set_target_properties(libb2::libb2 PROPERTIES IMPORTED_LOCATION "${LIBB2_LIBRARY}"
                                              INTERFACE_INCLUDE_DIRECTORIES "${LIBB2_INCLUDE_DIR}")
