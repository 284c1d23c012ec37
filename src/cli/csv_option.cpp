#include "csv_option.hpp"

#include "commands.hpp"

#include <CLI/CLI.hpp>

namespace mestring::cli {

void add_delimiter_option(CLI::App &sub, std::string &into) {
  sub.add_option("--delimiter", into, h("CSV cell separator: ; , | or tab (default: the config's csv.delimiter, ;)"))
      ->type_name("CHAR");
}

CsvStyle csv_style(const Context &ctx, const std::string &delimiter, std::string_view format) {
  CsvStyle style = ctx.config.csv;
  if (delimiter.empty())
    return style;
  if (!format.empty() && format != "csv")
    throw Failure{Exit::usage, say("--delimiter: only --format csv has cells to separate")};
  const auto d = parse_csv_delimiter(delimiter);
  if (!d)
    throw Failure{Exit::usage, say("--delimiter: {}", d.error())};
  style.delimiter = *d;
  return style;
}

} // namespace mestring::cli
