// Text-preserving edits. The approach: yaml-cpp tells us where each top-level
// key and value starts; we change only those bytes (or add whole lines next
// to them) and never re-emit the document, because re-emitting would lose
// comments, quoting and layout. The caller re-reads the result to prove it.
//
// Every layout YAML allows for a case file is edited in place: block
// mappings (indented or not), `[]`, `~` and empty values, document markers
// (`---`, `...`), and files written wholly in flow style or as JSON, where a
// list or a mapping may span many lines. Only a value that is itself written
// over several lines (a block scalar `|`, a quoted or plain scalar folded
// over lines) is refused, saying so: changing it would mean re-writing it.
#include <mestring/edit.hpp>

#include "yaml_walk.hpp"
#include <mestring/i18n.hpp>

#include <mestring/fileio.hpp>
#include <mestring/json.hpp>
#include <mestring/transaction.hpp>

#include <algorithm>
#include <fmt/format.h>
#include <optional>
#include <stdexcept>
#include <yaml-cpp/yaml.h>

namespace mestring {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The file as lines, each with its own line ending, so joining them gives the
// text back byte for byte.
struct Lines {
  std::vector<std::string> lines;
  std::string eol = "\n";
  size_t end = 0; // the document's end: a `...` (or `---`) line after its first key, else the number of lines

  explicit Lines(std::string_view text) {
    size_t start = 0;
    while (start < text.size()) {
      const size_t nl = text.find('\n', start);
      const size_t stop = nl == std::string_view::npos ? text.size() : nl + 1;
      lines.emplace_back(text.substr(start, stop - start));
      start = stop;
    }
    if (!lines.empty() && lines[0].ends_with("\r\n"))
      eol = "\r\n";
    end = lines.size();
  }

  std::string join() const {
    std::string out;
    for (const auto &l : lines)
      out += l;
    return out;
  }

  // Inserts a line before index `at`, making sure the line before it ends.
  void insert(size_t at, const std::string &content) {
    if (at > 0 && at == lines.size() && !lines.back().ends_with('\n'))
      lines.back() += eol;
    lines.insert(lines.begin() + long(at), content + eol);
  }

  // Where each line starts in the joined text.
  std::vector<size_t> starts() const {
    std::vector<size_t> out;
    size_t offset = 0;
    for (const auto &l : lines)
      out.push_back(offset), offset += l.size();
    return out;
  }

