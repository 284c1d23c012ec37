#pragma once
// The guard in front of yaml-cpp. yaml-cpp has crashed on hostile input
// before (stack overflow on deep nesting: CVE-2017-5950, CVE-2018-20573/4,
// CVE-2019-6285/6292), so no byte reaches it until this scan has checked the
// size, the encoding, the nesting depth and the YAML subset a case file uses:
// one document, no anchors or aliases. It never calls yaml-cpp itself.

#include <mestring/finding.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mestring {

// Limits a repository's mestring.yaml may change (`limits:`).
struct InputLimits {
  size_t max_file_size = size_t(8) * 1024 * 1024; // bytes
  int max_depth = 64;                             // nesting levels, block and flow together
};

struct PrescanResult {
  std::string_view text;         // the input without a UTF-8 byte order mark
  std::vector<Finding> findings; // errors naming `file`; empty when yaml-cpp may read `text`
};

// Checks one YAML file's bytes before any parser sees them. Findings use the
// rules `limit` (size, depth), `encoding` (invalid UTF-8 or a control
// character, with the byte offset) and `yaml-subset` (an anchor, an alias, a
// second document). A BOM is dropped and CRLF line ends are accepted. Never
// throws; runs in time linear in the size and needs no recursion.
PrescanResult prescan_yaml(std::string_view bytes, const std::string &file, const InputLimits &limits);

// Parses a size as the config writes it: "8 MiB", "512 KiB", "1 MB", "4096"
// (bytes). Returns 0 for text that is not a size.
size_t parse_byte_size(std::string_view text);
// Formats a size for messages and the config: "8 MiB", "1536 bytes".
std::string format_byte_size(size_t bytes);

} // namespace mestring
