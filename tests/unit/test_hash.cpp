#include <mestring/hash.hpp>

#include <doctest/doctest.h>
#include <string>

using namespace mestring;

TEST_SUITE("hash") {
  TEST_CASE("hash_bytes is BLAKE2b with a 32-byte digest, as Python's hashlib.blake2b(digest_size=32)") {
    CHECK(hash_bytes("").hex() == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    CHECK(hash_bytes("abc").hex() == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    CHECK(hash_bytes("mestring").hex() == "eb4104f7ef4cf18926a1c54161364728882fe1d3063ee5cd2fbf6f3ca585708f");
  }

  TEST_CASE("a changed byte changes the digest") {
    std::string text = "id: 2025-0142\ncontacts: [{date: 2025-03-03, outcome: reached}]\n";
    const Digest before = hash_bytes(text);
    text[text.size() - 3] = 'E';
    CHECK_FALSE(hash_bytes(text) == before);
  }

  TEST_CASE("the incremental hasher gives the digest of the pieces joined") {
    Hasher h;
    h.update("id: 2025-").update("0142\n").update("");
    CHECK(h.digest() == hash_bytes("id: 2025-0142\n"));
    CHECK(Hasher().digest() == hash_bytes(""));
  }
}