  static bool is_blank_or_comment(std::string_view l) {
    const auto p = l.find_first_not_of(" \t\r\n");
    return p == std::string_view::npos || l[p] == '#';
  }
  // `---` or `...` at the start of a line, alone or before a space or comment.
  static bool is_document_marker(std::string_view l) {
    return (l.starts_with("---") || l.starts_with("...")) && (l.size() == 3 || is_blank(l[3]));
  }
};

// A place in the text as yaml-cpp names it (line, byte column) and as an
// offset into the joined lines; insertions go through here.
class Places {
public:
  explicit Places(Lines &text) : text_(text), starts_(text.starts()), joined_(text.join()) {}
  const std::string &joined() const { return joined_; }
  size_t at(const YAML::Mark &m) const { return starts_[size_t(m.line)] + size_t(m.column); }
  size_t line_start(size_t line) const { return starts_[line]; }
  size_t line_of(size_t offset) const {
    return size_t(std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin()) - 1;
  }
  // The indentation of the line holding `offset`.
  std::string indent_of(size_t offset) const {
    const auto &line = text_.lines[line_of(offset)];
    return line.substr(0, line.find_first_not_of(" \t"));
  }
  // Inserts `s` at `offset`; the last change of one edit (the offsets are then stale).
  void insert(size_t offset, std::string_view s) {
    const size_t line = line_of(offset);
    text_.lines[line].insert(offset - starts_[line], s);
  }

private:
  Lines &text_;
  std::vector<size_t> starts_;
  std::string joined_;
};

struct TopKey {
  std::string name;
  size_t line;
  size_t column;
  YAML::Node key, value;
};

std::vector<TopKey> top_keys(const YAML::Node &root) {
  std::vector<TopKey> keys;
  for (auto it = root.begin(); it != root.end(); ++it)
    keys.push_back(
        {it->first.Scalar(), size_t(it->first.Mark().line), size_t(it->first.Mark().column), it->first, it->second});
  return keys;
}

// The line after the last line that belongs to the key at index i: up to the
// next top-level key (or the document's end), leaving trailing blank and
// comment lines to what follows.
size_t block_end(const Lines &text, const std::vector<TopKey> &keys, size_t i) {
  size_t next = text.end;
  for (const auto &k : keys)
    if (k.line > keys[i].line && k.line < next)
      next = k.line;
  while (next > keys[i].line + 1 && Lines::is_blank_or_comment(text.lines[next - 1]))
    --next;
  return next;
}

// Where a new top-level key goes: after the block of the existing key that
// comes last before it in the canonical order of case-format.md.
size_t insertion_line(const Lines &text, const std::vector<TopKey> &keys, const std::string &key) {
  const auto rank = [&](std::string_view k) {
    const auto known = find_key(k);
    return known ? size_t(*known) : case_keys().size();
  };
  const size_t mine = rank(key);
  std::optional<size_t> best;
  for (size_t i = 0; i < keys.size(); ++i)
    if (rank(keys[i].name) < mine && (!best || rank(keys[i].name) >= rank(keys[*best].name)))
      best = i;
  if (best)
    return block_end(text, keys, *best);
  return keys.empty() ? text.end : keys.front().line;
}

// The end of the quoted scalar opening at `from` (its closing quote), or npos.
size_t quoted_end(std::string_view text, size_t from) {
  const char q = text[from];
  for (size_t i = from + 1; i < text.size(); ++i) {
    if (q == '"' && text[i] == '\\') {
      ++i;
      continue;
    }
    if (text[i] == q) {
      if (q == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
        continue;
      }
      return i;
    }
  }
  return std::string_view::npos;
}

// Returns the byte length of the scalar token starting at `from` in `line`;
// inside { } or [ ] a plain scalar also ends at , } or ]. npos for a quoted
// scalar that does not end on its line.
size_t scalar_length(std::string_view line, size_t from, bool in_flow) {
  const char q = line[from];
  if (q == '"' || q == '\'') {
    const size_t close = quoted_end(line, from);
    return close == std::string_view::npos ? close : close + 1 - from;
  }
  size_t end = line.find_first_of(in_flow ? "\r\n,}]" : "\r\n", from);
  if (end == std::string_view::npos)
    end = line.size();
  const size_t comment = line.find(" #", from);
  if (comment != std::string_view::npos && comment < end)
    end = comment;
  while (end > from && (line[end - 1] == ' ' || line[end - 1] == '\t'))
    --end;
  return end - from;
}

// What a flow collection spans: its closing bracket, and the last character
// before it that is neither blank nor in a comment (its opening bracket
// when it is empty). Quotes are told from apostrophes in plain text (`it's`)
// by where they stand: a quoted scalar starts after a bracket, comma or colon.
struct FlowSpan {
  size_t close = 0, last = 0;
};
std::optional<FlowSpan> flow_span(std::string_view text, size_t open) {
  int depth = 0;
  size_t last = open;
  char previous = 0;
  for (size_t i = open; i < text.size(); ++i) {
    const char c = text[i];
    if (is_blank(c))
      continue;
    if (c == '#' && i > 0 && is_blank(text[i - 1])) {
      i = text.find('\n', i);
      if (i == std::string_view::npos)
        return std::nullopt;
      continue;
    }
    if ((c == '"' || c == '\'') && (previous == '[' || previous == '{' || previous == ',' || previous == ':')) {
      i = quoted_end(text, i);
      if (i == std::string_view::npos)
        return std::nullopt;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && --depth == 0) {
      return FlowSpan{i, last};
    }
    last = i;
    previous = c;
  }
  return std::nullopt;
}

// Adds `entry` as the last entry of the flow collection opening at `open`:
// after a comma on one line, or on a line of its own, indented as the last
// entry, when the entries stand one per line; a trailing comma is kept.
Expected<bool> append_to_flow(Places &at, size_t open, size_t last_entry, const std::string &entry,
                              const std::string &eol, std::string_view what) {
  const auto span = flow_span(at.joined(), open);
  if (!span)
    return Unexpected{say("cannot change {}: its brackets do not close; fix the file", what)};
  if (span->last == open) {
    at.insert(open + 1, entry);
    return true;
  }
  // One entry per line when the last one begins its line (below the bracket's).
  const size_t line = at.line_of(last_entry);
  const bool own_lines =
      line != at.line_of(open) && at.joined().find_first_not_of(" \t", at.line_start(line)) == last_entry;
  const bool trailing_comma = at.joined()[span->last] == ',';
  const std::string gap = own_lines ? eol + at.indent_of(last_entry) : " ";
  at.insert(span->last + 1, trailing_comma ? gap + entry + "," : "," + gap + entry);
  return true;
}

// The value in JSON's spelling, for a file written as JSON: keys and text
// quoted, whole numbers written bare left bare.
std::string json_value(const YAML::Node &n) {
  if (n.IsMap()) {
    std::string out;
    for (auto it = n.begin(); it != n.end(); ++it)
      out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", json_string(it->first.Scalar()), json_value(it->second));
    return "{" + out + "}";
  }
  if (n.IsSequence()) {
    std::string out;
    for (const auto &item : n)
      out += fmt::format("{}{}", out.empty() ? "" : ", ", json_value(item));
    return "[" + out + "]";
  }
  const auto &s = n.Scalar();
  const bool bare =
      n.Tag() == "?" && !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  return bare ? s : json_string(s);
}
std::string json_value(const std::string &yaml_text) {
  try {
    return json_value(YAML::Load(yaml_text));
  } catch (const YAML::Exception &) {
    return yaml_text; // our own text always parses; kept as it is if not
  }
}

// How a file writes what is added to it: as YAML, or as JSON when its keys are quoted.
struct Style {
  bool json = false;
  std::string key(std::string_view k) const { return json ? json_string(k) : std::string(k); }
  std::string value(const std::string &v) const { return json ? json_value(v) : v; }
};

// Replaces the scalar `v`, written on one line, or fails naming `key`.
Expected<bool> replace_scalar(Lines &text, const YAML::Node &v, const std::string &key, const std::string &value,
                              bool in_flow) {
  if (v.IsNull()) {
    // `~` or `null` where yaml-cpp marks it; an empty value has nothing to replace.
    auto &line = text.lines[size_t(v.Mark().line)];
    const size_t from = size_t(v.Mark().column);
    const size_t len = from < line.size() ? scalar_length(line, from, in_flow) : 0;
    const auto word = std::string_view(line).substr(from, len);
    if (!(word == "~" || word == "null" || word == "Null" || word == "NULL"))
      return Unexpected{say("cannot set {}: its line has an unusual layout", key)};
    line.replace(from, len, value);
    return true;
  }
  if (!v.IsScalar())
    return Unexpected{say("cannot set {}: its value is a list or a mapping, not a single value", key)};
  auto &line = text.lines[size_t(v.Mark().line)];
  const size_t from = size_t(v.Mark().column);
  if (from < line.size() && (line[from] == '|' || line[from] == '>'))
    return Unexpected{say("cannot set {}: its value is a block (| or >) over several lines; write it on one line "
                          "and run the command again",
                          key)};
  const size_t len = from < line.size() ? scalar_length(line, from, in_flow) : std::string_view::npos;
  const bool quoted = from < line.size() && (line[from] == '"' || line[from] == '\'');
  if (len == std::string_view::npos || (!quoted && line.substr(from, len) != v.Scalar()))
    return Unexpected{say("cannot set {}: its value runs over several lines; write it on one line and run the "
                          "command again",
                          key)};
  line.replace(from, len, value);
  return true;
}

// The value written after a key's colon on its line when yaml-cpp read it as
// null: nothing, `~` or `null`. Returns its place (offset, length) in the
// line, or nothing when the line holds something else.
std::optional<std::pair<size_t, size_t>> null_token(std::string_view line, const TopKey &k) {
  const bool quoted = k.column < line.size() && (line[k.column] == '"' || line[k.column] == '\'');
  const size_t key_end = quoted ? quoted_end(line, k.column) : k.column + k.name.size();
  const size_t colon = key_end == std::string_view::npos ? key_end : line.find(':', key_end);
  if (colon == std::string_view::npos)
    return std::nullopt;
  size_t from = colon + 1;
  while (from < line.size() && (line[from] == ' ' || line[from] == '\t'))
    ++from;
  size_t len = 0;
  while (from + len < line.size() && !is_blank(line[from + len]))
    ++len;
  const auto word = line.substr(from, len);
  if (word.empty() || word.starts_with('#'))
    return std::pair{colon + 1, size_t(0)};
  if (word == "~" || word == "null" || word == "Null" || word == "NULL")
    return std::pair{from, len};
  return std::nullopt;
}

// Removes a null token (`~`, `null`) after a key, so that lines can follow.
// Returns false when the line holds something else.
bool clear_null(Lines &text, const TopKey &k) {
  auto &line = text.lines[k.line];
  const auto token = null_token(line, k);
  if (!token)
    return false;
  auto [from, len] = *token;
  if (len > 0) {
    // `contacts: ~ # c` → `contacts: # c`; `contacts: ~` → `contacts:`
    const size_t stop = from + len;
    while (from > 0 && (line[from - 1] == ' ' || line[from - 1] == '\t'))
      --from;
    line.erase(from, stop - from); // a comment after it keeps its space
  }
  return true;
}

std::string root_indent(const std::vector<TopKey> &keys) {
  return keys.empty() ? std::string() : std::string(keys.front().column, ' ');
}

// Sets `parent.child` (citizen.name, citizen.cpr) inside a block or flow
// mapping, or makes the mapping.
Expected<bool> set_child(Lines &text, const std::vector<TopKey> &keys, const Change &ch) {
  const auto dot = ch.key.find('.');
  const auto parent = ch.key.substr(0, dot), child = ch.key.substr(dot + 1);
  const auto it = std::find_if(keys.begin(), keys.end(), [&](const TopKey &k) { return k.name == parent; });
  const std::string indent = root_indent(keys);
  if (it == keys.end()) {
    const size_t at = insertion_line(text, keys, parent);
    text.insert(at, fmt::format("{}{}:", indent, parent));
    text.insert(at + 1, fmt::format("{}  {}: {}", indent, child, ch.value));
    return true;
  }
  const auto &map = it->value;
  if (map.IsNull() && clear_null(text, *it)) {
    text.insert(it->line + 1, fmt::format("{}  {}: {}", indent, child, ch.value));
    return true;
  }
  if (!map.IsMap())
    return Unexpected{say("cannot set {}: {} is not a mapping", ch.key, parent)};
  const bool flow = map.Style() == YAML::EmitterStyle::Flow;
  for (auto m = map.begin(); m != map.end(); ++m)
    if (m->first.Scalar() == child)
      return replace_scalar(text, m->second, ch.key, ch.value, flow);
  if (flow) {
    Places at(text);
    const size_t open = at.at(map.Mark());
    if (at.joined()[open] != '{')
      return Unexpected{say("cannot set {}: its mapping has an unusual layout", ch.key)};
    size_t last = open;
    for (auto m = map.begin(); m != map.end(); ++m)
      last = at.at(m->first.Mark());
    return append_to_flow(at, open, last, fmt::format("{}: {}", child, ch.value), text.eol, parent);
  }
  const auto &first_line = text.lines[size_t(map.begin()->first.Mark().line)];
  const std::string inner = first_line.substr(0, first_line.find_first_not_of(' '));
  const size_t index = size_t(it - keys.begin());
  text.insert(block_end(text, keys, index), fmt::format("{}{}: {}", inner, child, ch.value));
  return true;
}

Expected<bool> set_field(Lines &text, const std::vector<TopKey> &keys, const Change &ch) {
  if (ch.key.find('.') != std::string::npos)
    return set_child(text, keys, ch);
  const auto it = std::find_if(keys.begin(), keys.end(), [&](const TopKey &k) { return k.name == ch.key; });
  if (it == keys.end()) {
    text.insert(insertion_line(text, keys, ch.key), fmt::format("{}{}: {}", root_indent(keys), ch.key, ch.value));
    return true;
  }
  if (it->value.IsNull()) {
    auto &line = text.lines[it->line];
    const auto token = null_token(line, *it);
    if (!token)
      return Unexpected{say("cannot set {}: its line has an unusual layout", ch.key)};
    const auto [from, len] = *token;
    line.replace(from, len, len == 0 ? " " + ch.value : ch.value);
    return true;
  }
  return replace_scalar(text, it->value, ch.key, ch.value, false);
}

Expected<bool> append_item(Lines &text, const std::vector<TopKey> &keys, const Change &ch) {
  const auto list = find_key(ch.key);
  const bool scalars = list && key_info(*list).kind == KeyKind::dates; // a list of dates, written inline
  const auto it = std::find_if(keys.begin(), keys.end(), [&](const TopKey &k) { return k.name == ch.key; });
  const std::string indent = root_indent(keys);
  if (it == keys.end()) {
    const size_t at = insertion_line(text, keys, ch.key);
    if (scalars) {
      text.insert(at, fmt::format("{}{}: [{}]", indent, ch.key, ch.value));
    } else {
      text.insert(at, fmt::format("{}{}:", indent, ch.key));
      text.insert(at + 1, fmt::format("{}  - {}", indent, ch.value));
    }
    return true;
  }
  const size_t index = size_t(it - keys.begin());
  const auto &v = it->value;
  if (v.IsNull()) {
    // `contacts:`, `contacts: ~`, `contacts: null`: the first item on the next line
    if (!clear_null(text, *it))
      return Unexpected{say("cannot add to {}: its line has an unusual layout", ch.key)};
    text.insert(block_end(text, keys, index), fmt::format("{}  - {}", indent, ch.value));
    return true;
  }
  if (!v.IsSequence())
    return Unexpected{say("cannot add to {}: it is not a list", ch.key)};
  if (v.Style() == YAML::EmitterStyle::Flow) {
    Places at(text);
    const size_t open = at.at(v.Mark());
    if (at.joined()[open] != '[')
      return Unexpected{say("cannot add to {}: its list has an unusual layout", ch.key)};
    const auto span = flow_span(at.joined(), open);
    if (v.size() == 0 && !scalars && span && at.line_of(open) == it->line && at.line_of(span->close) == it->line) {
      // `contacts: []` becomes a block list, one item per line; a comment after it stays.
      auto &line = text.lines[it->line];
      const size_t from = open - at.line_start(it->line);
      const size_t stop = from + (span->close - open) + 1;
      size_t start = from;
      while (start > 0 && (line[start - 1] == ' ' || line[start - 1] == '\t'))
        --start;
      line.erase(start, stop - start); // a comment after it keeps its space
      text.insert(it->line + 1, fmt::format("{}  - {}", indent, ch.value));
      return true;
    }
    const size_t last = v.size() == 0 ? open : at.at(v[v.size() - 1].Mark());
    return append_to_flow(at, open, last, ch.value, text.eol, ch.key);
  }
  // A block list: the new item goes after the last one, indented as the first.
  const auto &first_line = text.lines[size_t(v[0].Mark().line)];
  const size_t dash = first_line.find('-');
  const std::string item_indent = dash == std::string::npos ? indent + "  " : first_line.substr(0, dash);
  text.insert(block_end(text, keys, index), fmt::format("{}- {}", item_indent, ch.value));
  return true;
}

// A change to a file written wholly in flow style (`{id: …, contacts: […]}`),
// or as JSON: new keys and items go at the end of their mapping or list.
Expected<bool> change_flow_root(Lines &text, const YAML::Node &root, const Change &ch) {
  Places at(text);
  const size_t open = at.at(root.Mark());
  if (at.joined()[open] != '{')
    return Unexpected{say("the file's mapping has an unusual layout; write it as one key per line")};
  const Style style{at.joined()[at.at(root.begin()->first.Mark())] == '"'};
  const auto dot = ch.key.find('.');
  const std::string top = ch.key.substr(0, dot);
  size_t last = open;
  std::optional<YAML::Node> value_node;
  for (auto it = root.begin(); it != root.end(); ++it) {
    last = at.at(it->first.Mark());
    if (it->first.Scalar() == top)
      value_node = it->second;
  }
  const std::string value = style.value(ch.value);
  if (!value_node) {
    std::string entry;
    if (dot != std::string::npos)
      entry = fmt::format("{}: {{{}: {}}}", style.key(top), style.key(ch.key.substr(dot + 1)), value);
    else
      entry = fmt::format("{}: {}", style.key(top), ch.kind == Change::Kind::append ? "[" + value + "]" : value);
    return append_to_flow(at, open, last, entry, text.eol, say("the file"));
  }
  const YAML::Node &found = *value_node;
  if (dot != std::string::npos) {
    const std::string child = ch.key.substr(dot + 1);
    if (!found.IsMap() || found.Style() != YAML::EmitterStyle::Flow)
      return Unexpected{say("cannot set {}: {} is not a mapping", ch.key, top)};
    for (auto m = found.begin(); m != found.end(); ++m)
      if (m->first.Scalar() == child)
        return replace_scalar(text, m->second, ch.key, value, true);
    const size_t inner = at.at(found.Mark());
    size_t inner_last = inner;
    for (auto m = found.begin(); m != found.end(); ++m)
      inner_last = at.at(m->first.Mark());
    return append_to_flow(at, inner, inner_last, fmt::format("{}: {}", style.key(child), value), text.eol, top);
  }
  if (ch.kind == Change::Kind::set)
    return replace_scalar(text, found, ch.key, value, true);
  if (found.IsNull()) // `"contacts": null`
    return replace_scalar(text, found, ch.key, "[" + value + "]", true);
  if (!found.IsSequence())
    return Unexpected{say("cannot add to {}: it is not a list", ch.key)};
  const size_t list_open = at.at(found.Mark());
  if (at.joined()[list_open] != '[')
    return Unexpected{say("cannot add to {}: its list has an unusual layout", ch.key)};
  return append_to_flow(at, list_open, found.size() == 0 ? list_open : at.at(found[found.size() - 1].Mark()), value,
                        text.eol, ch.key);
}

template <typename T> bool same_events(const std::vector<T> &a, const std::vector<T> &b, auto fields) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](const T &x, const T &y) { return fields(x) == fields(y); });
}

} // namespace

