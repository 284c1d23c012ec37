#pragma once
// A minimal JSON writer: enough for our output contracts, with correct
// string escaping. Keys are written in the order they are added.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace mestring {

// Returns s as a JSON string literal, quotes included.
std::string json_string(std::string_view s);

class JsonWriter {
public:
  JsonWriter &begin_object();
  JsonWriter &end_object();
  JsonWriter &begin_array();
  JsonWriter &end_array();
  JsonWriter &key(std::string_view k);
  JsonWriter &value(std::string_view s);
  JsonWriter &value(const char *s) { return value(std::string_view(s)); }
  JsonWriter &value(const std::string &s) { return value(std::string_view(s)); }
  JsonWriter &value(long n);
  JsonWriter &value(int n) { return value(long(n)); }
  JsonWriter &value(bool b);
  JsonWriter &null();
  // The text, or null when it is empty (a field the case leaves out).
  JsonWriter &value_or_null(std::string_view s) { return s.empty() ? null() : value(s); }
  // The optional's value, or null when it has none.
  template <typename T> JsonWriter &value(const std::optional<T> &v) { return v ? value(*v) : null(); }
  // show(*v), or null when v has none: `value(due, &Date::iso)`.
  template <typename T, typename Show> JsonWriter &value(const std::optional<T> &v, Show show) {
    return v ? value(std::invoke(show, *v)) : null();
  }
  // Returns the document followed by a newline.
  std::string str() const { return out_ + "\n"; }

private:
  void comma();
  JsonWriter &open(char bracket);
  JsonWriter &close(char bracket);
  JsonWriter &scalar(std::string_view text);
  std::string out_;
  bool need_comma_ = false;
};

} // namespace mestring
