// The iCalendar writer. Every event is an all-day VEVENT; its UID is built
// from what identifies the obligation (case, rule, due date) and nothing that
// changes between runs, DTSTAMP is the as-of date, so output is stable, and
// SEQUENCE counts the as-of date's days, so that of two imports the later
// export's version of an event wins (RFC 5546: a higher SEQUENCE is a newer
// revision). That is what lets a calendar move an overdue event to the next
// day and drop one that was done: the same UID, a higher SEQUENCE, and
// STATUS:CANCELLED. Events that are not cancelled say STATUS:CONFIRMED, so
// an obligation that comes back (its exemption ended) is revived.
#include <mestring/format/ics.hpp>

#include <mestring/file_name.hpp>
#include <mestring/rules.hpp>

#include <fmt/format.h>

namespace mestring {

namespace {

// YYYYMMDD, the form of a DATE value.
std::string ics_date(Date d) { return fmt::format("{:04}{:02}{:02}", d.year(), d.month(), d.day()); }

// "hold the first follow-up" → "Hold the first follow-up" (titles start in ASCII).
std::string capitalized(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
    out[0] = char(out[0] - 'a' + 'A');
  return out;
}

void line(std::string &out, std::string_view name, std::string_view value) {
  out += ics_fold(fmt::format("{}:{}", name, value));
  out += "\r\n";
}

struct Event {
  std::string uid;
  Date on;
  std::string summary, description, owner;
  bool cancelled = false;
};

void write_event(std::string &out, const Event &e, const AgendaView &v) {
  out += "BEGIN:VEVENT\r\n";
  line(out, "UID", ics_escape(e.uid));
  line(out, "DTSTAMP", ics_date(v.as_of) + "T000000Z");
  line(out, "SEQUENCE", std::to_string(ics_sequence(v.as_of)));
  line(out, "DTSTART;VALUE=DATE", ics_date(e.on));
  line(out, "DTEND;VALUE=DATE", ics_date(add_days(e.on, 1)));
  line(out, "SUMMARY", ics_escape(e.summary));
  line(out, "DESCRIPTION", ics_escape(e.description));
  // The person who must act, so a shared calendar can be filtered by person.
  if (!e.owner.empty())
    line(out, "CATEGORIES", ics_escape(e.owner));
  line(out, "STATUS", e.cancelled ? "CANCELLED" : "CONFIRMED");
  line(out, "TRANSP", "TRANSPARENT");
  out += "END:VEVENT\r\n";
}

std::string uid_of(const AgendaItem &i) { return fmt::format("{}-{}-{}@mestring", i.case_id, i.rule->id, i.due.iso()); }

// "Hold the first follow-up – 2025-0142 Jens Hansen".
std::string what(const AgendaItem &i, const AgendaView &v) {
  auto text = fmt::format("{} – {}", capitalized(i.rule->title(v.lang)), i.case_id);
  if (v.names && !i.name.empty())
    text += fmt::format(" {}", i.name);
  return text;
}

// "Tue 11 Nov", with the year when it is not the as-of date's.
std::string due_text(Date due, const AgendaView &v) {
  auto text = short_date(due, v.lang);
  if (due.year() != v.as_of.year())
    text += fmt::format(" {}", due.year());
  return text;
}

// Where the due date comes from and where to look.
std::string details(const AgendaItem &i, const AgendaView &v) {
  auto text = trf(v.lang, "Rule: {}\nDue: {} ({})\n", i.rule->id, i.due.iso(), i.anchor);
  text += trf(v.lang, "Source: {}\n", i.rule->source);
  text += i.line > 0 ? trf(v.lang, "File: {}:{}", i.file, i.line) : trf(v.lang, "File: {}", i.file);
  return text;
}

Event item_event(const AgendaItem &i, const AgendaView &v) {
  if (!i.overdue)
    return {uid_of(i), i.due, what(i, v), details(i, v), i.owner};
  const long late = days_between(i.due, v.as_of);
  return {uid_of(i), v.as_of, trf(v.lang, "OVERDUE (due {}): ", due_text(i.due, v)) + what(i, v),
          trf(v.lang, late == 1 ? "Overdue since {} ({} day as of {}).\n" : "Overdue since {} ({} days as of {}).\n",
              i.due.iso(), late, v.as_of.iso()) +
              details(i, v),
          i.owner};
}

// One event on the as-of date for every overdue item, listing them; its UID
// is the calendar's, so each day's export moves it, and a day with nothing
// overdue cancels it.
Event summary_event(const std::vector<const AgendaItem *> &overdue, const AgendaView &v, const std::string &scope) {
  const auto n = overdue.size();
  Event e{fmt::format("overdue{}@mestring", scope.empty() ? "" : "-" + ascii_file_stem(scope)),
          v.as_of,
          trf(v.lang, n == 1 ? "{} overdue" : "{} overdue\x04plural", n),
          "",
          "",
          n == 0};
  if (n == 0)
    e.description = tr(v.lang, "Nothing is overdue.");
  for (const auto *i : overdue) {
    const long late = days_between(i->due, v.as_of);
    e.description +=
        fmt::format("{}{}{}: {}\n", i->case_id, v.names && !i->name.empty() ? " " + i->name : "",
                    i->owner.empty() ? "" : fmt::format(" ({})", i->owner),
                    trf(v.lang, late == 1 ? "{} — overdue since {} ({} day)" : "{} — overdue since {} ({} days)",
                        capitalized(i->rule->title(v.lang)), due_text(i->due, v), late));
  }
  return e;
}

} // namespace

long ics_sequence(Date as_of) { return days_between(Date::from_ymd(1970, 1, 1), as_of); }

std::string ics_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '\\': out += "\\\\"; break;
    case ';': out += "\\;"; break;
    case ',': out += "\\,"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += c; break;
    default:
      // CR (of a CRLF) and other controls are not allowed in TEXT.
      if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F)
        out += c;
    }
  }
  return out;
}

