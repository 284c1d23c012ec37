#pragma once
// A cryptographic hash of bytes (BLAKE2b with a 32-byte digest, from
// libb2), for the cache of loaded cases: its file names, the key of its
// entries and their checksums. Cryptographic because the cache answers for a
// file by its hash alone: two files with one hash would read as one.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace mestring {

struct Digest {
  std::array<uint8_t, 32> bytes{};
  bool operator==(const Digest &) const = default;
  // 64 lowercase hex digits, for file names.
  std::string hex() const;
};

// Returns the BLAKE2b-256 digest of `bytes`.
Digest hash_bytes(std::string_view bytes);

// Hashes bytes given in pieces: update() each, then digest() once; the
// result is hash_bytes() of the pieces joined.
class Hasher {
public:
  Hasher();
  Hasher &update(std::string_view bytes);
  Digest digest();

private:
  alignas(64) std::array<unsigned char, 384> state_; // blake2b_state, kept opaque
};

} // namespace mestring
