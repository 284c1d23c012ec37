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
    std::string what(k.label(lang));
    if (k.key == Key::end && c.end_reason)
      what += fmt::format(" ({})", label_of(*c.end_reason, lang));
    if (k.key == Key::decided && c.decision)
      what += fmt::format(" ({})", label_of(*c.decision, lang));
    t.push_back({*f, what, f.line});
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
  for (const auto &l : c.level_changes)
    t.push_back({l.date, trf(lang, "level changed to {}", l.level), l.line});
  for (const auto &e : c.exemptions)
    t.push_back({e.from, trf(lang, "{} set aside until {}: {}", e.rule, e.until.iso(), e.reason), e.line});
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
  case Status::refused: return trf(lang, "refused {}", c.decided->iso());
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
  replace("{attempts}", std::to_string(r.attempts));
  return f;
}

std::string programmes(const RuleSettings &r) { return fmt::format("{}", fmt::join(r.programmes, ", ")); }

} // namespace

std::string render_show_text(const Case &c, const Config &cfg, Date as_of, const ShowOptions &opt) {
  const Lang lang = opt.lang;
  std::string out = trf(lang, "Case {}", c.id);
  if (opt.names && !c.name.empty())
    out += " — " + c.name;
  if (!c.cpr.empty())
    out += fmt::format(" ({})", cpr_shown(c, opt));
  // Labels are padded to one width in either language.
  size_t width = 10;
  for (const auto english : {"programme", "file", "advisor", "coach", "status"})
    width = std::max(width, display_width(tr(lang, english)));
  const auto label = [&](std::string_view english) { return "  " + pad_right(tr(lang, english), width) + "  "; };
  const auto level = level_on(c, as_of);
  out += fmt::format("\n{}{}{}\n", label("programme"), programme_label(c.paragraph),
                     level.level ? level.since ? trf(lang, ", level {} since {}", *level.level, level.since->iso())
                                               : trf(lang, ", level {}", *level.level)
                                 : "");
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
  // The state says how it stands; an open or missed one also says how much
  // it matters ("missed (error)"), a met one needs no severity.
  const auto state_cell = [&](const Obligation &o) {
    const auto state = state_name(o.state, lang);
    return o.state == State::open || o.state == State::missed
               ? fmt::format("{} ({})", state, severity_name(o.severity, lang))
               : std::string(state);
  };
  const auto owner_cell = [&](const Obligation &o) {
    const auto &owner = o.role == Role::authority ? c.advisor : c.coach;
    return owner.empty() ? std::string(tr(lang, o.role == Role::authority ? "(no advisor)" : "(no coach)")) : owner;
  };
  size_t w_rule = 4, w_state = 0, w_owner = 0;
  for (const auto &o : obligations) {
    w_rule = std::max(w_rule, o.id().size());
    w_state = std::max(w_state, display_width(state_cell(o)));
    w_owner = std::max(w_owner, display_width(owner_cell(o)));
  }
  for (const auto &o : obligations) {
    std::string detail =
        o.count ? rate_message(o, lang) : fmt::format("{} — {}", o.rule->title(lang), anchor_text(o, cfg, lang));
    if (const auto evidence = evidence_text(o, lang); !evidence.empty() && !o.count)
      detail += trf(lang, "; met by {}", evidence);
    if (o.exempted()) {
      const auto &e = c.exemptions[size_t(o.exemption)];
      detail += trf(lang, "; exempted until {}: {}", e.until.iso(), e.reason);
    }
    if (!o.reportable)
      detail += tr(lang, c.closed(as_of) && !o.rule->closing ? " (case closed)" : " (history)");
    const Tone tone = o.exempted()                 ? Tone::info
                      : o.state == State::missed   ? Tone::error
                      : o.state == State::met_late ? Tone::warning
                      : o.state == State::open     ? Tone::info
                                                   : Tone::good;
    out += fmt::format("  {}  {:<{}}  {:<10}  {}  {}\n", paint(pad_right(state_cell(o), w_state), tone, opt.color),
                       o.id(), w_rule, o.due ? o.due->iso() : "-", pad_right(owner_cell(o), w_owner), detail);
  }
  return out;
}

