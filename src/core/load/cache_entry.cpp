// One entry of the cache file (load_cache.cpp has the file around it): what
// load_case made of one case file, as fixed-size records that are read in
// place, with no parsing.
//
//   Head          sizes and counts, the hash of the file's bytes, its stat
//                 data, the as-of dependence, the case's single fields
//   Ref[]         one per text key of the vocabulary (advisor, coach, notes)
//   DateRec[]     one per date key (applied, decided, start, …)
//   records       followups, contacts, escalations, health checks, meetings,
//                 level changes, exemptions, notes, findings: fixed-size
//                 records, enums as bytes, dates as day numbers
//   strings       the text every Ref points into
//   derived       optional (Head::derived says where): what a caller derived
//                 from the case at one as-of date, in a named format
//                 (assess: the obligations; load_derived, with_derived)
//   checksum      8 bytes: CaseCache::checksum of all that
//
// Notes are records of their own, pointing at the event they belong to, so
// a command that does not print them (check, due, stats) never decodes them.
// The text and date keys are iterated from schema.hpp's table, so a new key
// of those kinds needs no change here; a new field of another kind breaks the
// static_assert below until it is encoded.
#include "cache_entry.hpp"

#include <mestring/schema.hpp>

#include <climits>
#include <cstring>
#include <type_traits>