Expected<std::string> apply_changes(std::string_view original, const std::vector<Change> &changes) {
  std::string text(original);
  for (const auto &ch : changes) {
    // A BOM is kept, but yaml-cpp's columns count from after it.
    const bool bom = text.starts_with("\xEF\xBB\xBF");
    Lines lines(bom ? std::string_view(text).substr(3) : std::string_view(text));
    YAML::Node root;
    try {
      root = YAML::Load(lines.join());
    } catch (const YAML::Exception &e) {
      return Unexpected{
          say("line {}: {}; fix the file before changing it", e.mark.line + 1, detail::yaml_problem(e.msg))};
    }
    if (!root.IsMap())
      return Unexpected{say("the file is not a mapping of keys; fix it before changing it")};
    Expected<bool> done = true;
    if (root.Style() == YAML::EmitterStyle::Flow && root.size() > 0) {
      done = change_flow_root(lines, root, ch);
    } else {
      const auto keys = top_keys(root);
      // A `...` (or `---`) after the keys ends the document: nothing goes after it.
      for (size_t i = keys.empty() ? 0 : keys.front().line + 1; i < lines.lines.size(); ++i)
        if (Lines::is_document_marker(lines.lines[i])) {
          lines.end = i;
          break;
        }
      done = ch.kind == Change::Kind::set ? set_field(lines, keys, ch) : append_item(lines, keys, ch);
    }
    if (!done)
      return Unexpected{done.error()};
    text = (bom ? "\xEF\xBB\xBF" : "") + lines.join();
  }
  return text;
}
bool same_record(const Case &a, const Case &b) {
  const auto fields = [](const Case &c) { return std::tie(c.id, c.paragraph, c.name, c.cpr, c.level, c.end_reason); };
  for (const auto &k : case_keys()) {
    if (k.kind == KeyKind::date && (a.*k.date).value != (b.*k.date).value)
      return false;
    if (k.kind == KeyKind::text && a.*k.text != b.*k.text)
      return false;
  }
  return fields(a) == fields(b) &&
         same_events(a.followups, b.followups, [](const Followup &f) { return std::tie(f.date, f.kind, f.note); }) &&
         same_events(a.contacts, b.contacts,
                     [](const Contact &k) { return std::tie(k.date, k.outcome, k.mode, k.note); }) &&
         same_events(a.escalations, b.escalations,
                     [](const Escalation &e) { return std::tie(e.date, e.reason, e.note); }) &&
         same_events(a.health_checks, b.health_checks, [](const HealthCheck &h) { return h.date; }) &&
         same_events(a.meetings, b.meetings, [](const Meeting &m) { return std::tie(m.date, m.status); }) &&
         same_events(a.level_changes, b.level_changes,
                     [](const LevelChange &l) { return std::tie(l.date, l.level, l.note); }) &&
         same_events(a.exemptions, b.exemptions,
                     [](const Exemption &e) { return std::tie(e.rule, e.from, e.until, e.reason, e.by); });
}

