// HTML5's parser reports an error for control characters, C1 controls and
// noncharacters in the input stream, and a browser shows a stray '<' or '&'
// as markup; escape() is written against both, once, and every text of a
// page goes through it.
#include <mestring/html.hpp>

#include <cassert>

namespace mestring::html {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD

// Length of the valid UTF-8 sequence at s[i] and its code point, or 0 when
// the bytes there are not UTF-8 (overlong, surrogate, beyond U+10FFFF, cut).
size_t utf8_sequence(std::string_view s, size_t i, char32_t &cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t len = 0;
  char32_t min = 0;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size())
    return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

// What HTML5 calls a parse error in the input stream (besides NUL): controls
// other than tab, LF, FF and CR; C1 controls; noncharacters.
bool forbidden(char32_t cp) {
  if (cp < 0x20)
    return cp != '\t' && cp != '\n';
  if (cp >= 0x7F && cp <= 0x9F)
    return true;
  return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

[[maybe_unused]] bool valid_name(std::string_view name) {
  if (name.empty())
    return false;
  for (const char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ':'))
      return false;
  return true;
}

} // namespace

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const size_t len = utf8_sequence(s, i, cp);
    if (len == 0) { // one bad byte, one replacement character
      out += replacement;
      ++i;
      continue;
    }
    switch (cp) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    case '\r':
      if (i + 1 >= s.size() || s[i + 1] != '\n')
        out += '\n';
      break;
    default:
      if (forbidden(cp))
        out += replacement;
      else
        out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

Writer &Writer::start_tag(std::string_view name, const Attr *begin, const Attr *end, std::string_view end_mark) {
  assert(valid_name(name));
  out_ += '<';
  out_ += name;
  for (const auto *a = begin; a != end; ++a) {
    assert(valid_name(a->name));
    out_ += ' ';
    out_ += a->name;
    out_ += "=\"";
    out_ += escape(a->value);
    out_ += '"';
  }
  out_ += end_mark;
  return *this;
}

Writer &Writer::open(std::string_view tag, std::initializer_list<Attr> attrs) {
  return start_tag(tag, attrs.begin(), attrs.end(), ">");
}

Writer &Writer::open(std::string_view tag, const std::vector<Attr> &attrs) {
  return start_tag(tag, attrs.data(), attrs.data() + attrs.size(), ">");
}

Writer &Writer::close(std::string_view tag) {
  assert(valid_name(tag));
  out_ += "</";
  out_ += tag;
  out_ += '>';
  return *this;
}

Writer &Writer::empty(std::string_view tag, std::initializer_list<Attr> attrs) {
  return start_tag(tag, attrs.begin(), attrs.end(), "/>");
}

Writer &Writer::empty(std::string_view tag, const std::vector<Attr> &attrs) {
  return start_tag(tag, attrs.data(), attrs.data() + attrs.size(), "/>");
}

Writer &Writer::element(std::string_view tag, std::string_view text, std::initializer_list<Attr> attrs) {
  open(tag, attrs);
  out_ += escape(text);
  return close(tag);
}

Writer &Writer::text(std::string_view text) {
  out_ += escape(text);
  return *this;
}

Writer &Writer::lines(std::string_view text) {
  const std::string escaped = escape(text);
  for (const char c : escaped)
    if (c == '\n')
      out_ += "<br>";
    else
      out_ += c;
  return *this;
}

Writer &Writer::newline() {
  out_ += '\n';
  return *this;
}

Writer &Writer::append(const Writer &other) {
  out_ += other.out_;
  return *this;
}

std::string page(std::string_view lang, std::string_view title, std::string_view css, const Writer &body) {
  assert(css.find("</") == std::string_view::npos);
  Writer w;
  w.open("html", {{"lang", std::string(lang)}}).newline();
  w.open("head").newline();
  w.empty("meta", {{"charset", "utf-8"}}).newline();
  w.empty("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}}).newline();
  w.element("title", title).newline();
  w.open("style").newline();
  std::string out = "<!DOCTYPE html>\n" + w.str();
  out += css;
  out += "\n</style>\n</head>\n";
  out += "<body>\n" + body.str() + "</body>\n</html>\n";
  return out;
}

void write_table(Writer &w, const Table &t) {
  auto row = [&](const std::vector<std::string> &cells, bool head_row, std::string_view cls) {
    if (cls.empty())
      w.open("tr");
    else
      w.open("tr", {{"class", std::string(cls)}});
    for (size_t i = 0; i < cells.size(); ++i) {
      const bool number = t.numeric && i > 0;
      const std::string_view tag = head_row || i == 0 ? "th" : "td";
      if (head_row)
        w.open(tag, {{"scope", "col"}, {"class", number ? "num" : "label"}});
      else if (i == 0)
        w.open(tag, {{"scope", "row"}, {"class", "label"}});
      else
        w.open(tag, {{"class", number ? "num" : "label"}});
      w.lines(cells[i]).close(tag);
    }
    w.close("tr").newline();
  };
  w.open("table", {{"class", t.css_class}}).newline();
  if (!t.caption.empty())
    w.element("caption", t.caption).newline();
  w.open("thead");
  row(t.header, true, "");
  w.close("thead").open("tbody").newline();
  for (const auto &r : t.rows)
    row(r, false, "");
  w.close("tbody").newline();
  if (!t.footer.empty()) {
    w.open("tfoot");
    for (const auto &r : t.footer)
      row(r, false, "total");
    w.close("tfoot").newline();
  }
  w.close("table").newline();
}

} // namespace mestring::html
