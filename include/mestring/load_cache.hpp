#pragma once
// The cache of loaded cases, with a stat index in front of it, as git's
// index: for each case file, the stat data it had, the hash of its bytes and
// what load_case made of them. A run over unchanged files stats each file,
// opens none, parses nothing, and reads each result from a memory map
// without decoding what the command does not need (the notes).
//
// What it promises: a result from the cache is exactly what parsing the file
// would give. The hash of the bytes is the truth; stat data only saves
// reading them, and only when it cannot lie (load_cache.cpp says why):
// anything that makes it doubtful (a file changed within the timestamp
// granularity of the run that saw it, a clock that went back, times in the
// future, a file server's clock) costs a re-hash, never a stale answer. A
// cache file that is missing, foreign (another key, version or byte order),
// damaged or torn costs a re-parse of what it cannot vouch for. The file is
// written as results come (a cold run holds no entry in memory) and
// replaced atomically; it lives in the user's own cache folder
// (cache_dir.hpp), never in the repository.

#include <mestring/case_file.hpp>
#include <mestring/hash.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mestring {

// What the file system says of a file: the stat data git's index keeps.
struct FileStat {
  uint64_t dev = 0, ino = 0, size = 0;
  int64_t mtime_ns = 0, ctime_ns = 0; // nanoseconds since the epoch
  uint32_t mode = 0, uid = 0, gid = 0;
  bool operator==(const FileStat &) const = default;
};

// Returns lstat(2) of `path` (a symbolic link as itself), or nothing.
std::optional<FileStat> stat_file(const char *path);
// The same for `name` in the open folder `folder` (fstatat(2)): no walk of the path to it.
std::optional<FileStat> stat_file_at(int folder, const char *name);

// Returns the time now, in nanoseconds since the epoch: the clock the file
// system stamps files with, as this machine sees it.
int64_t clock_now();

// Returns whether stat data seen by a run that began at `snapshot` may stand
// for the file's bytes in a later run: the file's last change (mtime and
// ctime) lies more than `window` before the snapshot, so a later change
// cannot carry the same times. A file changed within the window, or with
// times after the snapshot, is "racy" (git's word) and is hashed again.
bool settled(const FileStat &st, int64_t snapshot, int64_t window);

// How far before a run a file's change must lie to be trusted, for the file
// system that holds `path`: 3 s on a local one (more than any timestamp
// granularity: FAT's 2 s), 10 min on a network or FUSE file system, whose
// times come from a server's clock.
int64_t racy_window(const char *path);
// The same, from statfs(2)'s f_type.
int64_t racy_window_of_type(int64_t f_type);

// What the cache holds for one file, as found in its entry.
struct CachedFile {
  std::string_view entry;       // the entry's bytes, checksum verified
  Digest content;               // the hash of the bytes it is the result of
  std::optional<FileStat> stat; // the stat data then; none for bytes not read from disk
  bool settled = false;         // the stat data had settled when seen (settled())
  bool trusted = false;         // settled, and the clock has not gone back since the file was written
};

class CaseCache {
public:
  CaseCache() = default;
  CaseCache(CaseCache &&) = default;
  CaseCache &operator=(CaseCache &&) = default;

  // Maps the cache file `path` for results made under `key`; `now` is the
  // clock at the start of this run. A missing, unreadable, foreign or
  // damaged file gives an empty cache; this never fails.
  static CaseCache open(const std::string &path, std::string_view key, int64_t now);

  // Returns the entry of `file`, if the cache holds one whose checksum and
  // path are right. Safe to call from many threads at once.
  std::optional<CachedFile> find(std::string_view file) const;
  // The same, looking first just after `near` (a slot number, 0 at first),
  // which it sets after the slot found: a caller looking files up in their
  // sorted order then needs no search.
  std::optional<CachedFile> find(std::string_view file, size_t &near) const;

