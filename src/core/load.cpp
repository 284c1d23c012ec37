// The case loader. yaml-cpp's parser events build a compact document
// (yaml_doc.hpp; no yaml-cpp node tree, which costs half the parse time);
// this file walks it once, turning every value into a typed field with its
// line and every problem into a finding, so that one bad field never hides
// the rest of the file. load_repository does that for many files at once on
// all cores, through the cache of loaded cases (load_cache.hpp).
#include <mestring/load.hpp>
#include <mestring/fileio.hpp>
#include <mestring/i18n.hpp>

#include <mestring/prescan.hpp>
#include <mestring/privacy.hpp>

#include "yaml_walk.hpp"

#include <mestring/load_cache.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <set>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace mestring {

namespace fs = std::filesystem;
using detail::Sink;
using Node = detail::DocNode;

namespace {

constexpr std::string_view case_keys[] = {
    "id",         "paragraph", "citizen",      "advisor", "coach",     "level",     "applied",  "decided",
    "start",      "plan",      "main_phase",   "end",     "end_reason", "closing_talk", "hearing", "report",
    "followups",  "contacts",  "escalations",  "health_checks", "meetings", "notes"};
constexpr std::string_view citizen_keys[] = {"name", "cpr"};
constexpr std::string_view contact_keys[] = {"date", "outcome", "mode", "note"};
constexpr std::string_view followup_keys[] = {"date", "kind", "note"};
constexpr std::string_view escalation_keys[] = {"date", "reason", "note"};
constexpr std::string_view meeting_keys[] = {"date", "status"};
constexpr std::string_view health_check_keys[] = {"date"};

constexpr std::string_view outcomes[] = {"reached", "no-answer", "cancelled"};
constexpr std::string_view modes[] = {"visit", "phone", "online", "group", "office"};
constexpr std::string_view kinds[] = {"first", "annual", "monthly", "extra"};
constexpr std::string_view reasons[] = {"non-response", "significant-change", "coach-change", "other"};
constexpr std::string_view end_reasons[] = {"goal-achieved", "citizen-declined", "moved",
                                            "deceased",      "transferred",      "other"};

bool looks_like_iso(std::string_view s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' &&
         std::all_of(s.begin(), s.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
}

class CaseReader {
public:
  CaseReader(const Sink& sink, const Config& cfg, Date as_of, AsOfDependence& as_of_dependence)
      : sink_(sink), cfg_(cfg), as_of_(as_of), as_of_dependence_(as_of_dependence) {}

  std::optional<Date> date(const Node& n, std::string_view what, bool may_be_far = false) {
    const auto s = detail::scalar(n, what, sink_);
    if (!s)
      return std::nullopt;
    const auto d = parse_iso_date(*s);
    if (!d) {
      sink_.error(n, "date", looks_like_iso(*s)
                                 ? say("{}: {} is not a real date", what, *s)
                                 : say("{}: \"{}\" is not a date; write it as YYYY-MM-DD", what, *s));
      return std::nullopt;
    }
    if (may_be_far)
      return d;
    auto& latest = as_of_dependence_.latest_checked;
    if (!latest || *latest < *d)
      latest = *d;
    if (*d > add_months(as_of_, 12)) {
      as_of_dependence_.far_reported = true;
      sink_.error(n, "date",
                  say("{}: {} is more than a year after the as-of date {}; is the year right?", what,
                              d->iso(), as_of_.iso()));
    }
    return d;
  }

  void date_field(const Node& n, std::string_view what, DateField& into, bool may_be_far = false) {
    if (n.IsNull())
      return;
    into.value = date(n, what, may_be_far);
    into.line = detail::line_of(n);
  }

  std::optional<std::string> text(const Node& n, std::string_view what) {
    return detail::scalar(n, what, sink_);
  }

  // Returns the value if it is one of `allowed`, else reports it.
  std::string choice(const Node& n, std::string_view what, std::span<const std::string_view> allowed) {
    const auto s = text(n, what);
    if (!s)
      return {};
    if (std::find(allowed.begin(), allowed.end(), *s) != allowed.end())
      return *s;
    std::string list;
    for (const auto a : allowed)
      list += fmt::format("{}{}", list.empty() ? "" : ", ", a);
    sink_.error(n, "schema", say("{}: \"{}\" is not one of {}", what, *s, list));
    return {};
  }

  // Reads a list of flow or block mappings, each with a required `date` and
  // the other `required` keys. An item missing one, or holding a bad value
  // there, is reported and left out, so no rule counts a broken event.
  template <typename Item, typename Fill>
  void events(const Node& n, std::string_view what, std::span<const std::string_view> keys,
              std::vector<Item>& into, std::initializer_list<std::string_view> required, Fill fill) {
    if (n.IsNull())
      return;
    if (!n.IsSequence()) {
      sink_.error(n, "schema", say("{} must be a list, one item per line: - {{date: …}}", what));
      return;
    }
    for (const auto& item : n) {
      if (!item.IsMap()) {
        sink_.error(item, "schema", say("{}: each item must be a mapping such as {{date: 2025-03-01}}", what));
        continue;
      }
      Item e{};
      e.line = detail::line_of(item);
      std::optional<Date> d;
      std::set<std::string> seen;
      const size_t errors_before = sink_.out->size();
      const auto where = fmt::format("{} item: ", what);
      detail::walk_map(item, keys, sink_, where, [&](const std::string& key, const Node& v) {
        seen.insert(key);
        if (key == "date")
          d = date(v, fmt::format("{} date", what));
        else
          fill(e, key, v);
      });
      bool complete = true;
      for (const auto key : {std::string_view("date")})
        if (!seen.contains(std::string(key))) {
          sink_.error(item, "schema", say("{} item has no {}", what, key));
          complete = false;
        }
      for (const auto key : required)
        if (!seen.contains(std::string(key))) {
          sink_.error(item, "schema", say("{} item has no {}", what, key));
          complete = false;
        }
      if (complete && d && sink_.out->size() == errors_before) {
        e.date = *d;
        into.push_back(std::move(e));
      }
    }
  }

  void level(const Node& n, Case& c) {
    const auto s = text(n, "level");
    if (!s)
      return;
    int v = 0;
    const auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
    if (ec != std::errc{} || p != s->data() + s->size() || v < 1 || v > 5) {
      sink_.error(n, "schema", say("level: \"{}\" is not a level; levels are 1 to 5", *s));
      return;
    }
    c.level = v;
    c.level_line = detail::line_of(n);
  }

  void citizen(const Node& n, Case& c, bool& has_name) {
    if (!n.IsMap()) {
      sink_.error(n, "schema", say("citizen must be a mapping with name: and cpr:"));
      return;
    }
    detail::walk_map(n, citizen_keys, sink_, "citizen: ", [&](const std::string& key, const Node& v) {
      if (key == "name") {
        if (const auto s = text(v, "citizen.name")) {
          c.name = *s;
          has_name = !s->empty();
        }
      } else if (const auto s = text(v, "citizen.cpr")) {
        c.cpr = *s;
        c.cpr_line = detail::line_of(v);
      }
    });
  }

  void read(const Node& root, Case& c) {
    bool has_id = false, has_paragraph = false, has_name = false;
    detail::walk_map(root, case_keys, sink_, "", [&](const std::string& key, const Node& v) {
      if (key == "id") {
        if (const auto s = text(v, "id")) {
          c.id = *s;
          c.id_line = detail::line_of(v);
          has_id = !s->empty();
        }
      } else if (key == "paragraph") {
        if (const auto s = text(v, "paragraph")) {
          c.paragraph_line = detail::line_of(v);
          has_paragraph = true;
          if (std::find(cfg_.programmes.begin(), cfg_.programmes.end(), *s) != cfg_.programmes.end())
            c.paragraph = *s;
          else {
            std::string list;
            for (const auto& p : cfg_.programmes)
              list += fmt::format("{}{}", list.empty() ? "" : ", ", p);
            sink_.error(v, "schema", say("paragraph: \"{}\" is not a programme; use one of {}", *s, list));
          }
        }
      } else if (key == "citizen") {
        citizen(v, c, has_name);
      } else if (key == "advisor") {
        c.advisor = text(v, key).value_or("");
      } else if (key == "coach") {
        c.coach = text(v, key).value_or("");
      } else if (key == "level") {
        level(v, c);
      } else if (key == "end_reason") {
        c.end_reason = choice(v, key, end_reasons);
      } else if (key == "notes") {
        c.notes = text(v, key).value_or("");
      } else if (key == "followups") {
        events(v, "followups", followup_keys, c.followups, {}, [&](Followup& f, const std::string& k, const Node& x) {
          if (k == "kind")
            f.kind = choice(x, "followups kind", kinds);
          else
            f.note = text(x, "followups note").value_or("");
        });
      } else if (key == "contacts") {
        events(v, "contacts", contact_keys, c.contacts, {"outcome"}, [&](Contact& f, const std::string& k, const Node& x) {
          if (k == "outcome")
            f.outcome = choice(x, "contacts outcome", outcomes);
          else if (k == "mode")
            f.mode = choice(x, "contacts mode", modes);
          else
            f.note = text(x, "contacts note").value_or("");
        });
      } else if (key == "escalations") {
        events(v, "escalations", escalation_keys, c.escalations, {"reason"},
               [&](Escalation& f, const std::string& k, const Node& x) {
                 if (k == "reason")
                   f.reason = choice(x, "escalations reason", reasons);
                 else
                   f.note = text(x, "escalations note").value_or("");
               });
      } else if (key == "meetings") {
        events(v, "meetings", meeting_keys, c.meetings, {}, [&](Meeting& f, const std::string&, const Node& x) {
          if (!x.IsNull())
            f.status = date(x, "meetings status");
        });
      } else if (key == "health_checks") {
        health_checks(v, c);
      } else {
        date_field(v, key, field(c, key), key == "end");
      }
    });
    if (!has_id)
      sink_.add(Severity::error, YAML::Mark::null_mark(), "schema", say("the required key id is missing"));
    if (!has_paragraph)
      sink_.add(Severity::error, YAML::Mark::null_mark(), "schema", say("the required key paragraph is missing"));
    if (!has_name)
      sink_.add(Severity::error, YAML::Mark::null_mark(), "schema",
                say("the required key citizen.name is missing"));
    if (c.paragraph == "85" && !c.level && c.level_line == 0 && !root["level"])
      sink_.add(Severity::error, YAML::Mark::null_mark(), "schema", say("a §85 case needs level: (1 to 5)"));
  }

private:
  static YAML::Mark mark_at(int line) {
    YAML::Mark m;
    m.line = line - 1;
    m.column = 0;
    return m;
  }

  static DateField& field(Case& c, const std::string& key) {
    static const std::map<std::string, DateField Case::*, std::less<>> fields{
        {"applied", &Case::applied}, {"decided", &Case::decided},   {"start", &Case::start},
        {"plan", &Case::plan},       {"main_phase", &Case::main_phase}, {"end", &Case::end},
        {"closing_talk", &Case::closing_talk}, {"hearing", &Case::hearing}, {"report", &Case::report}};
    return c.*fields.at(key);
  }

  void health_checks(const Node& n, Case& c) {
    if (n.IsNull())
      return;
    if (!n.IsSequence()) {
      sink_.error(n, "schema", say("health_checks must be a list of dates: [2025-04-01]"));
      return;
    }
    for (const auto& item : n) {
      Node value = item;
      if (item.IsMap()) { // {date: …} is accepted as well
        detail::walk_map(item, health_check_keys, sink_, "health_checks item: ",
                         [&](const std::string&, const Node& v) { value = v; });
        if (value.IsMap())
          continue;
      }
      if (const auto d = date(value, "health_checks"))
        c.health_checks.push_back({*d, detail::line_of(item)});
    }
  }

  const Sink& sink_;
  const Config& cfg_;
  Date as_of_;
  AsOfDependence& as_of_dependence_;
};

// Reads the century of a CPR number from its 7th digit, as the CPR office
// defines it; returns 0 for a digit that is not one.
int cpr_century(int yy, char seventh) {
  switch (seventh) {
  case '0': case '1': case '2': case '3': return 1900;
  case '4': case '9': return yy <= 36 ? 2000 : 1900;
  case '5': case '6': case '7': case '8': return yy <= 57 ? 2000 : 1800;
  default: return 0;
  }
}

// The data checks that compare fields: cpr, age, date-order, id-filename.
void check_fields(const Case& c, const std::string& file, const Sink& sink) {
  auto at = [](int line) {
    YAML::Mark m;
    m.line = line - 1;
    m.column = 0;
    return line > 0 ? m : YAML::Mark::null_mark();
  };
  if (!c.id.empty()) {
    const std::string stem = fs::path(file).stem().string();
    if (stem != c.id)
      sink.add(Severity::error, at(c.id_line), "id-filename",
               say("id \"{}\" differs from the file name \"{}\"; rename the file or fix the id", c.id,
                           fs::path(file).filename().string()));
  }
  if (!c.cpr.empty()) {
    const auto& s = c.cpr;
    const bool shape = s.size() == 11 && s[6] == '-' &&
                       std::all_of(s.begin(), s.begin() + 6, [](char ch) { return ch >= '0' && ch <= '9'; }) &&
                       std::all_of(s.begin() + 7, s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (!shape) {
      sink.add(Severity::error, at(c.cpr_line), "cpr", say("citizen.cpr is not in the form DDMMYY-SSSS"));
    } else {
      const int dd = std::stoi(s.substr(0, 2)), mm = std::stoi(s.substr(2, 2)), yy = std::stoi(s.substr(4, 2));
      const int century = cpr_century(yy, s[7]);
      const std::chrono::year_month_day born{std::chrono::year{century + yy}, std::chrono::month{unsigned(mm)},
                                             std::chrono::day{unsigned(dd)}};
      if (!born.ok()) {
        sink.add(Severity::error, at(c.cpr_line), "cpr",
                 say("citizen.cpr {} does not begin with a real birth date", mask_cpr(s)));
      } else if (c.start) {
        const Date birth{std::chrono::sys_days{born}};
        if (add_months(birth, 18 * 12) > *c.start)
          sink.add(Severity::warning, at(c.cpr_line), "age",
                   say("the citizen is under 18 at start {}; Serviceloven's adult rules do not apply",
                               c.start->iso()));
      }
    }
  }
  if (c.end && c.start && *c.end < *c.start)
    sink.add(Severity::error, at(c.end.line), "date-order",
             say("end {} is before start {}", c.end->iso(), c.start->iso()));
  if (c.decided && c.applied && *c.decided < *c.applied)
    sink.add(Severity::error, at(c.decided.line), "date-order",
             say("decided {} is before applied {}", c.decided->iso(), c.applied->iso()));
  if (c.start && c.decided && *c.start < *c.decided)
    sink.add(Severity::warning, at(c.start.line), "date-order",
             say("start {} is before decided {}; support usually starts after the decision",
                         c.start->iso(), c.decided->iso()));
}

} // namespace

std::span<const std::string_view> case_field_order() { return case_keys; }

std::vector<std::string> case_nested_keys() {
  const std::pair<std::string_view, std::span<const std::string_view>> parents[] = {
      {"citizen", citizen_keys},   {"followups", followup_keys},         {"contacts", contact_keys},
      {"escalations", escalation_keys}, {"health_checks", health_check_keys}, {"meetings", meeting_keys}};
  std::vector<std::string> out;
  for (const auto& [parent, keys] : parents)
    for (const auto key : keys)
      out.push_back(fmt::format("{}.{}", parent, key));
  return out;
}

LoadedCase load_case(std::string_view text, const std::string& file, const Config& cfg, Date as_of) {
  LoadedCase out;
  // Nothing reaches yaml-cpp before the guard has checked size, encoding and depth.
  auto checked = prescan_yaml(text, file, cfg.limits);
  if (!checked.findings.empty()) {
    out.findings = std::move(checked.findings);
    return out;
  }
  text = checked.text;
  Sink sink{file, &out.findings, std::nullopt};
  detail::Document doc;
  try {
    doc.parse(text);
  } catch (const YAML::Exception& e) {
    sink.add(Severity::error, e.mark, "parse", detail::yaml_problem(e.msg));
    return out;
  }
  if (const auto alias = doc.first_alias(); !!alias) {
    sink.error(alias, "parse", say("aliases (*name) are not supported in case files; write the value out"));
    return out;
  }
  const Node root = doc.root();
  if (!root.IsMap()) {
    sink.error(root, "schema", say("a case file must be a mapping of keys such as id:, paragraph: and citizen:"));
    return out;
  }
  Case c;
  c.file = file;
  try {
    CaseReader(sink, cfg, as_of, out.as_of_dependence).read(root, c);
  } catch (const YAML::Exception& e) {
    sink.add(Severity::error, e.mark, "parse", detail::yaml_problem(e.msg));
    return out;
  }
  check_fields(c, file, sink);
  apply_privacy(c, text, cfg, out.findings);
  for (auto& f : out.findings)
    if (!c.id.empty())
      f.case_id = c.id;
  out.record = std::move(c);
  return out;
}

std::vector<std::string> find_case_files(const std::vector<std::string>& paths, std::vector<std::string>& errors) {
  std::set<std::string> found;
  for (const auto& p : paths) {
    std::error_code ec;
    const auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      // A symlink that leads nowhere (a loop, say) is kept, so the reader says why.
      if (fs::is_symlink(fs::symlink_status(p, ec)))
        found.insert(p);
      else
        errors.push_back(say("{}: no such file or folder", p));
      continue;
    }
    if (!fs::is_directory(st)) {
      found.insert(p); // the reader refuses what is not a regular file
      continue;
    }
    fs::directory_iterator probe(p, ec);
    if (ec) {
      errors.push_back(say("{}: cannot read the folder: {}", p, ec.message()));
      continue;
    }
    fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      errors.push_back(say("{}: cannot read the folder: {}", p, ec.message()));
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        errors.push_back(fmt::format("{}: {}", it->path().string(), ec.message()));
        break;
      }
      const auto name = it->path().filename().string();
      std::error_code entry_ec;
      const bool folder = it->is_directory(entry_ec); // false for a symlink loop, which the reader reports
      if (!name.empty() && name[0] == '.') {
        if (folder)
          it.disable_recursion_pending();
        continue;
      }
      if (folder) {
        // A folder that cannot be opened is listed like a file: the reader
        // reports it as a finding, and the other files are still checked.
        // A folder named x.yaml is searched like any other.
        fs::directory_iterator inside(it->path(), entry_ec);
        if (entry_ec) {
          it.disable_recursion_pending();
          found.insert(it->path().lexically_normal().string());
        }
        continue;
      }
      // FIFOs, devices and broken links named *.yaml are listed too: the
      // reader refuses them with a message instead of skipping them silently.
      const auto ext = it->path().extension();
      if ((ext == ".yaml" || ext == ".yml") && name != "mestring.yaml")
        found.insert(it->path().lexically_normal().string());
    }
  }
  return {found.begin(), found.end()};
}

