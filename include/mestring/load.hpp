#pragma once
// Loading a repository: finding the case files under the paths a user names
// and reading every one (case_file.hpp) on all cores, through the cache of
// loaded cases (load_cache.hpp), then the check that spans files
// (duplicate-id). Loading knows nothing of rules: assess.hpp runs them.

#include <mestring/case_file.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mestring {

// Returns the case files under `paths` (files as given, folders searched
// recursively for *.yaml and *.yml, skipping mestring.yaml and hidden
// entries), sorted, without duplicates. Paths that do not exist or cannot
// be read are reported in `errors`. The hidden temporary files of case
// files that an interrupted write left (`.NAME.yaml.tmp-XXXXXX`, journal.hpp)
// are collected in `temporaries`, for recover() to remove under the lock.
std::vector<std::string> find_case_files(const std::vector<std::string> &paths, std::vector<std::string> &errors,
                                         std::vector<std::string> *temporaries = nullptr);

struct LoadOptions {
  unsigned jobs = 0;      // threads reading and parsing; 0: one per hardware thread
  std::string cache_file; // the cache of loaded cases (load_cache.hpp); "" for none
  std::string cache_key;  // what besides a file's bytes shapes its result: version, config
  bool notes = true;      // false: the notes of cases and events are left empty (for callers that never print them)
};

struct Repository {
  std::vector<Case> cases;       // in the order of the files
  std::vector<Finding> findings; // data findings of every file, in file order, then duplicate-id
  size_t files = 0;
};

// Loads every file. The result is the same, in the same order, whatever the
// threads and whatever the cache holds; a cache that cannot be read or
// written is silently left out.
Repository load_repository(const std::vector<std::string> &files, const Config &cfg, Date as_of,
                           const LoadOptions &opt = {});

// The same loading for a caller that keeps less than whole cases (assess):
// hands each case to `take` on the thread that loaded it, with the index of
// its file in `files`, and returns the findings as load_repository does.
// `take` is called from several threads at once, once per index; it may
// move from the case, or leave it, whose memory then serves the next one.
std::vector<Finding> load_each(const std::vector<std::string> &files, const Config &cfg, Date as_of,
                               const LoadOptions &opt, const std::function<void(size_t, Case &)> &take);

// What a caller derives from each case at the as-of date and keeps instead
// of the case (assess: its obligations), for the cache to keep beside it.
struct Derive {
  std::string format; // names what is derived and how it is written: bytes of another format are never handed back
  // Writes what it derives from a case at the as-of date into `out`; leaves
  // it empty when there is nothing the cache could keep (`take` then gets
  // empty bytes, always with the whole case).
  std::function<void(const Case &, std::string &out)> from;
};
// A caller's use of a case with what was derived from it; returns false,
// having taken nothing, when it cannot read `derived` (damaged bytes).
using TakeDerived = std::function<bool(size_t, Case &, std::string_view derived)>;

// The same loading for a caller that derives what it keeps: each case is
// handed to `take` with the bytes `derive` makes of it at `as_of`, which the
// cache keeps in the case's entry with the date. A file known unchanged
// whose entry keeps bytes derived at the same date skips `derive`: its
// bytes come from the cache, with a case whose event lists are left empty
// (its fields, exemptions and findings are there), so the rules need not
// run again for a file that has not changed since the last run that day.
// When `take` cannot read cached bytes, the case is decoded whole and
// derived again.
std::vector<Finding> load_derived(const std::vector<std::string> &files, const Config &cfg, Date as_of,
                                  const LoadOptions &opt, const Derive &derive, const TakeDerived &take);

// A case file given with its bytes instead of read from disk: the content
// git's index holds for a staged file (check --staged). Findings name `path`.
struct CaseBytes {
  std::string path;
  std::string bytes;
};
// The same loading for files given with their bytes: nothing is read from
// disk, and everything else (the guard, the checks, duplicate-id among them,
// the cache when `opt` names one) is as for files read by path.
std::vector<Finding> load_each(const std::vector<CaseBytes> &files, const Config &cfg, Date as_of,
                               const LoadOptions &opt, const std::function<void(size_t, Case &)> &take);
std::vector<Finding> load_derived(const std::vector<CaseBytes> &files, const Config &cfg, Date as_of,
                                  const LoadOptions &opt, const Derive &derive, const TakeDerived &take);

// Calls fn(i) for every i < n on `jobs` threads (0: one per hardware
// thread); each takes the next index as it finishes one, so a slow item
// never holds up the rest. The first exception stops the work and is
// rethrown here.
void for_each_index(size_t n, unsigned jobs, const std::function<void(size_t)> &fn);

} // namespace mestring
