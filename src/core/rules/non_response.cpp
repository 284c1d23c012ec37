// non-response: when the citizen does not answer, the coach informs the
// authority (003: "4 kontakter eller max 1 måneds kontaktforsøg"), exactly
// as rules.md "non-response in detail" says. Contacts sorted by date (ties
// keep file order) fall into streaks of unanswered attempts, each ended by
// the next reached contact. A streak is due at its N-th attempt or a month
// after its first, whichever comes first; one the citizen ended by
// answering on or before that never came due. Only the current streak is
// reported; earlier ones are history for show and stats.
#include "engine.hpp"

#include <algorithm>
#include <functional>
#include <span>

namespace mestring {

namespace {

// A streak: attempts (unanswered contacts, by date) and the date of the
// reached contact that ended it; none for the current streak.
struct Streak {
  std::span<const Contact *const> attempts;
  std::optional<Date> ended;
};

// Calls `each` for every streak of the contacts dated up to `as_of`, sorted
// by date (ties in file order), in a buffer each thread reuses.
template <typename Each> void for_each_streak(const Case &c, Date as_of, Each each) {
  thread_local std::vector<const Contact *> contacts;
  contacts.clear();
  for (const auto &k : c.contacts)
    if (k.date <= as_of)
      contacts.push_back(&k);
  // Pointers into one vector: their order is the file's, for ties.
  std::sort(contacts.begin(), contacts.end(), [](const Contact *a, const Contact *b) {
    return a->date < b->date || (a->date == b->date && std::less<>{}(a, b));
  });
  for (size_t b = 0; b < contacts.size();) {
    if (contacts[b]->reached()) {
      ++b;
      continue;
    }
    size_t e = b;
    while (e < contacts.size() && !contacts[e]->reached())
      ++e;
    each(Streak{std::span(contacts).subspan(b, e - b),
                e < contacts.size() ? std::optional{contacts[e]->date} : std::nullopt});
    b = e;
  }
}

// An escalation counts for a streak only with one of these reasons.
bool counts(const Escalation &e) { return e.reason == Reason::non_response || e.reason == Reason::other; }

} // namespace

void evaluate_non_response(RuleContext &x) {
  const size_t attempts = size_t(std::max(1, x.settings.attempts));
  for_each_streak(x.c, x.as_of, [&](const Streak &streak) {
    const Date first = streak.attempts.front()->date;
    Date due = x.due_after(first, x.settings.period);
    Anchor anchor = Anchor::plus(Term::first_attempt, first);
    if (streak.attempts.size() >= attempts && streak.attempts[attempts - 1]->date < due) {
      due = streak.attempts[attempts - 1]->date;
      anchor = Anchor::nth(int(attempts), due);
    }
    if (streak.ended && *streak.ended <= due)
      return; // the citizen answered in time: it never came due
    // The earliest escalation in [first attempt, end of the streak] (the
    // as-of date for the current one): in time up to the due date, late after.
    const Date last = streak.ended.value_or(x.as_of);
    const Escalation *hit = nullptr;
    for (const auto &e : x.c.escalations)
      if (counts(e) && e.date >= first && e.date <= last && e.date <= x.as_of && (!hit || e.date < hit->date))
        hit = &e;
    x.settle(due, hit ? std::optional{hit->date} : std::nullopt, streak.attempts.front()->line, anchor,
             hit ? std::optional{Evidence{Term::escalation, hit->date, hit->line}} : std::nullopt,
             streak.ended.has_value());
  });
}

} // namespace mestring
