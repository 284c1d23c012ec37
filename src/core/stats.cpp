// `stats` counts what the one engine computes: the caseload from the case
// fields, compliance from obligations_of, history included. It filters and
// counts; it never decides what an obligation's state is.
#include <mestring/stats.hpp>

#include <mestring/json.hpp>
#include <mestring/rules.hpp>
#include <mestring/text.hpp>

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <unordered_map>

namespace mestring {

namespace {

std::string coach_label(const std::string &coach) { return coach.empty() ? "(no coach)" : coach; }

std::string level_label(const std::optional<int> &level, Lang lang) {
  return level ? trf(lang, "level {}", *level) : std::string(tr(lang, "(no level)"));
}

std::string level_key(const std::optional<int> &level) { return level ? std::to_string(*level) : "none"; }

} // namespace

Window default_stats_period(Date as_of) { return {add_days(add_months(as_of, -12), 1), as_of}; }

Stats compute_stats(const Assessment &assessment, const Config &cfg, Date as_of, Date from, Date to,
                    const StatsFilter &filter) {
  Stats s{as_of, from, to, filter, {}, {}, {}, {}, {}};

  // The rules that can have obligations here: enabled, and for the filtered
  // programme only those that apply to it. Rates have no due date to count.
  std::vector<std::optional<size_t>> row_of(rule_catalog().size());
  for (const auto &spec : rule_catalog()) {
    const auto &settings = cfg.rule(spec);
    if (!settings.enabled || (!filter.paragraph.empty() && !settings.applies_to(filter.paragraph)))
      continue;
    if (spec.rate) {
      s.rates.emplace_back(spec.id);
      continue;
    }
    row_of[size_t(&spec - rule_catalog().data())] = s.compliance.size();
    s.compliance.push_back({std::string(spec.id)});
  }

  for (Date m = Date::from_ymd(from.year(), from.month(), 1); m <= to; m = add_months(m, 1))
    s.by_month.push_back({fmt::format("{:04}-{:02}", m.year(), m.month())});
  const auto month_of = [first = from.year() * 12 + int(from.month())](Date d) {
    return size_t(d.year() * 12 + int(d.month()) - first);
  };

  // Names are compared by name_key, made once per spelling: same_name for
  // every obligation spent a fifth of a run over 100,000 cases in Unicode's
  // tables. Each key has one row, under the first spelling that made it.
  std::unordered_map<std::string, std::string> keys;
  const auto key_of = [&keys](const std::string &name) -> const std::string & {
    auto it = keys.find(name);
    if (it == keys.end())
      it = keys.emplace(name, name_key(name)).first;
    return it->second;
  };
  const std::string wanted = filter.coach.empty() ? "" : name_key(filter.coach);
  std::unordered_map<std::string, long *> load_of;   // the caseload's row of a coach's key
  std::unordered_map<std::string, size_t> coach_row; // the compliance row of a coach's key

  for (const auto &a : assessment.cases) {
    const auto &c = a.summary;
    if ((!filter.coach.empty() && key_of(c.coach) != wanted) ||
        (!filter.paragraph.empty() && filter.paragraph != c.paragraph))
      continue;

    switch (c.status) {
    case Status::pending: ++s.caseload.pending; break;
    case Status::refused: ++s.caseload.refused; break;
    case Status::granted: ++s.caseload.granted; break;
    case Status::closed: ++s.caseload.closed; break;
    case Status::active: {
      ++s.caseload.active;
      // One row per person however the files spell the name (NFC or NFD, case).
      const auto label = coach_label(c.coach);
      auto [row, added] = load_of.try_emplace(key_of(label), nullptr);
      if (added)
        row->second = &s.caseload.by_coach[label];
      ++*row->second;
      ++s.caseload.by_programme[c.paragraph];
      if (c.paragraph == "85")
        ++s.caseload.by_level[c.level];
      break;
    }
    }

    // Compliance: every obligation due in the period, history included.
    for (const auto &o : a.obligations) {
      if (!o.due || *o.due < from || *o.due > to)
        continue;
      const auto row = row_of[size_t(o.rule - rule_catalog().data())];
      if (!row)
        continue;
      const auto [coach, added] = coach_row.try_emplace(key_of(c.coach), s.by_coach.size());
      if (added)
        s.by_coach.push_back(RuleCompliance{c.coach});
      for (auto *r : {&s.compliance[*row], &s.by_month.at(month_of(*o.due)), &s.by_coach[coach->second]}) {
        if (o.exempted())
          ++r->exempted;
        else
          switch (o.state) {
          case State::met: ++r->met; break;
          case State::met_late: ++r->met_late; break;
          case State::missed: ++r->missed; break;
          case State::open: ++r->open; break;
          }
      }
    }
  }
  std::sort(s.by_coach.begin(), s.by_coach.end(), [](const RuleCompliance &a, const RuleCompliance &b) {
    return std::tuple(a.rule.empty(), a.rule) < std::tuple(b.rule.empty(), b.rule);
  });
  return s;
}

std::string render_stats_text(const Stats &s, Lang lang) {
  std::string out = trf(lang, "Caseload and compliance as of {}\n", long_date(s.as_of, lang));
  out += trf(lang, "Compliance period: {} – {}\n", long_date(s.from, lang), long_date(s.to, lang));
  if (!s.filter.coach.empty() || !s.filter.paragraph.empty()) {
    std::string only;
    if (!s.filter.coach.empty())
      only += trf(lang, "coach {}", s.filter.coach);
    if (!s.filter.paragraph.empty())
      only += fmt::format("{}{}", only.empty() ? "" : ", ", programme_label(s.filter.paragraph));
    out += trf(lang, "Only: {}\n", only);
  }

  // Caseload: three small tables sharing one key column, so they line up.
  const auto &cl = s.caseload;
  // Each count with its own noun, so each can be singular or plural.
  out += "\n" +
         trf(lang, "Caseload: {}, {}, {}, {}, {}\n",
             trf(lang, cl.active == 1 ? "{} active case" : "{} active cases", cl.active),
             trf(lang, cl.pending == 1 ? "{} pending application" : "{} pending applications", cl.pending),
             trf(lang, cl.granted == 1 ? "{} granted, not started" : "{} granted, not started\x04plural", cl.granted),
             trf(lang, "{} refused", cl.refused), trf(lang, "{} closed", cl.closed));
  if (cl.active > 0) {
    size_t w = std::max(
        {display_width(tr(lang, "Coach")), display_width(tr(lang, "Programme")), display_width(tr(lang, "§85 level"))});
    for (const auto &[coach, n] : cl.by_coach)
      w = std::max(w, display_width(coach));
    for (const auto &[paragraph, n] : cl.by_programme)
      w = std::max(w, display_width(programme_label(paragraph)));
    for (const auto &[level, n] : cl.by_level)
      w = std::max(w, display_width(level_label(level, lang)));
    auto table = [&](std::string_view title, const auto &rows, auto label) {
      std::string t = fmt::format("\n  {}  {}\n", pad_right(tr(lang, title), w), pad_left(tr(lang, "Active"), 6));
      for (const auto &[key, n] : rows)
        t += fmt::format("  {}  {:>6}\n", pad_right(label(key), w), n);
      return t;
    };
    out += table("Coach", cl.by_coach,
                 [&](const std::string &k) { return k == coach_label("") ? std::string(tr(lang, k)) : k; });
    out += table("Programme", cl.by_programme, [](const std::string &k) { return programme_label(k); });
    if (!cl.by_level.empty())
      out += table("§85 level", cl.by_level, [&](const std::optional<int> &k) { return level_label(k, lang); });
  }

  // Compliance: per rule, each state as a count and its share of the total.
  out += "\n" + std::string(tr(lang, "Compliance per rule: the obligations due in the period")) + "\n";
  RuleCompliance all{std::string(tr(lang, "All rules"))};
  for (const auto &r : s.compliance) {
    all.met += r.met;
    all.met_late += r.met_late;
    all.missed += r.missed;
    all.open += r.open;
    all.exempted += r.exempted;
  }
  size_t w_rule = display_width(all.rule), w_n = std::to_string(all.total()).size();
  for (const auto &r : s.compliance)
    w_rule = std::max(w_rule, r.rule.size());
  const size_t w_cell = std::max<size_t>(w_n + 7, 7); // count, space, "100.0%"
  auto cell = [&](long n, long total) { return fmt::format("{:>{}} {:>6}", n, w_n, percent(n, total, lang)); };
  auto row = [&](const RuleCompliance &r) {
    return fmt::format("  {}  {}  {}  {}  {}  {}  {:>{}}\n", pad_right(r.rule, w_rule),
                       pad_left(cell(r.met, r.total()), w_cell), pad_left(cell(r.met_late, r.total()), w_cell),
                       pad_left(cell(r.missed, r.total()), w_cell), pad_left(cell(r.exempted, r.total()), w_cell),
                       pad_left(cell(r.open, r.total()), w_cell), r.total(), std::max<size_t>(w_n, 5));
  };
  out += fmt::format("  {}  {}  {}  {}  {}  {}  {:>{}}\n", pad_right(tr(lang, "Rule"), w_rule),
                     pad_left(tr(lang, "On time"), w_cell), pad_left(tr(lang, "Late"), w_cell),
                     pad_left(tr(lang, "Missed"), w_cell), pad_left(tr(lang, "Exempted"), w_cell),
                     pad_left(tr(lang, "Open"), w_cell), tr(lang, "Total"), std::max<size_t>(w_n, 5));
  for (const auto &r : s.compliance)
    out += row(r);
  if (s.compliance.size() > 1)
    out += row(all);
  if (!s.rates.empty())
    out += rates_note(s, lang) + "\n";
  return out;
}

std::string rates_note(const Stats &s, Lang lang) {
  if (s.rates.empty())
    return "";
  std::string names;
  for (size_t i = 0; i < s.rates.size(); ++i)
    names += (i == 0 ? "" : i + 1 == s.rates.size() ? std::string(tr(lang, " and ")) : ", ") + s.rates[i];
  auto note = trf(lang,
                  s.rates.size() == 1 ? "{} is a rate without a due date and is left out.\n"
                                      : "{} are rates without a due date and are left out.\n",
                  names);
  note.pop_back(); // the text's line end
  return note;
}

std::string render_stats_json(const Stats &s) {
  JsonWriter j;
  j.begin_object().key("as_of").value(s.as_of.iso()).key("from").value(s.from.iso()).key("to").value(s.to.iso());
  if (!s.filter.coach.empty())
    j.key("coach").value(s.filter.coach);
  if (!s.filter.paragraph.empty())
    j.key("paragraph").value(s.filter.paragraph);
  const auto &cl = s.caseload;
  j.key("caseload").begin_object().key("active").value(cl.active).key("pending").value(cl.pending);
  j.key("by_status").begin_object().key(id_of(Status::pending)).value(cl.pending);
  j.key(id_of(Status::refused)).value(cl.refused).key(id_of(Status::granted)).value(cl.granted);
  j.key(id_of(Status::active)).value(cl.active).key(id_of(Status::closed)).value(cl.closed).end_object();
  j.key("by_coach").begin_object();
  for (const auto &[coach, n] : cl.by_coach)
    j.key(coach).value(n);
  j.end_object().key("by_programme").begin_object();
  for (const auto &[paragraph, n] : cl.by_programme)
    j.key(paragraph).value(n);
  j.end_object().key("by_level").begin_object();
  for (const auto &[level, n] : cl.by_level)
    j.key(level_key(level)).value(n);
  j.end_object().end_object();
  const auto rows = [&](std::string_view list, std::string_view key, const std::vector<RuleCompliance> &rs) {
    j.key(list).begin_array();
    for (const auto &r : rs) {
      j.begin_object().key(key).value(r.rule).key("met").value(r.met).key("met_late").value(r.met_late);
      j.key("missed").value(r.missed).key("exempted").value(r.exempted).key("open").value(r.open);
      j.key("total").value(r.total()).end_object();
    }
    j.end_array();
  };
  rows("compliance", "rule", s.compliance);
  rows("by_month", "month", s.by_month);
  rows("by_coach", "coach", s.by_coach);
  j.end_object();
  return j.str();
}

std::string render_stats_csv(const Stats &s, CsvStyle style) {
  CsvWriter w(style);
  w.row({"rule", "met", "met_late", "missed", "exempted", "open", "total", "from", "to"});
  for (const auto &r : s.compliance) {
    w.text(r.rule).number(r.met).number(r.met_late).number(r.missed).number(r.exempted).number(r.open);
    w.number(r.total()).date(s.from).date(s.to).end_row();
  }
  return w.str();
}

} // namespace mestring
