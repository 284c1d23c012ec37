#include <mestring/fileio.hpp>
#include <mestring/load_cache.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace mestring;
using namespace mestring::test;
namespace fs = std::filesystem;

namespace {

const Date as_of = today();

const std::string text = "id: k1\nparagraph: \"85\"\ncitizen:\n  name: Jens Hansen\n  cpr: \"010190-1234\"\n"
                         "level: 2\nstart: 2025-02-17\nnotes: fine\n"
                         "contacts:\n  - {date: 2025-03-03, outcome: reached, mode: visit, note: \"første\"}\n"
                         "  - {date: 2025-03-10, outcome: nope}\n"
                         "followups: [{date: 2025-05-01, kind: first}]\n"
                         "meetings: [{date: 2025-06-01, status: 2025-05-30}, {date: 2025-09-01}]\n"
                         "health_checks: [2025-04-01]\nescalations: [{date: 2025-04-02, reason: other}]\n";

std::string describe(const LoadedCase &l) {
  std::string s;
  for (const auto &f : l.findings)
    s += f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + " " + f.rule + " " + f.message +
         (f.case_id ? " " + *f.case_id : "") + "\n";
  if (l.record) {
    const auto &c = *l.record;
    s += c.file + " " + c.id + " " + c.paragraph + " " + c.name + " " + c.cpr + " " + c.notes + " " +
         std::to_string(*c.level) + " " + c.start->iso() + " " + std::to_string(c.start.line) + "\n";
    for (const auto &x : c.contacts)
      s += x.date.iso() + " " + std::string(id_of(x.outcome)) + " " + std::string(x.mode ? id_of(*x.mode) : "") + " " +
           x.note + " " + std::to_string(x.line) + "\n";
    for (const auto &x : c.meetings)
      s += x.date.iso() + " " + (x.status ? x.status->iso() : "-") + "\n";
    s += std::to_string(c.followups.size()) + std::to_string(c.health_checks.size()) +
         std::to_string(c.escalations.size()) + "\n";
  }
  return s;
}

} // namespace

TEST_SUITE("CaseCache") {
  TEST_CASE("a saved entry reads back exactly as loaded") {
    TempDir dir;
    const auto file = (dir.path / "cache.bin").string();
    const auto loaded = load_case(text, "cases/k1.yaml", defaults(), as_of);
    REQUIRE(!loaded.findings.empty()); // the bad outcome, so findings round-trip too
    const auto entry = CaseCache::encode("cases/k1.yaml", hash_bytes(text), as_of, loaded);
    REQUIRE(CaseCache::save(file, "key", {entry}));

    const auto cache = CaseCache::open(file, "key");
    CHECK(cache.size() == 1);
    const auto hit = cache.find("cases/k1.yaml", hash_bytes(text), as_of);
    REQUIRE(hit);
    CHECK(describe(hit->loaded) == describe(loaded));
    CHECK(hit->entry == entry);
  }

  TEST_CASE("another key, other bytes or another path find nothing") {
    TempDir dir;
    const auto file = (dir.path / "cache.bin").string();
    const auto loaded = load_case(text, "cases/k1.yaml", defaults(), as_of);
    REQUIRE(CaseCache::save(file, "key", {CaseCache::encode("cases/k1.yaml", hash_bytes(text), as_of, loaded)}));
    CHECK(CaseCache::open(file, "other key").size() == 0);
    const auto cache = CaseCache::open(file, "key");
    CHECK(!cache.find("cases/k1.yaml", hash_bytes(text + " "), as_of));
    CHECK(!cache.find("cases/k2.yaml", hash_bytes(text), as_of));
  }

  TEST_CASE("every damaged byte of a cache file is caught, never trusted") {
    TempDir dir;
    const auto file = (dir.path / "cache.bin").string();
    const auto loaded = load_case(text, "cases/k1.yaml", defaults(), as_of);
    const auto entry = CaseCache::encode("cases/k1.yaml", hash_bytes(text), as_of, loaded);
    REQUIRE(CaseCache::save(file, "key", {entry}));
    const std::string bytes = *read_file(file);
    for (size_t i = 0; i < bytes.size(); ++i) {
      auto broken = bytes;
      broken[i] = char(broken[i] ^ 0x20);
      std::ofstream(file, std::ios::binary) << broken;
      const auto hit = CaseCache::open(file, "key").find("cases/k1.yaml", hash_bytes(text), as_of);
      CHECK_MESSAGE(!hit, "byte ", i);
    }
    for (size_t n = 0; n < bytes.size(); ++n) {
      std::ofstream(file, std::ios::binary) << bytes.substr(0, n);
      CHECK(!CaseCache::open(file, "key").find("cases/k1.yaml", hash_bytes(text), as_of));
    }
  }

  TEST_CASE("a missing or unreadable cache file is an empty cache") {
    CHECK(CaseCache::open("/no/such/cache.bin", "key").size() == 0);
    CHECK(!CaseCache::save("/no/such/folder/cache.bin", "key", {}));
  }

  TEST_CASE("an entry holds at another as-of date only when its findings would be the same") {
    const auto near = load_case(text, "cases/k1.yaml", defaults(), as_of);
    CHECK(!near.as_of_dependence.far_reported);
    CHECK(holds_at(near.as_of_dependence, as_of, day("2026-11-26")));
    // 2025-09-01, the latest date checked, is more than a year after 2024-08-31.
    CHECK(holds_at(near.as_of_dependence, as_of, day("2024-09-01")));
    CHECK(!holds_at(near.as_of_dependence, as_of, day("2024-08-31")));
    const auto far = load_case(text, "cases/k1.yaml", defaults(), day("2024-01-01"));
    CHECK(far.as_of_dependence.far_reported);
    CHECK(holds_at(far.as_of_dependence, day("2024-01-01"), day("2024-01-01")));
    CHECK(!holds_at(far.as_of_dependence, day("2024-01-01"), day("2024-01-02")));
  }
}
