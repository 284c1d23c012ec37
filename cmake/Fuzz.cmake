# MESTRING_FUZZ=ON: every target instrumented for libFuzzer with ASan and
# UBSan (clang only), and the fuzz targets in fuzz/. fuzz/run.sh uses it.
option(MESTRING_FUZZ "Build the libFuzzer targets in fuzz/ (needs clang)" OFF)
if(MESTRING_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "MESTRING_FUZZ needs clang: cmake -DCMAKE_CXX_COMPILER=clang++ -DMESTRING_FUZZ=ON")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