  // Fills `into` from `f` when it holds at `as_of` (holds_at), reusing the
  // memory `into` already has. The notes (of the case and of its events) are
  // left empty unless `notes`; the event lists (followups, contacts,
  // escalations, health checks, meetings, level changes) are left empty
  // unless `events`, for a caller that has what it derived from them
  // (derived()). Returns false, with `into` unspecified, when the entry does
  // not hold or does not decode exactly.
  static bool decode(const CachedFile &f, Date as_of, LoadedCase &into, bool notes, bool events = true);

  // Returns the bytes a caller derived from `f`'s case at `as_of` in
  // `format` and kept in its entry (with_derived), if the entry keeps such
  // bytes for that date.
  static std::optional<std::string_view> derived(const CachedFile &f, Date as_of, std::string_view format);
  // Returns `entry` keeping `bytes`, derived from its case at `as_of` in
  // `format` (a name for what and how), in place of what it kept before; ""
  // for an entry that is not one or too large.
  static std::string with_derived(std::string_view entry, Date as_of, std::string_view format, std::string_view bytes);

  // Encodes one result, loaded at `as_of` from bytes hashing to `content`,
  // as an entry: with the file's stat data, and whether it had settled
  // (none: bytes not read from disk, never trusted by stat data). Returns ""
  // for a result too large to cache.
  static std::string encode(std::string_view file, const Digest &content, const std::optional<FileStat> &stat,
                            bool settled, Date as_of, const LoadedCase &loaded);
  // Returns `f`'s entry with other stat data: a file touched, copied or
  // seen again after its racy window, whose bytes are unchanged.
  static std::string restamp(const CachedFile &f, const std::optional<FileStat> &stat, bool settled);

  // The checksum an entry ends with, of its bytes before it: 64 bits that
  // catch damage (a torn write, a flipped bit), fast enough for every entry
  // of every run. Not a defence against a forger: the cache folder is the
  // user's own (cache_dir.hpp), and the content hash is the truth.
  static uint64_t checksum(std::string_view body);

  // The number of files the index lists.
  size_t size() const { return count_; }
  // Whether the clock is before the snapshot of the run that wrote the file
  // (it was stepped back): no stat data is trusted, and the file should be
  // written again with this run's snapshot, so the next run trusts it again.
  bool clock_back() const { return clock_back_; }

private:
  std::optional<std::string_view> path_at(size_t slot) const;
  std::optional<CachedFile> entry_at(size_t slot, std::string_view file) const;

  std::shared_ptr<const void> map_; // the mapped file, unmapped with the last copy
  std::string_view bytes_;          // all of it
  std::string_view index_, paths_;  // the sorted index and its paths
  size_t count_ = 0;
  bool clock_back_ = false; // the clock is before the snapshot of the run that wrote the file
};

// Writes a new cache file as results come, then replaces the old one
// atomically: a temporary file beside it (mode 0600), renamed over it.
// Nothing is created until the first entry is added.
class CacheWriter {
public:
  CacheWriter(std::string path, std::string_view key);
  ~CacheWriter(); // removes the temporary file unless committed
  CacheWriter(const CacheWriter &) = delete;
  CacheWriter &operator=(const CacheWriter &) = delete;

  // Appends the entry of `file` (from encode, restamp or a CachedFile).
  // `file` must stay valid until commit. Safe to call from many threads.
  void add(std::string_view file, std::string_view entry);
  // Writes the index of what was added, marked with `snapshot` (the clock
  // when this run began to stat files), and renames the file over the
  // cache. Returns false, leaving nothing behind, when a write failed.
  bool commit(int64_t snapshot);
  // Whether anything was added.
  bool started() const;

private:
  struct Slot {
    std::string_view file;
    uint64_t offset;
    uint32_t size;
  };
  bool flush_locked();

  std::string path_, tmp_, header_;
  int fd_ = -1;
  bool ok_ = true, committed_ = false;
  uint64_t written_ = 0; // bytes in the file and the buffer together
  std::string buffer_;
  std::vector<Slot> slots_;
  mutable std::mutex mutex_;
};

// Writes a cache file of `entries` (file, entry) at once: for tests and the
// fuzz target. Returns false when it could not.
bool save_cache(const std::string &path, std::string_view key,
                const std::vector<std::pair<std::string_view, std::string_view>> &entries, int64_t snapshot);

} // namespace mestring
