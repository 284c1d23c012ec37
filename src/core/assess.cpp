#include <mestring/assess.hpp>

#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>
#include <type_traits>

namespace mestring {

namespace {

// The summary of a case whose level and status on the as-of date are known.
CaseSummary summary_of(const Case &c, std::optional<int> level, Status status) {
  return {c.file, c.id, c.name, c.paragraph, c.coach, c.advisor, level, status, c.exemptions};
}

// The obligations of `all` that `keep` accepts, into a buffer each thread
// reuses: a case with none to show allocates nothing for them.
const std::vector<Obligation> &kept_of(const std::vector<Obligation> &all, const Keep &keep) {
  thread_local std::vector<Obligation> kept;
  kept.clear();
  for (const auto &o : all)
    if (!keep || keep(o))
      kept.push_back(o);
  return kept;
}

// ---- What the rules made of a case, as the cache keeps it (load_derived) --
//
// One AssessedRec, then one ObligationRec per obligation, in catalog order:
// dates as day numbers, enums as bytes, the rule as its place in the
// catalog. The format's name carries the catalog's ids, so that bytes
// written by a build with other rules are never read back.

struct AssessedRec {
  uint32_t count;
  int32_t level; // in force on the as-of date; 0 for none
  uint8_t status, pad[3];
};
struct ObligationRec {
  uint16_t rule;
  uint8_t state, severity, role, flags, anchor_term, anchor_op;
  int32_t exemption, due, line, anchor_date, anchor_to, anchor_n;
  int32_t evidence_date, evidence_line, reached, level, limit;
  uint8_t evidence_term, at_least, pad[2];
};
static_assert(std::has_unique_object_representations_v<AssessedRec> &&
              std::has_unique_object_representations_v<ObligationRec>);
enum : uint8_t { reportable = 1, has_due = 2, has_evidence = 4, has_count = 8, known_flags = 15 };

const std::string &derived_format() {
  static const std::string format = [] {
    std::string f = "obligations 1:";
    for (const auto &r : rule_catalog())
      f.append(r.id).push_back(' ');
    return f;
  }();
  return format;
}

int32_t day_of(Date d) { return int32_t(d.days.time_since_epoch().count()); }

template <typename T> void append(std::string &out, const T &record) {
  out.append(reinterpret_cast<const char *>(&record), sizeof record);
}

// Whether every date of `o` is a day number of 32 bits: any a case file
// and a config of sane spans give (a span of 100,000 months, summed
// many times over, could give more).
bool fits(const Obligation &o) {
  const auto in_range = [](Date d) {
    const auto n = d.days.time_since_epoch().count();
    return n >= INT32_MIN && n <= INT32_MAX;
  };
  return (!o.due || in_range(*o.due)) && in_range(o.anchor.date) && in_range(o.anchor.to) &&
         (!o.evidence || in_range(o.evidence->date));
}

// Writes what the rules make of `c` at `as_of` into `out`; leaves it empty
// when that cannot be written exactly (fits()): nothing is kept then.
void write_assessed(const Case &c, const Config &cfg, Date as_of, std::string &out) {
  thread_local std::vector<Obligation> all;
  obligations_of(c, cfg, as_of, all);
  out.clear();
  if (!std::all_of(all.begin(), all.end(), fits))
    return;
  append(out,
         AssessedRec{uint32_t(all.size()), level_on(c, as_of).level.value_or(0), uint8_t(status_of(c, as_of)), {}});
  const RuleSpec *first = rule_catalog().data();
  for (const auto &o : all) {
    const Evidence e = o.evidence.value_or(Evidence{});
    const Count n = o.count.value_or(Count{});
    append(out, ObligationRec{uint16_t(o.rule - first),
                              uint8_t(o.state),
                              uint8_t(o.severity),
                              uint8_t(o.role),
                              uint8_t((o.reportable ? reportable : 0) | (o.due ? has_due : 0) |
                                      (o.evidence ? has_evidence : 0) | (o.count ? has_count : 0)),
                              uint8_t(o.anchor.term),
                              uint8_t(o.anchor.op),
                              o.exemption,
                              o.due ? day_of(*o.due) : 0,
                              o.line,
                              day_of(o.anchor.date),
                              day_of(o.anchor.to),
                              o.anchor.n,
                              day_of(e.date),
                              e.line,
                              n.reached,
                              n.level,
                              n.limit,
                              uint8_t(e.term),
                              uint8_t(n.at_least),
                              {}});
  }
}

// Reads what write_assessed wrote for `c`; false for bytes that are not
// exactly that: every value that names something (a rule, a state, a term,
// an exemption of `c`) is checked, as the cache entry's are.
bool read_assessed(std::string_view bytes, const Case &c, std::optional<int> &level, Status &status,
                   std::vector<Obligation> &out) {
  AssessedRec head{};
  if (bytes.size() < sizeof head)
    return false;
  std::memcpy(&head, bytes.data(), sizeof head);
  bytes.remove_prefix(sizeof head);
  if (head.count != bytes.size() / sizeof(ObligationRec) || bytes.size() % sizeof(ObligationRec) != 0 ||
      head.level < 0 || head.status > uint8_t(Status::closed))
    return false;
  level = head.level > 0 ? std::optional{int(head.level)} : std::nullopt;
  status = Status(head.status);
  const auto rules = rule_catalog();
  bool ok = true;
  const auto date = [](int32_t day) { return Date{std::chrono::sys_days{std::chrono::days{day}}}; };
  const auto line = [&ok](int32_t v) { return (ok = ok && v >= 0), int(v); };
  constexpr auto last_term = uint8_t(Term::significant_change);
  out.resize(head.count);
  for (size_t i = 0; i < out.size() && ok; ++i) {
    ObligationRec r{};
    std::memcpy(&r, bytes.data() + i * sizeof r, sizeof r);
    ok = r.rule < rules.size() && r.state <= uint8_t(State::missed) && r.severity <= uint8_t(Severity::error) &&
         r.role <= uint8_t(Role::coach) && (r.flags & ~known_flags) == 0 && r.anchor_term <= last_term &&
         r.anchor_op <= uint8_t(Anchor::Op::range) && r.evidence_term <= last_term && r.at_least <= 1 &&
         r.exemption >= -1 && r.exemption < int32_t(std::min<size_t>(c.exemptions.size(), INT32_MAX));
    if (!ok)
      break;
    auto &o = out[i];
    o.rule = &rules[r.rule];
    o.state = State(r.state);
    o.severity = Severity(r.severity);
    o.role = Role(r.role);
    o.exemption = r.exemption;
    o.reportable = r.flags & reportable;
    o.due = r.flags & has_due ? std::optional{date(r.due)} : std::nullopt;
    o.line = line(r.line);
    o.anchor = Anchor{};
    o.anchor.term = Term(r.anchor_term);
    o.anchor.op = Anchor::Op(r.anchor_op);
    o.anchor.date = date(r.anchor_date);
    o.anchor.to = date(r.anchor_to);
    o.anchor.n = r.anchor_n;
    o.evidence = r.flags & has_evidence
                     ? std::optional{Evidence{Term(r.evidence_term), date(r.evidence_date), line(r.evidence_line)}}
                     : std::nullopt;
    o.count = r.flags & has_count ? std::optional{Count{r.reached, r.level, r.limit, r.at_least == 1}} : std::nullopt;
  }
  return ok;
}

// Assesses what load_derived loads from `files` (paths, or paths with
// bytes): the rules run on the loading thread, or not at all for a file
// unchanged since a run on the same as-of date (the cache kept what they
// made of it).
template <typename Files>
Assessment assess_loaded(const Files &files, const Config &cfg, Date as_of, const LoadOptions &opt, const Keep &keep,
                         Cases cases) {
  Assessment out;
  out.files = files.size();
  std::vector<std::unique_ptr<Assessed>> slots(files.size()); // in file order, whatever thread made them
  // The views print no notes: the cache need not decode them.
  LoadOptions without_notes = opt;
  without_notes.notes = false;
  const Derive derive{derived_format(),
                      [&](const Case &c, std::string &bytes) { write_assessed(c, cfg, as_of, bytes); }};
  out.findings = load_derived(files, cfg, as_of, without_notes, derive, [&](size_t i, Case &c, std::string_view bytes) {
    thread_local std::vector<Obligation> all;
    std::optional<int> level;
    Status status{};
    if (bytes.empty()) { // nothing could be written (write_assessed): the case is whole, the rules run on it
      obligations_of(c, cfg, as_of, all);
      level = level_on(c, as_of).level;
      status = status_of(c, as_of);
    } else if (!read_assessed(bytes, c, level, status, all)) {
      return false;
    }
    const auto &kept = kept_of(all, keep);
    if (cases == Cases::every || !kept.empty())
      slots[i] = std::make_unique<Assessed>(Assessed{summary_of(c, level, status), kept});
    return true;
  });
  out.cases.reserve(size_t(std::count_if(slots.begin(), slots.end(), [](const auto &s) { return s != nullptr; })));
  for (auto &slot : slots)
    if (slot)
      out.cases.push_back(std::move(*slot));
  return out;
}

} // namespace

CaseSummary summarize(const Case &c, Date as_of) {
  return summary_of(c, level_on(c, as_of).level, status_of(c, as_of));
}

const std::string &owner_of(const Obligation &o, const CaseSummary &c) {
  return o.role == Role::authority ? c.advisor : c.coach;
}

const Exemption *exemption_of(const Obligation &o, const CaseSummary &c) {
  return o.exempted() && size_t(o.exemption) < c.exemptions.size() ? &c.exemptions[size_t(o.exemption)] : nullptr;
}

Assessed assess_case(const Case &c, const Config &cfg, Date as_of, const Keep &keep) {
  // Every obligation into a buffer each thread reuses; only those kept are copied out.
  thread_local std::vector<Obligation> all;
  obligations_of(c, cfg, as_of, all);
  return {summarize(c, as_of), kept_of(all, keep)};
}

Assessment assess_files(const std::vector<std::string> &files, const Config &cfg, Date as_of, const LoadOptions &opt,
                        const Keep &keep, Cases cases) {
  return assess_loaded(files, cfg, as_of, opt, keep, cases);
}

Assessment assess_files(const std::vector<CaseBytes> &files, const Config &cfg, Date as_of, const LoadOptions &opt,
                        const Keep &keep, Cases cases) {
  return assess_loaded(files, cfg, as_of, opt, keep, cases);
}

} // namespace mestring
