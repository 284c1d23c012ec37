// The iCalendar writer. Every event is an all-day VEVENT; its UID is built
// from what identifies the obligation (case, rule, due date) and nothing that
// changes between runs, and DTSTAMP is the as-of date, so output is stable.
#include <mestring/format/ics.hpp>

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

void event(std::string &out, const AgendaItem &i, const AgendaView &v) {
  const Date on = i.overdue ? v.as_of : i.due;
  std::string summary =
      fmt::format("{}{} – {}", i.overdue ? tr(v.lang, "OVERDUE: ") : "", capitalized(i.rule->title(v.lang)), i.case_id);
  if (v.names && !i.name.empty())
    summary += fmt::format(" {}", i.name);

  std::string description;
  if (i.overdue) {
    const long late = days_between(i.due, v.as_of);
    description +=
        trf(v.lang, late == 1 ? "Overdue since {} ({} day as of {}).\n" : "Overdue since {} ({} days as of {}).\n",
            i.due.iso(), late, v.as_of.iso());
  }
  description += trf(v.lang, "Rule: {}\nDue: {} ({})\n", i.rule->id, i.due.iso(), i.anchor);
  description += trf(v.lang, "Source: {}\n", i.rule->source);
  description += i.line > 0 ? trf(v.lang, "File: {}:{}", i.file, i.line) : trf(v.lang, "File: {}", i.file);

  out += "BEGIN:VEVENT\r\n";
  line(out, "UID", ics_escape(fmt::format("{}-{}-{}@mestring", i.case_id, i.rule->id, i.due.iso())));
  line(out, "DTSTAMP", ics_date(v.as_of) + "T000000Z");
  line(out, "DTSTART;VALUE=DATE", ics_date(on));
  line(out, "DTEND;VALUE=DATE", ics_date(add_days(on, 1)));
  line(out, "SUMMARY", ics_escape(summary));
  line(out, "DESCRIPTION", ics_escape(description));
  // The person who must act, so a shared calendar can be filtered by person.
  if (!i.owner.empty())
    line(out, "CATEGORIES", ics_escape(i.owner));
  line(out, "TRANSP", "TRANSPARENT");
  out += "END:VEVENT\r\n";
}

} // namespace

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

std::string render_agenda_ics(const std::vector<AgendaItem> &items, const AgendaView &v) {
  std::string out = "BEGIN:VCALENDAR\r\n";
  line(out, "VERSION", "2.0");
  line(out, "PRODID", "-//mestring//mestring due//EN");
  line(out, "CALSCALE", "GREGORIAN");
  line(out, "METHOD", "PUBLISH");
  line(out, "X-WR-CALNAME", "mestring");
  for (const auto &i : items)
    event(out, i, v);
  out += "END:VCALENDAR\r\n";
  return out;
}

} // namespace mestring
