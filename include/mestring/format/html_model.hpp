#pragma once
// From the core's results to the HTML pages' view models (format/html.hpp):
// what `due --format html` and `stats --format html` render. Every text is
// made here in the page's language, so the renderers need nothing else of
// the core; keys stay those of the JSON output, so tests can compare the
// pages' rows and bars with it.

#include <mestring/agenda.hpp>
#include <mestring/format/html.hpp>
#include <mestring/stats.hpp>

#include <string>

namespace mestring {

// Returns the agenda page's model: its items and exempted items grouped as
// `v.by` says, citizens' names only when `v.names`. A filter that names one
// person (--for with --by owner, --coach with --by coach, --advisor with
// --by advisor) and finds nothing gives that person a group of their own,
// so that their page says they have nothing due instead of being left out.
HtmlAgenda html_agenda_of(const Agenda &a, const AgendaView &v, const AgendaFilter &f);

// Returns the report's model: the caseload, and compliance per rule, month
// and coach, with rule names in `lang`; bars keyed as `stats --format json`
// names them.
HtmlReport html_report_of(const Stats &s, Lang lang);

} // namespace mestring
