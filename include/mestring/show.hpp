#pragma once
// `show`, `rules` and `explain`: one case with its timeline and every
// obligation, and the rule catalog as the config makes it.

#include <mestring/case.hpp>
#include <mestring/config.hpp>
#include <mestring/i18n.hpp>

#include <string>

namespace mestring {

struct ShowOptions {
  bool show_cpr = false;
  bool names = true;
  Lang lang = Lang::en;
  bool color = false; // text only: missed in red, met in green
};

std::string render_show_text(const Case &c, const Config &cfg, Date as_of, const ShowOptions &opt);
std::string render_show_json(const Case &c, const Config &cfg, Date as_of, const ShowOptions &opt);

// The catalog, one rule per line, with the config's severity and state.
std::string render_rules_text(const Config &cfg, Lang lang = Lang::en);
// One rule in full, in the config's language; returns "" for an unknown id.
std::string render_explain_text(const Config &cfg, std::string_view id, Lang lang = Lang::en);

} // namespace mestring
