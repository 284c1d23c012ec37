// Renders sample agendas and reports to a folder, with expected.json saying
// what each page must show, for the browser, parser and chart checks in
// tests/formats/ (html_check.py, svg_check.py, browser.py). The samples are
// what a municipality of about 300 cases would see, in English and Danish,
// plus the edge cases: empty agendas, a person with nothing due, names that
// hold markup, quotes, control characters and bytes that are not UTF-8.
//
//   html_demo OUTDIR
#include <mestring/format/html.hpp>
#include <mestring/json.hpp>
#include <mestring/rules.hpp>

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>

using namespace mestring;

namespace {

Date d(const char *iso) { return *parse_iso_date(iso); }

const Date as_of = d("2025-11-26"); // a Wednesday, week 48

HtmlAgendaItem item(const char *id, const char *citizen, const char *programme, const char *rule, const char *action,
                    std::string basis, const char *due, bool overdue, HtmlRole role, const char *coach,
                    const char *advisor) {
  HtmlAgendaItem i{id, citizen, programme, rule, action, std::move(basis), d(due), overdue, "", role, coach, advisor};
  i.owner = role == HtmlRole::authority ? i.advisor : i.coach;
  return i;
}

std::vector<HtmlAgendaItem> sample_items(Lang lang) {
  const bool da = lang == Lang::da;
  auto basis = [&](const char *en, const char *dk) { return std::string(da ? dk : en); };
  using enum HtmlRole;
  return {
      item("2025-0107", "Jens Hansen", "§85", "first-followup-85", "hold the first follow-up",
           basis("start 2025-08-11 + 3 months", "start 2025-08-11 + 3 måneder"), "2025-11-11", true, authority,
           "Lars Berg", "Mette Holm"),
      item("2025-0112", "Aisha Khalil", "§82b", "monthly-followup-82", "follow up on the citizen plan",
           basis("follow-up 2025-10-17 + 1 month", "opfølgning 2025-10-17 + 1 måned"), "2025-11-17", true, coach,
           "Søren Ærø", "Mette Holm"),
      item("2024-0211", "Birthe Ølgaard", "§85", "non-response", "inform the authority (orientering af Myndighed)",
           basis("first unanswered attempt 2025-10-20 + 1 month", "første forgæves kontaktforsøg 2025-10-20 + 1 måned"),
           "2025-11-20", true, coach, "Lars Berg", "Pia Sørensen"),
      item("2025-0142", "Søren Ærø Åberg", "§85", "first-followup-85", "hold the first follow-up",
           basis("start 2025-08-27 + 3 months", "start 2025-08-27 + 3 måneder"), "2025-11-27", false, authority,
           "Lars Berg", "Mette Holm"),
      item("2025-0150", "Maja Lund", "§82a", "first-contact-82", "make the first contact",
           basis("plan 2025-11-12 + 10 working days", "borgerplan 2025-11-12 + 10 arbejdsdage"), "2025-11-26", false,
           coach, "Søren Ærø", "Pia Sørensen"),
      item("2025-0133", "Karim Haddad", "§85", "status-before-meeting", "write the status for the citizen plan meeting",
           basis("meeting 2025-12-01 − 1 working day", "møde 2025-12-01 − 1 arbejdsdag"), "2025-11-28", false, coach,
           "Lars Berg", "Mette Holm"),
      item("2025-0121", "Ida Mølgaard", "§85", "processing-85", "send the decision",
           basis("applied 2025-10-03 + 8 weeks", "ansøgt 2025-10-03 + 8 uger"), "2025-11-28", false, authority, "",
           "Pia Sørensen"),
      item("2024-0114", "Niels Brandt", "§85", "annual-review-85", "hold the yearly §141 follow-up",
           basis("follow-up 2024-11-29 + 12 months", "opfølgning 2024-11-29 + 12 måneder"), "2025-11-29", false,
           authority, "Lars Berg", "Mette Holm"),
      item("2025-0160", "Oskar Friis", "mestringsforløb", "preliminary-phase-mf", "decide on the main phase",
           basis("start 2025-11-03 + 4 weeks", "start 2025-11-03 + 4 uger"), "2025-12-01", false, coach, "", ""),
  };
}

std::vector<HtmlExemptItem> sample_exempted(Lang lang) {
  const bool da = lang == Lang::da;
  using enum HtmlRole;
  return {
      {item("2025-0103", "Hanne Vestergaard", "§85", "first-followup-85", "hold the first follow-up", "", "2025-11-14",
            true, authority, "Søren Ærø", "Mette Holm"),
       da ? "borgeren er indlagt" : "the citizen is in hospital", d("2026-01-31"), "Mette Holm"},
      {item("2025-0118", "Per Kjær", "§82b", "monthly-followup-82", "follow up on the citizen plan", "", "2025-11-30",
            false, coach, "Lars Berg", "Pia Sørensen"),
       da ? "forløbet er sat på pause efter aftale" : "course paused by agreement", d("2025-12-15"), ""},
  };
}

HtmlAgenda sample_agenda(Lang lang, HtmlGroupBy by) {
  HtmlAgenda a{lang, as_of, d("2025-11-24"), d("2025-11-30"), by, "", {}};
  a.groups = group_html_agenda(sample_items(lang), sample_exempted(lang), by, lang);
  return a;
}

// A deterministic spread of numbers, so the report looks like real data.
struct Numbers {
  unsigned long state = 20251126;
  long next(long lo, long hi) {
    state = state * 6364136223846793005UL + 1442695040888963407UL;
    return lo + long((state >> 33) % static_cast<unsigned long>(hi - lo + 1));
  }
};

HtmlReport sample_report(Lang lang) {
  HtmlReport r;
  r.lang = lang;
  r.as_of = as_of;
  r.from = d("2024-12-01");
  r.to = as_of;
  r.status = {14, 6, 9, 247, 38};
  r.by_coach = {{"Anne Damgaard", "Anne Damgaard", 34},
                {"Bo Rasmussen", "Bo Rasmussen", 29},
                {"Lars Berg", "Lars Berg", 38},
                {"Mette Kristiansen", "Mette Kristiansen", 31},
                {"Pia Nygaard", "Pia Nygaard", 27},
                {"Søren Ærø", "Søren Ærø", 36},
                {"Tove Åkesson", "Tove Åkesson", 30},
                {"Yusuf Demir", "Yusuf Demir", 19},
                {"(no coach)", "", 3}};
  r.by_programme = {
      {"82a", "§82a", 25}, {"82b", "§82b", 22}, {"85", "§85", 180}, {"mestringsforloeb", "mestringsforløb", 20}};
  r.by_level = {{1, 30}, {2, 55}, {3, 50}, {4, 28}, {5, 9}, {std::nullopt, 8}};
  Numbers n;
  auto spread = [&](long scale) {
    HtmlCompliance c;
    c.on_time = n.next(scale * 6, scale * 12);
    c.late = n.next(0, scale * 3);
    c.missed = n.next(0, scale * 2);
    c.exempted = n.next(0, scale / 2 + 1);
    c.open = n.next(0, scale);
    return c;
  };
  const std::pair<const char *, const char *> rules[] = {
      {"cap-82b", "end of the §82b course"},
      {"cap-82a", "end of the §82a course"},
      {"first-contact-82", "first contact"},
      {"monthly-followup-82", "monthly follow-up"},
      {"processing-85", "decision"},
      {"first-followup-85", "first follow-up"},
      {"annual-review-85", "yearly §141 follow-up"},
      {"non-response", "informing the authority of the non-response"},
      {"health-check-85", "yearly health check"},
      {"status-before-meeting", "written status before the citizen plan meeting"},
      {"preliminary-phase-mf", "decision on the main phase"},
      {"cap-mf", "end of the course"},
      {"closing-talk-82", "closing conversation"},
      {"hearing-85", "consultation before ending support (partshøring)"},
      {"report-mf", "course description to the job centre"},
      {"followup-after-change", "follow-up after a significant change"},
  };
  for (const auto &[id, noun] : rules) {
    // A v2 rule whose Danish title the catalog may not have yet.
    const bool v2 = std::string_view(id) == "followup-after-change";
    const auto *spec = find_rule(id);
    const auto label = v2 && lang == Lang::da ? std::string("opfølgning efter væsentlig ændring")
                       : spec                 ? std::string(spec->noun(lang))
                                              : std::string(noun);
    r.per_rule.push_back({id, label, spread(std::string_view(id) == "monthly-followup-82" ? 8 : 2)});
  }
  for (int k = 0; k < 12; ++k) {
    const int month = (11 + k) % 12 + 1; // December 2024 … November 2025
    r.per_month.push_back({month == 12 ? 2024 : 2025, unsigned(month), spread(5)});
  }
  r.per_month.back().counts.open += 9; // the current month still has open ones
  for (const auto &c : r.by_coach)
    r.per_coach.push_back({c.key, c.label, spread(c.count / 5 + 1)});
  r.notes = {lang == Lang::da ? "level-frequency-85 og level-above-85 er satser uden frist og er ikke med."
                              : "level-frequency-85 and level-above-85 are rates without a due date and are left out."};
  return r;
}

// Names and reasons that would break a page that did not escape them.
void make_hostile(HtmlAgenda &a, HtmlReport &r) {
  const std::string evil = "<script>alert(1)</script> & \"Ø\" 'x' \x01\x7f\xc2\x85 \xff\xfe bad \xef\xb7\x90 <!-- -->";
  for (auto &g : a.groups) {
    g.title += " " + evil;
    for (auto &i : g.items)
      i.citizen = evil, i.basis = evil, i.owner = evil;
    for (auto &e : g.exempted)
      e.reason = evil + "</td></tr></table>", e.by = evil;
  }
  a.scope = evil;
  r.scope = evil;
  r.by_coach.front().label = evil;
  r.per_coach.front().label = evil;
  r.per_rule.front().label = evil + " https://example.org/x.png";
  r.notes.push_back(evil + " url(http://example.org/y.css)");
}

// ---- expected.json

void item_json(JsonWriter &j, const HtmlAgendaItem &i) {
  j.begin_object().key("case").value(i.case_id).key("rule").value(i.rule).key("due").value(i.due.iso());
  j.key("overdue").value(i.overdue).end_object();
}

void agenda_json(JsonWriter &j, const std::string &file, const HtmlAgenda &a, std::vector<std::string> texts) {
  j.key(file).begin_object().key("kind").value("agenda").key("lang").value(a.lang == Lang::da ? "da" : "en");
  j.key("items").begin_array();
  for (const auto &g : a.groups)
    for (const auto &i : g.items)
      item_json(j, i);
  j.end_array().key("exempted").begin_array();
  for (const auto &g : a.groups)
    for (const auto &e : g.exempted) {
      j.begin_object().key("case").value(e.item.case_id).key("rule").value(e.item.rule);
      j.key("due").value(e.item.due.iso()).key("until").value(e.until.iso()).end_object();
    }
  j.end_array().key("texts").begin_array();
  for (const auto &t : texts)
    j.value(t);
  j.end_array().end_object();
}

void counts_json(JsonWriter &j, const char *chart, const std::vector<HtmlCount> &rows) {
  j.key(chart).begin_object();
  for (const auto &r : rows)
    j.key(r.key).begin_object().key("count").value(r.count).end_object();
  j.end_object();
}

void compliance_json(JsonWriter &j, const HtmlCompliance &c) {
  j.begin_object().key("on_time").value(c.on_time).key("late").value(c.late).key("missed").value(c.missed);
  j.key("exempted").value(c.exempted).key("open").value(c.open).end_object();
}

void report_json(JsonWriter &j, const std::string &file, const HtmlReport &r, std::vector<std::string> texts) {
  j.key(file).begin_object().key("kind").value("report").key("lang").value(r.lang == Lang::da ? "da" : "en");
  j.key("charts").begin_object();
  counts_json(j, "status",
              {{"pending", "", r.status.pending},
               {"refused", "", r.status.refused},
               {"granted", "", r.status.granted},
               {"active", "", r.status.active},
               {"closed", "", r.status.closed}});
  counts_json(j, "programme", r.by_programme);
  counts_json(j, "coach", r.by_coach);
  std::vector<HtmlCount> levels;
  for (const auto &l : r.by_level)
    levels.push_back({l.level ? std::to_string(*l.level) : "none", "", l.count});
  counts_json(j, "level", levels);
  j.key("per-rule").begin_object();
  for (const auto &row : r.per_rule)
    compliance_json(j.key(row.key), row.counts);
  j.end_object().key("per-month").begin_object();
  for (const auto &m : r.per_month)
    compliance_json(j.key(fmt::format("{:04}-{:02}", m.year, m.month)), m.counts);
  j.end_object().key("per-coach").begin_object();
  for (const auto &row : r.per_coach)
    compliance_json(j.key(row.key), row.counts);
  j.end_object().end_object().key("texts").begin_array();
  for (const auto &t : texts)
    j.value(t);
  j.end_array().end_object();
}

bool write(const std::filesystem::path &path, const std::string &text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) {
    std::cerr << "html_demo: cannot write " << path << "\n";
    return false;
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: html_demo OUTDIR\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir / "pages-owner-da");
  bool ok = true;
  JsonWriter j;
  j.begin_object().key("as_of").value(as_of.iso()).key("pages").begin_object();

