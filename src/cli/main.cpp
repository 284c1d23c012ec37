#include "app.hpp"
#include "output.hpp"

#include <mestring/heap.hpp>

#include <exception>

int main(int argc, char **argv) {
  mestring::prefer_large_pages(); // before any thread: see heap.hpp
  try {
    return mestring::cli::run(argc, argv);
  } catch (const std::exception &e) {
    // A bug, not bad input: bad input never throws out of the core. The
    // exception's text may quote a file, so it is printed as text.
    mestring::cli::print_stderr(fmt::format("mestring: internal error: {}\n", e.what()));
    return 2;
  }
}
