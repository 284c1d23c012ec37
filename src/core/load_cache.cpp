// The cache file: a header, then one entry per case file.
//
//   header  "mestring-cache\n", format version byte, hash of the key (32 bytes)
//   entry   varint length, body, 8-byte checksum of the body (its hash's first bytes)
//   body    path, hash of the file's bytes, as-of date loaded at, AsOfDependence,
//           then the LoadedCase field by field (varints, length-prefixed text)
//
// Each entry carries its own checksum, so a damaged entry costs only itself,
// and checking it happens in the loading threads, not up front. The header
// holds the key's hash, so another version or config ignores the whole file.
#include <mestring/load_cache.hpp>

#include <mestring/schema.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace mestring {

namespace {

constexpr std::string_view magic = "mestring-cache\n";
// Bump when the encoding below changes, or when Case or Finding gain a field.
// 3: BLAKE2b digests (32 bytes) in place of MurmurHash3 (16).
constexpr char format_version = 5;

// The encoding below writes every field of these records; a new field must be
// added there (and format_version bumped) before this compiles again.
static_assert(sizeof(Case) == 696 && sizeof(Finding) == 232 && sizeof(Contact) == 48 && sizeof(Followup) == 48 &&
                  sizeof(Escalation) == 48 && sizeof(Meeting) == 32 && sizeof(HealthCheck) == 16,
              "a record changed: update load_cache.cpp's encoding and bump format_version");

class Writer {
public:
  explicit Writer(std::string &out) : out_(out) {}
  void u(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(char(v | 0x80));
      v >>= 7;
    }
    out_.push_back(char(v));
  }
  void i(int64_t v) { u((uint64_t(v) << 1) ^ uint64_t(v >> 63)); }
  void str(std::string_view s) {
    u(s.size());
    out_.append(s);
  }
  void date(Date d) { i(d.days.time_since_epoch().count()); }
  void opt_date(const std::optional<Date> &d) {
    u(d.has_value());
    if (d)
      date(*d);
  }
  void raw(const void *p, size_t n) { out_.append(static_cast<const char *>(p), n); }

private:
  std::string &out_;
};

