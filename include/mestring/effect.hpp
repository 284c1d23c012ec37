#pragma once
// What a write did to a case's agenda, in words: after `add`, `close` or
// `decide`, the coach reads which obligations were met, which fell away and
// why ("non-response, due 2025-11-28: no longer due — the citizen was
// reached"), which are new and which moved. "The agenda" is what `check`
// and `due` show of the case: its reportable obligations that are open or
// missed.

#include <mestring/case.hpp>
#include <mestring/config.hpp>
#include <mestring/i18n.hpp>

#include <string>
#include <vector>

namespace mestring {

// One line per change, in `lang`, in catalog order; empty when the agenda
// is as it was.
std::vector<std::string> agenda_changes(const Case &before, const Case &after, const Config &cfg, Date as_of,
                                        Lang lang);

} // namespace mestring