namespace {

// "{date: 2025-03-01, outcome: no-answer, mode: phone}": the item's keys in
// the vocabulary's order, empty values left out.
std::string flow_item(const KeyInfo &list, const Event &e) {
  if (list.kind == KeyKind::dates)
    return e.date.iso();
  std::string out;
  for (const auto sub : list.subkeys) {
    std::string value;
    switch (sub) {
    case Sub::date: value = e.date.iso(); break;
    case Sub::outcome: value = id_of(e.outcome); break;
    case Sub::mode: value = e.mode ? id_of(*e.mode) : ""; break;
    case Sub::kind: value = e.kind ? id_of(*e.kind) : ""; break;
    case Sub::reason: value = list.key == Key::exemptions ? yaml_scalar(e.why) : std::string(id_of(e.reason)); break;
    case Sub::status: value = e.status ? e.status->iso() : ""; break;
    case Sub::note: value = e.note.empty() ? "" : yaml_scalar(e.note); break;
    case Sub::level: value = std::to_string(e.level); break;
    case Sub::rule: value = yaml_scalar(e.rule); break;
    case Sub::from: value = e.date.iso(); break;
    case Sub::until: value = e.until.iso(); break;
    case Sub::by: value = e.by.empty() ? "" : yaml_scalar(e.by); break;
    case Sub::name:
    case Sub::cpr: break;
    }
    if (!value.empty())
      out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", name_of(sub), value);
  }
  return "{" + out + "}";
}

} // namespace

