// The agenda before and after a write, rule by rule: an obligation is the
// same when its rule and due date are; what was listed and is no longer is
// met, or gone (with the reason when the case says it), and what is listed
// only after is new, or the same obligation moved to another due date.
#include <mestring/effect.hpp>

#include <mestring/rules.hpp>

#include <algorithm>

namespace mestring {

namespace {

// What check and due show of a case.
bool listed(const Obligation &o) { return o.reportable && (o.state == State::open || o.state == State::missed); }

std::string due_of(const Obligation &o) { return o.due ? o.due->iso() : ""; }

// "non-response, due 2025-11-28" (or "level-frequency-85" for a rate).
std::string head(const Obligation &o, Lang lang) {
  return o.due ? trf(lang, "{}, due {}", o.id(), o.due->iso()) : std::string(o.id());
}

// Why an obligation left the agenda, when the case after the write says so.
std::string why_gone(const Obligation &o, const Case &before, const Case &after, Date as_of, Lang lang) {
  const auto now = status_of(after, as_of);
  if (now == Status::closed && status_of(before, as_of) != Status::closed)
    return std::string(tr(lang, "the case is closed"));
  if (now == Status::refused && status_of(before, as_of) != Status::refused)
    return std::string(tr(lang, "the application was refused"));
  if (after.end && o.due && *after.end < *o.due && !(before.end && *before.end < *o.due))
    return trf(lang, "the case ends {}, before it falls due", after.end->iso());
  if (o.id() == "non-response") {
    // The streak ended: the latest contact up to the as-of date was answered.
    const Contact *latest = nullptr;
    for (const auto &c : after.contacts)
      if (c.date <= as_of && (!latest || c.date >= latest->date))
        latest = &c;
    if (latest && latest->reached())
      return std::string(tr(lang, "the citizen answered"));
  }
  return "";
}

} // namespace

std::vector<std::string> agenda_changes(const Case &before, const Case &after, const Config &cfg, Date as_of,
                                        Lang lang) {
  const auto old_list = obligations_of(before, cfg, as_of);
  const auto new_list = obligations_of(after, cfg, as_of);
  std::vector<std::string> out;
  for (const auto &spec : rule_catalog()) {
    std::vector<const Obligation *> was, is;
    for (const auto &o : old_list)
      if (o.rule == &spec && listed(o))
        was.push_back(&o);
    for (const auto &o : new_list)
      if (o.rule == &spec)
        is.push_back(&o);
    std::vector<bool> used(is.size(), false);
    // The same obligation: same rule and due date, listed before.
    std::vector<const Obligation *> gone;
    for (const auto *b : was) {
      size_t k = 0;
      while (k < is.size() && (used[k] || due_of(*is[k]) != due_of(*b)))
        ++k;
      if (k == is.size()) {
        gone.push_back(b);
        continue;
      }
      const auto &a = *is[k];
      used[k] = true;
      if (a.state == State::met || a.state == State::met_late)
        out.push_back(fmt::format("{}: {}", head(a, lang), state_name(a.state, lang)));
      else if (!a.reportable) {
        const auto why = why_gone(a, before, after, as_of, lang);
        out.push_back(why.empty() ? trf(lang, "{}: no longer due", head(a, lang))
                                  : trf(lang, "{}: no longer due — {}", head(a, lang), why));
      } else if (a.exempted() && !b->exempted() && size_t(a.exemption) < after.exemptions.size()) {
        const auto &e = after.exemptions[size_t(a.exemption)];
        out.push_back(trf(lang, "{}: exempted until {} ({})", head(a, lang), e.until.iso(), e.reason));
      } else if (!a.exempted() && b->exempted()) {
        out.push_back(trf(lang, "{}: no longer exempted", head(a, lang)));
      } else if (a.state != b->state) {
        out.push_back(trf(lang, a.state == State::missed ? "{}: now overdue" : "{}: no longer overdue", head(a, lang)));
      }
    }
    // New on the agenda: one that left it with another due date moved there.
    for (size_t i = 0; i < is.size(); ++i) {
      if (used[i] || !listed(*is[i]))
        continue;
      const auto was_there =
          std::find_if(was.begin(), was.end(), [&](const Obligation *b) { return due_of(*b) == due_of(*is[i]); });
      if (was_there != was.end())
        continue;
      // An obligation that is overdue the moment it appears says so.
      const bool late = is[i]->state == State::missed;
      if (!gone.empty() && is[i]->due && gone.front()->due) {
        out.push_back(trf(lang, late ? "{}: due {} instead of {}, so overdue" : "{}: due {} instead of {}", spec.id,
                          is[i]->due->iso(), gone.front()->due->iso()));
        gone.erase(gone.begin());
      } else if (is[i]->due) {
        out.push_back(trf(lang, late ? "{}: due {}, so overdue" : "{}: now due {}", spec.id, is[i]->due->iso()));
      } else {
        out.push_back(fmt::format("{}: {}", spec.id, state_name(is[i]->state, lang)));
      }
    }
    for (const auto *b : gone) {
      const auto why = why_gone(*b, before, after, as_of, lang);
      out.push_back(why.empty() ? trf(lang, "{}: no longer due", head(*b, lang))
                                : trf(lang, "{}: no longer due — {}", head(*b, lang), why));
    }
  }
  return out;
}

} // namespace mestring
