// Config loading: the embedded defaults are read first, with the same code
// and the same checks as a repository's file, so the two can never disagree
// about what a key means.
#include <mestring/config.hpp>
#include <mestring/i18n.hpp>
#include <mestring/rules.hpp>

#include "yaml_walk.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <stdexcept>

namespace mestring {

using detail::Sink;

bool RuleSettings::applies_to(const std::string &paragraph) const {
  return std::find(programmes.begin(), programmes.end(), paragraph) != programmes.end();
}

const RuleSettings &Config::rule(const RuleSpec &spec) const { return rules.at(size_t(&spec - rule_catalog().data())); }

const RuleSettings &Config::rule(std::string_view id) const {
  const auto *spec = find_rule(id);
  if (!spec)
    throw std::logic_error(fmt::format("rule {} has no settings", id));
  return rule(*spec);
}

namespace {

// The rule of a finding about the config itself; the command exits 2 on any.
const std::string config_rule = "config";

constexpr std::string_view top_keys[] = {"cases",      "language", "programmes", "calendar", "privacy",
                                         "exemptions", "limits",   "csv",        "rules"};
constexpr std::string_view exemption_keys[] = {"max_length"};
constexpr std::string_view limit_keys[] = {"max_file_size", "max_depth"};
// Bounds that keep the limits meaningful: a case file needs about five levels
// and a few kilobytes; yaml-cpp's recursion must stay far from the stack's end.
constexpr int min_depth = 8, max_depth = 512;
constexpr size_t min_file_size = 1024, max_file_size = size_t(1) << 30;
constexpr std::string_view calendar_keys[] = {"closed", "open", "move_off_weekends", "cancelled_days"};
// A calendar keeps what was met this long as cancelled: up to ten years.
constexpr int max_cancelled_days = 3660;
constexpr std::string_view csv_keys[] = {"delimiter", "bom"};
constexpr std::string_view privacy_keys[] = {"show_cpr", "names"};
// Returns the keys a rule's settings may hold: the common ones and those
// its catalog row names.
std::vector<std::string_view> rule_keys(const RuleSpec &spec) {
  std::vector<std::string_view> keys{"enabled", "severity", "role", "programmes"};
  for (const auto &setting : spec.settings)
    keys.push_back(setting.key);
  return keys;
}

std::optional<bool> read_bool(const YAML::Node &n, std::string_view key, const Sink &sink) {
  const auto s = detail::scalar(n, key, sink);
  if (!s)
    return std::nullopt;
  if (*s == "true" || *s == "yes")
    return true;
  if (*s == "false" || *s == "no")
    return false;
  sink.error(n, config_rule, say("{} must be true or false, not \"{}\"", key, *s));
  return std::nullopt;
}

std::optional<int> read_int(const YAML::Node &n, std::string_view key, const Sink &sink) {
  const auto s = detail::scalar(n, key, sink);
  if (!s)
    return std::nullopt;
  int v = 0;
  const auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc{} || p != s->data() + s->size() || v < 0) {
    sink.error(n, config_rule, say("{} must be a whole number, not \"{}\"", key, *s));
    return std::nullopt;
  }
  return v;
}

std::vector<std::string> read_list(const YAML::Node &n, std::string_view key, const Sink &sink) {
  std::vector<std::string> out;
  if (n.IsNull())
    return out;
  if (!n.IsSequence()) {
    sink.error(n, config_rule, say("{} must be a list such as [a, b]", key));
    return out;
  }
  for (const auto &item : n)
    if (const auto s = detail::scalar(item, say("an item of {}", key), sink))
      out.push_back(*s);
  return out;
}

std::set<Date> read_dates(const YAML::Node &n, std::string_view key, const Sink &sink) {
  std::set<Date> out;
  const auto items = read_list(n, key, sink);
  size_t i = 0;
  for (const auto &s : items) {
    if (const auto d = parse_iso_date(s))
      out.insert(*d);
    else
      sink.error(n[i], config_rule, say("{}: \"{}\" is not a date in the form YYYY-MM-DD", key, s));
    ++i;
  }
  return out;
}

void read_duration(const YAML::Node &n, std::string_view key, Duration &into, const Sink &sink) {
  const auto s = detail::scalar(n, key, sink);
  if (!s)
    return;
  if (const auto d = parse_duration(*s))
    into = *d;
  else
    sink.error(n, config_rule,
               say("{}: \"{}\" is not a span; write e.g. \"6 months\", \"8 weeks\", "
                   "\"14 days\", \"10 working days\" or \"2 months 15 days\"",
                   key, *s));
}

void read_levels(const YAML::Node &n, std::string_view key, std::map<int, int> &into, const Sink &sink) {
  if (!n.IsMap()) {
    sink.error(n, config_rule, say("{} must map levels to counts, e.g. {{1: 1, 2: 2}}", key));
    return;
  }
  into.clear();
  for (auto it = n.begin(); it != n.end(); ++it) {
    const auto level = read_int(it->first, say("a level of {}", key), sink);
    const auto count = read_int(it->second, say("{} for a level", key), sink);
    if (level && (*level < 1 || *level > 5))
      sink.error(it->first, config_rule, say("{}: level {} does not exist; levels are 1 to 5", key, *level));
    else if (level && count)
      into[*level] = *count;
  }
}

std::vector<EndReason> read_end_reasons(const YAML::Node &n, std::string_view key, const Sink &sink) {
  std::vector<EndReason> out;
  size_t i = 0;
  for (const auto &s : read_list(n, key, sink)) {
    if (const auto r = parse_choice<EndReason>(s))
      out.push_back(*r);
    else
      sink.error(n[i], config_rule,
                 say("{}: \"{}\" is not an end reason; use {}", key, s, choice_list<EndReason>(message_lang())));
    ++i;
  }
  return out;
}

void read_rule(const RuleSpec &spec, const YAML::Node &n, RuleSettings &r, const Sink &sink) {
  const std::string id(spec.id);
  if (!n.IsMap()) {
    sink.error(n, config_rule, say("rules.{} must be a mapping of settings", id));
    return;
  }
  const auto where = fmt::format("rules.{}: ", id);
  detail::walk_map(n, rule_keys(spec), sink, where, [&](const std::string &key, const YAML::Node &v) {
    const auto name = fmt::format("rules.{}.{}", id, key);
    if (key == "enabled") {
      if (const auto b = read_bool(v, name, sink))
        r.enabled = *b;
    } else if (key == "severity") {
      const auto s = detail::scalar(v, name, sink);
      if (const auto sev = s ? parse_severity(*s) : std::nullopt)
        r.severity = *sev;
      else if (s)
        sink.error(v, config_rule, say("{} must be error, warning or info, not \"{}\"", name, *s));
    } else if (key == "role") {
      const auto s = detail::scalar(v, name, sink);
      if (const auto role = s ? parse_choice<Role>(*s) : std::nullopt)
        r.role = *role;
      else if (s)
        sink.error(v, config_rule, say("{} must be {}, not \"{}\"", name, choice_list<Role>(message_lang()), *s));
    } else if (key == "programmes") {
      r.programmes = read_list(v, name, sink);
    } else {
      const auto &setting = *std::find_if(spec.settings.begin(), spec.settings.end(),
                                          [&](const SettingSpec &st) { return st.key == key; });
      switch (setting.kind) {
      case SettingSpec::Kind::span: read_duration(v, name, r.*setting.span, sink); break;
      case SettingSpec::Kind::count:
        if (const auto i = read_int(v, name, sink))
          r.*setting.count = *i;
        break;
      case SettingSpec::Kind::per_level: read_levels(v, name, r.per_level, sink); break;
      case SettingSpec::Kind::end_reasons: r.exempt = read_end_reasons(v, name, sink); break;
      }
    }
  });
}

void read_limits(const YAML::Node &v, Config &cfg, const Sink &sink) {
  if (!v.IsMap())
    return sink.error(v, config_rule, say("limits must be a mapping such as {{max_file_size: 8 MiB, max_depth: 64}}"));
  detail::walk_map(v, limit_keys, sink, "limits: ", [&](const std::string &k, const YAML::Node &w) {
    if (k == "max_depth") {
      const auto d = read_int(w, "limits.max_depth", sink);
      if (d && (*d < min_depth || *d > max_depth))
        sink.error(w, config_rule, say("limits.max_depth must be between {} and {}, not {}", min_depth, max_depth, *d));
      else if (d)
        cfg.limits.max_depth = *d;
    } else if (const auto s = detail::scalar(w, "limits.max_file_size", sink)) {
      const size_t size = parse_byte_size(*s);
      if (size < min_file_size || size > max_file_size)
        sink.error(w, config_rule,
                   say("limits.max_file_size must be a size from {} to {} such as \"8 MiB\", not \"{}\"",
                       format_byte_size(min_file_size), format_byte_size(max_file_size), *s));
      else
        cfg.limits.max_file_size = size;
    }
  });
}

void read_cancelled_days(const YAML::Node &w, Config &cfg, const Sink &sink) {
  const auto days = read_int(w, "calendar.cancelled_days", sink);
  if (days && *days > max_cancelled_days)
    sink.error(w, config_rule,
               say("calendar.cancelled_days must be a number of days from 0 to {}, not {}", max_cancelled_days, *days));
  else if (days)
    cfg.cancelled_days = *days;
}

void read_csv_style(const YAML::Node &v, Config &cfg, const Sink &sink) {
  if (!v.IsMap())
    return sink.error(v, config_rule, say("csv must be a mapping such as {{delimiter: \";\", bom: true}}"));
  detail::walk_map(v, csv_keys, sink, "csv: ", [&](const std::string &k, const YAML::Node &w) {
    if (k == "bom") {
      if (const auto b = read_bool(w, "csv.bom", sink))
        cfg.csv.bom = *b;
    } else if (const auto s = detail::scalar(w, "csv.delimiter", sink)) {
      if (const auto d = parse_csv_delimiter(*s))
        cfg.csv.delimiter = *d;
      else
        sink.error(w, config_rule, fmt::format("csv.delimiter: {}", d.error()));
    }
  });
}

void overlay(Config &cfg, std::string_view text, const Sink &sink) {
  // The config meets the same guard as a case file, with the default limits.
  auto checked = prescan_yaml(text, sink.file, InputLimits{});
  if (!checked.findings.empty()) {
    for (auto &f : checked.findings)
      sink.out->push_back(std::move(f));
    return;
  }
  text = checked.text;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception &e) {
    sink.add(Severity::error, e.mark, config_rule, detail::yaml_problem(e.msg));
    return;
  }
  if (root.IsNull())
    return;
  if (!root.IsMap()) {
    sink.error(root, config_rule, say("the config must be a mapping of keys such as cases: and rules:"));
    return;
  }
  detail::walk_map(root, top_keys, sink, "", [&](const std::string &key, const YAML::Node &v) {
    if (key == "cases") {
      if (const auto s = detail::scalar(v, key, sink))
        cfg.cases = *s;
    } else if (key == "language") {
      const auto s = detail::scalar(v, key, sink);
      if (s && (*s == "en" || *s == "da" || *s == "auto"))
        cfg.language = *s;
      else if (s)
        sink.error(v, config_rule, say("language must be en, da or auto, not \"{}\"", *s));
    } else if (key == "programmes") {
      cfg.programmes = read_list(v, key, sink);
    } else if (key == "calendar") {
      if (!v.IsMap())
        return sink.error(v, config_rule, say("calendar must be a mapping"));
      detail::walk_map(v, calendar_keys, sink, "calendar: ", [&](const std::string &k, const YAML::Node &w) {
        if (k == "closed")
          cfg.calendar.extra_closed = read_dates(w, "calendar.closed", sink);
        else if (k == "open")
          cfg.calendar.extra_open = read_dates(w, "calendar.open", sink);
        else if (k == "cancelled_days")
          read_cancelled_days(w, cfg, sink);
        else if (const auto b = read_bool(w, "calendar.move_off_weekends", sink))
          cfg.move_off_weekends = *b;
      });
    } else if (key == "privacy") {
      if (!v.IsMap())
        return sink.error(v, config_rule, say("privacy must be a mapping"));
      detail::walk_map(v, privacy_keys, sink, "privacy: ", [&](const std::string &k, const YAML::Node &w) {
        if (k == "show_cpr") {
          if (const auto b = read_bool(w, "privacy.show_cpr", sink))
            cfg.show_cpr = *b;
        } else if (const auto s = detail::scalar(w, "privacy.names", sink)) {
          if (*s == "full" || *s == "ids-only")
            cfg.ids_only = *s == "ids-only";
          else
            sink.error(w, config_rule, say("privacy.names must be full or ids-only, not \"{}\"", *s));
        }
      });
    } else if (key == "exemptions") {
      if (!v.IsMap())
        return sink.error(v, config_rule, say("exemptions must be a mapping such as {{max_length: 6 months}}"));
      detail::walk_map(v, exemption_keys, sink, "exemptions: ", [&](const std::string &, const YAML::Node &w) {
        read_duration(w, "exemptions.max_length", cfg.exemption_max_length, sink);
      });
    } else if (key == "limits") {
      read_limits(v, cfg, sink);
    } else if (key == "csv") {
      read_csv_style(v, cfg, sink);
    } else if (key == "rules") {
      if (!v.IsMap())
        return sink.error(v, config_rule, say("rules must be a mapping from rule id to settings"));
      std::vector<std::string_view> ids;
      for (const auto &spec : rule_catalog())
        ids.push_back(spec.id);
      detail::walk_map(v, ids, sink, "rules: ", [&](const std::string &id, const YAML::Node &w) {
        const auto *spec = find_rule(id);
        read_rule(*spec, w, cfg.rules[size_t(spec - rule_catalog().data())], sink);
      });
    }
  });
}

} // namespace