Change add_event(Case &c, const Event &e) {
  switch (e.list) {
  case Key::contacts: c.contacts.push_back({e.date, 0, e.outcome, e.mode, e.note}); break;
  case Key::followups: c.followups.push_back({e.date, 0, e.kind, e.note}); break;
  case Key::escalations: c.escalations.push_back({e.date, 0, e.reason, e.note}); break;
  case Key::health_checks: c.health_checks.push_back({e.date, 0}); break;
  case Key::meetings: c.meetings.push_back({e.date, 0, e.status}); break;
  case Key::level_changes: c.level_changes.push_back({e.date, 0, e.level, e.note}); break;
  case Key::exemptions: c.exemptions.push_back({e.rule, e.date, e.until, e.why, e.by, 0}); break;
  default: throw std::logic_error("add_event: not an event list");
  }
  const auto &list = key_info(e.list);
  return {Change::Kind::append, std::string(list.name), flow_item(list, e)};
}

size_t count_event(const Case &c, const Event &e) {
  auto any = [&](const auto &items, auto same) {
    return static_cast<size_t>(std::count_if(items.begin(), items.end(), same));
  };
  switch (e.list) {
  case Key::contacts:
    return any(c.contacts, [&](const Contact &k) {
      return k.date == e.date && k.outcome == e.outcome && (!e.mode || k.mode == e.mode);
    });
  case Key::followups: return any(c.followups, [&](const Followup &f) { return f.date == e.date; });
  case Key::escalations:
    return any(c.escalations, [&](const Escalation &x) { return x.date == e.date && x.reason == e.reason; });
  case Key::health_checks: return any(c.health_checks, [&](const HealthCheck &h) { return h.date == e.date; });
  case Key::meetings: return any(c.meetings, [&](const Meeting &m) { return m.date == e.date; });
  case Key::level_changes:
    return any(c.level_changes, [&](const LevelChange &l) { return l.date == e.date && l.level == e.level; });
  case Key::exemptions:
    return any(c.exemptions, [&](const Exemption &x) {
      return x.rule == e.rule && x.from == e.date && x.until == e.until && x.reason == e.why;
    });
  default: return 0;
  }
}

