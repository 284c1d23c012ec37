// libFuzzer entry point for mestring::fuzz::journal (see targets.hpp).
#include "targets.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mestring::fuzz::journal({reinterpret_cast<const char *>(data), size});
  return 0;
}
