#include "targets.hpp"

#include <mestring/calendar.hpp>
#include <mestring/config.hpp>
#include <mestring/csv.hpp>
#include <mestring/fileio.hpp>
#include <mestring/hash.hpp>
#include <mestring/import.hpp>
#include <mestring/journal.hpp>
#include <mestring/load.hpp>
#include <mestring/load_cache.hpp>
#include <mestring/privacy.hpp>
#include <mestring/rules.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace mestring::fuzz {

namespace {

const Config &defaults() { return builtin_config(); }

const Date as_of = Date::from_ymd(2025, 11, 26);

namespace fs = std::filesystem;

// A folder of this process's own for the targets that need files, emptied
// before each input and removed when the process ends.
const fs::path &scratch() {
  static const fs::path folder = [] {
    std::string pattern = (fs::temp_directory_path() / "mestring-fuzz-XXXXXX").string();
    fs::path made = ::mkdtemp(pattern.data());
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(scratch(), ec);
    });
    return made;
  }();
  return folder;
}

void empty_scratch() {
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(scratch(), ec))
    fs::remove_all(entry.path(), ec);
}

void write(const fs::path &path, std::string_view bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

// A libFuzzer target has no test framework: a broken promise ends the process.
void require(bool promise) {
  if (!promise)
    std::abort();
}

} // namespace

void case_loader(std::string_view bytes) {
  const auto loaded = load_case(bytes, "cases/fuzz.yaml", defaults(), as_of);
  if (loaded.record) // the rules run on whatever the loader accepts
    (void)obligations_of(*loaded.record, defaults(), as_of);
}

void config(std::string_view bytes) {
  std::vector<Finding> errors;
  const auto cfg = load_config(bytes, "mestring.yaml", errors);
  if (errors.empty())
    (void)format_config(cfg);
}

void csv(std::string_view bytes) {
  const auto table = read_csv(bytes);
  if (!table)
    return;
  // What was read is written again by the one writer, in the sheet's separator.
  CsvWriter w({table->separator, false});
  for (const auto &row : table->rows) {
    for (const auto &cell : row.cells)
      w.text(cell);
    w.end_row();
  }
  (void)utf8_to_windows1252(redact_cpr(bytes));
}

void import(std::string_view bytes) {
  const auto table = read_csv(bytes);
  if (!table)
    return;
  // A folder that does not exist: planning never writes, and finds no file.
  const auto plan =
      plan_import(*table, "fuzz.csv", Repository{}, "/nonexistent/mestring-fuzz", defaults(), as_of, ImportOptions{});
  for (const auto &change : plan.changes)
    (void)describe_change(change);
}

void date(std::string_view bytes) {
  (void)parse_iso_date(bytes);
  (void)parse_sheet_date(bytes);
  if (const auto d = parse_duration(bytes))
    (void)format_duration(*d);
  (void)find_cpr_like(bytes);
}

void journal(std::string_view bytes) {
  const auto parsed = parse_journal(bytes);
  if (!parsed)
    return;
  // What format_journal writes reads back as the same journal.
  const auto again = parse_journal(format_journal(*parsed));
  require(again && again->entries == parsed->entries && again->committed == parsed->committed &&
          again->command == parsed->command && again->complete);
  // Recovery in a repository that holds the temporary files the journal
  // names: it renames only inside it, and leaves no journal and none of
  // them behind when it succeeds.
  empty_scratch();
  const auto &root = scratch();
  write(root / ".mestring.journal", bytes);
  std::error_code ec;
  for (size_t i = 0; i < parsed->entries.size() && i < 16; ++i) {
    const auto temp = root / parsed->entries[i].temp;
    if (temp.string().size() > 512)
      continue;
    fs::create_directories(temp.parent_path(), ec);
    write(temp, "id: x\n");
    if (i % 2 == 1) // some targets exist already, some do not
      write(root / parsed->entries[i].target, "old\n");
  }
  // The parser's promise: every path stays inside the repository.
  for (const auto &e : parsed->entries)
    for (const auto *p : {&e.temp, &e.target})
      require(!p->empty() && p->front() != '/' && fs::path(*p).lexically_normal() == fs::path(*p) &&
              !p->starts_with("../") && *p != "..");
  const auto recovered = recover(root.string());
  if (recovered) {
    require(!fs::exists(root / ".mestring.journal", ec));
    std::set<std::string> targets;
    for (const auto &e : parsed->entries)
      targets.insert(e.target);
    for (const auto &e : parsed->entries) // (a crafted journal may name one entry's temporary file as another's target)
      require(!fs::exists(root / e.temp, ec) || e.temp.size() > 512 || targets.contains(e.temp));
  }
}

void cache(std::string_view bytes) {
  if (bytes.empty())
    return;
  empty_scratch();
  const auto file = (scratch() / "cases.bin").string();
  const std::string key = "mestring fuzz\n";
  const std::string path = "cases/fuzz.yaml";
  const std::string text =
      "id: fuzz\nparagraph: \"85\"\nstart: 2025-01-06\ncontacts: [{date: 2025-02-01, outcome: reached}]\n";
  const Digest digest = hash_bytes(text);
  const FileStat stat{1, 2, text.size(), 1, 1, 0100644, 0, 0};
  auto entry = CaseCache::encode(path, digest, stat, true, as_of, load_case(text, path, defaults(), as_of));
  require(save_cache(file, key, {{path, entry}}, 2));
  auto read = read_file(file);
  require(bool(read));
  std::string content = std::move(*read);
  if (bytes.front() % 2 == 0) {
    // The file: its bytes, each changed by one of the input's.
    for (size_t i = 1; i < bytes.size() && i - 1 < content.size(); ++i)
      content[i - 1] = char(content[i - 1] ^ bytes[i]);
    content.append(bytes.substr(std::min(bytes.size(), content.size() + 1)));
    write(file, content);
  } else {
    // One entry whose bytes are changed by the input's, with a valid
    // checksum, so that the decoder behind it is reached.
    for (size_t i = 1; i < bytes.size() && i - 1 < entry.size() - 8; ++i)
      entry[i - 1] = char(entry[i - 1] ^ bytes[i]);
    const uint64_t sum = CaseCache::checksum(std::string_view(entry).substr(0, entry.size() - 8));
    std::memcpy(entry.data() + entry.size() - 8, &sum, sizeof sum);
    require(save_cache(file, key, {{path, entry}}, 2));
  }
  const auto cached = CaseCache::open(file, key, 3);
  LoadedCase loaded;
  if (auto hit = cached.find(path);
      hit && CaseCache::decode(*hit, as_of, loaded, bytes.size() % 3 == 0) && loaded.record)
    (void)obligations_of(*loaded.record, defaults(), as_of);
  (void)cached.find("cases/other.yaml");
}

} // namespace mestring::fuzz