std::string yaml_scalar(std::string_view s) {
  const bool numberish = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '+';
  });
  const bool special = s == "true" || s == "false" || s == "yes" || s == "no" || s == "null" || s == "~" ||
                       s == "True" || s == "False" || s == "Yes" || s == "No" || s == "Null" || s == "NULL";
  const bool plain = !s.empty() && !numberish && !special && s.front() != ' ' && s.back() != ' ' &&
                     s.find_first_of(":#{}[],&*!|>'\"%@`\\\t\r\n") == std::string_view::npos && s.front() != '-' &&
                     s.front() != '?' &&
                     std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
  // A YAML double-quoted scalar takes JSON's escapes (YAML 1.2 reads JSON).
  return plain ? std::string(s) : json_string(s);
}

std::string new_case_text(const Case &c) {
  std::string out;
  for (const auto &k : case_keys()) {
    switch (k.key) {
    case Key::id: out += fmt::format("{}: \"{}\"\n", k.name, c.id); break;
    case Key::paragraph: out += fmt::format("{}: \"{}\"\n", k.name, c.paragraph); break;
    case Key::citizen:
      out += fmt::format("{}:\n  {}: {}\n", k.name, name_of(Sub::name), yaml_scalar(c.name));
      if (!c.cpr.empty())
        out += fmt::format("  {}: \"{}\"\n", name_of(Sub::cpr), c.cpr);
      break;
    case Key::level:
      if (c.level)
        out += fmt::format("{}: {}\n", k.name, *c.level);
      break;
    case Key::end_reason:
      if (c.end_reason)
        out += fmt::format("{}: {}\n", k.name, id_of(*c.end_reason));
      break;
    case Key::decision:
      if (c.decision)
        out += fmt::format("{}: {}\n", k.name, id_of(*c.decision));
      break;
    default:
      if (k.kind == KeyKind::date && c.*k.date)
        out += fmt::format("{}: {}\n", k.name, (c.*k.date)->iso());
      else if (k.kind == KeyKind::text && k.key != Key::notes && !(c.*k.text).empty())
        out += fmt::format("{}: {}\n", k.name, yaml_scalar(c.*k.text));
      break;
    }
  }
  return out;
}