std::string ics_fold(std::string_view line) {
  // The first line holds 75 octets; each continuation holds a space and 74.
  constexpr size_t limit = 75;
  std::string out;
  size_t room = limit;
  while (line.size() > room) {
    size_t cut = room;
    // Never start the next line on a UTF-8 continuation byte (10xxxxxx).
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)
      --cut;
    if (cut == 0) // not UTF-8 at all: cut where the octets run out
      cut = room;
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    room = limit - 1;
  }
  out.append(line);
  return out;
}

std::string render_agenda_ics(const Agenda &a, const AgendaView &v, const IcsOptions &opt) {
  std::string out = "BEGIN:VCALENDAR\r\n";
  line(out, "VERSION", "2.0");
  line(out, "PRODID", "-//mestring//mestring due//EN");
  line(out, "CALSCALE", "GREGORIAN");
  line(out, "METHOD", "PUBLISH");
  line(out, "X-WR-CALNAME", "mestring");
  std::vector<const AgendaItem *> overdue;
  for (const auto &i : a.items) {
    if (i.overdue && opt.overdue_as == OverdueAs::summary)
      overdue.push_back(&i);
    else
      write_event(out, item_event(i, v), v);
  }
  if (opt.overdue_as == OverdueAs::summary)
    write_event(out, summary_event(overdue, v, opt.scope), v);
  // The same UIDs, cancelled: what was done, and what is set aside.
  for (const auto &i : a.done)
    write_event(out,
                {uid_of(i), i.due, trf(v.lang, "Done: {}", what(i, v)),
                 trf(v.lang, "Met on {}.\n", i.met->iso()) + details(i, v), i.owner, true},
                v);
  for (const auto &i : a.exempted) {
    const auto &e = *i.exemption;
    write_event(out,
                {uid_of(i), i.due, trf(v.lang, "Exempted: {}", what(i, v)),
                 capitalized(trf(v.lang, "exempted until {}: {}", e.until.iso(), e.reason)) + "\n" + details(i, v),
                 i.owner, true},
                v);
  }
  out += "END:VCALENDAR\r\n";
  return out;
}

} // namespace mestring
