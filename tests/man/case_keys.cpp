// Prints every key a case file may hold, one per line: the top-level keys,
// then the nested ones as parent.key. tests/man/check_man.py requires each in
// mestring(5), so a key added to the vocabulary cannot go undocumented.
#include <mestring/schema.hpp>

#include <fmt/format.h>

int main() {
  for (const auto &key : mestring::documented_keys())
    fmt::print("{}\n", key);
}
