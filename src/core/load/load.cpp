// The parallel loader: every file is known by its stat data, or read and
// hashed, and looked up in the cache or parsed, on its own thread; results
// are gathered in file order, so the output never depends on the threads or
// on what the cache holds.
#include <mestring/load.hpp>

#include <mestring/cache_dir.hpp>
#include <mestring/fileio.hpp>
#include <mestring/i18n.hpp>
#include <mestring/load_cache.hpp>
#include <mestring/typed_text.hpp>
#include <mestring/utf8.hpp>

#include <algorithm>
#include <atomic>
#include <bit>
#include <exception>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <stdexcept>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace mestring {

void for_each_index(size_t n, unsigned jobs, const std::function<void(size_t)> &fn) {
  if (jobs == 0)
    jobs = std::max(1u, std::thread::hardware_concurrency());
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

namespace {

// What one worker made of one file; the case itself went to `take`.
struct FileResult {
  std::string unreadable;       // why the file could not be read; "" when it could
  Check problem = Check::parse; // encoding: its name, not its bytes
  std::vector<Finding> findings;
  std::string id; // the case's id, for duplicate-id
  size_t id_hash = 0;
  int id_line = 0;
  std::string_view kept; // the cache's entry, when it stays as it is
};

// The notes of a case and of its events: left out for a caller that does
// not print them, whether the case was parsed or came from the cache.
void drop_notes(Case &c) {
  c.notes.clear();
  for (auto &x : c.followups)
    x.note.clear();
  for (auto &x : c.contacts)
    x.note.clear();
  for (auto &x : c.escalations)
    x.note.clear();
  for (auto &x : c.level_changes)
    x.note.clear();
}

// The racy window of the file system a file is on, asked once per device
// and thread: statfs for every file would cost a system call each.
int64_t window_for(const FileStat &st, const std::string &file) {
  thread_local std::pair<uint64_t, int64_t> last{~uint64_t(0), 0};
  if (last.first != st.dev)
    last = {st.dev, racy_window(file.c_str())};
  return last.second;
}

// lstat(2) of `file`, through an open descriptor of its folder that each
// thread keeps while the files it is given in run number `run` lie in that
// folder: the kernel then looks up one name, not the whole path, for each of
// 100,000 files. A new run opens the folder again (it may have been replaced
// since, under the same name).
std::optional<FileStat> stat_case_file(const std::string &file, uint64_t run) {
  struct Folder {
    std::string path;
    uint64_t run = 0;
    int fd = -1;
    Folder() = default;
    Folder(const Folder &) = delete;
    Folder &operator=(const Folder &) = delete;
    ~Folder() {
      if (fd >= 0)
        ::close(fd);
    }
  };
  thread_local Folder folder;
  const auto slash = file.rfind('/');
  if (slash == std::string::npos || slash == 0)
    return stat_file(file.c_str());
  const std::string_view path(file.data(), slash);
  if (folder.fd < 0 || folder.run != run || path != folder.path) {
    if (folder.fd >= 0)
      ::close(folder.fd);
    folder.path = path;
    folder.run = run;
    folder.fd = ::open(folder.path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_PATH);
  }
  return folder.fd >= 0 ? stat_file_at(folder.fd, file.c_str() + slash + 1) : stat_file(file.c_str());
}

// The loader itself, for files named by path or given with their bytes:
// `read(i, bytes)` fills the bytes of the i-th file and returns "" or why
// they could not be read; `files[i]` is the path findings name. Only files
// `on_disk` have stat data, so only they can be known without reading.
//
// Each file is, in this order of cost:
//  - known by its stat data: the cache's entry, decoded in place; with
//    `derive`, only its fields when the entry keeps what was derived at
//    `as_of`, else whole, and derived again (the entry is written anew);
//  - read and hashed, and its entry found by the hash (a file touched,
//    copied, or changed within the racy window): decoded, and stamped
//    with the new stat data;
//  - parsed, and its new entry written to the new cache file at once.
std::vector<Finding> load_with(const std::vector<std::string> &files,
                               const std::function<std::string(size_t, std::string &)> &read, bool on_disk,
                               const Config &cfg, Date as_of, const LoadOptions &opt, const Derive *derive,
                               const TakeDerived &take) {
  const bool caching = !opt.cache_file.empty();
  static std::atomic<uint64_t> runs{0};
  const uint64_t run = ++runs;          // this load, for stat_case_file
  const int64_t snapshot = clock_now(); // before any file is looked at: see settled()
  const CaseCache cache = caching ? CaseCache::open(opt.cache_file, opt.cache_key, snapshot) : CaseCache{};
  std::optional<CacheWriter> writer;
  if (caching)
    writer.emplace(opt.cache_file, opt.cache_key);
  // A cache written by a clock now behind us is written again with ours.
  std::atomic<bool> changed{cache.clock_back()};

  std::vector<FileResult> results(files.size());
  for_each_index(files.size(), opt.jobs, [&](size_t i) {
    thread_local std::string bytes, fresh; // the file's bytes; what was derived from its case
    thread_local LoadedCase loaded;        // its memory is reused from case to case
    auto &r = results[i];
    const auto &file = files[i];
    // A name that is not UTF-8 or holds a control character could never be
    // an id, and would carry its bytes into every output: such a file is
    // never opened.
    if (!is_valid_utf8(file)) {
      r.problem = Check::encoding;
      r.unreadable = say("the file name is not UTF-8 text, so it cannot be a case's id; rename the file");
      return;
    }
    if (auto bad = control_character_problem(file, say("the file name"), false)) {
      r.problem = Check::encoding;
      r.unreadable = std::move(*bad);
      return;
    }
    thread_local size_t near = 0; // where this thread found its last file in the cache's index
    const auto known = caching ? cache.find(file, near) : std::nullopt;
    // What the entry keeps derived at `as_of`: then the case's events are not decoded.
    const auto derived_of = [&](const CachedFile &f) {
      return derive ? CaseCache::derived(f, as_of, derive->format) : std::nullopt;
    };
    // A symbolic link, a FIFO or a folder is always read: its stat data
    // says nothing of the bytes behind it.
    auto st = caching && on_disk ? stat_case_file(file, run) : std::nullopt;
    if (st && !S_ISREG(st->mode))
      st.reset();
    bool have = known && st && known->trusted && known->stat == *st;
    bool entry_bad = false;
    std::optional<std::string_view> kept_derived;
    std::string entry; // the file's new entry, when `write`
    bool write = false;
    if (have) {
      kept_derived = derived_of(*known);
      have = CaseCache::decode(*known, as_of, loaded, opt.notes, !kept_derived);
      entry_bad = !have;
      if (have)
        r.kept = known->entry;
    }
    if (!have) {
      r.unreadable = read(i, bytes);
      if (!r.unreadable.empty())
        return;
      const Digest content = caching ? hash_bytes(bytes) : Digest{};
      const bool steady = st && settled(*st, snapshot, window_for(*st, file));
      if (known && !entry_bad && known->content == content && CaseCache::decode(*known, as_of, loaded, opt.notes)) {
        kept_derived = derived_of(*known);
        if (known->stat == st && known->settled == steady) {
          r.kept = known->entry;
        } else {
          entry = CaseCache::restamp(*known, st, steady);
          write = true;
        }
      } else {
        loaded = load_case(bytes, file, cfg, as_of);
        if (caching) {
          entry = CaseCache::encode(file, content, st, steady, as_of, loaded);
          write = true;
        }
        if (!opt.notes && loaded.record)
          drop_notes(*loaded.record);
      }
    }
    // What is derived from the case: kept by the entry, or derived now
    // (and kept by the entry from now on).
    std::string_view derived;
    bool derived_now = false;
    const auto derive_now = [&] {
      derive->from(*loaded.record, fresh);
      derived = fresh;
      derived_now = true;
    };
    if (derive && loaded.record) {
      if (kept_derived)
        derived = *kept_derived;
      else
        derive_now();
    }
    r.findings = std::move(loaded.findings);
    loaded.findings.clear();
    if (loaded.record) {
      r.id = loaded.record->id;
      r.id_hash = std::hash<std::string_view>{}(r.id);
      r.id_line = loaded.record->id_line;
      if (!take(i, *loaded.record, derived)) {
        // Only bytes from the cache can be unreadable, and its checksum
        // held: the case is decoded whole and derived again.
        if (!kept_derived || !CaseCache::decode(*known, as_of, loaded, opt.notes))
          throw std::logic_error("what was derived from a case cannot be read back");
        derive_now();
        if (!take(i, *loaded.record, derived))
          throw std::logic_error("what was derived from a case cannot be read back");
      }
    }
    if (caching && derived_now && !fresh.empty()) { // empty: nothing to keep (Derive::from)
      entry = CaseCache::with_derived(write ? std::string_view(entry) : r.kept, as_of, derive->format, fresh);
      write = true;
      r.kept = {};
    }
    if (write) {
      writer->add(file, entry);
      changed = true;
    }
  });
  // The cache is rewritten only when it changed: a file parsed or stamped
  // anew, or one gone; else it is marked as used, so pruning keeps it.
  if (caching) {
    size_t kept = 0;
    for (const auto &r : results)
      kept += !r.kept.empty();
    if (changed || kept != cache.size()) {
      for (size_t i = 0; i < files.size(); ++i)
        if (!results[i].kept.empty())
          writer->add(files[i], results[i].kept);
      writer->commit(snapshot);
    } else {
      mark_cache_used(opt.cache_file);
    }
  }

  // Gather in file order, then the check that spans files.
  std::vector<Finding> findings;
  // The first file of each id, by open addressing over the ids' hashes
  // (made on the loading threads): no allocation per file.
  std::vector<size_t> slots(std::bit_ceil(2 * files.size() + 2), 0); // a file's index + 1; 0 for none
  const auto first_of = [&](size_t i) {
    for (size_t s = results[i].id_hash & (slots.size() - 1);; s = (s + 1) & (slots.size() - 1)) {
      if (slots[s] == 0) {
        slots[s] = i + 1;
        return i;
      }
      const size_t j = slots[s] - 1;
      if (results[j].id_hash == results[i].id_hash && results[j].id == results[i].id)
        return j;
    }
  };
  std::map<std::string_view, std::pair<size_t, std::vector<size_t>>> again; // id → its first file, the others
  for (size_t i = 0; i < files.size(); ++i) {
    auto &r = results[i];
    if (!r.unreadable.empty()) {
      findings.push_back({Severity::error,
                          files[i],
                          0,
                          0,
                          std::string(id_of(r.problem)),
                          r.problem == Check::encoding
                              ? r.unreadable
                              : say("cannot read: {}; fix it, or move it out of the cases folder", r.unreadable),
                          std::nullopt,
                          std::nullopt,
                          {},
                          {}});
      continue;
    }
    findings.insert(findings.end(), std::make_move_iterator(r.findings.begin()),
                    std::make_move_iterator(r.findings.end()));
    if (!r.id.empty())
      if (const size_t first = first_of(i); first != i) {
        auto &[was, places] = again[r.id];
        was = first;
        places.push_back(i);
      }
  }
  for (const auto &[id, uses] : again)
    for (const size_t i : uses.second)
      findings.push_back({Severity::error,
                          files[i],
                          results[i].id_line,
                          0,
                          std::string(id_of(Check::duplicate_id)),
                          say("id \"{}\" is also used by {}; each case needs its own id", id, files[uses.first]),
                          std::string(id),
                          std::nullopt,
                          {},
                          {}});
  return findings;
}

TakeDerived ignoring_derived(const std::function<void(size_t, Case &)> &take) {
  return [&take](size_t i, Case &c, std::string_view) { return take(i, c), true; };
}

// Files read from disk; a symbolic link that leaves its repository is not
// read: a finding names it, quoting nothing.
std::vector<Finding> load_files(const std::vector<std::string> &files, const Config &cfg, Date as_of,
                                const LoadOptions &opt, const Derive *derive, const TakeDerived &take) {
  const auto read = [&](size_t i, std::string &bytes) {
    return read_case_bytes(files[i], bytes, cfg.limits.max_file_size + 1);
  };
  return load_with(files, read, true, cfg, as_of, opt, derive, take);
}

// Files given with their bytes.
std::vector<Finding> load_given(const std::vector<CaseBytes> &given, const Config &cfg, Date as_of,
                                const LoadOptions &opt, const Derive *derive, const TakeDerived &take) {
  std::vector<std::string> files;
  files.reserve(given.size());
  for (const auto &g : given)
    files.push_back(g.path);
  const auto read = [&](size_t i, std::string &bytes) {
    bytes = given[i].bytes;
    return std::string();
  };
  return load_with(files, read, false, cfg, as_of, opt, derive, take);
}

} // namespace

std::vector<Finding> load_each(const std::vector<std::string> &files, const Config &cfg, Date as_of,
                               const LoadOptions &opt, const std::function<void(size_t, Case &)> &take) {
  return load_files(files, cfg, as_of, opt, nullptr, ignoring_derived(take));
}

std::vector<Finding> load_each(const std::vector<CaseBytes> &files, const Config &cfg, Date as_of,
                               const LoadOptions &opt, const std::function<void(size_t, Case &)> &take) {
  return load_given(files, cfg, as_of, opt, nullptr, ignoring_derived(take));
}

std::vector<Finding> load_derived(const std::vector<std::string> &files, const Config &cfg, Date as_of,
                                  const LoadOptions &opt, const Derive &derive, const TakeDerived &take) {
  return load_files(files, cfg, as_of, opt, &derive, take);
}

std::vector<Finding> load_derived(const std::vector<CaseBytes> &files, const Config &cfg, Date as_of,
                                  const LoadOptions &opt, const Derive &derive, const TakeDerived &take) {
  return load_given(files, cfg, as_of, opt, &derive, take);
}

Repository load_repository(const std::vector<std::string> &files, const Config &cfg, Date as_of,
                           const LoadOptions &opt) {
  std::vector<std::optional<Case>> slots(files.size());
  Repository repo;
  repo.files = files.size();
  repo.findings = load_each(files, cfg, as_of, opt, [&](size_t i, Case &c) { slots[i] = std::move(c); });
  for (auto &slot : slots)
    if (slot)
      repo.cases.push_back(std::move(*slot));
  return repo;
}

} // namespace mestring
