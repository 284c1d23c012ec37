#pragma once
// Reading and writing whole files safely. Writes go through a transaction
// (journal.hpp): temporary files beside their targets, written and synced,
// then renamed, with a journal that lets the next command finish or undo
// what an interrupted one began, so a reader sees the old files or the new
// ones, never half of them. A new file gets the mode 0666 less the umask;
// a rewritten one keeps its mode, owner and group.

#include <mestring/expected.hpp>
#include <mestring/repository.hpp>

#include <string>
#include <string_view>
#include <sys/types.h>

namespace mestring {

// Names a kind of file that is not a regular one, for messages: "a folder",
// "a FIFO (named pipe)", … in the message language.
std::string_view file_kind(mode_t mode);

// Reads the regular file `path` into `out` (reusing its buffer), at most
// `max_bytes` of it. Returns "" when it could, else why not, to follow
// "cannot read: " ("No such file or directory", "it is a FIFO (named pipe),
// not a file; …"). Only regular files are read: a FIFO, a device or a socket
// is refused after fstat, never read (O_NONBLOCK keeps open() from waiting
// for a FIFO's writer), so a pipe named like a case file never hangs a command.
std::string read_regular_file(const std::string &path, std::string &out, size_t max_bytes);

// Returns the file's bytes, at most `max_bytes` of them, or why it could not
// be read ("PATH: cannot read: …"), as read_regular_file.
Expected<std::string> read_file(const std::string &path, size_t max_bytes = size_t(-1));

// Reads the case file `path` as read_regular_file does, unless it is a
// symbolic link whose target lies outside the repository of `path`
// (repository_of): then returns why, and quotes nothing of the target, which
// may be any file of the system (cli.md). A file that is no link costs
// nothing more: it is opened with O_NOFOLLOW first.
std::string read_case_bytes(const std::string &path, std::string &out, size_t max_bytes);

// Returns true when `path`, with every symbolic link in it followed, lies
// inside the folder `root` (also resolved): what the loader asks of a case
// file that is a symbolic link before reading it. False when either cannot
// be resolved (a dangling link, a loop).
bool inside_repository(const std::string &path, const std::string &root);

enum class WriteMode {
  replace,   // the target must exist; its mode, owner and group are kept
  create_new // the target must not exist; never overwrites one that appears meanwhile
};

// Writes `bytes` to `path` atomically, as a transaction of one file in the
// repository of `path` (repository_of); the caller holds that repository's
// lock. On failure the file is unchanged and nothing is left behind; a
// process killed anywhere leaves at most what the next recover() removes or
// finishes. A symbolic link is written through when its target lies inside
// the repository, else refused. For tests, MESTRING_FAIL_AT names a step to
// fail or a moment to be killed at (journal.hpp lists them).
Expected<bool> write_file_atomic(const std::string &path, std::string_view bytes, WriteMode mode);

// Writes `bytes` to `path` atomically and on its own, for a file that is no
// case file (export --output): a temporary file beside it (mode 0600),
// synced, then renamed over it. No lock and no journal, so nothing of
// mestring's is left in a folder that is no case repository: a single
// rename needs no journal to be all or nothing. SIGINT, SIGTERM and SIGHUP
// remove the temporary file; a kill leaves at most that hidden file. A new
// file gets 0666 less the umask; a replaced one keeps its mode, owner and
// group; a symbolic link is written through.
Expected<bool> write_output_file(const std::string &path, std::string_view bytes);

} // namespace mestring
