// BLAKE2b from Debian's libb2 (libb2-dev). It replaces MurmurHash3, which is
// fast but not collision resistant: two valid versions of one case file with
// the same MurmurHash3 were found in 3.7 million tries (issue 12), and the
// cache then answered for the wrong file. BLAKE2b is as fast as MD5 on x86-64
// and has no known collisions, so "a changed byte is always seen" holds.
#include <mestring/hash.hpp>

#include <blake2.h>
#include <fmt/format.h>
#include <new>

namespace mestring {

namespace {

constexpr size_t digest_size = sizeof(Digest::bytes);
static_assert(digest_size <= BLAKE2B_OUTBYTES);

} // namespace

std::string Digest::hex() const {
  std::string out;
  out.reserve(2 * bytes.size());
  for (const uint8_t b : bytes)
    fmt::format_to(std::back_inserter(out), "{:02x}", b);
  return out;
}

Digest hash_bytes(std::string_view bytes) {
  Digest d;
  // Fails only for a null output or a bad length, neither possible here.
  blake2b(d.bytes.data(), bytes.data(), nullptr, digest_size, bytes.size(), 0);
  return d;
}

Hasher::Hasher() {
  static_assert(sizeof(blake2b_state) <= sizeof(state_) && alignof(blake2b_state) <= 64);
  blake2b_init(new (state_.data()) blake2b_state, digest_size);
}

Hasher &Hasher::update(std::string_view bytes) {
  blake2b_update(std::launder(reinterpret_cast<blake2b_state *>(state_.data())),
                 reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
  return *this;
}

Digest Hasher::digest() {
  Digest d;
  blake2b_final(std::launder(reinterpret_cast<blake2b_state *>(state_.data())), d.bytes.data(), digest_size);
  return d;
}

} // namespace mestring
