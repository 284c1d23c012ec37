#pragma once
// `--delimiter`, the one option of every command that writes CSV (cli.md,
// "CSV, every command alike"): each such command adds it with
// add_delimiter_option and asks csv_style for the style to write with.

#include "context.hpp"

#include <mestring/csv.hpp>

#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace mestring::cli {

// Adds --delimiter to `sub`, storing its text in `into`.
void add_delimiter_option(CLI::App &sub, std::string &into);

// Returns the config's CSV style (csv: {delimiter, bom}) with --delimiter's
// separator when one was given. A bad delimiter is a usage error, and so is
// --delimiter with a format that is not `csv` (`format` "" means CSV always).
CsvStyle csv_style(const Context &ctx, const std::string &delimiter, std::string_view format = "");

} // namespace mestring::cli
