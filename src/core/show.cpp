#include <mestring/show.hpp>

#include <mestring/agenda.hpp>
#include <mestring/json.hpp>
#include <mestring/rules.hpp>
#include <mestring/text.hpp>

#include <algorithm>
#include <fmt/format.h>

namespace mestring {

namespace {

struct TimelineEntry {
  Date date;
  std::string what;
  int line;
};

std::vector<TimelineEntry> timeline(const Case &c, Lang lang) {
  std::vector<TimelineEntry> t;
  for (const auto &k : case_keys()) {
    if (k.kind != KeyKind::date || !(c.*k.date))
      continue;
    const auto &f = c.*k.date;
    const bool end_with_reason = k.key == Key::end && c.end_reason;
    t.push_back({*f,
                 end_with_reason ? fmt::format("{} ({})", k.label(lang), label_of(*c.end_reason, lang))
                                 : std::string(k.label(lang)),
                 f.line});
  }
  const auto event = [&](Key k) { return key_info(k).event_label(lang); };
  for (const auto &f : c.followups)
    t.push_back({f.date,
                 f.kind ? fmt::format("{} ({})", event(Key::followups), label_of(*f.kind, lang))
                        : std::string(event(Key::followups)),
                 f.line});
  for (const auto &k : c.contacts)
    t.push_back({k.date,
                 fmt::format("{}, {}{}", event(Key::contacts), label_of(k.outcome, lang),
                             k.mode ? fmt::format(" ({})", label_of(*k.mode, lang)) : ""),
                 k.line});
  for (const auto &e : c.escalations)
    t.push_back({e.date, fmt::format("{}, {}", event(Key::escalations), label_of(e.reason, lang)), e.line});
  for (const auto &h : c.health_checks)
    t.push_back({h.date, std::string(event(Key::health_checks)), h.line});
  for (const auto &m : c.meetings)
    t.push_back({m.date,
                 m.status ? trf(lang, "citizen plan meeting, status {}", m.status->iso())
                          : std::string(tr(lang, "citizen plan meeting, no status")),
                 m.line});
  std::stable_sort(t.begin(), t.end(), [](const auto &a, const auto &b) { return a.date < b.date; });
  return t;
}

std::string status_text(const Case &c, Date as_of, Lang lang) {
  switch (status_of(c, as_of)) {
  case Status::closed: return trf(lang, "closed {}", c.end->iso());
  case Status::active:
    return c.end ? trf(lang, "active, planned end {}", c.end->iso()) : std::string(tr(lang, "active"));
  case Status::granted:
    return c.start ? trf(lang, "granted, starts {}", c.start->iso()) : std::string(tr(lang, "granted, not started"));
  case Status::pending: break;
  }
  return std::string(tr(lang, "pending application"));
}

std::string cpr_shown(const Case &c, const ShowOptions &opt) { return opt.show_cpr ? c.cpr : mask_cpr(c.cpr); }

// The rule's text with the config's numbers in place of {period} etc.
std::string fill(std::string_view text, const RuleSettings &r, Lang lang) {
  std::string f(text);
  auto replace = [&](std::string_view key, const std::string &value) {
    for (size_t p; (p = f.find(key)) != std::string::npos;)
      f.replace(p, key.size(), value);
  };
  replace("{period}", format_duration(r.period, lang));
  replace("{window}", format_duration(r.window, lang));
  replace("{grace}", format_duration(r.grace, lang));
  replace("{attempts}", std::to_string(r.attempts));
  return f;
}

std::string programmes(const RuleSettings &r) {
  std::string s;
  for (const auto &p : r.programmes)
    s += fmt::format("{}{}", s.empty() ? "" : ", ", p);
  return s;
}

} // namespace

std::string render_show_text(const Case &c, const Config &cfg, Date as_of, const ShowOptions &opt) {
  const Lang lang = opt.lang;
  std::string out = trf(lang, "Case {}", c.id);
  if (opt.names && !c.name.empty())
    out += " — " + c.name;
  if (!c.cpr.empty())
    out += fmt::format(" ({})", cpr_shown(c, opt));
  // Labels are padded to one width in either language.
  const auto label = [&](std::string_view english) {
    const auto t = tr(lang, english);
    return "  " + pad_right(t, 10) + " ";
  };
  out += fmt::format("\n{}{}{}\n", label("programme"), programme_label(c.paragraph),
                     c.level ? trf(lang, ", level {}", *c.level) : "");
  out += fmt::format("{}{}\n", label("file"), c.file);
  if (!c.advisor.empty())
    out += fmt::format("{}{}\n", label("advisor"), c.advisor);
  if (!c.coach.empty())
    out += fmt::format("{}{}\n", label("coach"), c.coach);
  out += fmt::format("{}{}\n", label("status"), status_text(c, as_of, lang));
  out += fmt::format("\n{}\n", tr(lang, "Timeline"));
  for (const auto &e : timeline(c, lang))
    out += fmt::format("  {}  {}{}\n", e.date.iso(), e.what, e.date > as_of ? tr(lang, "  (planned)") : "");
  out += "\n" + trf(lang, "Obligations as of {}", as_of.iso()) + "\n";
  const auto obligations = obligations_of(c, cfg, as_of);
  if (obligations.empty())
    out += fmt::format("  {}\n", tr(lang, "none"));
  size_t w_rule = 4, w_state = 0, w_severity = 0;
  for (const auto &o : obligations) {
    w_rule = std::max(w_rule, o.id().size());
    w_state = std::max(w_state, display_width(state_name(o.state, lang)));
    w_severity = std::max(w_severity, display_width(tr(lang, to_string(o.severity))));
  }
  for (const auto &o : obligations) {
    std::string detail =
        o.count ? rate_message(o, lang) : fmt::format("{} — {}", o.rule->title(lang), anchor_text(o, cfg, lang));
    if (const auto evidence = evidence_text(o, lang); !evidence.empty() && !o.count)
      detail += trf(lang, "; met by {}", evidence);
    if (!o.reportable)
      detail += tr(lang, c.closed(as_of) && !o.rule->closing ? " (case closed)" : " (history)");
    const Tone tone = o.state == State::missed     ? Tone::error
                      : o.state == State::met_late ? Tone::warning
                      : o.state == State::open     ? Tone::info
                                                   : Tone::good;
    out += fmt::format(
        "  {}  {}  {:<{}}  {:<10}  {}\n", paint(pad_right(state_name(o.state, lang), w_state), tone, opt.color),
        pad_right(tr(lang, to_string(o.severity)), w_severity), o.id(), w_rule, o.due ? o.due->iso() : "-", detail);
  }
  return out;
}

std::string render_show_json(const Case &c, const Config &cfg, Date as_of, const ShowOptions &opt) {
  JsonWriter j;
  j.begin_object().key("as_of").value(as_of.iso()).key("case").value(c.id).key("file").value(c.file);
  j.key("name");
  if (opt.names)
    j.value(c.name);
  else
    j.null();
  j.key(name_of(Sub::cpr));
  if (c.cpr.empty())
    j.null();
  else
    j.value(cpr_shown(c, opt));
  j.key("paragraph").value(c.paragraph).key("level");
  if (c.level)
    j.value(long(*c.level));
  else
    j.null();
  j.key("coach").value(c.coach).key("advisor").value(c.advisor).key("closed").value(c.closed(as_of));
  j.key("timeline").begin_array();
  for (const auto &e : timeline(c, Lang::en)) // JSON stays English
    j.begin_object()
        .key(name_of(Sub::date))
        .value(e.date.iso())
        .key("event")
        .value(e.what)
        .key("line")
        .value(long(e.line))
        .end_object();
  j.end_array().key("obligations").begin_array();
  for (const auto &o : obligations_of(c, cfg, as_of)) {
    j.begin_object().key("rule").value(o.id()).key("state").value(to_string(o.state));
    j.key("severity").value(to_string(o.severity)).key("due");
    if (o.due)
      j.value(o.due->iso());
    else
      j.null();
    j.key("anchor").value(anchor_text(o, cfg, cfg.lang())).key("evidence").value(evidence_text(o, cfg.lang()));
    j.key("reportable").value(o.reportable);
    j.key("line").value(long(o.line)).end_object();
  }
  j.end_array().end_object();
  return j.str();
}

std::string render_rules_text(const Config &cfg, Lang lang) {
  // Columns as wide as their widest entry, in either language.
  size_t w_severity = 0, w_closing = 0, w_programmes = 0;
  for (const auto &info : rule_catalog()) {
    const auto &r = cfg.rule(info);
    w_severity = std::max(w_severity, display_width(tr(lang, r.enabled ? to_string(r.severity) : "off")));
    w_closing = std::max(w_closing, display_width(info.closing ? tr(lang, "end") : ""));
    w_programmes = std::max(w_programmes, display_width(programmes(r)));
  }
  std::string out;
  for (const auto &info : rule_catalog()) {
    const auto &r = cfg.rule(info);
    out += fmt::format("{:<22} {}  {}  {}  {}\n", info.id,
                       pad_right(tr(lang, r.enabled ? to_string(r.severity) : "off"), w_severity),
                       pad_right(info.closing ? tr(lang, "end") : "", w_closing),
                       pad_right(programmes(r), w_programmes), fill(info.formula(lang), r, lang));
  }
  return out;
}

std::string render_explain_text(const Config &cfg, std::string_view id, Lang lang) {
  const auto *info = find_rule(id);
  if (!info)
    return "";
  const auto &r = cfg.rule(*info);
  // Labels padded to one width in either language.
  const auto label = [&](std::string_view english) { return "  " + pad_right(tr(lang, english), 11) + " "; };
  std::string out = fmt::format("{}: {}\n\n", info->id, info->title(lang));
  out += label("programmes") + programmes(r) + "\n";
  out += label("due") +
         (info->rate ? trf(lang, "no due date: a rate over {}", format_duration(r.window, lang))
                     : fill(info->formula(lang), r, lang)) +
         "\n";
  out += label("met by") + fill(info->met_by(lang), r, lang) + "\n";
  out += label("severity") + std::string(tr(lang, to_string(r.severity))) +
         (r.enabled ? "" : std::string(tr(lang, " (turned off in the config)"))) + "\n";
  if (!r.per_level.empty()) {
    out += label("per level");
    for (const auto &[level, n] : r.per_level)
      out += fmt::format("{}{}: {}", level == r.per_level.begin()->first ? "" : " ", level, n);
    out += "\n";
  }
  if (info->closing)
    out += label("closing") + std::string(tr(lang, "still checked after the case has ended")) + "\n";
  out += label("source") + std::string(info->source) + "\n";
  return out;
}

} // namespace mestring