// Reads what Writer wrote; any read past the end or out of range marks the
// whole entry bad, and the caller ignores it.
class Reader {
public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return ok_ && pos_ == in_.size(); }
  uint64_t u() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size())
        return fail();
      const auto b = uint8_t(in_[pos_++]);
      v |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80))
        return v;
    }
    return fail();
  }
  int64_t i() {
    const uint64_t v = u();
    return int64_t(v >> 1) ^ -int64_t(v & 1);
  }
  int line() {
    const uint64_t v = u();
    return v <= 100'000'000 ? int(v) : int(fail());
  }
  bool flag() {
    const uint64_t v = u();
    return v <= 1 ? v == 1 : bool(fail());
  }
  std::string_view view() {
    const uint64_t n = u();
    if (!ok_ || n > in_.size() - pos_)
      return fail(), std::string_view{};
    const auto s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string str() { return std::string(view()); }
  Date date() {
    const int64_t d = i();
    if (d < -1'000'000 || d > 3'000'000) // years about −770 to 10182: nothing a case file holds
      fail();
    return Date{std::chrono::sys_days{std::chrono::days{ok_ ? d : 0}}};
  }
  std::optional<Date> opt_date() {
    if (!flag())
      return std::nullopt;
    return date();
  }
  bool raw(void *p, size_t n) {
    if (!ok_ || n > in_.size() - pos_)
      return fail();
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  // Returns a count of items that each take at least one byte, or fails.
  size_t count() {
    const uint64_t n = u();
    return ok_ && n <= in_.size() - pos_ ? size_t(n) : size_t(fail());
  }
  size_t position() const { return pos_; }
  // Marks the entry bad; returns 0 for the value that could not be read.
  uint64_t fail() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }

private:
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

void put(Writer &w, const DateField &f) {
  w.opt_date(f.value);
  w.u(uint64_t(f.line));
}
void get(Reader &r, DateField &f) {
  f.value = r.opt_date();
  f.line = r.line();
}

void put(Writer &w, const Finding &f) {
  w.u(uint64_t(f.severity));
  w.str(f.file);
  w.u(uint64_t(f.line));
  w.u(uint64_t(f.column));
  w.str(f.rule);
  w.str(f.message);
  w.u(f.case_id.has_value());
  if (f.case_id)
    w.str(*f.case_id);
  w.opt_date(f.due);
  w.str(f.role);
  w.str(f.owner);
}
void get(Reader &r, Finding &f) {
  const uint64_t s = r.u();
  f.severity = s <= uint64_t(Severity::error) ? Severity(s) : Severity(r.fail());
  f.file = r.str();
  f.line = r.line();
  f.column = r.line();
  f.rule = r.str();
  f.message = r.str();
  if (r.flag())
    f.case_id = r.str();
  f.due = r.opt_date();
  f.role = r.str();
  f.owner = r.str();
}

template <typename T, typename Put> void put_list(Writer &w, const std::vector<T> &items, Put each) {
  w.u(items.size());
  for (const auto &x : items) {
    w.date(x.date);
    w.u(uint64_t(x.line));
    each(x);
  }
}
template <typename T, typename Get> void get_list(Reader &r, std::vector<T> &items, Get each) {
  items.resize(r.count());
  for (auto &x : items) {
    x.date = r.date();
    x.line = r.line();
    each(x);
  }
}

template <typename E> void put_choice(Writer &w, std::optional<E> e) { w.u(e ? uint64_t(*e) + 1 : 0); }
template <typename E> std::optional<E> get_choice(Reader &r) {
  const uint64_t v = r.u();
  if (v == 0)
    return std::nullopt;
  return v <= choices<E>().size() ? std::optional{E(v - 1)} : (r.fail(), std::nullopt);
}
template <typename E> E get_required(Reader &r) {
  const auto e = get_choice<E>(r);
  return e ? *e : (r.fail(), E{});
}

// The keys of the vocabulary's table are written in its order: a new date
// or text field is encoded without a change here.
void put(Writer &w, const Case &c) {
  for (const auto *s : {&c.file, &c.id, &c.paragraph, &c.name, &c.cpr})
    w.str(*s);
  for (const auto &k : case_keys())
    if (k.kind == KeyKind::text)
      w.str(c.*k.text);
  for (const int line : {c.id_line, c.paragraph_line, c.cpr_line, c.level_line})
    w.u(uint64_t(line));
  w.u(c.level.has_value());
  if (c.level)
    w.i(*c.level);
  for (const auto &k : case_keys())
    if (k.kind == KeyKind::date)
      put(w, c.*k.date);
  put_choice(w, c.end_reason);
  put_choice(w, c.decision);
  w.u(uint64_t(c.decision_line));
  put_list(w, c.followups, [&](const Followup &f) { put_choice(w, f.kind), w.str(f.note); });
  put_list(w, c.contacts,
           [&](const Contact &f) { put_choice(w, std::optional{f.outcome}), put_choice(w, f.mode), w.str(f.note); });
  put_list(w, c.escalations, [&](const Escalation &f) { put_choice(w, std::optional{f.reason}), w.str(f.note); });
  put_list(w, c.health_checks, [](const HealthCheck &) {});
  put_list(w, c.meetings, [&](const Meeting &f) { w.opt_date(f.status); });
  put_list(w, c.level_changes, [&](const LevelChange &f) { w.i(f.level), w.str(f.note); });
  w.u(c.exemptions.size());
  for (const auto &e : c.exemptions) {
    w.str(e.rule), w.date(e.from), w.date(e.until), w.str(e.reason), w.str(e.by);
    w.u(uint64_t(e.line));
  }
}
void get(Reader &r, Case &c) {
  for (auto *s : {&c.file, &c.id, &c.paragraph, &c.name, &c.cpr})
    *s = r.str();
  for (const auto &k : case_keys())
    if (k.kind == KeyKind::text)
      c.*k.text = r.str();
  for (auto *line : {&c.id_line, &c.paragraph_line, &c.cpr_line, &c.level_line})
    *line = r.line();
  if (r.flag())
    c.level = int(r.i());
  for (const auto &k : case_keys())
    if (k.kind == KeyKind::date)
      get(r, c.*k.date);
  c.end_reason = get_choice<EndReason>(r);
  c.decision = get_choice<Decision>(r);
  c.decision_line = r.line();
  get_list(r, c.followups, [&](Followup &f) { f.kind = get_choice<FollowupKind>(r), f.note = r.str(); });
  get_list(r, c.contacts,
           [&](Contact &f) { f.outcome = get_required<Outcome>(r), f.mode = get_choice<Mode>(r), f.note = r.str(); });
  get_list(r, c.escalations, [&](Escalation &f) { f.reason = get_required<Reason>(r), f.note = r.str(); });
  get_list(r, c.health_checks, [](HealthCheck &) {});
  get_list(r, c.meetings, [&](Meeting &f) { f.status = r.opt_date(); });
  get_list(r, c.level_changes, [&](LevelChange &f) {
    const auto level = r.i();
    f.level = level >= 1 && level <= 5 ? int(level) : int(r.fail());
    f.note = r.str();
  });
  c.exemptions.resize(r.count());
  for (auto &e : c.exemptions) {
    e.rule = r.str(), e.from = r.date(), e.until = r.date(), e.reason = r.str(), e.by = r.str();
    e.line = r.line();
  }
}

std::string header(std::string_view key) {
  std::string h(magic);
  h.push_back(format_version);
  const Digest k = hash_bytes(key);
  h.append(reinterpret_cast<const char *>(k.bytes.data()), k.bytes.size());
  return h;
}

// Eight bytes of a cryptographic hash: enough to see damage. A forged entry
// is kept out by the cache folder being the user's own, not by this sum.
uint64_t checksum(std::string_view body) {
  uint64_t sum = 0;
  std::memcpy(&sum, hash_bytes(body).bytes.data(), sizeof sum);
  return sum;
}

} // namespace

