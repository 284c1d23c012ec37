#pragma once
// `check --format sarif`: the findings as a SARIF 2.1.0 log, the format code
// review tools (GitHub code scanning, VS Code's SARIF viewer) read.

#include <mestring/check.hpp>

#include <string>
#include <string_view>

namespace mestring {

// Renders one run whose driver "mestring" (at `version`) lists every rule of
// the catalog and every data check, and one result per finding with its file
// and, when known, its line.
std::string render_check_sarif(const CheckResult &r, std::string_view version);

} // namespace mestring
