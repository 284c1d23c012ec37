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
