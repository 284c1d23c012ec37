#pragma once
// The mestring.yaml that `mestring init` writes: every setting of the
// built-in defaults (`mestring config --defaults`), each as a comment showing
// its default under a one-line explanation in Danish or English, so an
// office sees what it can change without reading a manual. It is made from
// the embedded defaults and the rule catalog when it is written, so it can
// never disagree with them; only `cases: cases` is set.
//
// A setting is commented out with a bare "#" ("#language: auto", "#  closed:
// []"), an explanation with "# " at its setting's indentation, so deleting
// the first character of a section's lines gives valid YAML.

#include <mestring/i18n.hpp>

#include <string>
#include <string_view>

namespace mestring {

// The folder `init` makes for the case files, and what the file sets `cases:` to.
inline constexpr std::string_view starter_cases_folder = "cases";

// Returns the text of a new mestring.yaml, its comments in `lang`.
std::string starter_config(Lang lang);

// The one-line explanation of the setting at `path` ("calendar.closed",
// "rules.*.period" for a rule's setting), in `lang`; "" for an unknown path.
std::string_view setting_help(std::string_view path, Lang lang);

} // namespace mestring
