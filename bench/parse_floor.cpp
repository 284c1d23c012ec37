// The floor of the benchmark: read every *.yaml file under a folder and run
// yaml-cpp's event parser over it with a handler that does nothing, on N
// threads, the way mestring's loader reads files. Nothing mestring does per
// file can be cheaper than this; bench/run.sh divides by it.
//
// usage: mestring_parse_floor FOLDER [THREADS]   (prints the number of files)
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

namespace {

class Nothing : public YAML::EventHandler {
public:
  void OnDocumentStart(const YAML::Mark &) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark &, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark &, const std::string &, YAML::anchor_t, const std::string &) override {}
  void OnSequenceStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

} // namespace

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: mestring_parse_floor FOLDER [THREADS]\n");
    return 2;
  }
  std::vector<std::string> files;
  for (const auto &e : std::filesystem::recursive_directory_iterator(argv[1]))
    if (e.is_regular_file() && e.path().extension() == ".yaml" && e.path().filename() != "mestring.yaml")
      files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  const unsigned threads = argc == 3 ? unsigned(std::atoi(argv[2])) : std::thread::hardware_concurrency();
  std::atomic<size_t> next{0}, failed{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < files.size();) {
      std::ifstream in(files[i], std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      try {
        YAML::Parser parser(text);
        Nothing handler;
        parser.HandleNextDocument(handler);
      } catch (const YAML::Exception &) {
        ++failed;
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::max(1u, threads); ++t)
    pool.emplace_back(work);
  work();
  for (auto &t : pool)
    t.join();
  std::printf("%zu files, %zu with syntax errors\n", files.size(), failed.load());
  return 0;
}