CaseCache CaseCache::open(const std::string &path, std::string_view key) {
  CaseCache cache;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return cache;
  struct stat st {};
  // Sized once from fstat, so a big cache is not copied while it grows;
  // the loop still reads whatever the file holds if its size changes.
  cache.bytes_.reserve(::fstat(fd, &st) == 0 && st.st_size > 0 ? size_t(st.st_size) + 1 : 0);
  for (;;) {
    const size_t done = cache.bytes_.size();
    cache.bytes_.resize(done < cache.bytes_.capacity() ? cache.bytes_.capacity() : done + (1 << 16));
    const ssize_t n = ::read(fd, cache.bytes_.data() + done, cache.bytes_.size() - done);
    if (n <= 0) {
      cache.bytes_.resize(n < 0 ? 0 : done);
      break;
    }
    cache.bytes_.resize(done + size_t(n));
  }
  ::close(fd);
  const std::string_view all(cache.bytes_.data(), cache.bytes_.size());
  const std::string expected = header(key);
  if (!all.starts_with(expected)) {
    cache.bytes_ = {};
    return cache;
  }
  // Index the entries by path; a damaged length ends the index there.
  for (size_t pos = expected.size(); pos < all.size();) {
    Reader at(all.substr(pos));
    const uint64_t n = at.u();
    const size_t len_bytes = at.position();
    if (!at.ok() || n > all.size() - pos - len_bytes || all.size() - pos - len_bytes - n < 8)
      break;
    const std::string_view entry = all.substr(pos, len_bytes + n + 8);
    Reader body(entry.substr(len_bytes, n));
    const std::string_view file = body.view();
    if (body.ok())
      cache.index_.emplace(file, entry);
    pos += entry.size();
  }
  return cache;
}

std::optional<CaseCache::Hit> CaseCache::find(const std::string &file, const Digest &content, Date as_of) const {
  const auto it = index_.find(file);
  if (it == index_.end())
    return std::nullopt;
  const std::string_view entry = it->second;
  Reader len(entry);
  const uint64_t n = len.u();
  const std::string_view body = entry.substr(entry.size() - 8 - n, n);
  uint64_t stored_sum = 0;
  std::memcpy(&stored_sum, entry.data() + entry.size() - 8, 8);
  if (checksum(body) != stored_sum)
    return std::nullopt;

  Reader r(body);
  Hit hit{{}, entry};
  Digest stored_content;
  if (r.view() != file || !r.raw(&stored_content, sizeof stored_content) || !(stored_content == content))
    return std::nullopt;
  const Date loaded_at = r.date();
  auto &dependence = hit.loaded.as_of_dependence;
  dependence.far_reported = r.flag();
  dependence.latest_checked = r.opt_date();
  if (!r.ok() || !holds_at(dependence, loaded_at, as_of))
    return std::nullopt;
  if (r.flag()) {
    hit.loaded.record.emplace();
    get(r, *hit.loaded.record);
  }
  hit.loaded.findings.resize(r.count());
  for (auto &f : hit.loaded.findings)
    get(r, f);
  if (!r.done())
    return std::nullopt;
  return hit;
}

std::string CaseCache::encode(const std::string &file, const Digest &content, Date as_of, const LoadedCase &loaded) {
  std::string body;
  Writer w(body);
  w.str(file);
  w.raw(&content, sizeof content);
  w.date(as_of);
  w.u(loaded.as_of_dependence.far_reported);
  w.opt_date(loaded.as_of_dependence.latest_checked);
  w.u(loaded.record.has_value());
  if (loaded.record)
    put(w, *loaded.record);
  w.u(loaded.findings.size());
  for (const auto &f : loaded.findings)
    put(w, f);

  std::string entry;
  Writer(entry).u(body.size());
  entry += body;
  const uint64_t sum = checksum(body);
  entry.append(reinterpret_cast<const char *>(&sum), sizeof sum);
  return entry;
}

bool CaseCache::save(const std::string &path, std::string_view key, const std::vector<std::string_view> &entries) {
  std::string tmp = path + ".tmp-XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0)
    return false;
  // Written in chunks: the whole cache is never a second time in memory.
  std::string chunk = header(key);
  bool ok = true;
  auto flush = [&] {
    for (size_t done = 0; ok && done < chunk.size();) {
      const ssize_t n = ::write(fd, chunk.data() + done, chunk.size() - done);
      if (n < 0 && errno == EINTR)
        continue;
      ok = n > 0;
      done += n > 0 ? size_t(n) : 0;
    }
    chunk.clear();
  };
  for (const auto e : entries) {
    chunk += e;
    if (chunk.size() >= (1 << 20))
      flush();
  }
  flush();
  // No fsync: a cache torn by a crash fails its checksums and is rebuilt.
  ok = ::close(fd) == 0 && ok;
  if (ok && ::rename(tmp.c_str(), path.c_str()) == 0)
    return true;
  ::unlink(tmp.c_str());
  return false;
}

} // namespace mestring
