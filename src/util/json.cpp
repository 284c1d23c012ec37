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

JsonWriter &JsonWriter::open(char bracket) {
  comma();
  out_ += bracket;
  need_comma_ = false;
  return *this;
}
JsonWriter &JsonWriter::close(char bracket) {
  out_ += bracket;
  need_comma_ = true;
  return *this;
}
JsonWriter &JsonWriter::scalar(std::string_view text) {
  comma();
  out_ += text;
  need_comma_ = true;
  return *this;
}

JsonWriter &JsonWriter::begin_object() { return open('{'); }
JsonWriter &JsonWriter::end_object() { return close('}'); }
JsonWriter &JsonWriter::begin_array() { return open('['); }
JsonWriter &JsonWriter::end_array() { return close(']'); }
JsonWriter &JsonWriter::key(std::string_view k) {
  comma();
  out_ += json_string(k) + ": ";
  need_comma_ = false;
  return *this;
}
JsonWriter &JsonWriter::value(std::string_view s) { return scalar(json_string(s)); }
JsonWriter &JsonWriter::value(long n) { return scalar(std::to_string(n)); }
JsonWriter &JsonWriter::value(bool b) { return scalar(b ? "true" : "false"); }
JsonWriter &JsonWriter::null() { return scalar("null"); }

} // namespace mestring
