#pragma once
// The fuzzed entry points, one per input mestring reads from outside. The
// libFuzzer targets (fuzz_*.cpp) call them, and so does the unit test that
// replays fuzz/regressions/, so every crash once found stays a test.

#include <string_view>

namespace mestring::fuzz {

void case_loader(std::string_view bytes); // load_case on a case file's bytes
void config(std::string_view bytes);      // load_config and format_config on a mestring.yaml
void csv(std::string_view bytes);         // read_csv, then writing each row back
void import(std::string_view bytes);      // read_csv, then plan_import into an empty repository
void date(std::string_view bytes);        // the date and span parsers
void journal(std::string_view bytes);     // parse_journal, its round trip, and recover() in a scratch folder
void cache(std::string_view bytes);       // CaseCache::open and find on a cache file built around the bytes

} // namespace mestring::fuzz
