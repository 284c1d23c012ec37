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
// One AssessedRec, then per obligation, in catalog order, an 8-byte
// ObligationHead (the rule as its place in the catalog, enums as bytes,
// flags for what follows) and then only the numbers it has, each a
// zigzag varint: line, anchor date, and as the flags and the anchor's kind
// say, the exemption, due date, anchor end or attempt number, evidence
// (date, line, term) and count (reached, level, limit). Dates are day
// numbers. About 22 bytes an obligation where fixed records took 56: the
// cache file of 100,000 cases is a fifth smaller. The format's name carries
// the catalog's ids, so that bytes written by a build with other rules are
// never read back.

struct AssessedRec {
  uint32_t count;
  int32_t level; // in force on the as-of date; 0 for none
  uint8_t status, pad[3];
};
struct ObligationHead {
  uint16_t rule;
  uint8_t state, severity, role, flags, anchor_term, anchor_op;
};
static_assert(std::has_unique_object_representations_v<AssessedRec> &&
              std::has_unique_object_representations_v<ObligationHead>);
enum : uint8_t {
  reportable = 1,
  has_due = 2,
  has_evidence = 4,
  has_count = 8,
  has_exemption = 16,
  at_least = 32, // of the count
  known_flags = 63
};

const std::string &derived_format() {
  static const std::string format = [] {
    std::string f = "obligations 2:";
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

// A signed number of 32 bits as a zigzag varint: 7 bits a byte, low first.
void put_number(std::string &out, int32_t v) {
  auto z = (uint32_t(v) << 1) ^ uint32_t(v >> 31); // 0, -1, 1, -2 … → 0, 1, 2, 3 …
  for (; z >= 0x80; z >>= 7)
    out.push_back(char(uint8_t(z) | 0x80));
  out.push_back(char(z));
}

// Reads what put_number wrote; false at the end of the bytes or for a
// number longer than 32 bits.
bool take_number(std::string_view &bytes, int32_t &v) {
  uint32_t z = 0;
  for (unsigned shift = 0; shift < 35; shift += 7) {
    if (bytes.empty())
      return false;
    const auto b = uint8_t(bytes.front());
    bytes.remove_prefix(1);
    if (shift == 28 && b > 0x0F)
      return false; // more than 32 bits
    z |= uint32_t(b & 0x7F) << shift;
    if ((b & 0x80) == 0) {
      v = int32_t(z >> 1) ^ -int32_t(z & 1);
      return true;
    }
  }
  return false;
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
    const auto op = o.anchor.op;
    append(out,
           ObligationHead{uint16_t(o.rule - first), uint8_t(o.state), uint8_t(o.severity), uint8_t(o.role),
                          uint8_t((o.reportable ? reportable : 0) | (o.due ? has_due : 0) |
                                  (o.evidence ? has_evidence : 0) | (o.count ? has_count : 0) |
                                  (o.exempted() ? has_exemption : 0) | (o.count && o.count->at_least ? at_least : 0)),
                          uint8_t(o.anchor.term), uint8_t(op)});
    put_number(out, o.line);
    put_number(out, day_of(o.anchor.date));
    if (o.exempted())
      put_number(out, o.exemption);
    if (o.due)
      put_number(out, day_of(*o.due));
    if (op == Anchor::Op::range)
      put_number(out, day_of(o.anchor.to));
    if (op == Anchor::Op::nth)
      put_number(out, o.anchor.n);
    if (o.evidence) {
      put_number(out, day_of(o.evidence->date));
      put_number(out, o.evidence->line);
      put_number(out, int32_t(o.evidence->term));
    }
    if (o.count) {
      put_number(out, o.count->reached);
      put_number(out, o.count->level);
      put_number(out, o.count->limit);
    }
  }
}

// Reads what write_assessed wrote for `c`; false for bytes that are not
// exactly that: every value that names something (a rule, a state, a term,
// an exemption of `c`) is checked, as the cache entry's are, and every
// byte must be read.
bool read_assessed(std::string_view bytes, const Case &c, std::optional<int> &level, Status &status,
                   std::vector<Obligation> &out) {
  AssessedRec head{};
  if (bytes.size() < sizeof head)
    return false;
  std::memcpy(&head, bytes.data(), sizeof head);
  bytes.remove_prefix(sizeof head);
  // Each obligation takes at least its head and two one-byte numbers.
  if (head.count > bytes.size() / (sizeof(ObligationHead) + 2) || head.level < 0 ||
      head.status > uint8_t(Status::closed))
    return false;
  level = head.level > 0 ? std::optional{int(head.level)} : std::nullopt;
  status = Status(head.status);
  const auto rules = rule_catalog();
  const auto date = [](int32_t day) { return Date{std::chrono::sys_days{std::chrono::days{day}}}; };
  constexpr auto last_term = uint8_t(Term::significant_change);
  const auto exemptions = int32_t(std::min<size_t>(c.exemptions.size(), INT32_MAX));
  out.resize(head.count);
  for (auto &o : out) {
    ObligationHead r{};
    if (bytes.size() < sizeof r)
      return false;
    std::memcpy(&r, bytes.data(), sizeof r);
    bytes.remove_prefix(sizeof r);
    if (r.rule >= rules.size() || r.state > uint8_t(State::missed) || r.severity > uint8_t(Severity::error) ||
        r.role > uint8_t(Role::coach) || (r.flags & ~known_flags) != 0 || r.anchor_term > last_term ||
        r.anchor_op > uint8_t(Anchor::Op::range) || ((r.flags & at_least) && !(r.flags & has_count)))
      return false;
    o.rule = &rules[r.rule];
    o.state = State(r.state);
    o.severity = Severity(r.severity);
    o.role = Role(r.role);
    o.reportable = r.flags & reportable;
    o.anchor = Anchor{};
    o.anchor.term = Term(r.anchor_term);
    o.anchor.op = Anchor::Op(r.anchor_op);
    int32_t line = 0, anchor_date = 0, exemption = -1, due = 0, to = 0, n = 0;
    if (!take_number(bytes, line) || line < 0 || !take_number(bytes, anchor_date) ||
        ((r.flags & has_exemption) && (!take_number(bytes, exemption) || exemption < 0 || exemption >= exemptions)) ||
        ((r.flags & has_due) && !take_number(bytes, due)) ||
        (o.anchor.op == Anchor::Op::range && !take_number(bytes, to)) ||
        (o.anchor.op == Anchor::Op::nth && !take_number(bytes, n)))
      return false;
    o.line = line;
    o.anchor.date = date(anchor_date);
    o.anchor.to = date(to);
    o.anchor.n = n;
    o.exemption = exemption;
    o.due = r.flags & has_due ? std::optional{date(due)} : std::nullopt;
    o.evidence.reset();
    if (r.flags & has_evidence) {
      int32_t day = 0, at = 0, term = 0;
      if (!take_number(bytes, day) || !take_number(bytes, at) || at < 0 || !take_number(bytes, term) || term < 0 ||
          term > last_term)
        return false;
      o.evidence = Evidence{Term(term), date(day), at};
    }
    o.count.reset();
    if (r.flags & has_count) {
      Count k{};
      if (!take_number(bytes, k.reached) || !take_number(bytes, k.level) || !take_number(bytes, k.limit))
        return false;
      k.at_least = (r.flags & at_least) != 0;
      o.count = k;
    }
  }
  return bytes.empty();
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