MadeCase make_case(const Case &c, const std::string &path, const Config &cfg, Date as_of) {
  MadeCase made{new_case_text(c), {}, {}};
  // Validated exactly as it will be written, with the same checks as `check`.
  made.loaded = load_case(made.text, path, cfg, as_of);
  for (const auto &f : made.loaded.findings)
    if (f.severity == Severity::error)
      made.errors.push_back(f);
  return made;
}

Expected<std::string> edit_case_file(const RepositoryLock &lock, std::string_view command, const std::string &path,
                                     const std::vector<Change> &changes, const Case &intended, const Config &cfg,
                                     Date as_of) {
  std::string before;
  if (const auto why = read_case_bytes(path, before, size_t(-1)); !why.empty())
    return Unexpected{say("{}: cannot read: {}", path, why)};
  const auto after = apply_changes(before, changes);
  if (!after)
    return Unexpected{fmt::format("{}: {}", path, after.error())};
  // Prove the edit before writing it: the new text must read back as exactly
  // the intended record.
  const auto reread = load_case(*after, path, cfg, as_of);
  if (!reread.record || !same_record(*reread.record, intended))
    return Unexpected{say("{}: the change did not read back as intended, so the file was left as it was; "
                          "please report this with the file",
                          path)};
  Transaction one(lock, std::string(command));
  if (auto staged = one.stage(path, *after, WriteMode::replace); !staged)
    return Unexpected{staged.error()};
  if (auto committed = one.commit(); !committed)
    return Unexpected{committed.error()};
  return *after;
}

