#pragma once
// What SIGINT, SIGTERM and SIGHUP must clean up while mestring writes, and
// when they must wait. Internal to fileio, repository and journal.
//
// While a lock or a transaction is registered, a handler for the three
// signals is installed (one the caller ignores, as under nohup, stays
// ignored). On a signal it removes the transaction's temporary files and
// journal, then the lock, and ends the process with that signal's usual
// status. Between hold_signals() and release_signals() the signals wait:
// blocked in this thread, and deferred by the handler in any other; then the
// first one that arrived ends the process as above.

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

namespace mestring::detail {

// A transaction's files as the signal handler sees them: the first
// `created` temporary files may exist (the count grows before each is made).
struct GuardedFiles {
  std::string journal;
  std::vector<std::string> temps;
  std::atomic<size_t> created{0};
};

// Registers the lock file to remove on a signal; nullptr stops it. The
// string must live until it is unregistered.
void guard_lock(const std::string *lock_path);
// Registers a transaction's files to remove on a signal; nullptr stops it.
void guard_files(GuardedFiles *files);

// Holds the signals back until release_signals(), which delivers the first
// that came (and so may end the process).
void hold_signals();
void release_signals();

// hold_signals() for a scope: released by release() or at its end, an
// exception's included; releasing may end the process with a signal that
// came meanwhile.
class SignalsHeld {
public:
  SignalsHeld() { hold_signals(); }
  ~SignalsHeld() { release(); }
  void release() {
    if (held_)
      held_ = false, release_signals();
  }
  SignalsHeld(const SignalsHeld &) = delete;
  SignalsHeld &operator=(const SignalsHeld &) = delete;

private:
  bool held_ = true;
};

} // namespace mestring::detail