bool holds_at(const AsOfDependence& d, Date loaded_at, Date as_of) {
  if (d.far_reported) // the message names the as-of date
    return as_of == loaded_at;
  return !d.latest_checked || *d.latest_checked <= add_months(as_of, 12);
}

namespace {

// Reads a regular file into `out`, reusing its buffer, at most `max` bytes
// (one past the size limit is enough for the guard to report it). Returns
// why it cannot, or "" when it could. A FIFO or a device named like a case
// file is refused after fstat, never read: O_NONBLOCK keeps open() from
// waiting for a FIFO's writer.
std::string read_bytes(const std::string& path, std::string& out, size_t max) {
  out.clear();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    return std::strerror(errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const int err = errno;
    ::close(fd);
    if (st.st_mode == 0)
      return std::strerror(err);
    return say("it is {}, not a file; mestring reads only regular files", file_kind(st.st_mode));
  }
  out.resize(st.st_size > 0 ? std::min(size_t(st.st_size), max) : 0);
  size_t done = 0;
  int err = 0;
  while (done < max) {
    if (done == out.size())
      out.resize(std::min(done + 4096, max)); // grown meanwhile, or a file with no size
    const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      err = errno;
    if (n <= 0)
      break;
    done += size_t(n);
  }
  ::close(fd);
  out.resize(done);
  return err ? std::strerror(err) : "";
}

// Calls fn(i) for every i < n on `jobs` threads; each takes the next index
// as it finishes one, so a slow file never holds up the rest. The first
// exception stops the work and is rethrown here.
void for_each_index(size_t n, unsigned jobs, const std::function<void(size_t)>& fn) {
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) {
      try {
        fn(i);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure)
          failure = std::current_exception();
        next = n;
      }
    }
  };
  std::vector<std::jthread> threads;
  for (unsigned t = 1; t < std::min<size_t>(jobs, n); ++t)
    threads.emplace_back(work);
  work();
  threads.clear(); // joins
  if (failure)
    std::rethrow_exception(failure);
}

