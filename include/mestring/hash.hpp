#pragma once
// A fast non-cryptographic 128-bit hash of bytes (MurmurHash3 x64-128), for
// the cache of loaded cases: keys and checksums, never security.

#include <cstdint>
#include <string>
#include <string_view>

namespace mestring {

struct Hash128 {
  uint64_t low = 0, high = 0;
  bool operator==(const Hash128&) const = default;
  // 32 lowercase hex digits, for file names.
  std::string hex() const;
};

// Returns the hash of `bytes`; a different `seed` gives an independent hash.
Hash128 hash_bytes(std::string_view bytes, uint64_t seed = 0);

} // namespace mestring
