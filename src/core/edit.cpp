// Text-preserving edits. The approach: yaml-cpp tells us where each top-level
// key and value starts; we change only those bytes (or add whole lines next
// to them) and never re-emit the document, because re-emitting would lose
// comments, quoting and layout. The caller re-reads the result to prove it.
#include <mestring/edit.hpp>

#include "yaml_walk.hpp"
#include <mestring/i18n.hpp>

#include <mestring/fileio.hpp>
#include <mestring/json.hpp>

#include <algorithm>
#include <fmt/format.h>
#include <optional>
#include <stdexcept>
#include <yaml-cpp/yaml.h>

namespace mestring {

namespace {

// The file as lines, each with its own line ending, so joining them gives the
// text back byte for byte.
struct Lines {
  std::vector<std::string> lines;
  std::string eol = "\n";

  explicit Lines(std::string_view text) {
    size_t start = 0;
    while (start < text.size()) {
      const size_t nl = text.find('\n', start);
      const size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
      lines.emplace_back(text.substr(start, end - start));
      start = end;
    }
    if (!lines.empty() && lines[0].ends_with("\r\n"))
      eol = "\r\n";
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

  static bool is_blank_or_comment(std::string_view l) {
    const auto p = l.find_first_not_of(" \t\r\n");
    return p == std::string_view::npos || l[p] == '#';
  }
};

struct TopKey {
  std::string name;
  size_t line;
  YAML::Node value;
};

std::vector<TopKey> top_keys(const YAML::Node &root) {
  std::vector<TopKey> keys;
  for (auto it = root.begin(); it != root.end(); ++it)
    keys.push_back({it->first.Scalar(), size_t(it->first.Mark().line), it->second});
  return keys;
}

// The line after the last line that belongs to the key at index i: up to the
// next top-level key, leaving trailing blank and comment lines to that key.
size_t block_end(const Lines &text, const std::vector<TopKey> &keys, size_t i) {
  size_t next = text.lines.size();
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
  return keys.empty() ? text.lines.size() : keys.front().line;
}

// Returns the byte length of the scalar token starting at `from` in `line`;
// inside { } or [ ] a plain scalar also ends at , } or ].
size_t scalar_length(std::string_view line, size_t from, bool in_flow) {
  const char q = line[from];
  if (q == '"' || q == '\'') {
    for (size_t i = from + 1; i < line.size(); ++i) {
      if (q == '"' && line[i] == '\\') {
        ++i;
        continue;
      }
      if (line[i] == q) {
        if (q == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
          ++i;
          continue;
        }
        return i + 1 - from;
      }
    }
    return std::string_view::npos;
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

// The position just after the colon of the key on `line`.
std::optional<size_t> after_colon(std::string_view line, size_t key_column) {
  const size_t colon = line.find(':', key_column);
  return colon == std::string_view::npos ? std::nullopt : std::optional{colon + 1};
}

// The index of the ']' closing the flow sequence that opens at `open`.
std::optional<size_t> closing_bracket(std::string_view line, size_t open) {
  int depth = 0;
  char quote = 0;
  for (size_t i = open; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == '\\' && quote == '"')
        ++i;
      else if (c == quote)
        quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (--depth == 0)
        return c == ']' ? std::optional{i} : std::nullopt;
    }
  }
  return std::nullopt;
}

// Replaces the single-line scalar `v`, or fails naming `key`.
Expected<bool> replace_scalar(Lines &text, const YAML::Node &v, size_t key_line, const Change &ch, bool in_flow) {
  if (!v.IsScalar() || size_t(v.Mark().line) != key_line)
    return Unexpected{say("cannot set {}: its value is not a single value on the key's line", ch.key)};
  auto &line = text.lines[key_line];
  const size_t from = size_t(v.Mark().column);
  const size_t len = scalar_length(line, from, in_flow);
  if (len == std::string_view::npos)
    return Unexpected{say("cannot set {}: its quoted value does not end on its line", ch.key)};
  line.replace(from, len, ch.value);
  return true;
}

// Sets `parent.child` (citizen.name, citizen.cpr) inside a block or
// single-line flow mapping.
Expected<bool> set_child(Lines &text, const std::vector<TopKey> &keys, const Change &ch) {
  const auto dot = ch.key.find('.');
  const auto parent = ch.key.substr(0, dot), child = ch.key.substr(dot + 1);
  const auto it = std::find_if(keys.begin(), keys.end(), [&](const TopKey &k) { return k.name == parent; });
  if (it == keys.end()) {
    text.insert(insertion_line(text, keys, parent), fmt::format("{}:", parent));
    text.insert(insertion_line(text, keys, parent) + 1, fmt::format("  {}: {}", child, ch.value));
    return true;
  }
  const auto &map = it->value;
  if (!map.IsMap())
    return Unexpected{say("cannot set {}: {} is not a mapping", ch.key, parent)};
  for (auto m = map.begin(); m != map.end(); ++m)
    if (m->first.Scalar() == child)
      return replace_scalar(text, m->second, size_t(m->first.Mark().line), ch, map.Style() == YAML::EmitterStyle::Flow);
  if (map.Style() == YAML::EmitterStyle::Flow) {
    auto &line = text.lines[size_t(map.Mark().line)];
    const size_t open = size_t(map.Mark().column);
    int depth = 0;
    for (size_t i = open; i < line.size(); ++i) {
      depth += line[i] == '{' ? 1 : line[i] == '}' ? -1 : 0;
      if (depth == 0 && line[i] == '}') {
        line.insert(i, fmt::format("{}{}: {}", map.size() == 0 ? "" : ", ", child, ch.value));
        return true;
      }
    }
    return Unexpected{say("cannot set {}: its {{ … }} spans several lines", ch.key)};
  }
  const auto &first_line = text.lines[size_t(map.begin()->first.Mark().line)];
  const std::string indent = first_line.substr(0, first_line.find_first_not_of(' '));
  const size_t index = size_t(it - keys.begin());
  text.insert(block_end(text, keys, index), fmt::format("{}{}: {}", indent, child, ch.value));
  return true;
}

Expected<bool> set_field(Lines &text, const std::vector<TopKey> &keys, const Change &ch) {
  if (ch.key.find('.') != std::string::npos)
    return set_child(text, keys, ch);
  const auto it = std::find_if(keys.begin(), keys.end(), [&](const TopKey &k) { return k.name == ch.key; });
  if (it == keys.end()) {
    text.insert(insertion_line(text, keys, ch.key), fmt::format("{}: {}", ch.key, ch.value));
    return true;
  }
  auto &line = text.lines[it->line];
  const auto &v = it->value;
  if (v.IsNull()) {
    const auto colon = after_colon(line, 0);
    const auto rest = colon ? std::string_view(line).substr(*colon) : std::string_view();
    if (!colon || !Lines::is_blank_or_comment(rest.substr(0, rest.find('#') == 0 ? 0 : rest.size())))
      return Unexpected{say("cannot set {}: its line has an unusual layout", ch.key)};
    line.insert(*colon, " " + ch.value);
    return true;
  }
  return replace_scalar(text, v, it->line, ch, false);
}

Expected<bool> append_item(Lines &text, const std::vector<TopKey> &keys, const Change &ch) {
  const auto list = find_key(ch.key);
  const bool scalars = list && key_info(*list).kind == KeyKind::dates; // a list of dates, written inline
  const auto it = std::find_if(keys.begin(), keys.end(), [&](const TopKey &k) { return k.name == ch.key; });
  if (it == keys.end()) {
    const size_t at = insertion_line(text, keys, ch.key);
    if (scalars) {
      text.insert(at, fmt::format("{}: [{}]", ch.key, ch.value));
    } else {
      text.insert(at, fmt::format("{}:", ch.key));
      text.insert(at + 1, fmt::format("  - {}", ch.value));
    }
    return true;
  }
  const size_t index = size_t(it - keys.begin());
  const auto &v = it->value;
  auto &line = text.lines[it->line];
  if (v.IsNull()) {
    text.insert(block_end(text, keys, index), fmt::format("  - {}", ch.value));
    return true;
  }
  if (!v.IsSequence())
    return Unexpected{say("cannot add to {}: it is not a list", ch.key)};
  if (v.Style() == YAML::EmitterStyle::Flow) {
    if (size_t(v.Mark().line) != it->line)
      return Unexpected{say("cannot add to {}: its [ … ] list spans several lines; write one item per line", ch.key)};
    const size_t open = size_t(v.Mark().column);
    const auto close = open < line.size() && line[open] == '[' ? closing_bracket(line, open) : std::nullopt;
    if (!close)
      return Unexpected{say("cannot add to {}: its [ … ] list spans several lines; write one item per line", ch.key)};
    if (v.size() == 0 && !scalars) {
      // `contacts: []` becomes a block list, one item per line.
      line.erase(open, *close + 1 - open);
      const auto colon = after_colon(line, 0);
      if (colon)
        while (*colon < line.size() && line[*colon] == ' ')
          line.erase(*colon, 1);
      text.insert(it->line + 1, fmt::format("  - {}", ch.value));
      return true;
    }
    line.insert(*close, v.size() == 0 ? ch.value : ", " + ch.value);
    return true;
  }
  // A block list: the new item goes after the last one, indented as the first.
  const auto &first_line = text.lines[size_t(v[0].Mark().line)];
  const size_t dash = first_line.find('-');
  const std::string indent = dash == std::string::npos ? "  " : first_line.substr(0, dash);
  text.insert(block_end(text, keys, index), fmt::format("{}- {}", indent, ch.value));
  return true;
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
    const auto keys = top_keys(root);
    const auto done = ch.kind == Change::Kind::set ? set_field(lines, keys, ch) : append_item(lines, keys, ch);
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

Expected<std::string> edit_case_file(const std::string &path, const std::vector<Change> &changes, const Case &intended,
                                     const Config &cfg, Date as_of) {
  const auto before = read_file(path);
  if (!before)
    return Unexpected{before.error()};
  const auto after = apply_changes(*before, changes);
  if (!after)
    return Unexpected{fmt::format("{}: {}", path, after.error())};
  // Prove the edit before writing it: the new text must read back as exactly
  // the intended record.
  const auto reread = load_case(*after, path, cfg, as_of);
  if (!reread.record || !same_record(*reread.record, intended))
    return Unexpected{say("{}: the change did not read back as intended, so the file was left as it was; "
                          "please report this with the file",
                          path)};
  const auto written = write_file_atomic(path, *after, WriteMode::replace);
  if (!written)
    return Unexpected{written.error()};
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

std::optional<WriteFailure> write_all(const std::vector<FileChange> &changes,
                                      const std::function<void(size_t)> &written) {
  std::vector<StagedWrite> staged;
  for (size_t i = 0; i < changes.size(); ++i) {
    const auto &c = changes[i];
    if (!c.created) {
      const auto now = read_file(c.path);
      if (!now || *now != c.before)
        return WriteFailure{i, false, true, c.path};
    }
    auto s = StagedWrite::stage(c.path, c.after, c.created ? WriteMode::create_new : WriteMode::replace);
    if (!s)
      return WriteFailure{i, false, false, s.error()};
    staged.push_back(std::move(*s));
  }
  for (size_t i = 0; i < staged.size(); ++i) {
    const auto done = staged[i].commit();
    if (!done)
      return WriteFailure{i, i > 0, false, done.error()};
    if (written)
      written(i);
  }
  return std::nullopt;
}

} // namespace mestring