std::string render_show_json(const Case &c, const Config &cfg, Date as_of, const ShowOptions &opt) {
  JsonWriter j;
  j.begin_object().key("as_of").value(as_of.iso()).key("case").value(c.id).key("file").value(c.file);
  j.key("name").value(opt.names ? std::optional(c.name) : std::nullopt);
  j.key(name_of(Sub::cpr)).value(c.cpr.empty() ? std::nullopt : std::optional(cpr_shown(c, opt)));
  j.key("paragraph").value(c.paragraph).key("level").value(level_on(c, as_of).level);
  j.key("coach").value(c.coach).key("advisor").value(c.advisor);
  j.key("status").value(id_of(status_of(c, as_of))).key("closed").value(c.closed(as_of));
  j.key("timeline").begin_array();
  for (const auto &e : timeline(c, opt.lang)) // keys stay English; the text follows --lang
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
    j.key("severity").value(to_string(o.severity)).key("due").value(o.due, &Date::iso);
    j.key("anchor").value(anchor_text(o, cfg, opt.lang)).key("evidence").value(evidence_text(o, opt.lang));
    j.key("reportable").value(o.reportable).key("line").value(long(o.line));
    j.key("role").value(id_of(o.role)).key("owner").value_or_null(o.role == Role::authority ? c.advisor : c.coach);
    j.key("exemption");
    if (o.exempted()) {
      const auto &e = c.exemptions[size_t(o.exemption)];
      j.begin_object().key("reason").value(e.reason).key("from").value(e.from.iso()).key("until").value(e.until.iso());
      j.key("by").value_or_null(e.by).end_object();
    } else {
      j.null();
    }
    j.end_object();
  }
  j.end_array().end_object();
  return j.str();
}

std::string render_rules_text(const Config &cfg, Lang lang) {
  // Columns as wide as their widest entry, in either language.
  const auto severity = [&](const RuleSettings &r) {
    return r.enabled ? severity_name(r.severity, lang) : tr(lang, "off");
  };
  size_t w_id = 0, w_severity = 0, w_role = 0, w_closing = 0, w_programmes = 0;
  for (const auto &info : rule_catalog()) {
    const auto &r = cfg.rule(info);
    w_id = std::max(w_id, info.id.size());
    w_severity = std::max(w_severity, display_width(severity(r)));
    w_role = std::max(w_role, display_width(label_of(r.role, lang)));
    w_closing = std::max(w_closing, display_width(info.closing ? tr(lang, "end") : ""));
    w_programmes = std::max(w_programmes, display_width(programmes(r)));
  }
  for (const auto &check : data_checks())
    w_id = std::max(w_id, check.id.size());
  std::string out;
  for (const auto &info : rule_catalog()) {
    const auto &r = cfg.rule(info);
    out += fmt::format("{:<{}}  {}  {}  {}  {}  {}\n", info.id, w_id, pad_right(severity(r), w_severity),
                       pad_right(label_of(r.role, lang), w_role),
                       pad_right(info.closing ? tr(lang, "end") : "", w_closing),
                       pad_right(programmes(r), w_programmes), fill(info.formula(lang), r, lang));
  }
  // The data checks: always on, not about deadlines (rules.md "Data checks").
  out += "\n" + std::string(tr(lang, "Data checks, always on:")) + "\n";
  for (const auto &check : data_checks())
    out += fmt::format("{:<{}}  {}  {}\n", check.id, w_id, pad_right(severity_name(check.severity, lang), w_severity),
                       check.description(lang));
  return out;
}

std::string render_explain_text(const Config &cfg, std::string_view id, Lang lang) {
  // Labels padded to one width in either language.
  size_t width = 11;
  for (const auto english :
       {"programmes", "who acts", "due", "met by", "severity", "per level", "closing", "source", "kind", "reported"})
    width = std::max(width, display_width(tr(lang, english)));
  const auto label = [&](std::string_view english) { return "  " + pad_right(tr(lang, english), width) + "  "; };
  if (const auto *check = find_data_check(id)) {
    std::string out = fmt::format("{}: {}\n\n", check->id, check->description(lang));
    out += label("kind") + std::string(tr(lang, "a data check: always on, reported by check and check --data-only")) +
           "\n";
    out += label("severity") + std::string(severity_name(check->severity, lang)) + "\n";
    if (check->unreadable)
      out += label("reported") + std::string(tr(lang, "even under --rule: no rule can run on such a file")) + "\n";
    return out;
  }
  const auto *info = find_rule(id);
  if (!info)
    return "";
  const auto &r = cfg.rule(*info);
  std::string out = fmt::format("{}: {}\n\n", info->id, info->title(lang));
  out += label("programmes") + programmes(r) + "\n";
  out +=
      label("who acts") +
      std::string(tr(lang, r.role == Role::authority ? "the case's advisor, at the authority" : "the case's coach")) +
      "\n";
  out += label("due") +
         (info->rate ? trf(lang, "no due date: a rate over {}", format_duration(r.window, lang))
                     : fill(info->formula(lang), r, lang)) +
         "\n";
  out += label("met by") + fill(info->met_by(lang), r, lang) + "\n";
  out += label("severity") + std::string(severity_name(r.severity, lang)) +
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