namespace mestring {

namespace {

static_assert(sizeof(Case) == 696 && sizeof(Finding) == 232 && sizeof(Contact) == 48 && sizeof(Followup) == 48 &&
                  sizeof(Escalation) == 48 && sizeof(Meeting) == 32 && sizeof(HealthCheck) == 16 &&
                  sizeof(LevelChange) == 48 && sizeof(Exemption) == 120,
              "a record changed: update cache_entry.cpp and bump load_cache.cpp's format_version");

struct Ref { // text in the entry: offset from the entry's first byte, and length
  uint32_t offset = 0, size = 0;
};
struct DateRec {
  int32_t day = 0, line = 0;
};
constexpr int32_t no_day = INT32_MIN;

enum List : uint8_t {
  followups,
  contacts,
  escalations,
  health_checks,
  meetings,
  level_changes,
  exemptions,
  notes,
  findings,
  lists
};

struct Head {
  uint32_t size;                 // of the whole entry, checksum included
  uint16_t text_keys, date_keys; // as this build's vocabulary has them
  uint32_t counts[lists];
  uint32_t pad0; // aligns what follows to 8 bytes
  Digest content;
  uint64_t dev, ino, file_size;
  int64_t mtime_ns, ctime_ns;
  uint32_t mode, uid, gid;
  uint8_t stat_flags;                          // has_stat, stat_settled
  uint8_t flags;                               // has_record, far_reported, has_latest, has_level
  uint8_t level, decision, end_reason, pad[3]; // choices as index + 1, 0 for none
  int32_t loaded_at, latest_checked;
  Ref path, id, paragraph, name, cpr;
  int32_t id_line, paragraph_line, cpr_line, level_line, decision_line;
  uint32_t derived; // where the derived block begins (a DerivedHead); 0 when there is none
  uint32_t pad1;
};
// What a caller derived from the case at one as-of date (load_derived): the
// head, then `size` bytes, then zeros to a multiple of 8. `format` is the
// checksum of the name the caller gives its format.
struct DerivedHead {
  int32_t as_of;
  uint32_t size;
  uint64_t format;
};
enum : uint8_t { has_stat = 1, stat_settled = 2 };
enum : uint8_t { has_record = 1, far_reported = 2, has_latest = 4, has_level = 8, known_flags = 15 };

struct FollowupRec {
  int32_t date, line;
  uint8_t kind, pad[3];
};
struct ContactRec {
  int32_t date, line;
  uint8_t outcome, mode, pad[2];
};
struct EscalationRec {
  int32_t date, line;
  uint8_t reason, pad[3];
};
struct HealthRec {
  int32_t date, line;
};
struct MeetingRec {
  int32_t date, line, status;
};
struct LevelRec {
  int32_t date, line, level;
};
struct ExemptionRec {
  int32_t from, until, line;
  Ref rule, reason, by;
};
struct NoteRec { // the note of item `item` of list `list`
  uint32_t list, item;
  Ref text;
};
struct FindingRec {
  uint8_t severity, has_case_id, has_due, pad;
  int32_t line, column, due;
  Ref file, rule, message, case_id, role, owner;
};

// Every byte of a record is a field: no padding the writer would leave
// undefined, so equal results give equal entries.
template <typename... T> constexpr bool all_packed = (std::has_unique_object_representations_v<T> && ...);
static_assert(all_packed<Head, FollowupRec, ContactRec, EscalationRec, HealthRec, MeetingRec, LevelRec, ExemptionRec,
                         NoteRec, FindingRec, DateRec, Ref, DerivedHead>);

constexpr size_t record_size[lists] = {sizeof(FollowupRec),  sizeof(ContactRec), sizeof(EscalationRec),
                                       sizeof(HealthRec),    sizeof(MeetingRec), sizeof(LevelRec),
                                       sizeof(ExemptionRec), sizeof(NoteRec),    sizeof(FindingRec)};

struct KeyCounts {
  uint16_t text = 0, date = 0;
};
const KeyCounts &key_counts() {
  static const KeyCounts counts = [] {
    KeyCounts k;
    for (const auto &info : case_keys()) {
      k.text += info.kind == KeyKind::text;
      k.date += info.kind == KeyKind::date;
    }
    return k;
  }();
  return counts;
}

int32_t day_of(Date d) { return int32_t(d.days.time_since_epoch().count()); }
int32_t day_of(const std::optional<Date> &d) { return d ? day_of(*d) : no_day; }
template <typename E> uint8_t choice_byte(const std::optional<E> &e) { return e ? uint8_t(size_t(*e) + 1) : 0; }

uint64_t checksum(std::string_view body) { return CaseCache::checksum(body); }

void stamp(Head &h, const std::optional<FileStat> &stat, bool settled) {
  const FileStat st = stat.value_or(FileStat{});
  h.dev = st.dev, h.ino = st.ino, h.file_size = st.size;
  h.mtime_ns = st.mtime_ns, h.ctime_ns = st.ctime_ns;
  h.mode = st.mode, h.uid = st.uid, h.gid = st.gid;
  h.stat_flags = uint8_t((stat ? has_stat : 0) | (stat && settled ? stat_settled : 0));
}

// Builds one entry: the fixed part first, its size known up front from the
// counts, so each string's offset is known as it is added.
class Encoder {
public:
  explicit Encoder(size_t fixed) : fixed_(fixed) { out_.reserve(fixed + 256); }
  template <typename T> void put(const T &record) {
    out_.append(reinterpret_cast<const char *>(&record), sizeof record);
  }
  Ref str(std::string_view s) {
    if (s.empty())
      return {};
    const Ref r{uint32_t(fixed_ + strings_.size()), uint32_t(s.size())};
    strings_.append(s);
    return r;
  }
  // The entry: records, strings, padding to 8 bytes, checksum; "" when too large.
  std::string finish(Head &h) {
    size_t size = fixed_ + strings_.size();
    size += (8 - size % 8) % 8 + 8;
    if (size > UINT32_MAX || out_.size() != fixed_)
      return "";
    h.size = uint32_t(size);
    std::memcpy(out_.data(), &h, sizeof h);
    out_ += strings_;
    out_.resize(size - 8, '\0');
    const uint64_t sum = checksum(out_);
    out_.append(reinterpret_cast<const char *>(&sum), sizeof sum);
    return std::move(out_);
  }

private:
  size_t fixed_;
  std::string out_, strings_;
};

// Reads one entry; every offset and value is checked, and any that is out
// of range marks the entry bad: the caller then parses the file instead.
class Decoder {
public:
  explicit Decoder(std::string_view body) : body_(body) {}
  bool ok() const { return ok_; }
  bool fail() { return ok_ = false; }
  template <typename T> T at(size_t offset) {
    T t{};
    if (offset > body_.size() || sizeof t > body_.size() - offset)
      return fail(), t;
    std::memcpy(&t, body_.data() + offset, sizeof t);
    return t;
  }
  // The i-th record of a list of Ts that begins at `list`.
  template <typename T> T record(size_t list, size_t i) { return at<T>(list + i * sizeof(T)); }
  std::string_view str(Ref r) {
    if (r.offset > body_.size() || r.size > body_.size() - r.offset)
      return fail(), std::string_view{};
    return body_.substr(r.offset, r.size);
  }
  Date date(int32_t day) {
    if (day < -1'000'000 || day > 3'000'000) // years about −770 to 10182: nothing a case file holds
      fail();
    return Date{std::chrono::sys_days{std::chrono::days{ok_ ? day : 0}}};
  }
  std::optional<Date> opt_date(int32_t day) { return day == no_day ? std::nullopt : std::optional{date(day)}; }
  int line(int32_t v) { return v >= 0 && v <= 100'000'000 ? int(v) : (fail(), 0); }
  template <typename E> std::optional<E> choice(uint8_t b) {
    if (b == 0)
      return std::nullopt;
    if (b > choices<E>().size())
      return fail(), std::nullopt;
    return E(b - 1);
  }
  template <typename E> E required(uint8_t b) {
    const auto e = choice<E>(b);
    return e ? *e : (fail(), E{});
  }

private:
  std::string_view body_;
  bool ok_ = true;
};

size_t notes_of(const Case &c) {
  size_t n = 0;
  for (const auto &x : c.followups)
    n += !x.note.empty();
  for (const auto &x : c.contacts)
    n += !x.note.empty();
  for (const auto &x : c.escalations)
    n += !x.note.empty();
  for (const auto &x : c.level_changes)
    n += !x.note.empty();
  return n;
}

template <typename Items> void put_notes(Encoder &e, List list, const Items &items) {
  for (size_t i = 0; i < items.size(); ++i)
    if (!items[i].note.empty())
      e.put(NoteRec{list, uint32_t(i), e.str(items[i].note)});
}

} // namespace

std::string CaseCache::encode(std::string_view file, const Digest &content, const std::optional<FileStat> &stat,
                              bool settled, Date as_of, const LoadedCase &loaded) {
  const auto &keys = key_counts();
  const Case empty;
  const Case &c = loaded.record ? *loaded.record : empty;
  Head h{};
  h.text_keys = keys.text;
  h.date_keys = keys.date;
  const size_t counts[lists] = {c.followups.size(),     c.contacts.size(), c.escalations.size(),
                                c.health_checks.size(), c.meetings.size(), c.level_changes.size(),
                                c.exemptions.size(),    notes_of(c),       loaded.findings.size()};
  size_t fixed = sizeof(Head) + keys.text * sizeof(Ref) + keys.date * sizeof(DateRec);
  for (size_t l = 0; l < lists; ++l) {
    if (counts[l] > UINT32_MAX / record_size[l])
      return "";
    h.counts[l] = uint32_t(counts[l]);
    fixed += counts[l] * record_size[l];
  }
  if (fixed > UINT32_MAX)
    return "";
  Encoder e(fixed);
  e.put(h); // a placeholder, written again with the sizes by finish()
  h.content = content;
  stamp(h, stat, settled);
  const auto &dep = loaded.as_of_dependence;
  h.flags = uint8_t((loaded.record ? has_record : 0) | (dep.far_reported ? far_reported : 0) |
                    (dep.latest_checked ? has_latest : 0) | (c.level ? has_level : 0));
  h.loaded_at = day_of(as_of);
  h.latest_checked = day_of(dep.latest_checked);
  h.level = uint8_t(c.level.value_or(0));
  h.decision = choice_byte(c.decision);
  h.end_reason = choice_byte(c.end_reason);
  h.path = e.str(file);
  h.id = e.str(c.id), h.paragraph = e.str(c.paragraph), h.name = e.str(c.name), h.cpr = e.str(c.cpr);
  h.id_line = c.id_line, h.paragraph_line = c.paragraph_line, h.cpr_line = c.cpr_line;
  h.level_line = c.level_line, h.decision_line = c.decision_line;
  if (c.level && (*c.level < 1 || *c.level > 255))
    return ""; // never from the loader, which takes 1 to 5

  for (const auto &k : case_keys())
    if (k.kind == KeyKind::text)
      e.put(e.str(c.*k.text));
  for (const auto &k : case_keys())
    if (k.kind == KeyKind::date)
      e.put(DateRec{day_of((c.*k.date).value), (c.*k.date).line});
  for (const auto &x : c.followups)
    e.put(FollowupRec{day_of(x.date), x.line, choice_byte(x.kind), {}});
  for (const auto &x : c.contacts)
    e.put(ContactRec{day_of(x.date), x.line, uint8_t(size_t(x.outcome) + 1), choice_byte(x.mode), {}});
  for (const auto &x : c.escalations)
    e.put(EscalationRec{day_of(x.date), x.line, uint8_t(size_t(x.reason) + 1), {}});
  for (const auto &x : c.health_checks)
    e.put(HealthRec{day_of(x.date), x.line});
  for (const auto &x : c.meetings)
    e.put(MeetingRec{day_of(x.date), x.line, day_of(x.status)});
  for (const auto &x : c.level_changes)
    e.put(LevelRec{day_of(x.date), x.line, x.level});
  for (const auto &x : c.exemptions)
    e.put(ExemptionRec{day_of(x.from), day_of(x.until), x.line, e.str(x.rule), e.str(x.reason), e.str(x.by)});
  put_notes(e, followups, c.followups);
  put_notes(e, contacts, c.contacts);
  put_notes(e, escalations, c.escalations);
  put_notes(e, level_changes, c.level_changes);
  for (const auto &f : loaded.findings)
    e.put(FindingRec{uint8_t(f.severity), f.case_id.has_value(), f.due.has_value(), 0, f.line, f.column, day_of(f.due),
                     e.str(f.file), e.str(f.rule), e.str(f.message), e.str(f.case_id.value_or("")), e.str(f.role),
                     e.str(f.owner)});
  return e.finish(h);
}

std::string CaseCache::restamp(const CachedFile &f, const std::optional<FileStat> &stat, bool settled) {
  std::string entry(f.entry);
  Head h{};
  if (entry.size() < sizeof h + 8)
    return "";
  std::memcpy(&h, entry.data(), sizeof h);
  stamp(h, stat, settled);
  std::memcpy(entry.data(), &h, sizeof h);
  const uint64_t sum = checksum(std::string_view(entry).substr(0, entry.size() - 8));
  std::memcpy(entry.data() + entry.size() - 8, &sum, sizeof sum);
  return entry;
}

// The entry's head, or nothing for bytes too short to be an entry of this size.
std::optional<Head> head_of(std::string_view entry) {
  Head h{};
  if (entry.size() < sizeof h + 8)
    return std::nullopt;
  std::memcpy(&h, entry.data(), sizeof h);
  if (h.size != entry.size() || h.size % 8 != 0)
    return std::nullopt;
  return h;
}

std::optional<std::string_view> CaseCache::derived(const CachedFile &f, Date as_of, std::string_view format) {
  const auto h = head_of(f.entry);
  if (!h || h->derived < sizeof(Head))
    return std::nullopt;
  Decoder d(f.entry.substr(0, f.entry.size() - 8));
  const auto block = d.at<DerivedHead>(h->derived);
  const size_t begins = h->derived + sizeof block;
  // No bytes is never kept (load_derived): a caller handed no bytes works
  // from the case, which must then be whole.
  if (!d.ok() || block.as_of != day_of(as_of) || block.format != checksum(format) || block.size == 0 ||
      block.size > f.entry.size() - 8 - begins)
    return std::nullopt;
  return f.entry.substr(begins, block.size);
}

std::string CaseCache::with_derived(std::string_view entry, Date as_of, std::string_view format,
                                    std::string_view bytes) {
  auto h = head_of(entry);
  if (!h || h->derived > entry.size() - 8 || (h->derived != 0 && h->derived < sizeof *h))
    return "";
  // The case's part: everything before the block it kept, or before the checksum.
  std::string out(entry.substr(0, h->derived != 0 ? h->derived : entry.size() - 8));
  const size_t size = out.size() + sizeof(DerivedHead) + bytes.size() + (8 - bytes.size() % 8) % 8 + 8;
  if (size > UINT32_MAX)
    return "";
  h->derived = uint32_t(out.size());
  h->size = uint32_t(size);
  std::memcpy(out.data(), &*h, sizeof *h);
  const DerivedHead block{day_of(as_of), uint32_t(bytes.size()), checksum(format)};
  out.append(reinterpret_cast<const char *>(&block), sizeof block);
  out.append(bytes);
  out.resize(size - 8, '\0');
  const uint64_t sum = checksum(out);
  out.append(reinterpret_cast<const char *>(&sum), sizeof sum);
  return out;
}

bool read_entry_head(std::string_view entry, std::string_view &path, CachedFile &out) {
  Decoder d(entry.substr(0, entry.size() >= 8 ? entry.size() - 8 : 0));
  const Head h = d.at<Head>(0);
  if (!d.ok() || h.size != entry.size() || (h.stat_flags & ~(has_stat | stat_settled)))
    return false;
  path = d.str(h.path);
  out.content = h.content;
  if (h.stat_flags & has_stat)
    out.stat = FileStat{h.dev, h.ino, h.file_size, h.mtime_ns, h.ctime_ns, h.mode, h.uid, h.gid};
  out.settled = (h.stat_flags & stat_settled) != 0;
  return d.ok();
}

bool CaseCache::decode(const CachedFile &f, Date as_of, LoadedCase &into, bool notes, bool events) {
  if (f.entry.size() < sizeof(Head) + 8)
    return false;
  Decoder d(f.entry.substr(0, f.entry.size() - 8));
  const Head h = d.at<Head>(0);
  const auto &keys = key_counts();
  if (h.flags & ~known_flags || h.text_keys != keys.text || h.date_keys != keys.date)
    return false;
  AsOfDependence dep;
  dep.far_reported = h.flags & far_reported;
  if (h.flags & has_latest)
    dep.latest_checked = d.date(h.latest_checked);
  const Date loaded_at = d.date(h.loaded_at);
  if (!d.ok() || !holds_at(dep, loaded_at, as_of))
    return false;
  into.as_of_dependence = dep;

  // Where each list begins; all of them must lie inside the entry.
  size_t at[lists + 1];
  at[0] = sizeof(Head) + keys.text * sizeof(Ref) + keys.date * sizeof(DateRec);
  for (size_t l = 0; l < lists; ++l) {
    if (h.counts[l] > (f.entry.size() - at[l]) / record_size[l])
      return false;
    at[l + 1] = at[l] + h.counts[l] * record_size[l];
  }
  if (at[lists] > f.entry.size() - 8 || (h.derived != 0 && h.derived < at[lists]))
    return false;

  if (h.flags & has_record) {
    if (!into.record)
      into.record.emplace();
    Case &c = *into.record;
    c.file = d.str(h.path), c.id = d.str(h.id), c.paragraph = d.str(h.paragraph);
    c.name = d.str(h.name), c.cpr = d.str(h.cpr);
    c.id_line = d.line(h.id_line), c.paragraph_line = d.line(h.paragraph_line), c.cpr_line = d.line(h.cpr_line);
    c.level_line = d.line(h.level_line), c.decision_line = d.line(h.decision_line);
    c.level = (h.flags & has_level) ? std::optional{h.level > 0 ? int(h.level) : (d.fail(), 0)} : std::nullopt;
    c.decision = d.choice<Decision>(h.decision);
    c.end_reason = d.choice<EndReason>(h.end_reason);
    size_t pos = sizeof(Head);
    for (const auto &k : case_keys())
      if (k.kind == KeyKind::text) {
        const auto text = d.str(d.at<Ref>(pos));
        pos += sizeof(Ref);
        (c.*k.text).assign(notes || k.key != Key::notes ? text : std::string_view{});
      }
    for (const auto &k : case_keys())
      if (k.kind == KeyKind::date) {
        const auto r = d.at<DateRec>(pos);
        pos += sizeof(DateRec);
        auto &field = c.*k.date;
        field.value = d.opt_date(r.day);
        field.line = d.line(r.line);
      }
    c.followups.resize(events ? h.counts[followups] : 0);
    for (size_t i = 0; i < c.followups.size(); ++i) {
      const auto r = d.record<FollowupRec>(at[followups], i);
      auto &x = c.followups[i];
      x.date = d.date(r.date), x.line = d.line(r.line), x.kind = d.choice<FollowupKind>(r.kind);
      x.note.clear();
    }
    c.contacts.resize(events ? h.counts[contacts] : 0);
    for (size_t i = 0; i < c.contacts.size(); ++i) {
      const auto r = d.record<ContactRec>(at[contacts], i);
      auto &x = c.contacts[i];
      x.date = d.date(r.date), x.line = d.line(r.line);
      x.outcome = d.required<Outcome>(r.outcome), x.mode = d.choice<Mode>(r.mode);
      x.note.clear();
    }
    c.escalations.resize(events ? h.counts[escalations] : 0);
    for (size_t i = 0; i < c.escalations.size(); ++i) {
      const auto r = d.record<EscalationRec>(at[escalations], i);
      auto &x = c.escalations[i];
      x.date = d.date(r.date), x.line = d.line(r.line), x.reason = d.required<Reason>(r.reason);
      x.note.clear();
    }
    c.health_checks.resize(events ? h.counts[health_checks] : 0);
    for (size_t i = 0; i < c.health_checks.size(); ++i) {
      const auto r = d.record<HealthRec>(at[health_checks], i);
      c.health_checks[i] = {d.date(r.date), d.line(r.line)};
    }
    c.meetings.resize(events ? h.counts[meetings] : 0);
    for (size_t i = 0; i < c.meetings.size(); ++i) {
      const auto r = d.record<MeetingRec>(at[meetings], i);
      c.meetings[i] = {d.date(r.date), d.line(r.line), d.opt_date(r.status)};
    }
    c.level_changes.resize(events ? h.counts[level_changes] : 0);
    for (size_t i = 0; i < c.level_changes.size(); ++i) {
      const auto r = d.record<LevelRec>(at[level_changes], i);
      auto &x = c.level_changes[i];
      x.date = d.date(r.date), x.line = d.line(r.line);
      x.level = r.level >= 1 && r.level <= 5 ? r.level : (d.fail(), 0);
      x.note.clear();
    }
    c.exemptions.resize(h.counts[exemptions]);
    for (size_t i = 0; i < c.exemptions.size(); ++i) {
      const auto r = d.record<ExemptionRec>(at[exemptions], i);
      auto &x = c.exemptions[i];
      x.rule = d.str(r.rule), x.from = d.date(r.from), x.until = d.date(r.until);
      x.reason = d.str(r.reason), x.by = d.str(r.by), x.line = d.line(r.line);
    }
    if (notes && events)
      for (size_t i = 0; i < h.counts[List::notes]; ++i) {
        const auto r = d.record<NoteRec>(at[List::notes], i);
        const auto text = d.str(r.text);
        auto put = [&](auto &items) {
          if (r.item >= items.size())
            return void(d.fail());
          items[r.item].note.assign(text);
        };
        switch (r.list) {
        case followups: put(c.followups); break;
        case contacts: put(c.contacts); break;
        case escalations: put(c.escalations); break;
        case level_changes: put(c.level_changes); break;
        default: d.fail();
        }
      }
  } else {
    into.record.reset();
    for (size_t l = 0; l < findings; ++l)
      if (h.counts[l] != 0)
        return false;
  }

  into.findings.resize(h.counts[findings]);
  for (size_t i = 0; i < into.findings.size(); ++i) {
    const auto r = d.record<FindingRec>(at[findings], i);
    auto &out = into.findings[i];
    out.severity = r.severity <= uint8_t(Severity::error) ? Severity(r.severity) : (d.fail(), Severity::error);
    out.file = d.str(r.file), out.line = d.line(r.line), out.column = d.line(r.column);
    out.rule = d.str(r.rule), out.message = d.str(r.message);
    if (r.has_case_id > 1 || r.has_due > 1)
      d.fail();
    out.case_id = r.has_case_id ? std::optional{std::string(d.str(r.case_id))} : std::nullopt;
    out.due = r.has_due ? std::optional{d.date(r.due)} : std::nullopt;
    out.role = d.str(r.role), out.owner = d.str(r.owner);
  }
  return d.ok();
}

} // namespace mestring
