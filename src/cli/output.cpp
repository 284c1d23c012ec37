#include "output.hpp"

#include <mestring/i18n.hpp>
#include <mestring/text.hpp>

#include <cstdio>

namespace mestring::cli {

namespace {

void write(std::FILE *stream, std::string_view bytes) {
  if (!bytes.empty())
    std::fwrite(bytes.data(), 1, bytes.size(), stream);
}

} // namespace

void print_text(std::string_view text, bool color) {
  write(stdout, printable(text, color ? Layout::terminal : Layout::lines));
}

void print_document(std::string_view bytes) { write(stdout, bytes); }

void print_stderr(std::string_view text, bool color) {
  std::fflush(stdout); // keep the order a person sees when both go to one terminal
  write(stderr, printable(text, color ? Layout::terminal : Layout::lines));
}

void print_note(std::string_view text) { print_stderr(fmt::format("mestring: {}: {}\n", say("note"), text)); }

} // namespace mestring::cli
