#include <mestring/json.hpp>

#include <fmt/format.h>
#include <mestring/utf8.hpp>

namespace mestring {

std::string json_string(std::string_view text) {
  // JSON is UTF-8: a file name that is not gets U+FFFD for each bad byte.
  const std::string replaced = is_valid_utf8(text) ? std::string() : valid_utf8_or_replace(text);
  const std::string_view s = replaced.empty() ? text : replaced;
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      if (c < 0x20)
        out += fmt::format("\\u{:04x}", c);
      else
        out += ch;
    }
  }
  return out + "\"";
}

void JsonWriter::comma() {
  if (need_comma_)
    out_ += ", ";
}

JsonWriter &JsonWriter::begin_object() {
  comma();
  out_ += "{";
  need_comma_ = false;
  return *this;
}
JsonWriter &JsonWriter::end_object() {
  out_ += "}";
  need_comma_ = true;
  return *this;
}
JsonWriter &JsonWriter::begin_array() {
  comma();
  out_ += "[";
  need_comma_ = false;
  return *this;
}
JsonWriter &JsonWriter::end_array() {
  out_ += "]";
  need_comma_ = true;
  return *this;
}
JsonWriter &JsonWriter::key(std::string_view k) {
  comma();
  out_ += json_string(k) + ": ";
  need_comma_ = false;
  return *this;
}
JsonWriter &JsonWriter::value(std::string_view s) {
  comma();
  out_ += json_string(s);
  need_comma_ = true;
  return *this;
}
JsonWriter &JsonWriter::value(const std::optional<std::string> &s) { return s ? value(std::string_view(*s)) : null(); }
JsonWriter &JsonWriter::value(long n) {
  comma();
  out_ += std::to_string(n);
  need_comma_ = true;
  return *this;
}
JsonWriter &JsonWriter::value(bool b) {
  comma();
  out_ += b ? "true" : "false";
  need_comma_ = true;
  return *this;
}
JsonWriter &JsonWriter::null() {
  comma();
  out_ += "null";
  need_comma_ = true;
  return *this;
}

} // namespace mestring
