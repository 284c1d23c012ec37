// Reading one case file. yaml-cpp's parser events build a compact document
// (yaml_doc.hpp; no yaml-cpp node tree, which costs half the parse time);
// this file walks it once, by the vocabulary's table of keys, turning every
// value into a typed field with its line and every problem into a finding.
#include <mestring/case_file.hpp>

#include <mestring/i18n.hpp>
#include <mestring/prescan.hpp>
#include <mestring/text.hpp>
#include <mestring/typed_text.hpp>

#include "../yaml_walk.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fmt/format.h>

namespace mestring {

using detail::Sink;
using Node = detail::DocNode;

namespace {

bool looks_like_iso(std::string_view s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' &&
         std::all_of(s.begin(), s.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
}

// The names of the keys each mapping may hold, made once from the vocabulary.
struct KeyNames {
  std::vector<std::string_view> top;
  std::array<std::vector<std::string_view>, 32> subs; // by Key
};

const KeyNames &key_names() {
  static const KeyNames names = [] {
    KeyNames n;
    for (const auto &k : case_keys()) {
      n.top.push_back(k.name);
      n.subs[size_t(k.key)] = sub_names(k.subkeys);
    }
    return n;
  }();
  return names;
}

std::span<const std::string_view> subs_of(Key k) { return key_names().subs[size_t(k)]; }

class CaseReader {
public:
  CaseReader(const Sink &sink, const Config &cfg, Date as_of, AsOfDependence &as_of_dependence)
      : sink_(sink), cfg_(cfg), as_of_(as_of), as_of_dependence_(as_of_dependence) {}

  void read(const Node &root, Case &c) {
    bool has_id = false, has_paragraph = false, has_name = false;
    detail::walk_map(root, key_names().top, sink_, "", [&](const std::string &name, const Node &v) {
      const auto &info = key_info(*find_key(name));
      switch (info.kind) {
      case KeyKind::text: c.*info.text = text(v, info.name, info.key == Key::notes).value_or(""); break;
      case KeyKind::date: date_field(v, info.name, c.*info.date, info.key == Key::end); break;
      case KeyKind::mapping: citizen(v, c, has_name); break;
      case KeyKind::dates: health_checks(v, c); break;
      case KeyKind::events: list(info, v, c); break;
      case KeyKind::spans: exemptions(info, v, c); break;
      case KeyKind::special: special(info.key, v, c, has_id, has_paragraph); break;
      }
    });
    auto missing = [&](std::string_view key) {
      sink_.add(Severity::error, YAML::Mark::null_mark(), Check::schema, say("the required key {} is missing", key));
    };
    if (!has_id)
      missing(name_of(Key::id));
    if (!has_paragraph)
      missing(name_of(Key::paragraph));
    if (!has_name)
      missing(fmt::format("{}.{}", name_of(Key::citizen), name_of(Sub::name)));
    if (c.paragraph == "85" && !c.level && c.level_line == 0 && !root[name_of(Key::level)])
      sink_.add(Severity::error, YAML::Mark::null_mark(), Check::schema, say("a §85 case needs level: (1 to 5)"));
  }

private:
  std::optional<Date> date(const Node &n, std::string_view what, bool may_be_far = false) {
    const auto s = detail::scalar(n, what, sink_);
    if (!s)
      return std::nullopt;
    const auto d = parse_iso_date(*s);
    if (!d) {
      sink_.error(n, Check::date,
                  looks_like_iso(*s) ? say("{}: {} is not a real date", what, *s)
                                     : say("{}: \"{}\" is not a date; write it as YYYY-MM-DD", what, *s));
      return std::nullopt;
    }
    if (may_be_far)
      return d;
    auto &latest = as_of_dependence_.latest_checked;
    if (!latest || *latest < *d)
      latest = *d;
    if (*d > add_months(as_of_, 12)) {
      as_of_dependence_.far_reported = true;
      sink_.error(
          n, Check::date,
          say("{}: {} is more than a year after the as-of date {}; is the year right?", what, d->iso(), as_of_.iso()));
    }
    return d;
  }

  void date_field(const Node &n, std::string_view what, DateField &into, bool may_be_far) {
    if (n.IsNull())
      return;
    into.value = date(n, what, may_be_far);
    into.line = detail::line_of(n);
  }

  // Returns the value, or reports it: a control character (C0 or C1, ESC
  // included, as a raw byte or a YAML escape like "\e") would reach
  // terminals, cron mail and spreadsheets. For values that must match
  // something (an id, a programme, a CPR number, a choice).
  std::optional<std::string> value(const Node &n, std::string_view what) {
    auto s = detail::scalar(n, what, sink_);
    if (s)
      if (const auto problem = control_character_problem(*s, what, false)) {
        sink_.error(n, Check::encoding, *problem);
        return std::nullopt;
      }
    return s;
  }

  // Free text a person wrote (a name, a note; line breaks only in notes):
  // a control character is reported the same way, and the text kept with it
  // shown as an escape ("\x1b"), so the case is not also told it has no name.
  std::optional<std::string> text(const Node &n, std::string_view what, bool lines = false) {
    auto s = detail::scalar(n, what, sink_);
    if (s)
      if (const auto problem = control_character_problem(*s, what, lines)) {
        sink_.error(n, Check::encoding, *problem);
        return printable(*s, lines ? Layout::lines : Layout::one_line);
      }
    return s;
  }

  // Returns the value if it is one of the set's choices, else reports it.
  template <typename E> std::optional<E> choice(const Node &n, std::string_view what) {
    const auto s = value(n, what);
    if (!s)
      return std::nullopt;
    if (const auto e = parse_choice<E>(*s))
      return e;
    std::string list;
    for (const auto &ch : choices<E>())
      list += fmt::format("{}{}", list.empty() ? "" : ", ", ch.id);
    sink_.error(n, Check::schema, say("{}: \"{}\" is not one of {}", what, *s, list));
    return std::nullopt;
  }

  // Reads a list of flow or block mappings, each with a required `date` and
  // the other keys the vocabulary requires. An item missing one, or holding
  // a bad value there, is reported and left out, so no rule counts a broken
  // event.
  template <typename Item, typename Fill>
  void events(const Node &n, const KeyInfo &info, std::vector<Item> &into, Fill fill) {
    const auto what = info.name;
    if (n.IsNull())
      return;
    if (!n.IsSequence()) {
      sink_.error(n, Check::schema, say("{} must be a list, one item per line: - {{date: …}}", what));
      return;
    }
    for (const auto &item : n) {
      if (!item.IsMap()) {
        sink_.error(item, Check::schema, say("{}: each item must be a mapping such as {{date: 2025-03-01}}", what));
        continue;
      }
      Item e{};
      e.line = detail::line_of(item);
      std::optional<Date> d;
      std::vector<Sub> seen;
      const size_t errors_before = sink_.out->size();
      const auto where = fmt::format("{} item: ", what);
      detail::walk_map(item, subs_of(info.key), sink_, where, [&](const std::string &key, const Node &v) {
        const Sub sub = *find_sub(key);
        seen.push_back(sub);
        if (sub == Sub::date)
          d = date(v, fmt::format("{} {}", what, key));
        else
          fill(e, sub, fmt::format("{} {}", what, key), v);
      });
      bool complete = true;
      auto require = [&](Sub sub) {
        if (std::find(seen.begin(), seen.end(), sub) == seen.end()) {
          sink_.error(item, Check::schema, say("{} item has no {}", what, name_of(sub)));
          complete = false;
        }
      };
      require(Sub::date);
      for (const auto sub : info.required)
        require(sub);
      if (complete && d && sink_.out->size() == errors_before) {
        e.date = *d;
        into.push_back(std::move(e));
      }
    }
  }

  void list(const KeyInfo &info, const Node &v, Case &c) {
    auto note = [&](std::string &into, const std::string &what, const Node &x) {
      into = text(x, what, true).value_or("");
    };
    switch (info.key) {
    case Key::followups:
      events(v, info, c.followups, [&](Followup &f, Sub sub, const std::string &what, const Node &x) {
        if (sub == Sub::kind)
          f.kind = choice<FollowupKind>(x, what);
        else
          note(f.note, what, x);
      });
      break;
    case Key::contacts:
      events(v, info, c.contacts, [&](Contact &f, Sub sub, const std::string &what, const Node &x) {
        if (sub == Sub::outcome) {
          if (const auto o = choice<Outcome>(x, what))
            f.outcome = *o;
        } else if (sub == Sub::mode) {
          f.mode = choice<Mode>(x, what);
        } else {
          note(f.note, what, x);
        }
      });
      break;
    case Key::escalations:
      events(v, info, c.escalations, [&](Escalation &f, Sub sub, const std::string &what, const Node &x) {
        if (sub == Sub::reason) {
          if (const auto r = choice<Reason>(x, what))
            f.reason = *r;
        } else {
          note(f.note, what, x);
        }
      });
      break;
    case Key::meetings:
      events(v, info, c.meetings, [&](Meeting &f, Sub, const std::string &what, const Node &x) {
        if (!x.IsNull())
          f.status = date(x, what);
      });
      break;
    case Key::level_changes:
      events(v, info, c.level_changes, [&](LevelChange &f, Sub sub, const std::string &what, const Node &x) {
        if (sub == Sub::level) {
          if (const auto l = level_value(x, what))
            f.level = *l;
        } else {
          note(f.note, what, x);
        }
      });
      break;
    default: break;
    }
  }

  // Reads `exemptions:`, a list of {rule, from, until, reason, by?}. An item
  // that lacks a required key is an `exemption` finding and is left out;
  // whether its rule and its period are right is check_case's to say.
  void exemptions(const KeyInfo &info, const Node &n, Case &c) {
    const auto what = info.name;
    if (n.IsNull())
      return;
    if (!n.IsSequence()) {
      sink_.error(n, Check::schema,
                  say("{} must be a list, one item per line: - {{rule: …, from: …, until: …, reason: …}}", what));
      return;
    }
    for (const auto &item : n) {
      if (!item.IsMap()) {
        sink_.error(item, Check::schema,
                    say("{}: each item must be a mapping such as {{rule: …, from: …, until: …, reason: …}}", what));
        continue;
      }
      Exemption e;
      e.line = detail::line_of(item);
      std::optional<Date> from, until;
      std::vector<Sub> seen;
      const size_t errors_before = sink_.out->size();
      const auto where = fmt::format("{} item: ", what);
      detail::walk_map(item, subs_of(info.key), sink_, where, [&](const std::string &key, const Node &v) {
        const Sub sub = *find_sub(key);
        seen.push_back(sub);
        const auto full = fmt::format("{} {}", what, key);
        switch (sub) {
        case Sub::from: from = date(v, full); break;
        case Sub::until: until = date(v, full); break;
        case Sub::rule: e.rule = value(v, full).value_or(""); break;
        case Sub::reason: e.reason = text(v, full).value_or(""); break;
        case Sub::by: e.by = text(v, full).value_or(""); break;
        default: break;
        }
      });
      bool complete = true;
      for (const auto sub : info.required)
        if (std::find(seen.begin(), seen.end(), sub) == seen.end()) {
          sink_.error(item, Check::exemption, say("{} item has no {}", what, name_of(sub)));
          complete = false;
        }
      if (complete && from && until && sink_.out->size() == errors_before) {
        e.from = *from;
        e.until = *until;
        c.exemptions.push_back(std::move(e));
      }
    }
  }

  void special(Key key, const Node &v, Case &c, bool &has_id, bool &has_paragraph) {
    const auto name = name_of(key);
    if (key == Key::id) {
      if (const auto s = value(v, name)) {
        c.id = *s;
        c.id_line = detail::line_of(v);
        has_id = !s->empty();
      }
    } else if (key == Key::paragraph) {
      if (const auto s = value(v, name)) {
        c.paragraph_line = detail::line_of(v);
        has_paragraph = true;
        if (std::find(cfg_.programmes.begin(), cfg_.programmes.end(), *s) != cfg_.programmes.end()) {
          c.paragraph = *s;
        } else {
          const auto list = fmt::format("{}", fmt::join(cfg_.programmes, ", "));
          sink_.error(v, Check::schema, say("paragraph: \"{}\" is not a programme; use one of {}", *s, list));
        }
      }
    } else if (key == Key::level) {
      level(v, c);
    } else if (key == Key::end_reason) {
      c.end_reason = choice<EndReason>(v, name);
    } else if (key == Key::decision) {
      c.decision = choice<Decision>(v, name);
      c.decision_line = detail::line_of(v);
    }
  }

  // A support level, 1 to 5, or a finding naming `what`.
  std::optional<int> level_value(const Node &n, std::string_view what) {
    const auto s = value(n, what);
    if (!s)
      return std::nullopt;
    int v = 0;
    const auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
    if (ec != std::errc{} || p != s->data() + s->size() || v < 1 || v > 5) {
      sink_.error(n, Check::schema, say("{}: \"{}\" is not a level; levels are 1 to 5", what, *s));
      return std::nullopt;
    }
    return v;
  }

  void level(const Node &n, Case &c) {
    const auto v = level_value(n, name_of(Key::level));
    if (!v)
      return;
    c.level = v;
    c.level_line = detail::line_of(n);
  }

  void citizen(const Node &n, Case &c, bool &has_name) {
    if (!n.IsMap()) {
      sink_.error(n, Check::schema, say("citizen must be a mapping with name: and cpr:"));
      return;
    }
    const auto where = fmt::format("{}: ", name_of(Key::citizen));
    detail::walk_map(n, subs_of(Key::citizen), sink_, where, [&](const std::string &key, const Node &v) {
      const auto what = fmt::format("{}.{}", name_of(Key::citizen), key);
      if (*find_sub(key) == Sub::name) {
        if (const auto s = text(v, what)) {
          c.name = *s;
          has_name = !s->empty();
        }
      } else if (const auto s = value(v, what)) {
        c.cpr = *s;
        c.cpr_line = detail::line_of(v);
      }
    });
  }

  void health_checks(const Node &n, Case &c) {
    const auto what = name_of(Key::health_checks);
    if (n.IsNull())
      return;
    if (!n.IsSequence()) {
      sink_.error(n, Check::schema, say("{} must be a list of dates: [2025-04-01]", what));
      return;
    }
    const auto where = fmt::format("{} item: ", what);
    for (const auto &item : n) {
      Node value = item;
      if (item.IsMap()) { // {date: …} is accepted as well
        detail::walk_map(item, subs_of(Key::health_checks), sink_, where,
                         [&](const std::string &, const Node &v) { value = v; });
        if (value.IsMap())
          continue;
      }
      if (const auto d = date(value, what))
        c.health_checks.push_back({*d, detail::line_of(item)});
    }
  }

  const Sink &sink_;
  const Config &cfg_;
  Date as_of_;
  AsOfDependence &as_of_dependence_;
};

} // namespace

bool holds_at(const AsOfDependence &d, Date loaded_at, Date as_of) {
  if (d.far_reported) // the message names the as-of date
    return as_of == loaded_at;
  return !d.latest_checked || *d.latest_checked <= add_months(as_of, 12);
}

LoadedCase load_case(std::string_view text, const std::string &file, const Config &cfg, Date as_of) {
  LoadedCase out;
  // Nothing reaches yaml-cpp before the guard has checked size, encoding and depth.
  auto checked = prescan_yaml(text, file, cfg.limits);
  if (!checked.findings.empty()) {
    out.findings = std::move(checked.findings);
    return out;
  }
  text = checked.text;
  Sink sink{file, &out.findings, std::nullopt};
  detail::Document doc;
  try {
    doc.parse(text);
  } catch (const YAML::Exception &e) {
    sink.add(Severity::error, e.mark, Check::parse, detail::yaml_problem(e.msg));
    return out;
  }
  if (const auto alias = doc.first_alias(); !!alias) {
    sink.error(alias, Check::parse, say("aliases (*name) are not supported in case files; write the value out"));
    return out;
  }
  const Node root = doc.root();
  if (!root.IsMap()) {
    sink.error(root, Check::schema, say("a case file must be a mapping of keys such as id:, paragraph: and citizen:"));
    return out;
  }
  Case c;
  c.file = file;
  try {
    CaseReader(sink, cfg, as_of, out.as_of_dependence).read(root, c);
  } catch (const YAML::Exception &e) {
    sink.add(Severity::error, e.mark, Check::parse, detail::yaml_problem(e.msg));
    return out;
  }
  check_case(c, text, cfg, out.findings);
  for (auto &f : out.findings)
    if (!c.id.empty())
      f.case_id = c.id;
  out.record = std::move(c);
  return out;
}

} // namespace mestring
