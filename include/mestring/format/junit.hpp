#pragma once
// `check --format junit`: the findings as JUnit XML for CI dashboards. Each
// checked case file is one test case; each of its findings is one failure.

#include <mestring/check.hpp>

#include <string>
#include <string_view>

namespace mestring {

// Renders one <testsuite name="mestring check"> with a <testcase> per file of
// `r.files` (classname "mestring", name the path); a file without findings passes.
std::string render_check_junit(const CheckResult &r);

// Escapes text for XML content and attribute values: & < > " ' and line ends
// become references; characters XML 1.0 cannot hold are dropped.
std::string xml_escape(std::string_view text);

} // namespace mestring