  const auto owner_en = sample_agenda(Lang::en, HtmlGroupBy::owner);
  ok &= write(dir / "agenda-owner-en.html", render_agenda_html(owner_en));
  agenda_json(j, "agenda-owner-en.html", owner_en,
              {"Hold the first follow-up by Thu 27 Nov", "Week 48", "Mette Holm", "(nobody named)", "OVERDUE",
               "Hold the first follow-up — it was due by Tue 11 Nov (15 days ago)", "Exempted",
               "the citizen is in hospital", "Sat 31 Jan 2026", "Overdue: 3 · Due in the period: 6 · Exempted: 2"});

  const auto owner_da = sample_agenda(Lang::da, HtmlGroupBy::owner);
  ok &= write(dir / "agenda-owner-da.html", render_agenda_html(owner_da));
  agenda_json(j, "agenda-owner-da.html", owner_da,
              {"Hold første opfølgning senest tor 27. nov.", "Uge 48", "OVERSKREDET", "myndighed", "Fritaget",
               "borgeren er indlagt", "lør 31. jan. 2026", "onsdag 26. november 2025"});

  const auto by_date = sample_agenda(Lang::en, HtmlGroupBy::date);
  ok &= write(dir / "agenda-date-en.html", render_agenda_html(by_date));
  agenda_json(j, "agenda-date-en.html", by_date, {"Overdue", "Thursday 27 November 2025, week 48"});

