#pragma once
// The cache of loaded cases: for each case file, the hash of its bytes and
// what load_case made of them, so that a run over unchanged files reads and
// hashes bytes but parses nothing. One cache file per set of case folders,
// in the user's cache folder, never in the repository. A cache is a hint,
// never trusted: an entry is used only when the file's path and bytes, the
// key (version and config) and the as-of date (holds_at) all agree, and any
// entry or file that does not decode exactly is ignored and rebuilt.

#include <mestring/case_file.hpp>
#include <mestring/hash.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mestring {

class CaseCache {
public:
  CaseCache() = default;
  // Reads the cache file `path` for results made under `key`. A missing,
  // unreadable, foreign (another key or format) or damaged file gives an
  // empty cache; this never fails.
  static CaseCache open(const std::string &path, std::string_view key);

  struct Hit {
    LoadedCase loaded;
    std::string_view entry; // the stored entry, to write back unchanged
  };
  // Returns what `file` loaded to when its bytes hashed to `content`, if that
  // holds at `as_of`. Safe to call from many threads at once.
  std::optional<Hit> find(const std::string &file, const Digest &content, Date as_of) const;

  // Encodes one result, loaded at `as_of`, as an entry for save().
  static std::string encode(const std::string &file, const Digest &content, Date as_of, const LoadedCase &loaded);

  // Replaces the cache file `path` by one holding `entries`, atomically (a
  // temporary file renamed over it), so a concurrent reader sees the old
  // cache or the new one. Returns false when it could not; nothing is left behind.
  static bool save(const std::string &path, std::string_view key, const std::vector<std::string_view> &entries);

  size_t size() const { return index_.size(); }

private:
  std::vector<char> bytes_; // a vector: moving it keeps the bytes where index_ points
  std::unordered_map<std::string_view, std::string_view> index_; // file → its entry
};

} // namespace mestring
