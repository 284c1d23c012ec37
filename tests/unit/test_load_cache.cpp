#include <mestring/assess.hpp>
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

// A stat as a file settled long ago would have, for entries that stand for files on disk.
const FileStat old_stat{1, 42, 300, 1'000'000'000'000'000'000, 1'000'000'000'000'000'000, 0100644, 1000, 1000};
const int64_t later = 1'100'000'000'000'000'000; // a snapshot well after it

// Returns the result `f` decodes to, or nothing.
std::optional<LoadedCase> decoded(const std::optional<CachedFile> &f, bool notes = true) {
  LoadedCase out;
  if (!f || !CaseCache::decode(*f, as_of, out, notes))
    return std::nullopt;
  return out;
}

} // namespace

TEST_SUITE("CaseCache") {
  TEST_CASE("a saved entry reads back exactly as loaded") {
    TempDir dir;
    const auto file = (dir.path / "cache.bin").string();
    const auto loaded = load_case(text, "cases/k1.yaml", defaults(), as_of);
    REQUIRE(!loaded.findings.empty()); // the bad outcome, so findings round-trip too
    const auto entry = CaseCache::encode("cases/k1.yaml", hash_bytes(text), old_stat, true, as_of, loaded);
    REQUIRE(!entry.empty());
    REQUIRE(save_cache(file, "key", {{"cases/k1.yaml", entry}}, later));

    const auto cache = CaseCache::open(file, "key", later);
    CHECK(cache.size() == 1);
    const auto hit = cache.find("cases/k1.yaml");
    REQUIRE(hit);
    CHECK(hit->entry == entry);
    CHECK(hit->content == hash_bytes(text));
    CHECK(hit->stat == old_stat);
    CHECK(hit->trusted);
    const auto back = decoded(hit);
    REQUIRE(back);
    CHECK(describe(*back) == describe(loaded));
    // Without the notes: everything else the same.
    const auto lean = decoded(hit, false);
    REQUIRE(lean);
    CHECK(lean->record->notes.empty());
    CHECK(lean->record->contacts[0].note.empty());
    CHECK(lean->record->contacts.size() == loaded.record->contacts.size());
    CHECK(lean->findings.size() == loaded.findings.size());
  }

  TEST_CASE("an entry keeps what was derived from its case for one date and format, and only those") {
    const auto loaded = load_case(text, "cases/k1.yaml", defaults(), as_of);
    const auto plain = CaseCache::encode("cases/k1.yaml", hash_bytes(text), old_stat, true, as_of, loaded);
    const auto tomorrow = add_days(as_of, 1);
    auto entry = CaseCache::with_derived(plain, as_of, "fmt 1", "seven b");
    REQUIRE(entry.size() % 8 == 0);
    TempDir dir;
    const auto file = (dir.path / "cache.bin").string();
    REQUIRE(save_cache(file, "key", {{"cases/k1.yaml", entry}}, later));
    auto cache = CaseCache::open(file, "key", later);
    auto hit = cache.find("cases/k1.yaml");
    REQUIRE(hit); // the checksum covers the derived bytes
    CHECK(CaseCache::derived(*hit, as_of, "fmt 1") == std::optional<std::string_view>("seven b"));
    CHECK(!CaseCache::derived(*hit, tomorrow, "fmt 1"));
    CHECK(!CaseCache::derived(*hit, as_of, "fmt 2"));
    CHECK(describe(*decoded(hit)) == describe(loaded)); // the case reads as before
    // Without the events: the fields, exemptions and findings, no event at all.
    LoadedCase lean;
    REQUIRE(CaseCache::decode(*hit, as_of, lean, true, false));
    CHECK(lean.record->id == "k1");
    CHECK(lean.record->start.value == loaded.record->start.value);
    CHECK(lean.record->contacts.empty());
    CHECK(lean.record->followups.empty());
    CHECK(lean.record->meetings.empty());
    CHECK(lean.findings.size() == loaded.findings.size());

    // Derived again for another date: the new bytes replace the old, and a restamp keeps them.
    entry = CaseCache::with_derived(entry, tomorrow, "fmt 1", "x");
    CHECK(entry.size() == CaseCache::with_derived(plain, tomorrow, "fmt 1", "x").size());
    const auto restamped = CaseCache::restamp(CachedFile{entry, {}, {}, false, false}, old_stat, true);
    REQUIRE(save_cache(file, "key", {{"cases/k1.yaml", restamped}}, later));
    cache = CaseCache::open(file, "key", later);
    hit = cache.find("cases/k1.yaml");
    REQUIRE(hit);
    CHECK(!CaseCache::derived(*hit, as_of, "fmt 1"));
    CHECK(CaseCache::derived(*hit, tomorrow, "fmt 1") == std::optional<std::string_view>("x"));
    // No bytes are never handed back: the caller would take its event-less case for whole.
    REQUIRE(save_cache(file, "key", {{"cases/k1.yaml", CaseCache::with_derived(plain, as_of, "fmt 1", "")}}, later));
    cache = CaseCache::open(file, "key", later);
    CHECK(!CaseCache::derived(*cache.find("cases/k1.yaml"), as_of, "fmt 1"));
    CHECK(CaseCache::with_derived("not an entry", as_of, "fmt 1", "x").empty());
  }

  TEST_CASE("files looked up in order are found after the last one, and out of order by search") {
    TempDir dir;
    const auto file = (dir.path / "cache.bin").string();
    std::vector<std::string> names;
    std::vector<std::string> entries;
    for (int i = 0; i < 20; ++i) {
      names.push_back("cases/k" + std::to_string(100 + i) + ".yaml");
      const auto one = load_case("id: k" + std::to_string(100 + i) + "\nparagraph: \"85\"\nlevel: 1\n", names.back(),
                                 defaults(), as_of);
      entries.push_back(CaseCache::encode(names.back(), hash_bytes(names.back()), old_stat, true, as_of, one));
    }
    std::vector<std::pair<std::string_view, std::string_view>> all;
    for (size_t i = 0; i < names.size(); ++i)
      all.emplace_back(names[i], entries[i]);
    REQUIRE(save_cache(file, "key", all, later));
    const auto cache = CaseCache::open(file, "key", later);
    size_t near = 0;
    for (const size_t i : {0, 1, 2, 4, 5, 19, 3, 3, 18, 0}) {
      const auto hit = cache.find(names[i], near);
      REQUIRE(hit);
      CHECK(hit->entry == entries[i]);
      CHECK(near == i + 1);
    }
    CHECK(!cache.find("cases/k99.yaml", near));
    CHECK(!cache.find("cases/k120.yaml", near));
  }

  TEST_CASE("decoding into a used case leaves nothing of the case before") {
    const auto big = load_case(text, "cases/k1.yaml", defaults(), as_of);
    const std::string small_text = "id: k2\nparagraph: \"85\"\nlevel: 1\nstart: 2025-01-06\n";
    const auto small = load_case(small_text, "cases/k2.yaml", defaults(), as_of);
    TempDir dir;
    const auto file = (dir.path / "cache.bin").string();
    const auto e1 = CaseCache::encode("cases/k1.yaml", hash_bytes(text), old_stat, true, as_of, big);
    const auto e2 = CaseCache::encode("cases/k2.yaml", hash_bytes(small_text), old_stat, true, as_of, small);
    REQUIRE(save_cache(file, "key", {{"cases/k2.yaml", e2}, {"cases/k1.yaml", e1}}, later));
    const auto cache = CaseCache::open(file, "key", later);
    LoadedCase reused;
    REQUIRE(CaseCache::decode(*cache.find("cases/k1.yaml"), as_of, reused, true));
    REQUIRE(CaseCache::decode(*cache.find("cases/k2.yaml"), as_of, reused, true));
    CHECK(describe(reused) == describe(small));
  }

  TEST_CASE("another key or another path finds nothing; other bytes are the caller's to see") {
    TempDir dir;
    const auto file = (dir.path / "cache.bin").string();
    const auto loaded = load_case(text, "cases/k1.yaml", defaults(), as_of);
    REQUIRE(save_cache(
        file, "key",
        {{"cases/k1.yaml", CaseCache::encode("cases/k1.yaml", hash_bytes(text), old_stat, true, as_of, loaded)}},
        later));
    CHECK(CaseCache::open(file, "other key", later).size() == 0);
    const auto cache = CaseCache::open(file, "key", later);
    CHECK(!cache.find("cases/k2.yaml"));
    CHECK(cache.find("cases/k1.yaml")->content != hash_bytes(text + " "));
  }

  TEST_CASE("stat data is trusted only when it had settled and the clock has not gone back") {
    TempDir dir;
    const auto file = (dir.path / "cache.bin").string();
    const auto loaded = load_case(text, "cases/k1.yaml", defaults(), as_of);
    const auto settled_entry = CaseCache::encode("cases/k1.yaml", hash_bytes(text), old_stat, true, as_of, loaded);
    const auto loaded2 = load_case(text, "cases/k2.yaml", defaults(), as_of);
    const auto racy_entry = CaseCache::encode("cases/k2.yaml", hash_bytes(text), old_stat, false, as_of, loaded2);
    const auto given_entry = CaseCache::encode("cases/k3.yaml", hash_bytes(text), std::nullopt, true, as_of, loaded);
    REQUIRE(save_cache(
        file, "key", {{"cases/k1.yaml", settled_entry}, {"cases/k2.yaml", racy_entry}, {"cases/k3.yaml", given_entry}},
        later));
    const auto cache = CaseCache::open(file, "key", later);
    CHECK(cache.find("cases/k1.yaml")->trusted);
    CHECK(!cache.find("cases/k2.yaml")->trusted); // changed within the racy window
    CHECK(!cache.find("cases/k3.yaml")->trusted); // bytes given, not read from disk
    CHECK(!cache.find("cases/k3.yaml")->stat);
    // A clock stepped back before the run that wrote the cache trusts nothing.
    const auto stepped = CaseCache::open(file, "key", later - 1);
    CHECK(!stepped.find("cases/k1.yaml")->trusted);
    CHECK(decoded(stepped.find("cases/k1.yaml"))); // the entry itself still serves, by its hash

    // A restamped entry keeps its result and takes the new stat data.
    FileStat touched = old_stat;
    touched.mtime_ns += 5;
    const auto restamped = CaseCache::restamp(*cache.find("cases/k2.yaml"), touched, true);
    REQUIRE(save_cache(file, "key", {{"cases/k2.yaml", restamped}}, later));
    const auto again = CaseCache::open(file, "key", later);
    CHECK(again.find("cases/k2.yaml")->trusted);
    CHECK(again.find("cases/k2.yaml")->stat == touched);
    CHECK(describe(*decoded(again.find("cases/k2.yaml"))) == describe(loaded2));
  }

  TEST_CASE("settled: a change within the window or in the future is racy") {
    const int64_t s = 1'000'000'000; // one second
    const int64_t snapshot = 1000 * s, window = 3 * s;
    FileStat st;
    st.mtime_ns = st.ctime_ns = snapshot - 10 * s;
    CHECK(settled(st, snapshot, window));
    st.mtime_ns = snapshot - 2 * s; // written just before the run
    CHECK(!settled(st, snapshot, window));
    st.mtime_ns = snapshot - 10 * s;
    st.ctime_ns = snapshot - 1; // chmod or touch -r: only ctime tells
    CHECK(!settled(st, snapshot, window));
    st.mtime_ns = st.ctime_ns = snapshot + 3600 * s; // from a clock ahead
    CHECK(!settled(st, snapshot, window));
    CHECK(racy_window_of_type(0xEF53) == 3 * s);   // ext4
    CHECK(racy_window_of_type(0x6969) == 600 * s); // NFS
    CHECK(racy_window("/no/such/path") == 600 * s);
  }

  TEST_CASE("every damaged byte of a cache file is caught, never trusted") {
    TempDir dir;
    const auto file = (dir.path / "cache.bin").string();
    const auto loaded = load_case(text, "cases/k1.yaml", defaults(), as_of);
    const auto entry = CaseCache::encode("cases/k1.yaml", hash_bytes(text), old_stat, true, as_of, loaded);
    REQUIRE(save_cache(file, "key", {{"cases/k1.yaml", entry}}, later));
    const std::string bytes = *read_file(file);
    for (size_t i = 0; i < bytes.size(); ++i) {
      auto broken = bytes;
      broken[i] = char(broken[i] ^ 0x20);
      std::ofstream(file, std::ios::binary) << broken;
      CHECK_MESSAGE(!CaseCache::open(file, "key", later).find("cases/k1.yaml"), "byte ", i);
    }
    for (size_t n = 0; n < bytes.size(); ++n) {
      std::ofstream(file, std::ios::binary) << bytes.substr(0, n);
      CHECK(!CaseCache::open(file, "key", later).find("cases/k1.yaml"));
    }
  }

  TEST_CASE("the writer streams entries to a temporary file and leaves nothing when not committed") {
    TempDir dir;
    const auto file = (dir.path / "cache.bin").string();
    const auto loaded = load_case(text, "cases/k1.yaml", defaults(), as_of);
    std::vector<std::string> paths;
    paths.reserve(3000);
    for (int i = 0; i < 3000; ++i)
      paths.push_back("cases/k" + std::to_string(i) + ".yaml");
    {
      CacheWriter w(file, "key");
      CHECK(!w.started());
      for (const auto &p : paths)
        w.add(p, CaseCache::encode(p, hash_bytes(text), old_stat, true, as_of, loaded));
      CHECK(w.started());
      size_t files = 0;
      for (const auto &e : fs::directory_iterator(dir.path))
        files += e.path().filename().string().starts_with("cache.bin.tmp-") && fs::file_size(e.path()) > 0;
      CHECK(files == 1); // more than a megabyte was added: written before the commit
    }
    CHECK(fs::is_empty(dir.path)); // not committed: removed
    {
      CacheWriter w(file, "key");
      for (const auto &p : paths)
        w.add(p, CaseCache::encode(p, hash_bytes(text), old_stat, true, as_of, loaded));
      REQUIRE(w.commit(later));
    }
    const auto cache = CaseCache::open(file, "key", later);
    CHECK(cache.size() == paths.size());
    for (const auto &p : paths) {
      const auto hit = cache.find(p);
      REQUIRE(hit);
      CHECK(decoded(hit)->record->file == p);
    }
    CHECK((fs::status(file).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  }

  TEST_CASE("a missing or unreadable cache file is an empty cache") {
    CHECK(CaseCache::open("/no/such/cache.bin", "key", later).size() == 0);
    CHECK(!save_cache("/no/such/folder/cache.bin", "key", {}, later));
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

  TEST_CASE("what the rules made of a case comes back from the cache as the rules give it, on any date") {
    TempDir dir;
    fs::create_directories(dir.path / "cases");
    std::vector<std::string> files;
    for (const auto &[id, body] : std::vector<std::pair<std::string, std::string>>{
             {"k1", text.substr(text.find('\n') + 1)},
             {"k2", "paragraph: \"82b\"\ncitizen: {name: Ib Berg}\nstart: 2025-01-06\nend: 2025-05-30\n"
                    "exemptions: [{rule: closing-talk-82, from: 2025-05-30, "
                    "until: 2025-07-31, reason: hospital, by: AB}]\n"}}) {
      files.push_back((dir.path / "cases" / (id + ".yaml")).string());
      std::ofstream(files.back()) << "id: " << id << "\n" << body;
    }
    const auto describe_all = [](const Assessment &a, const Config &cfg) {
      std::string s = std::to_string(a.files) + " files\n";
      for (const auto &c : a.cases) {
        s += c.summary.id + " " + std::string(id_of(c.summary.status)) + " " +
             std::to_string(c.summary.level.value_or(0)) + "\n";
        for (const auto &o : c.obligations)
          s += std::string(o.id()) + " " + std::string(to_string(o.state)) + " " + (o.due ? o.due->iso() : "-") + " " +
               std::to_string(o.line) + " " + std::to_string(o.exemption) + " " + (o.reportable ? "r " : "h ") +
               anchor_text(o, cfg, Lang::en) + " | " + evidence_text(o, Lang::en) + " | " + rate_message(o, Lang::en) +
               "\n";
      }
      for (const auto &f : a.findings)
        s += f.file + " " + f.rule + "\n";
      return s;
    };
    LoadOptions cached{1, (dir.path / "cache.bin").string(), "key", true};
    // A config whose spans reach thousands of years past any date the cache checks in a case file.
    const auto far = config("rules:\n  cap-82b: {period: 100000 months 100000 months}\n"
                            "  monthly-followup-82: {period: 100000 days 100000 days}\n");
    for (const auto &[date, cfg] : std::vector<std::pair<Date, Config>>{{as_of, defaults()},
                                                                        {add_days(as_of, 1), defaults()},
                                                                        {add_days(as_of, -200), defaults()},
                                                                        {as_of, defaults()},
                                                                        {as_of, far},
                                                                        {as_of, far}}) {
      cached.cache_key = format_config(cfg);
      // What the rules give, straight from the loaded cases.
      const auto repo = load_repository(files, cfg, date, LoadOptions{1, "", "", true});
      Assessment direct;
      direct.files = repo.files;
      direct.findings = repo.findings;
      for (const auto &c : repo.cases)
        direct.cases.push_back(assess_case(c, cfg, date));
      const auto want = describe_all(direct, cfg);
      CHECK(describe_all(assess_files(files, cfg, date, LoadOptions{1, "", "", true}), cfg) == want);
      CHECK(want.find("closing-talk-82") != std::string::npos); // a rule of k2, which its exemption names
      CHECK(describe_all(assess_files(files, cfg, date, cached), cfg) == want); // derived now, or kept from before
      CHECK(describe_all(assess_files(files, cfg, date, cached), cfg) == want); // kept
      cached.jobs = 2;
      CHECK(describe_all(assess_files(files, cfg, date, cached), cfg) == want);
      cached.jobs = 1;
    }
    // Only the cases with an obligation kept, when a view asks for no more.
    const Keep missed = [](const Obligation &o) { return o.state == State::missed; };
    const auto some = assess_files(files, defaults(), as_of, cached, missed, Cases::with_kept);
    const auto every = assess_files(files, defaults(), as_of, cached, missed, Cases::every);
    CHECK(every.cases.size() == 2);
    CHECK(some.cases.size() == size_t(std::count_if(every.cases.begin(), every.cases.end(),
                                                    [](const Assessed &a) { return !a.obligations.empty(); })));
  }
}
