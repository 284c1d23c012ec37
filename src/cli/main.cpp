#include "app.hpp"

#include <cstdio>
#include <exception>

int main(int argc, char **argv) {
  try {
    return mestring::cli::run(argc, argv);
  } catch (const std::exception &e) {
    // A bug, not bad input: bad input never throws out of the core.
    std::fprintf(stderr, "mestring: internal error: %s\n", e.what());
    return 2;
  }
}
