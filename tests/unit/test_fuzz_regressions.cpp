// Replays every input in fuzz/regressions/ through its fuzz target, so a
// crash found once by fuzzing stays fixed in every build (ASan included).
#include "targets.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

TEST_SUITE("fuzz regressions") {
  TEST_CASE("every saved input runs through its target without a crash") {
    const std::map<std::string, void (*)(std::string_view)> targets{{"case_loader", mestring::fuzz::case_loader},
                                                                    {"config", mestring::fuzz::config},
                                                                    {"csv", mestring::fuzz::csv},
                                                                    {"import", mestring::fuzz::import},
                                                                    {"date", mestring::fuzz::date},
                                                                    {"journal", mestring::fuzz::journal},
                                                                    {"cache", mestring::fuzz::cache}};
    size_t replayed = 0;
    for (const auto &[name, run] : targets) {
      const fs::path folder = fs::path(MESTRING_FUZZ_REGRESSIONS) / name;
      REQUIRE(fs::is_directory(folder));
      for (const auto &entry : fs::directory_iterator(folder)) {
        CAPTURE(entry.path().string());
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        run(bytes.str());
        ++replayed;
      }
    }
    CHECK(replayed >= 9);
  }
}