  const auto by_case = sample_agenda(Lang::da, HtmlGroupBy::case_id);
  ok &= write(dir / "agenda-case-da.html", render_agenda_html(by_case));
  agenda_json(j, "agenda-case-da.html", by_case, {"Sag 2025-0142 – Søren Ærø Åberg"});

  for (const Lang lang : {Lang::en, Lang::da}) {
    HtmlAgenda empty{lang, as_of, d("2025-11-24"), d("2025-11-30"), HtmlGroupBy::coach, "", {}};
    const auto file = lang == Lang::da ? "agenda-empty-da.html" : "agenda-empty-en.html";
    ok &= write(dir / file, render_agenda_html(empty));
    agenda_json(
        j, file, empty,
        {lang == Lang::da ? "Intet forfalder, og intet er overskredet." : "Nothing is due and nothing is overdue."});
  }

  // One page per person, as `due --by owner --output-dir` writes them; one
  // person has nothing due.
  auto pages_model = owner_da;
  pages_model.groups.push_back({"Tove Åkesson", {}, {}});
  for (const auto &p : render_agenda_html_pages(pages_model)) {
    ok &= write(dir / "pages-owner-da" / p.file_name, p.html);
    HtmlAgenda one = pages_model;
    one.groups.clear();
    for (const auto &g : pages_model.groups)
      if (g.title == p.title)
        one.groups.push_back(g);
    std::vector<std::string> texts{p.title};
    if (p.file_name == "index.html")
      texts = {"Lars Berg", "lars-berg.html", "ingen-angivet.html"};
    else if (p.items == 0 && p.exempted == 0)
      texts.push_back(p.title + " har intet, der forfalder eller er overskredet, i perioden.");
    agenda_json(j, "pages-owner-da/" + p.file_name, one, texts);
  }

