#pragma once
// `due --format ics`: the agenda as an RFC 5545 calendar of all-day events,
// one per obligation, with a UID that stays the same across runs and as-of
// dates, so a calendar that re-imports the file updates instead of duplicating.

#include <mestring/agenda.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace mestring {

// Renders the agenda as a VCALENDAR with one VEVENT per item; overdue items
// fall on the as-of date with SUMMARY "OVERDUE: …". Names appear only when
// `v.names` is set; CRLF line ends, long lines folded.
std::string render_agenda_ics(const std::vector<AgendaItem> &items, const AgendaView &v);

// Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and
// newline get a backslash; CR and other control characters but tab are dropped.
std::string ics_escape(std::string_view text);

// Folds one content line (without its line end) into lines of at most 75
// octets joined by CRLF + space, never cutting a UTF-8 character in two.
std::string ics_fold(std::string_view line);

} // namespace mestring
