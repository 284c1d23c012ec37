#pragma once
// What a write must know of its target before writing: where the bytes go
// (through a symbolic link that stays inside the repository), and the mode,
// owner and group the new version must have. Shared by fileio.cpp and
// transaction.cpp; also the fault injection of MESTRING_FAIL_AT.

#include <mestring/expected.hpp>
#include <mestring/fileio.hpp>

#include <string>
#include <string_view>
#include <sys/types.h>

namespace mestring::detail {

struct WriteTarget {
  std::string path;   // the file that gets the bytes: `path` itself, or a link's target
  std::string folder; // its folder, where the temporary file goes
  bool exists = false;
  mode_t mode = 0;       // the final permissions
  uid_t uid = uid_t(-1); // the owner to keep (-1: a new file, whoever creates it)
  gid_t gid = gid_t(-1);
};

// Checks that `path` may be written with `mode` in the repository folder
// `root` and says where the bytes go, or why not: a missing file to replace,
// an existing one to create, a folder or device, a link that leaves the
// repository or leads nowhere. The error starts with `path`.
// A new file gets `new_mode` (creation_mode(), which a caller writing many
// files reads once).
Expected<WriteTarget> resolve_write_target(const std::string &path, const std::string &root, WriteMode mode,
                                           mode_t new_mode);

// Writes `bytes` to the open new file `fd` (for `shown`, the name in
// messages), gives it the target's owner and group, syncs it (unless the
// caller syncs many files at once: `sync` false) and closes it. Fails, with
// `fd` closed, saying why ("PATH: cannot write: …"); the caller adds what
// that means: the file is unchanged, or no file was changed.
Expected<bool> fill_temporary(int fd, std::string_view bytes, const WriteTarget &target, const std::string &shown,
                              bool sync = true);

// 0666 less the process's umask: the mode of a new file.
mode_t creation_mode();
// Syncs a folder, so that renames and new names in it survive a crash.
void sync_folder(const std::string &folder);
std::string os_error(int err);

// True when MESTRING_FAIL_AT names `step` (open, write, sync, rename, journal).
bool injected_failure(std::string_view step);
// Ends the process when MESTRING_FAIL_AT names `moment` (kill-before-rename,
// kill-after-journal, kill-mid-rename, kill-mid-stage): with SIGKILL, or the
// signal MESTRING_FAIL_SIGNAL names (INT, TERM, HUP), to test the handlers.
void injected_kill(std::string_view moment);

} // namespace mestring::detail