Config load_config(std::string_view text, const std::string &file, std::vector<Finding> &errors) {
  Config cfg;
  for (const auto &spec : rule_catalog()) {
    RuleSettings settings;
    settings.role = spec.role;
    cfg.rules.push_back(settings);
  }
  overlay(cfg, default_config_text(), Sink{"(built-in defaults)", &errors, std::nullopt});
  if (!text.empty())
    overlay(cfg, text, Sink{file, &errors, std::nullopt});
  cfg.file = file;
  for (const auto &spec : rule_catalog())
    for (const auto &p : cfg.rule(spec).programmes)
      if (std::find(cfg.programmes.begin(), cfg.programmes.end(), p) == cfg.programmes.end())
        errors.push_back({Severity::error,
                          file,
                          0,
                          0,
                          config_rule,
                          say("rules.{}.programmes names \"{}\", which is not under programmes:", spec.id, p),
                          std::nullopt,
                          std::nullopt,
                          {},
                          {}});
  return cfg;
}

std::string format_config(const Config &cfg) {
  auto list = [](const auto &items, auto fmt_item) {
    std::string s = "[";
    for (const auto &i : items) {
      if (s.size() > 1)
        s += ", ";
      s += fmt_item(i);
    }
    return s + "]";
  };
  auto quoted = [](const std::string &s) {
    const bool numeric = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    return numeric ? "\"" + s + "\"" : s;
  };
  auto date = [](const Date &d) { return d.iso(); };
  std::string out =
      fmt::format("# effective config: built-in defaults{}\n", cfg.file.empty() ? "" : " overlaid with " + cfg.file);
  out +=
      fmt::format("cases: {}\nlanguage: {}\nprogrammes: {}\n", cfg.cases, cfg.language, list(cfg.programmes, quoted));
  out += fmt::format("calendar:\n  closed: {}\n  open: {}\n  move_off_weekends: {}\n  cancelled_days: {}\n",
                     list(cfg.calendar.extra_closed, date), list(cfg.calendar.extra_open, date), cfg.move_off_weekends,
                     cfg.cancelled_days);
  out += fmt::format("privacy:\n  show_cpr: {}\n  names: {}\n", cfg.show_cpr, cfg.ids_only ? "ids-only" : "full");
  out += fmt::format("exemptions:\n  max_length: {}\n", format_duration(cfg.exemption_max_length));
  out += fmt::format("limits:\n  max_file_size: {}\n  max_depth: {}\n", format_byte_size(cfg.limits.max_file_size),
                     cfg.limits.max_depth);
  out += fmt::format("csv:\n  delimiter: {}\n  bom: {}\nrules:\n",
                     cfg.csv.delimiter == '\t' ? std::string("tab") : fmt::format("\"{}\"", cfg.csv.delimiter),
                     cfg.csv.bom);
  for (const auto &spec : rule_catalog()) {
    const auto &r = cfg.rule(spec);
    out += fmt::format("  {}:\n    enabled: {}\n    severity: {}\n    role: {}\n    programmes: {}\n", spec.id,
                       r.enabled, to_string(r.severity), id_of(r.role), list(r.programmes, quoted));
    for (const auto &setting : spec.settings) {
      switch (setting.kind) {
      case SettingSpec::Kind::span:
        out += fmt::format("    {}: {}\n", setting.key, format_duration(r.*setting.span));
        break;
      case SettingSpec::Kind::count: out += fmt::format("    {}: {}\n", setting.key, r.*setting.count); break;
      case SettingSpec::Kind::per_level: {
        std::string levels;
        for (const auto &[l, c] : r.per_level)
          levels += fmt::format("{}{}: {}", levels.empty() ? "" : ", ", l, c);
        out += fmt::format("    {}: {{{}}}\n", setting.key, levels);
        break;
      }
      case SettingSpec::Kind::end_reasons:
        out +=
            fmt::format("    {}: {}\n", setting.key, list(r.exempt, [](EndReason e) { return std::string(id_of(e)); }));
        break;
      }
    }
  }
  return out;
}

const Config &builtin_config() {
  static const Config cfg = [] {
    std::vector<Finding> errors;
    return load_config("", "", errors);
  }();
  return cfg;
}

} // namespace mestring
