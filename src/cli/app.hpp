#pragma once

namespace mestring::cli {

// Parses argv, runs the subcommand and returns the process exit code.
int run(int argc, char **argv);

} // namespace mestring::cli
