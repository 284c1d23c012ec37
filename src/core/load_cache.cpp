// The cache file and its stat index.
//
// Layout (host byte order; a header from another byte order is foreign):
//
//   header    64 bytes: "mestring-cache\n", the format version, BLAKE2b of
//             the key (version and config), a byte-order mark
//   entries   one per case file, each 8-byte aligned, in the order the
//             loading threads finished them (cache_entry.cpp): the file's
//             path, stat data and content hash, its result, a checksum
//   index     one slot per entry, sorted by path: where the entry is, and
//             where its path is in the path table; for binary search only
//   paths     the paths, one after another
//   trailer   64 bytes: where the index and paths are, the snapshot (the
//             clock when the writing run began to stat files), a checksum
//             of header and trailer, and an end mark
//
// Why it never gives a stale answer:
//  - Each entry names its path and the hash of the bytes it is the result
//    of, under a checksum; find() hands out nothing whose checksum or path
//    is wrong, so a damaged index slot or entry only misses.
//  - An entry is used without reading the file only when its stat data
//    (device, inode, mode, owner, group, size, mtime and ctime to the
//    nanosecond) equals what lstat says now, and was "settled" when seen:
//    the file's last change lay more than a racy window (3 s; 10 min on a
//    network file system) before the run that saw it began. A later change
//    of the file then gets a later ctime, which no one can set (touch -r sets
//    only mtime), so it cannot look unchanged. A file that changed within the
//    window, or whose times lie in the future, is hashed again next time.
//  - A clock that went back since the file was written (now < snapshot)
//    trusts no stat data at all: every file is hashed again, until a run
//    writes a new snapshot.
//  - A copied or restored tree has other inodes and ctimes: hashed again.
// The hash decides in every case of doubt, and a result is used only for the
// same bytes, key and as-of dependence (holds_at); what a caller derived
// from it, only for the same as-of date and format.
//
// The file is only ever replaced by rename, never written in place, so a
// mapping never sees it change under it.
#include <mestring/load_cache.hpp>

#include "load/cache_entry.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

namespace mestring {

namespace {

constexpr std::string_view magic = "mestring-cache\n";
// Bump when the layout here or in cache_entry.cpp changes.
// 6: fixed-size records, read in place, with the stat index.
// 7: entries end with CaseCache::checksum, not BLAKE2b.
// 8: an entry may keep what a caller derived from its case (with_derived).
constexpr char format_version = 8;
constexpr uint32_t byte_order = 0x01020304;
constexpr std::string_view end_mark = "mst-end\n";
constexpr size_t header_size = 64, trailer_size = 64;

struct IndexSlot {
  uint64_t entry_offset;
  uint32_t entry_size, path_size;
  uint64_t path_offset; // in the path table
};
static_assert(sizeof(IndexSlot) == 24);

struct Trailer {
  uint64_t index_offset, count, paths_offset, paths_size;
  int64_t snapshot;
  uint64_t reserved;
  uint64_t checksum; // of the header and the fields above
  char mark[8];
};
static_assert(sizeof(Trailer) == trailer_size);

std::string header_of(std::string_view key) {
  std::string h(magic);
  h.push_back(format_version);
  const Digest k = hash_bytes(key);
  h.append(reinterpret_cast<const char *>(k.bytes.data()), k.bytes.size());
  h.append(reinterpret_cast<const char *>(&byte_order), sizeof byte_order);
  h.resize(header_size, '\0');
  return h;
}

uint64_t checksum_of(std::string_view header, const Trailer &t) {
  Hasher h;
  h.update(header).update({reinterpret_cast<const char *>(&t), offsetof(Trailer, checksum)});
  uint64_t sum = 0;
  std::memcpy(&sum, h.digest().bytes.data(), sizeof sum);
  return sum;
}

uint64_t entry_checksum(std::string_view entry) { return CaseCache::checksum(entry.substr(0, entry.size() - 8)); }

int64_t nanoseconds(const struct timespec &t) { return int64_t(t.tv_sec) * 1'000'000'000 + t.tv_nsec; }

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    bytes.remove_prefix(size_t(n));
  }
  return true;
}

} // namespace

std::optional<FileStat> stat_file(const char *path) { return stat_file_at(AT_FDCWD, path); }

