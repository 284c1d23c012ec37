// check --staged: git's listing of the staged files and its batch of blobs,
// parsed (git_index.hpp). The git program itself is run by the end-to-end
// test tests/cli/init-hook-git.
#include <mestring/git_index.hpp>

#include <doctest/doctest.h>
#include <string>

using namespace mestring;

namespace {

const std::string zero(40, '0');
const std::string blob_a = "8baef1b4abc478178b004d62031cf7fe6db6f903";
const std::string blob_b = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";

} // namespace

TEST_SUITE("git_index") {
  TEST_CASE("added, modified and renamed files are listed with mode and blob; a rename keeps its new path") {
    using namespace std::string_literals;
    const auto raw = ":000000 100644 "s + zero + " " + blob_a + " A\0cases/2025-0001.yaml\0"s + //
                     ":100644 100755 "s + blob_b + " " + blob_b + " M\0cases/s\xC3\xB8ren \xC3\xA6r\xC3\xB8.yaml\0"s +
                     ":100644 100644 "s + blob_a + " " + blob_a + " R100\0cases/old.yaml\0cases/new name.yaml\0"s +
                     ":000000 120000 "s + zero + " " + blob_b + " A\0cases/link.yaml\0"s;
    const auto entries = parse_staged_listing(raw);
    REQUIRE(entries);
    REQUIRE(entries->size() == 4);
    CHECK((*entries)[0].path == "cases/2025-0001.yaml");
    CHECK((*entries)[0].blob == blob_a);
    CHECK((*entries)[0].status == 'A');
    CHECK((*entries)[0].is_file());
    CHECK((*entries)[1].path == "cases/søren ærø.yaml");
    CHECK((*entries)[1].mode == "100755");
    CHECK((*entries)[2].path == "cases/new name.yaml");
    CHECK((*entries)[2].status == 'R');
    CHECK((*entries)[3].mode == "120000");
    CHECK_FALSE((*entries)[3].is_file());
  }

  TEST_CASE("nothing staged is an empty list; a listing of another form is refused, saying where") {
    CHECK(parse_staged_listing("")->empty());
    using namespace std::string_literals;
    CHECK(parse_staged_listing("cases/a.yaml\0"s).error() ==
          "git's list of staged files is not in the expected form at entry 1");
    const auto ok = ":000000 100644 "s + zero + " " + blob_a + " A\0a.yaml\0"s;
    CHECK(!parse_staged_listing(ok + ":000000 100644 " + zero + " " + blob_a + " A\0"s));                // no path
    CHECK(!parse_staged_listing(ok + ":100644 100644 " + blob_a + " " + blob_a + " R100\0old.yaml\0"s)); // no new path
    CHECK(!parse_staged_listing(":000000 100644 "s + zero + " xyz A\0a.yaml\0"s));                       // not an id
    CHECK(!parse_staged_listing(ok.substr(0, ok.size() - 1)));                                           // cut short
  }

  TEST_CASE("a batch of blobs is split by the sizes git gives, whatever bytes they hold") {
    using namespace std::string_literals;
    const auto out = blob_a + " blob 12\nid: \"2025\"\n\0\n"s + blob_b + " blob 0\n\n";
    const auto blobs = parse_cat_file_batch(out, 2);
    REQUIRE(blobs);
    REQUIRE(blobs->size() == 2);
    CHECK((*blobs)[0] == "id: \"2025\"\n\0"s);
    CHECK((*blobs)[1].empty());
  }

  TEST_CASE("a missing object or a short batch is refused") {
    CHECK(parse_cat_file_batch(blob_a + " missing\n", 1).error() ==
          "git could not give the staged content of " + blob_a + ": " + blob_a + " missing");
    CHECK(parse_cat_file_batch(blob_a + " blob 10\nshort\n", 1).error() ==
          "git printed less than asked: 0 of 1 staged files");
    CHECK(parse_cat_file_batch(blob_a + " blob 1\nx\n", 2).error() ==
          "git printed less than asked: 1 of 2 staged files");
  }
}
