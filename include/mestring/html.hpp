#pragma once
// Writing HTML that cannot be broken by what it shows. Text and attribute
// values pass through one function, escape(); markup comes only from tag and
// attribute names the code writes as literals. The result parses without a
// single error in a strict HTML5 parser, whatever bytes a name holds.
// Knows nothing of cases: the page skeleton, elements, and plain data tables.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace mestring::html {

// Returns `text` escaped for a text node or a quoted attribute value: & < > "
// and ' as character references. Bytes that are not UTF-8, control characters
// other than tab and line feed, and Unicode noncharacters become U+FFFD; CR
// and CRLF become a line feed. The one place where text meets markup.
std::string escape(std::string_view text);

// An attribute: a literal name and a value that is escaped when written.
struct Attr {
  std::string_view name;
  std::string value;
};

// Appends markup to a string. Tag and attribute names must be literals of
// ASCII letters, digits, '-' and ':' (checked in debug builds).
class Writer {
public:
  Writer &open(std::string_view tag, std::initializer_list<Attr> attrs = {});
  Writer &open(std::string_view tag, const std::vector<Attr> &attrs);
  Writer &close(std::string_view tag);
  // A void element (<meta>, <br>) or, inside SVG, a self-closing one (<rect/>).
  Writer &empty(std::string_view tag, std::initializer_list<Attr> attrs = {});
  Writer &empty(std::string_view tag, const std::vector<Attr> &attrs);
  // An element holding only text: <tag attrs>escaped text</tag>.
  Writer &element(std::string_view tag, std::string_view text, std::initializer_list<Attr> attrs = {});
  Writer &text(std::string_view text);
  // Text whose line feeds become <br>.
  Writer &lines(std::string_view text);
  Writer &newline();
  // Appends what another writer wrote (already safe).
  Writer &append(const Writer &other);
  const std::string &str() const { return out_; }

private:
  // Writes <name attrs, then `end_mark` (">" or "/>").
  Writer &start_tag(std::string_view name, const Attr *begin, const Attr *end, std::string_view end_mark);
  std::string out_;
};

// Returns a whole HTML5 document: doctype, <html lang>, UTF-8, the title,
// one <style> element with `css` (a literal of the code; it must not hold
// "</"), and the body. Nothing in it is fetched: no links, no scripts.
std::string page(std::string_view lang, std::string_view title, std::string_view css, const Writer &body);

// A plain data table for screen readers and print: a caption, a header row,
// and rows whose first cell is the row's header. Cells after the first are
// right-aligned numbers when `numeric` is set; a line feed in a cell is a <br>.
struct Table {
  std::string caption;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::vector<std::string>> footer; // e.g. a row of totals
  bool numeric = true;
  std::string css_class = "data";
};
void write_table(Writer &w, const Table &t);

} // namespace mestring::html
