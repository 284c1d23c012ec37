#pragma once
// Writing many files all or nothing, through any interruption: stage each
// file, then commit. The journal (journal.hpp) makes a kill at any moment
// leave the repository as before or, once committed, as after the next
// command's recover().
//
// SIGINT, SIGTERM and SIGHUP while staging remove the temporary files, the
// journal and the lock, then end the process with the signal's usual status;
// from the commit on they wait until the renames are done.
//
// For tests, MESTRING_FAIL_AT=open|write|sync|journal|rename makes that step
// fail (the first rename, for `rename`), and MESTRING_FAIL_AT=
// kill-mid-stage (after the first temporary file), kill-before-rename (all
// staged, not committed), kill-after-journal (committed, nothing renamed),
// kill-mid-rename (after the first rename) ends the process there with
// SIGKILL, or with the signal MESTRING_FAIL_SIGNAL=INT|TERM|HUP names.

#include <mestring/expected.hpp>
#include <mestring/fileio.hpp>
#include <mestring/journal.hpp>
#include <mestring/repository.hpp>

#include <memory>
#include <string>
#include <vector>

namespace mestring {

class Transaction {
public:
  // A transaction in the repository folder of `lock`; `command` ("import")
  // is named in the journal and in the note of a later recovery.
  Transaction(const RepositoryLock &lock, std::string command);
  // For a caller that holds the lock of `root` some other way.
  Transaction(std::string root, std::string command);
  Transaction(Transaction &&) noexcept;
  ~Transaction();

  // Adds a file to write. Checks now that it may be written (fails with the
  // reason, starting with `path`; nothing is written): a replaced file
  // exists and is a file, a created one does not; a symbolic link leads to a
  // file inside the repository (written through); `path` lies inside the
  // repository folder; no file twice. The mode, owner and group the file
  // will have are taken now: a replaced file's own, or 0666 less the umask
  // the process had when the transaction was made.
  Expected<bool> stage(const std::string &path, std::string bytes, WriteMode mode);

  // Writes every staged file, or none. A failure before the commit (a full
  // disk, a file that appeared) leaves every file as it was and nothing
  // behind; the message says so. A failure among the renames, which only a
  // failing disk can cause, keeps the journal: the next command's recover()
  // finishes the rest. A journal already there (an interrupted command) is
  // recovered first, and notes() says so.
  Expected<bool> commit();

  size_t size() const;
  const std::vector<std::string> &notes() const;

private:
  struct State;
  std::unique_ptr<State> s_;
};

} // namespace mestring
