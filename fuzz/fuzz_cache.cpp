// libFuzzer entry point for mestring::fuzz::cache (see targets.hpp).
#include "targets.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mestring::fuzz::cache({reinterpret_cast<const char *>(data), size});
  return 0;
}
