#pragma once
// Everything mestring prints goes through here, so that text from case
// files, sheets, file names and the command line is made safe in one place
// before it reaches a terminal, a cron mail or a CI log (tests/HOSTILE.md).
//
// Text (tables, agendas, messages, markdown) passes through printable():
// no control character but line breaks and tabs, no bad UTF-8, no
// bidirectional override, and of escape sequences only the colour codes
// paint() wrote, and only when colour is on. A name holding "\e]0;…\a"
// cannot retitle the coordinator's terminal, and one holding a newline
// cannot forge an agenda line.
//
// Documents (JSON, CSV, HTML, iCalendar, SARIF, JUnit XML, shell scripts)
// are written as their writers made them: each escapes for its own format
// (json_string, CsvWriter, html::escape, the iCalendar TEXT escape,
// xml_escape), and a byte filter here would corrupt them.

#include <fmt/format.h>

#include <string_view>

namespace mestring::cli {

// Human-readable text on stdout; `color`: keep paint()'s colour codes.
void print_text(std::string_view text, bool color = false);
template <typename... Args> void print_text(bool color, fmt::format_string<Args...> f, Args &&...args) {
  print_text(fmt::format(f, std::forward<Args>(args)...), color);
}

// A document on stdout, byte for byte.
void print_document(std::string_view bytes);

// Human-readable text on stderr: notes, warnings, errors.
void print_stderr(std::string_view text, bool color = false);

// "mestring: note: TEXT" on stderr.
void print_note(std::string_view text);

} // namespace mestring::cli
