// A recursive-descent JSON reader: one function per production, the
// position in a cursor, the first fault ends it with its byte offset.
#include <mestring/json_value.hpp>

#include <mestring/i18n.hpp>
#include <mestring/utf8.hpp>

namespace mestring {

const JsonValue *JsonValue::get(std::string_view key) const {
  if (type != Type::object)
    return nullptr;
  for (const auto &[k, v] : members)
    if (k == key)
      return &v;
  return nullptr;
}

namespace {

class Reader {
public:
  Reader(std::string_view text, size_t max_depth) : s_(text), max_depth_(max_depth) {}

  bool document(JsonValue &out) {
    space();
    if (!value(out, 0))
      return false;
    space();
    return i_ == s_.size() || fail();
  }
  size_t offset() const { return i_; }

private:
  // Stops the reading; offset() says where.
  static bool fail() { return false; }
  void space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word)
      return fail();
    i_ += word.size();
    return true;
  }

  bool value(JsonValue &out, size_t depth) {
    if (depth > max_depth_)
      return fail();
    if (i_ >= s_.size())
      return fail();
    switch (s_[i_]) {
    case '{': return object(out, depth);
    case '[': return array(out, depth);
    case '"': out.type = JsonValue::Type::string; return string(out.text);
    case 't':
      out.type = JsonValue::Type::boolean;
      out.boolean = true;
      return literal("true");
    case 'f': out.type = JsonValue::Type::boolean; return literal("false");
    case 'n': out.type = JsonValue::Type::null; return literal("null");
    default: out.type = JsonValue::Type::number; return number(out.text);
    }
  }

  bool object(JsonValue &out, size_t depth) {
    out.type = JsonValue::Type::object;
    ++i_;
    space();
    if (i_ < s_.size() && s_[i_] == '}')
      return ++i_, true;
    for (;;) {
      std::string key;
      space();
      if (i_ >= s_.size() || s_[i_] != '"')
        return fail();
      if (!string(key))
        return false;
      space();
      if (i_ >= s_.size() || s_[i_] != ':')
        return fail();
      ++i_;
      space();
      JsonValue v;
      if (!value(v, depth + 1))
        return false;
      out.members.emplace_back(std::move(key), std::move(v));
      space();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == '}')
        return ++i_, true;
      return fail();
    }
  }

  bool array(JsonValue &out, size_t depth) {
    out.type = JsonValue::Type::array;
    ++i_;
    space();
    if (i_ < s_.size() && s_[i_] == ']')
      return ++i_, true;
    for (;;) {
      space();
      JsonValue v;
      if (!value(v, depth + 1))
        return false;
      out.items.push_back(std::move(v));
      space();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == ']')
        return ++i_, true;
      return fail();
    }
  }

  bool number(std::string &out) {
    const size_t start = i_;
    auto digits = [&] {
      const size_t from = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9')
        ++i_;
      return i_ > from;
    };
    if (i_ < s_.size() && s_[i_] == '-')
      ++i_;
    if (!digits())
      return fail();
    if (i_ < s_.size() && s_[i_] == '.' && (++i_, !digits()))
      return fail();
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-'))
        ++i_;
      if (!digits())
        return fail();
    }
    out = s_.substr(start, i_ - start);
    return true;
  }

  bool hex4(unsigned &code) {
    code = 0;
    for (int k = 0; k < 4; ++k, ++i_) {
      if (i_ >= s_.size())
        return fail();
      const char c = s_[i_];
      const int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
      if (d < 0)
        return fail();
      code = code * 16 + unsigned(d);
    }
    return true;
  }

  bool string(std::string &out) {
    ++i_; // the opening quote
    for (;;) {
      if (i_ >= s_.size())
        return fail();
      const char c = s_[i_];
      if (c == '"')
        return ++i_, true;
      if (static_cast<unsigned char>(c) < 0x20)
        return fail();
      if (c != '\\') {
        out += c;
        ++i_;
        continue;
      }
      if (++i_ >= s_.size())
        return fail();
      const char e = s_[i_++];
      switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        unsigned code = 0;
        if (!hex4(code))
          return false;
        // A surrogate pair is one code point; a lone surrogate becomes U+FFFD.
        if (code >= 0xD800 && code < 0xDC00 && s_.substr(i_, 2) == "\\u") {
          const size_t back = i_;
          i_ += 2;
          unsigned low = 0;
          if (!hex4(low))
            return false;
          if (low >= 0xDC00 && low < 0xE000)
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          else
            i_ = back;
        }
        append_utf8(out, code >= 0xD800 && code < 0xE000 ? 0xFFFD : code);
        break;
      }
      default: return fail();
      }
    }
  }

  std::string_view s_;
  size_t max_depth_;
  size_t i_ = 0;
};

} // namespace

Expected<JsonValue> parse_json(std::string_view text, size_t max_depth) {
  Reader reader(text, max_depth);
  JsonValue out;
  if (!reader.document(out))
    return Unexpected{say("it is not JSON (the first fault is at byte {})", reader.offset())};
  return out;
}

} // namespace mestring