std::optional<FileStat> stat_file_at(int folder, const char *name) {
  struct stat st {};
  if (::fstatat(folder, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return std::nullopt;
  return FileStat{uint64_t(st.st_dev),     uint64_t(st.st_ino),  uint64_t(st.st_size), nanoseconds(st.st_mtim),
                  nanoseconds(st.st_ctim), uint32_t(st.st_mode), uint32_t(st.st_uid),  uint32_t(st.st_gid)};
}

int64_t clock_now() {
  struct timespec t {};
  ::clock_gettime(CLOCK_REALTIME, &t);
  return nanoseconds(t);
}

bool settled(const FileStat &st, int64_t snapshot, int64_t window) {
  return st.mtime_ns < snapshot - window && st.ctime_ns < snapshot - window;
}

int64_t racy_window_of_type(int64_t f_type) {
  constexpr int64_t local = 3'000'000'000, remote = 600'000'000'000;
  // NFS, SMB, CIFS, SMB2, FUSE (sshfs, rclone, …), Ceph, AFS, Coda, 9P, Lustre, GPFS, OCFS2.
  constexpr int64_t network[] = {0x6969,     0x517B,     0xFF534D42, 0xFE534D42, 0x65735546, 0x00C36400,
                                 0x5346414F, 0x73757245, 0x01021997, 0x0BD00BD0, 0x47504653, 0x7461636f};
  return std::find(std::begin(network), std::end(network), f_type) != std::end(network) ? remote : local;
}

int64_t racy_window(const char *path) {
  struct statfs fs {};
  if (::statfs(path, &fs) != 0)
    return racy_window_of_type(0x6969); // unknown: as careful as for a network file system
  return racy_window_of_type(int64_t(fs.f_type));
}

// ---- Reading ---------------------------------------------------------------

// Words of 8 bytes (an entry's size is a multiple of 8; a shorter tail is
// zero-padded), dealt in turn to four lanes, each word mixed into its lane
// by a step that is a bijection of the lane for a given word and of the
// word for a given lane: two bodies that differ in one word always differ
// in that lane. Four independent lanes keep the multiplier busy: about a
// quarter of a nanosecond per word, where BLAKE2b cost a quarter of a warm run.
uint64_t CaseCache::checksum(std::string_view body) {
  constexpr uint64_t k1 = 0x9E3779B97F4A7C15, k2 = 0xBF58476D1CE4E5B9;
  const auto mix = [](uint64_t h, uint64_t w) {
    h = (h ^ w) * k2;
    return h ^ (h >> 31);
  };
  uint64_t lane[4] = {k1 ^ body.size(), k2, k1 + 1, k2 + 1};
  while (body.size() >= 32) {
    uint64_t w[4];
    std::memcpy(w, body.data(), sizeof w);
    for (size_t i = 0; i < 4; ++i)
      lane[i] = mix(lane[i], w[i]);
    body.remove_prefix(32);
  }
  for (size_t i = 0; !body.empty(); ++i) {
    uint64_t w = 0;
    std::memcpy(&w, body.data(), std::min<size_t>(8, body.size()));
    body.remove_prefix(std::min<size_t>(8, body.size()));
    lane[i] = mix(lane[i], w);
  }
  uint64_t h = lane[0];
  for (size_t i = 1; i < 4; ++i)
    h = mix(h, lane[i]);
  h *= k1;
  return h ^ (h >> 29);
}

CaseCache CaseCache::open(const std::string &path, std::string_view key, int64_t now) {
  CaseCache cache;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return cache;
  struct stat st {};
  const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  const size_t size = regular ? size_t(st.st_size) : 0;
  void *map = size >= header_size + trailer_size ? ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
  ::close(fd);
  if (map == MAP_FAILED)
    return cache;
  cache.map_ = std::shared_ptr<const void>(map, [size](const void *p) { ::munmap(const_cast<void *>(p), size); });
  const std::string_view all(static_cast<const char *>(map), size);

  const std::string header = header_of(key);
  Trailer t{};
  std::memcpy(&t, all.data() + size - trailer_size, trailer_size);
  const uint64_t body = size - trailer_size;
  if (!all.starts_with(header) || std::string_view(t.mark, sizeof t.mark) != end_mark ||
      t.checksum != checksum_of(header, t) || t.index_offset < header_size || t.index_offset > body ||
      t.count > (body - t.index_offset) / sizeof(IndexSlot) ||
      t.paths_offset != t.index_offset + t.count * sizeof(IndexSlot) || t.paths_size != body - t.paths_offset) {
    cache.map_.reset();
    return cache;
  }
  cache.bytes_ = all;
  cache.index_ = all.substr(t.index_offset, t.count * sizeof(IndexSlot));
  cache.paths_ = all.substr(t.paths_offset, t.paths_size);
  cache.count_ = t.count;
  cache.clock_back_ = now < t.snapshot;
  // The whole file is read in a run: one read-ahead instead of a fault per page.
  ::madvise(map, size, MADV_WILLNEED);
  return cache;
}

std::optional<std::string_view> CaseCache::path_at(size_t slot) const {
  // A slot pointing outside the path table is a miss. The slots are not
  // trusted: the entry is.
  IndexSlot s{};
  std::memcpy(&s, index_.data() + slot * sizeof s, sizeof s);
  if (s.path_offset > paths_.size() || s.path_size > paths_.size() - s.path_offset)
    return std::nullopt;
  return paths_.substr(s.path_offset, s.path_size);
}

std::optional<CachedFile> CaseCache::entry_at(size_t slot, std::string_view file) const {
  IndexSlot s{};
  std::memcpy(&s, index_.data() + slot * sizeof s, sizeof s);
  if (s.entry_offset < header_size || s.entry_offset > bytes_.size() || s.entry_size < 8 ||
      s.entry_size > bytes_.size() - s.entry_offset)
    return std::nullopt;
  CachedFile f;
  f.entry = bytes_.substr(s.entry_offset, s.entry_size);
  uint64_t stored = 0;
  std::memcpy(&stored, f.entry.data() + f.entry.size() - 8, sizeof stored);
  std::string_view path;
  if (stored != entry_checksum(f.entry) || !read_entry_head(f.entry, path, f) || path != file)
    return std::nullopt;
  f.trusted = f.settled && f.stat && !clock_back_;
  return f;
}

std::optional<CachedFile> CaseCache::find(std::string_view file) const {
  size_t near = 0;
  return find(file, near);
}

std::optional<CachedFile> CaseCache::find(std::string_view file, size_t &near) const {
  // A run looks files up in the order of the index, each thread a few
  // slots after its last: those are tried before a binary search.
  for (size_t i = near; i < count_ && i < near + 4; ++i) {
    const auto p = path_at(i);
    if (!p)
      break;
    if (*p == file) {
      near = i + 1;
      return entry_at(i, file);
    }
  }
  size_t lo = 0, hi = count_;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const auto p = path_at(mid);
    if (!p)
      return std::nullopt;
    if (*p < file) {
      lo = mid + 1;
    } else if (file < *p) {
      hi = mid;
    } else {
      near = mid + 1;
      return entry_at(mid, file);
    }
  }
  return std::nullopt;
}

// ---- Writing ---------------------------------------------------------------

CacheWriter::CacheWriter(std::string path, std::string_view key) : path_(std::move(path)), header_(header_of(key)) {}

CacheWriter::~CacheWriter() {
  if (fd_ >= 0)
    ::close(fd_);
  if (!tmp_.empty() && !committed_)
    ::unlink(tmp_.c_str());
}

bool CacheWriter::started() const {
  const std::lock_guard lock(mutex_);
  return !slots_.empty();
}

bool CacheWriter::flush_locked() {
  if (fd_ < 0 && ok_ && tmp_.empty()) {
    tmp_ = path_ + ".tmp-XXXXXX";
    fd_ = ::mkstemp(tmp_.data()); // mode 0600: the cache holds CPR numbers
    if (fd_ < 0) {
      tmp_.clear();
      ok_ = false;
    }
  }
  ok_ = ok_ && write_all(fd_, buffer_);
  buffer_.clear();
  return ok_;
}

void CacheWriter::add(std::string_view file, std::string_view entry) {
  if (entry.empty() || entry.size() % 8 != 0)
    return;
  const std::lock_guard lock(mutex_);
  if (written_ == 0) {
    buffer_ = header_;
    written_ = header_.size();
  }
  slots_.push_back({file, written_, uint32_t(entry.size())});
  buffer_ += entry;
  written_ += entry.size();
  // Written in chunks as results come: a cold run never holds the cache.
  if (buffer_.size() >= (1 << 20))
    flush_locked();
}

bool CacheWriter::commit(int64_t snapshot) {
  const std::lock_guard lock(mutex_);
  if (written_ == 0) {
    buffer_ = header_;
    written_ = header_.size();
  }
  std::sort(slots_.begin(), slots_.end(), [](const Slot &a, const Slot &b) { return a.file < b.file; });
  Trailer t{};
  t.index_offset = written_;
  t.count = slots_.size();
  t.paths_offset = written_ + slots_.size() * sizeof(IndexSlot);
  uint64_t path_at = 0;
  for (const auto &s : slots_) {
    const IndexSlot slot{s.offset, s.size, uint32_t(s.file.size()), path_at};
    buffer_.append(reinterpret_cast<const char *>(&slot), sizeof slot);
    path_at += s.file.size();
    if (buffer_.size() >= (1 << 20))
      flush_locked();
  }
  for (const auto &s : slots_) {
    buffer_ += s.file;
    if (buffer_.size() >= (1 << 20))
      flush_locked();
  }
  t.paths_size = path_at;
  t.snapshot = snapshot;
  t.checksum = checksum_of(header_, t);
  std::memcpy(t.mark, end_mark.data(), sizeof t.mark);
  buffer_.append(reinterpret_cast<const char *>(&t), sizeof t);
  flush_locked();
  // No fsync: a cache torn by a crash fails its checks and is rebuilt.
  const bool closed = fd_ >= 0 && ::close(fd_) == 0;
  fd_ = -1;
  if (!ok_ || !closed || ::rename(tmp_.c_str(), path_.c_str()) != 0)
    return false;
  committed_ = true;
  return true;
}

bool save_cache(const std::string &path, std::string_view key,
                const std::vector<std::pair<std::string_view, std::string_view>> &entries, int64_t snapshot) {
  CacheWriter w(path, key);
  for (const auto &[file, entry] : entries)
    w.add(file, entry);
  return w.commit(snapshot);
}

} // namespace mestring
