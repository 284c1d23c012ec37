// The mestring.yaml of `mestring init` (starter_config.hpp): every setting
// of the defaults shown, explained, and equal to the defaults.
#include <mestring/config.hpp>
#include <mestring/rules.hpp>
#include <mestring/starter_config.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <sstream>
#include <string>
#include <vector>

using namespace mestring;
using namespace mestring::test;

namespace {

std::vector<std::string> lines_of(const std::string &text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

// A commented setting: "#" then an even run of spaces then a key.
bool is_setting(const std::string &line) {
  if (line.size() < 2 || line[0] != '#')
    return false;
  const auto key = line.find_first_not_of(' ', 1);
  return key != std::string::npos && (key - 1) % 2 == 0 && line[key] != '#';
}

} // namespace

TEST_SUITE("starter_config") {
  TEST_CASE("as written it is the built-in defaults, with the cases in cases/") {
    for (const auto lang : {Lang::en, Lang::da}) {
      Config cfg = config(starter_config(lang));
      CHECK(cfg.cases == "cases");
      cfg.cases = defaults().cases;
      cfg.file = defaults().file;
      CHECK(format_config(cfg) == format_config(defaults()));
    }
  }

  TEST_CASE("with every setting uncommented it is still the defaults: each is shown with its default") {
    std::string uncommented;
    size_t settings = 0;
    for (const auto &line : lines_of(starter_config(Lang::en))) {
      settings += is_setting(line);
      uncommented += (is_setting(line) ? line.substr(1) : line) + "\n";
    }
    CHECK(settings > 100);
    Config cfg = config(uncommented);
    cfg.cases = defaults().cases;
    cfg.file = defaults().file;
    CHECK(format_config(cfg) == format_config(defaults()));
  }

  TEST_CASE("every setting has a one-line explanation above it, in English and in Danish") {
    for (const auto lang : {Lang::en, Lang::da}) {
      const auto lines = lines_of(starter_config(lang));
      for (size_t i = 1; i < lines.size(); ++i) {
        if (!is_setting(lines[i]) && !lines[i].starts_with("cases:"))
          continue;
        const auto &above = lines[i - 1];
        const auto indent = lines[i].find_first_not_of(" #");
        // "# text" at the top, "#  # text" below a section.
        const bool explained = above.starts_with("# ") || (above.size() > indent + 1 && above[indent] == '#');
        CHECK_MESSAGE(explained, "no explanation above: " << lines[i]);
      }
    }
    // Each rule's role, which the defaults leave to the catalog, is there.
    const auto text = starter_config(Lang::en);
    for (const auto &spec : rule_catalog())
      CHECK_MESSAGE(text.find(fmt::format("#  {}:\n", spec.id)) != std::string::npos, spec.id);
    CHECK(text.find("#    role: authority\n") != std::string::npos);
    CHECK(text.find("#    role: coach\n") != std::string::npos);
  }

  TEST_CASE("the explanations follow the language") {
    CHECK(starter_config(Lang::da).find("# Hvor sagsfilerne ligger, set fra mappen med denne fil.\ncases: cases\n") !=
          std::string::npos);
    CHECK(starter_config(Lang::en).find("# Where the case files are, relative to the folder of this file.\n") !=
          std::string::npos);
    CHECK(setting_help("rules.*.period", Lang::da).starts_with("Fristen"));
    CHECK(setting_help("no.such.key", Lang::en).empty());
  }
}
