// MurmurHash3 x64-128 by Austin Appleby (public domain), as in SMHasher's
// MurmurHash3.cpp: 16 bytes per round, several GB/s, so hashing a
// repository's files costs a fraction of reading them. xxHash would be as
// good, but libxxhash-dev is one more package for CI and every developer to
// install, for ~50 lines that never change.
#include <mestring/hash.hpp>

#include <cstring>
#include <fmt/format.h>

namespace mestring {

namespace {

uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

uint64_t fmix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

uint64_t load64(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8); // little endian on every machine mestring runs on
  return v;
}

} // namespace

std::string Hash128::hex() const { return fmt::format("{:016x}{:016x}", high, low); }

Hash128 hash_bytes(std::string_view bytes, uint64_t seed) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t len = bytes.size();
  const size_t blocks = len / 16;
  uint64_t h1 = seed, h2 = seed;
  constexpr uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;

  for (size_t i = 0; i < blocks; ++i) {
    uint64_t k1 = load64(data + i * 16), k2 = load64(data + i * 16 + 8);
    k1 *= c1, k1 = rotl(k1, 31), k1 *= c2, h1 ^= k1;
    h1 = rotl(h1, 27), h1 += h2, h1 = h1 * 5 + 0x52dce729;
    k2 *= c2, k2 = rotl(k2, 33), k2 *= c1, h2 ^= k2;
    h2 = rotl(h2, 31), h2 += h1, h2 = h2 * 5 + 0x38495ab5;
  }

  const unsigned char* tail = data + blocks * 16;
  uint64_t k1 = 0, k2 = 0;
  switch (len & 15) {
  case 15: k2 ^= uint64_t(tail[14]) << 48; [[fallthrough]];
  case 14: k2 ^= uint64_t(tail[13]) << 40; [[fallthrough]];
  case 13: k2 ^= uint64_t(tail[12]) << 32; [[fallthrough]];
  case 12: k2 ^= uint64_t(tail[11]) << 24; [[fallthrough]];
  case 11: k2 ^= uint64_t(tail[10]) << 16; [[fallthrough]];
  case 10: k2 ^= uint64_t(tail[9]) << 8; [[fallthrough]];
  case 9:
    k2 ^= uint64_t(tail[8]);
    k2 *= c2, k2 = rotl(k2, 33), k2 *= c1, h2 ^= k2;
    [[fallthrough]];
  case 8: k1 ^= uint64_t(tail[7]) << 56; [[fallthrough]];
  case 7: k1 ^= uint64_t(tail[6]) << 48; [[fallthrough]];
  case 6: k1 ^= uint64_t(tail[5]) << 40; [[fallthrough]];
  case 5: k1 ^= uint64_t(tail[4]) << 32; [[fallthrough]];
  case 4: k1 ^= uint64_t(tail[3]) << 24; [[fallthrough]];
  case 3: k1 ^= uint64_t(tail[2]) << 16; [[fallthrough]];
  case 2: k1 ^= uint64_t(tail[1]) << 8; [[fallthrough]];
  case 1:
    k1 ^= uint64_t(tail[0]);
    k1 *= c1, k1 = rotl(k1, 31), k1 *= c2, h1 ^= k1;
  }

  h1 ^= len, h2 ^= len;
  h1 += h2, h2 += h1;
  h1 = fmix(h1), h2 = fmix(h2);
  h1 += h2, h2 += h1;
  return {h1, h2};
}

} // namespace mestring
