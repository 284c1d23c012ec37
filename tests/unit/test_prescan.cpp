#include <mestring/prescan.hpp>

#include <doctest/doctest.h>
#include <string>

using namespace mestring;

namespace {

// Returns "rule line: message" of each finding, for whole-message checks.
std::vector<std::string> scan(std::string_view text, InputLimits limits = {}) {
  std::vector<std::string> out;
  for (const auto &f : prescan_yaml(text, "c.yaml", limits).findings)
    out.push_back(f.rule + " " + std::to_string(f.line) + ": " + f.message);
  return out;
}

} // namespace

TEST_SUITE("prescan") {
  TEST_CASE("an ordinary case file passes, with a BOM dropped and CRLF accepted") {
    const std::string text = "\xEF\xBB\xBFid: \"1\"\r\ncitizen:\r\n  name: 'Ane & Bo *'\r\ncontacts:\r\n"
                             "  - {date: 2025-01-01, outcome: reached, note: \"a # b [c\"}\r\nnotes: |\r\n"
                             "  - - - [[[ &x *y\r\n";
    const auto r = prescan_yaml(text, "c.yaml", {});
    CHECK(r.findings.empty());
    CHECK(r.text.starts_with("id:"));
  }

  TEST_CASE("nesting past the limit is reported once, at its line") {
    InputLimits limits;
    limits.max_depth = 4;
    CHECK(scan("a: [[[1]]]\n", limits).empty());
    const auto deep = scan("a:\n  b: [[[[1]]]]\n", limits);
    REQUIRE(deep.size() == 1);
    CHECK(deep[0].starts_with("limit 2: the lists and mappings here are nested more than 4 levels deep"));
    CHECK(scan("- - - - - x\n", limits).size() == 1);
    CHECK(scan("a:\n b:\n  c:\n   d:\n    e: 1\n", limits).size() == 1);
    CHECK(scan("a:\r b:\r  c:\r   d:\r    e: 1\r", limits).size() == 1); // CR alone ends a line too
  }

  TEST_CASE("brackets in quotes, comments, block scalars and plain text do not count") {
    InputLimits limits;
    limits.max_depth = 4;
    CHECK(scan("a: \"[[[[[[\"\nb: '{{{{{{''{{'\nc: 1 # [[[[[[\nd: see [[[[[[\ne: >\n  [[[[[[[\n", limits).empty());
  }

  TEST_CASE("anchors and aliases are refused, counted, outside quotes only") {
    CHECK(scan("a: 'x &y *z'\nb: R&D *note*\n").empty());
    const auto found = scan("a: &x 1\nb: *x\nc: [*x, *x]\n");
    REQUIRE(found.size() == 2);
    CHECK(found[0] == "yaml-subset 1: an anchor (&name) is not allowed in mestring's files; write each value out "
                      "in full where it is used");
    CHECK(found[1] == "yaml-subset 2: aliases (*name) are not allowed in mestring's files (3 in this file, the "
                      "first here); write each value out in full where it is used");
  }

  TEST_CASE("a second document is refused; a leading --- and a final ... are not") {
    CHECK(scan("---\na: 1\n...\n").empty());
    CHECK(scan("a: 1\n---\nb: 2\n").size() == 1);
    CHECK(scan("a: 1\n...\nb: 2\n").size() == 1);
    CHECK(scan("a: |\n  ---\n").empty());
  }

  TEST_CASE("invalid UTF-8 and control characters are reported with the byte offset") {
    CHECK(scan("a: b\nc: \xE6\n") ==
          std::vector<std::string>{"encoding 2: byte offset 8 (0xE6) is not valid UTF-8, it looks like æ, ø or å "
                                   "saved as Windows-1252 or Latin-1; save the file as UTF-8 and check the letters "
                                   "on this line"});
    CHECK(scan(std::string("a: \0", 4)).size() == 1);
    CHECK(scan("a: \xF4\x90\x80\x80\n").size() == 1); // past U+10FFFF
    CHECK(scan("a: æøå 😀\n").empty());
  }

  TEST_CASE("a file past the size limit is not scanned at all") {
    InputLimits limits;
    limits.max_file_size = 8;
    CHECK(scan("a: 123456\n", limits).size() == 1);
  }

  TEST_CASE("sizes are read and written with their unit") {
    CHECK(parse_byte_size("8 MiB") == 8u * 1024 * 1024);
    CHECK(parse_byte_size("512 KiB") == 512u * 1024);
    CHECK(parse_byte_size("4096") == 4096u);
    CHECK(parse_byte_size("8 parsecs") == 0u);
    CHECK(parse_byte_size("99999999999999999999 GiB") == 0u);
    CHECK(format_byte_size(8u * 1024 * 1024) == "8 MiB");
    CHECK(format_byte_size(1500) == "1500 bytes");
  }
}
