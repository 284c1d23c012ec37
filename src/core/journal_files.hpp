#pragma once
// What the journal (journal.cpp) and the transaction (transaction.cpp)
// share: the journal's name and fixed lines, and how a temporary file is
// named and put in place.

#include "write_target.hpp"

#include <string>
#include <string_view>

namespace mestring::detail {

inline constexpr std::string_view journal_name = ".mestring.journal";
inline constexpr std::string_view journal_magic = "mestring journal 1\n";
// The state line follows the magic line; `commit` is written over `staging`
// in place, so both have one length.
inline constexpr std::string_view staging_line = "state staging\n";
inline constexpr std::string_view commit_line = "state commit \n";
static_assert(staging_line.size() == commit_line.size(), "the state is overwritten in place");

// The folder part of a relative path ("" for none) and its last component.
std::string folder_part(std::string_view path);
std::string_view name_part(std::string_view path);
// True for a relative path that cannot leave its folder: no "..", ".", "" or
// leading "/".
bool contained(std::string_view path);
// ".NAME.tmp-SUFFIX"
std::string temp_name_for(std::string_view target_name, std::string_view suffix);
// Renames `temp` to `target` unless `target` exists (RENAME_NOREPLACE, or
// link() and unlink() where the file system lacks it). Returns 0 or errno.
int place_new(const std::string &temp, const std::string &target);
// root/rel
std::string joined(const std::string &root, std::string_view rel);

} // namespace mestring::detail