Expected<FileChange> plan_edit(const std::string &path, std::string before, const std::vector<Change> &changes,
                               const Case &intended, const Config &cfg, Date as_of) {
  const auto after = apply_changes(before, changes);
  if (!after)
    return Unexpected{fmt::format("{}: {}", path, after.error())};
  const auto reread = load_case(*after, path, cfg, as_of);
  if (!reread.record || !same_record(*reread.record, intended))
    return Unexpected{say("{}: the change did not read back as intended; nothing was written", path)};
  return FileChange{path, false, std::move(before), *after};
}

std::optional<WriteFailure> write_all(const RepositoryLock &lock, std::string_view command,
                                      const std::vector<FileChange> &changes,
                                      const std::function<void(size_t)> &written) {
  Transaction all(lock, std::string(command));
  for (size_t i = 0; i < changes.size(); ++i) {
    const auto &c = changes[i];
    if (!c.created) {
      const auto now = read_file(c.path);
      if (!now || *now != c.before)
        return WriteFailure{i, true, c.path};
    }
    if (auto staged = all.stage(c.path, c.after, c.created ? WriteMode::create_new : WriteMode::replace); !staged)
      return WriteFailure{i, false, staged.error()};
  }
  if (auto committed = all.commit(); !committed)
    return WriteFailure{0, false, committed.error()};
  if (written)
    for (size_t i = 0; i < changes.size(); ++i)
      written(i);
  return std::nullopt;
}

} // namespace mestring
