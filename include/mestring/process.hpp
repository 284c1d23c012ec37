#pragma once
// Running another program (git, for `check --staged` and `init --hook`) and
// taking what it prints: no shell in between, so no word of the command is
// ever read as shell syntax, and standard error kept apart to quote it.

#include <mestring/expected.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace mestring {

struct ProgramOutput {
  int status = 0;  // the exit status; 128 + N when killed by signal N
  std::string out; // what it wrote to standard output, byte for byte
  std::string err; // what it wrote to standard error
};

// Runs argv[0], looked up on PATH, with `argv`, giving it `input` on its
// standard input, and waits for it. Fails only when it could not be started
// (not installed, say), with why: "git: No such file or directory". A
// program that starts and fails is a result with its status.
Expected<ProgramOutput> run_program(const std::vector<std::string> &argv, std::string_view input = {});

} // namespace mestring