  const auto report_en = sample_report(Lang::en);
  ok &= write(dir / "report-en.html", render_stats_html(report_en));
  report_json(j, "report-en.html", report_en, {"Compliance per rule", "Cases per status", "On time %", "level 2"});
  const auto report_da = sample_report(Lang::da);
  ok &= write(dir / "report-da.html", render_stats_html(report_da));
  report_json(j, "report-da.html", report_da, {"Overholdelse pr. regel", "Til tiden", "niveau 2", "første opfølgning"});

  HtmlReport empty_report;
  empty_report.as_of = as_of, empty_report.from = d("2024-11-27"), empty_report.to = as_of;
  ok &= write(dir / "report-empty-en.html", render_stats_html(empty_report));
  report_json(j, "report-empty-en.html", empty_report, {"No obligations fell due in the period.", "No cases."});

  auto hostile_agenda = sample_agenda(Lang::en, HtmlGroupBy::owner);
  auto hostile_report = sample_report(Lang::en);
  make_hostile(hostile_agenda, hostile_report);
  ok &= write(dir / "hostile-agenda.html", render_agenda_html(hostile_agenda));
  agenda_json(j, "hostile-agenda.html", hostile_agenda, {"<script>alert(1)</script> & \"Ø\" 'x'"});
  ok &= write(dir / "hostile-report.html", render_stats_html(hostile_report));
  report_json(j, "hostile-report.html", hostile_report, {"<script>alert(1)</script> & \"Ø\" 'x'"});

  j.end_object().end_object();
  ok &= write(dir / "expected.json", j.str());
  return ok ? 0 : 1;
}