// What one worker made of one file.
struct FileResult {
  std::string unreadable; // why the file could not be read; "" when it could
  LoadedCase loaded;
  std::vector<Obligation> obligations;
  std::string new_entry;         // for the cache, when the file was parsed
  std::string_view cached_entry; // the cache's entry, when it was used
};

} // namespace

Repository load_repository(const std::vector<std::string>& files, const Config& cfg, Date as_of,
                           const LoadOptions& opt) {
  const bool caching = !opt.cache_file.empty();
  CaseCache cache = caching ? CaseCache::open(opt.cache_file, opt.cache_key) : CaseCache{};
  const unsigned jobs = opt.jobs > 0 ? opt.jobs : std::max(1u, std::thread::hardware_concurrency());

  // Read, hash, load from the cache or parse, and evaluate each file on its own.
  std::vector<FileResult> results(files.size());
  for_each_index(files.size(), jobs, [&](size_t i) {
    thread_local std::string bytes;
    auto& r = results[i];
    r.unreadable = read_bytes(files[i], bytes, cfg.limits.max_file_size + 1);
    if (!r.unreadable.empty())
      return;
    const Hash128 content = caching ? hash_bytes(bytes) : Hash128{};
    if (auto hit = caching ? cache.find(files[i], content, as_of) : std::nullopt) {
      r.loaded = std::move(hit->loaded);
      r.cached_entry = hit->entry;
    } else {
      r.loaded = load_case(bytes, files[i], cfg, as_of);
      if (caching)
        r.new_entry = CaseCache::encode(files[i], content, as_of, r.loaded);
    }
    if (opt.keep && r.loaded.record) {
      auto& c = *r.loaded.record;
      for (auto& o : obligations_of(c, cfg, as_of))
        if (opt.keep(o))
          r.obligations.push_back(std::move(o));
      // Moved-from, not cleared: clear() would keep the memory.
      c.followups = std::vector<Followup>();
      c.contacts = std::vector<Contact>();
      c.escalations = std::vector<Escalation>();
      c.health_checks = std::vector<HealthCheck>();
      c.meetings = std::vector<Meeting>();
      c.notes = std::string();
    }
  });
  // The cache is rewritten only when it changed: a file parsed, or one gone.
  if (caching) {
    std::vector<std::string_view> entries;
    bool changed = false;
    for (const auto& r : results) {
      if (!r.new_entry.empty() || !r.cached_entry.empty())
        entries.push_back(r.new_entry.empty() ? r.cached_entry : r.new_entry);
      changed = changed || !r.new_entry.empty();
    }
    if (changed || entries.size() != cache.size())
      CaseCache::save(opt.cache_file, opt.cache_key, entries);
    cache = {};
  }

  // Gather in file order, then the checks that span files.
  Repository repo;
  repo.files = files.size();
  if (opt.keep)
    repo.obligations.emplace();
  std::map<std::string, std::vector<std::pair<std::string, int>>> by_id;
  for (size_t i = 0; i < files.size(); ++i) {
    auto& r = results[i];
    if (!r.unreadable.empty()) {
      repo.findings.push_back({Severity::error, files[i], 0, 0, "parse",
                               say("cannot read: {}; fix it, or move it out of the cases folder", r.unreadable),
                               std::nullopt, std::nullopt});
      continue;
    }
    auto& loaded = r.loaded;
    repo.findings.insert(repo.findings.end(), std::make_move_iterator(loaded.findings.begin()),
                         std::make_move_iterator(loaded.findings.end()));
    if (loaded.record) {
      if (!loaded.record->id.empty())
        by_id[loaded.record->id].emplace_back(files[i], loaded.record->id_line);
      repo.cases.push_back(std::move(*loaded.record));
      if (repo.obligations)
        repo.obligations->push_back(std::move(r.obligations));
    }
    r = {}; // free as we go: the peak is one copy of every case, not two
  }
  for (const auto& [id, places] : by_id)
    for (size_t i = 1; i < places.size(); ++i)
      repo.findings.push_back({Severity::error, places[i].first, places[i].second, 0, "duplicate-id",
                               say("id \"{}\" is also used by {}; each case needs its own id", id,
                                           places[0].first),
                               id, std::nullopt});
  return repo;
}

} // namespace mestring
