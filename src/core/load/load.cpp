// The parallel loader: every file is read, hashed, looked up in the cache or
// parsed, on its own thread; results are gathered in file order, so the
// output never depends on the threads or on what the cache holds.
#include <mestring/load.hpp>

#include <mestring/cache_dir.hpp>
#include <mestring/fileio.hpp>
#include <mestring/i18n.hpp>
#include <mestring/load_cache.hpp>
#include <mestring/typed_text.hpp>
#include <mestring/utf8.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

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
  int id_line = 0;
  std::string new_entry;         // for the cache, when the file was parsed
  std::string_view cached_entry; // the cache's entry, when it was used
};

} // namespace

std::vector<Finding> load_each(const std::vector<std::string> &files, const Config &cfg, Date as_of,
                               const LoadOptions &opt, const std::function<void(size_t, Case &&)> &take) {
  const bool caching = !opt.cache_file.empty();
  CaseCache cache = caching ? CaseCache::open(opt.cache_file, opt.cache_key) : CaseCache{};

  // Read, hash, load from the cache or parse each file on its own.
  std::vector<FileResult> results(files.size());
  for_each_index(files.size(), opt.jobs, [&](size_t i) {
    thread_local std::string bytes;
    auto &r = results[i];
    // A name that is not UTF-8 or holds a control character could never be
    // an id, and would carry its bytes into every output: such a file is
    // never opened.
    if (!is_valid_utf8(files[i])) {
      r.problem = Check::encoding;
      r.unreadable = say("the file name is not UTF-8 text, so it cannot be a case's id; rename the file");
      return;
    }
    if (auto bad = control_character_problem(files[i], say("the file name"), false)) {
      r.problem = Check::encoding;
      r.unreadable = std::move(*bad);
      return;
    }
    // A symbolic link that leaves its repository is not read: a finding names it, quoting nothing.
    r.unreadable = read_case_bytes(files[i], bytes, cfg.limits.max_file_size + 1);
    if (!r.unreadable.empty())
      return;
    const Digest content = caching ? hash_bytes(bytes) : Digest{};
    LoadedCase loaded;
    if (auto hit = caching ? cache.find(files[i], content, as_of) : std::nullopt) {
      loaded = std::move(hit->loaded);
      r.cached_entry = hit->entry;
    } else {
      loaded = load_case(bytes, files[i], cfg, as_of);
      if (caching)
        r.new_entry = CaseCache::encode(files[i], content, as_of, loaded);
    }
    r.findings = std::move(loaded.findings);
    if (loaded.record) {
      r.id = loaded.record->id;
      r.id_line = loaded.record->id_line;
      take(i, std::move(*loaded.record));
    }
  });
  // The cache is rewritten only when it changed: a file parsed, or one gone.
  if (caching) {
    std::vector<std::string_view> entries;
    bool changed = false;
    for (const auto &r : results) {
      if (!r.new_entry.empty() || !r.cached_entry.empty())
        entries.push_back(r.new_entry.empty() ? r.cached_entry : r.new_entry);
      changed = changed || !r.new_entry.empty();
    }
    // Rewritten, or marked as used, so that pruning keeps a cache in use.
    if (changed || entries.size() != cache.size())
      CaseCache::save(opt.cache_file, opt.cache_key, entries);
    else
      mark_cache_used(opt.cache_file);
    cache = {};
  }

  // Gather in file order, then the check that spans files.
  std::vector<Finding> findings;
  std::map<std::string, std::vector<std::pair<std::string, int>>> by_id;
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
      by_id[r.id].emplace_back(files[i], r.id_line);
    r = {}; // free as we go
  }
  for (const auto &[id, places] : by_id)
    for (size_t i = 1; i < places.size(); ++i)
      findings.push_back({Severity::error,
                          places[i].first,
                          places[i].second,
                          0,
                          std::string(id_of(Check::duplicate_id)),
                          say("id \"{}\" is also used by {}; each case needs its own id", id, places[0].first),
                          id,
                          std::nullopt,
                          {},
                          {}});
  return findings;
}

Repository load_repository(const std::vector<std::string> &files, const Config &cfg, Date as_of,
                           const LoadOptions &opt) {
  std::vector<std::optional<Case>> slots(files.size());
  Repository repo;
  repo.files = files.size();
  repo.findings = load_each(files, cfg, as_of, opt, [&](size_t i, Case &&c) { slots[i] = std::move(c); });
  for (auto &slot : slots)
    if (slot)
      repo.cases.push_back(std::move(*slot));
  return repo;
}

} // namespace mestring
