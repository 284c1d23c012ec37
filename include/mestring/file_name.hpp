#pragma once
// File names made from people's names, safe on every system a page may be
// mailed to: ASCII letters, digits and '-', no path separators, no hidden or
// reserved names, unique ignoring case. Knows nothing of cases.

#include <string>
#include <string_view>
#include <vector>

namespace mestring {

// Returns a lowercase stem of the name in ASCII: Latin letters lose their
// accents and the Nordic ones are spelt out (æ ae, ø oe, å aa, ß ss); every
// other run of characters is one '-'. At most 60 characters; "unnamed" when
// nothing is left; a Windows device name (con, nul, com1, …) gets a '-' more.
std::string ascii_file_stem(std::string_view name);

// Returns one file name per name, in order: its stem and `extension`
// (".html"); a stem already taken, or in `reserved`, gets "-2", "-3", ….
std::vector<std::string> unique_file_names(const std::vector<std::string> &names, std::string_view extension,
                                           const std::vector<std::string> &reserved = {});

} // namespace mestring
