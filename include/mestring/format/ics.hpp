#pragma once
// `due --format ics`: the agenda as an RFC 5545 calendar of all-day events,
// one per obligation, with a UID that stays the same across runs and as-of
// dates, so a calendar that re-imports the file updates instead of
// duplicating, and a SEQUENCE that grows with the as-of date, so the later
// export wins. What was done since (and what an exemption sets aside) comes
// with the same UID and STATUS:CANCELLED, so the calendar drops it.

#include <mestring/agenda.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace mestring {

// How overdue obligations appear (`--overdue-as`): each as an event of its
// own on the as-of date, or all together as one event there.
enum class OverdueAs { events, summary };

struct IcsOptions {
  OverdueAs overdue_as = OverdueAs::events;
  // Tells the summary event of one filtered calendar from another's
  // ("coach Lars Berg"), so both can live in one calendar; "" when unfiltered.
  std::string scope;
};

// Renders the agenda as a VCALENDAR: a VEVENT per item, overdue ones on the
// as-of date with "OVERDUE (due …)" in the SUMMARY (or one "N overdue"
// event listing them, with OverdueAs::summary); a cancelled VEVENT per done
// and per exempted item. Names appear only when `v.names` is set; CRLF line
// ends, long lines folded.
std::string render_agenda_ics(const Agenda &a, const AgendaView &v, const IcsOptions &opt = {});

// The SEQUENCE of every event written on `as_of`: its days since 1970-01-01,
// so a calendar takes the later of two exports as the newer.
long ics_sequence(Date as_of);

// Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and
// newline get a backslash; CR and other control characters but tab are dropped.
std::string ics_escape(std::string_view text);

// Folds one content line (without its line end) into lines of at most 75
// octets joined by CRLF + space, never cutting a UTF-8 character in two.
std::string ics_fold(std::string_view line);

} // namespace mestring
