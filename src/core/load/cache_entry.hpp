#pragma once
// The entry of one case file in the cache file: its encoding is
// cache_entry.cpp's (CaseCache::encode, decode, restamp); the file around
// it, load_cache.cpp's. Internal to src/core.

#include <mestring/load_cache.hpp>

#include <string_view>

namespace mestring {

// Reads the parts of an entry find() needs without decoding the case: the
// path it is for, the hash of the bytes and the stat data. Returns false
// when the entry is too short or its sizes disagree; the checksum is the
// caller's to check.
bool read_entry_head(std::string_view entry, std::string_view &path, CachedFile &out);

} // namespace mestring
