#pragma once
// A small JSON reader (RFC 8259), for reading back what mestring wrote: the
// baseline of `check --baseline` is an earlier `check --format json`. Whole
// documents only, nesting limited, numbers kept as their text; no
// exceptions, a message with the byte offset on anything malformed.

#include <mestring/expected.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mestring {

struct JsonValue {
  // Declared so that clang (14, with libstdc++ 12) does not ask whether
  // JsonValue is default-constructible while std::pair<std::string,
  // JsonValue> in `members` is still incomplete; GCC never asks.
  JsonValue() = default;
  enum class Type { null, boolean, number, string, array, object };
  Type type = Type::null;
  bool boolean = false;
  std::string text; // a string's value (UTF-8), or a number as written
  std::vector<JsonValue> items;
  std::vector<std::pair<std::string, JsonValue>> members; // in the order written

  // The member `key` of an object; nullptr when absent or not an object.
  const JsonValue *get(std::string_view key) const;
  bool is_string() const { return type == Type::string; }
  bool is_null() const { return type == Type::null; }
};

// Parses one JSON document (white space around it allowed). Fails with
// "at byte N: what was expected" on anything else, or past `max_depth`.
Expected<JsonValue> parse_json(std::string_view text, size_t max_depth = 64);

} // namespace mestring
