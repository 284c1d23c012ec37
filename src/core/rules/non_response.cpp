// non-response: when the citizen does not answer, the coach informs the
// authority (003: "4 kontakter eller max 1 måneds kontaktforsøg"). The
// current streak of unanswered attempts after the last reached contact must
// be escalated by the 4th attempt or a month after the first, whichever
// comes first. Earlier streaks are history.
#include "engine.hpp"

#include <algorithm>

namespace mestring {

void evaluate_non_response(RuleContext &x) {
  std::vector<const Contact *> contacts;
  for (const auto &k : x.c.contacts)
    if (k.date <= x.as_of)
      contacts.push_back(&k);
  std::stable_sort(contacts.begin(), contacts.end(), [](auto *a, auto *b) { return a->date < b->date; });
  std::vector<std::vector<const Contact *>> streaks(1);
  for (const auto *k : contacts) {
    if (k->reached()) {
      if (!streaks.back().empty())
        streaks.emplace_back();
    } else {
      streaks.back().push_back(k);
    }
  }
  const size_t attempts = size_t(std::max(1, x.settings.attempts));
  for (size_t s = 0; s < streaks.size(); ++s) {
    const auto &streak = streaks[s];
    if (streak.empty())
      continue;
    const Date first = streak.front()->date;
    Date due = x.due_after(first, x.settings.period);
    Anchor anchor = Anchor::plus(Term::first_attempt, first);
    if (streak.size() >= attempts && streak[attempts - 1]->date < due) {
      due = streak[attempts - 1]->date;
      anchor = Anchor::nth(int(attempts), due);
    }
    const auto hit = first_from(x.c.escalations, first, x.as_of);
    x.settle(due, hit ? std::optional{hit->first} : std::nullopt, streak.front()->line, anchor,
             hit ? std::optional{Evidence{Term::escalation, hit->first, hit->second}} : std::nullopt,
             s + 1 < streaks.size());
  }
}

} // namespace mestring
