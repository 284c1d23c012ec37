// The handler runs in signal context: it only reads atomics and plain
// strings that were complete before they were published, and calls unlink,
// sigaction, pthread_sigmask and raise, all async-signal-safe.
#include "signal_guard.hpp"

#include <csignal>
#include <pthread.h>
#include <unistd.h>

namespace mestring::detail {

namespace {

constexpr int guarded_signals[] = {SIGINT, SIGTERM, SIGHUP};

std::atomic<const std::string *> the_lock{nullptr};
std::atomic<GuardedFiles *> the_files{nullptr};
std::atomic<bool> held{false};
std::atomic<int> pending{0};

// Installation state: touched by the registering thread only.
bool installed = false;
struct sigaction previous[3];
bool ignored[3];
sigset_t mask_before_hold;
int hold_depth = 0;

void remove_guarded_files() {
  if (GuardedFiles *f = the_files.load()) {
    const size_t n = f->created.load();
    for (size_t i = 0; i < n && i < f->temps.size(); ++i)
      ::unlink(f->temps[i].c_str());
    ::unlink(f->journal.c_str());
  }
  if (const std::string *lock = the_lock.load())
    ::unlink(lock->c_str());
}

[[noreturn]] void end_with(int sig) {
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  ::sigaction(sig, &dfl, nullptr);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  ::raise(sig);
  ::_exit(128 + sig); // not reached: the default action of these signals ends the process
}

void on_signal(int sig) {
  if (held.load()) {
    int none = 0;
    pending.compare_exchange_strong(none, sig);
    return;
  }
  remove_guarded_files();
  end_with(sig);
}

void update_installation() {
  const bool wanted = the_lock.load() || the_files.load() || held.load();
  if (wanted == installed)
    return;
  for (size_t i = 0; i < 3; ++i) {
    if (wanted) {
      struct sigaction act {};
      act.sa_handler = on_signal;
      sigemptyset(&act.sa_mask);
      for (const int s : guarded_signals)
        sigaddset(&act.sa_mask, s);
      act.sa_flags = SA_RESTART;
      ::sigaction(guarded_signals[i], &act, &previous[i]);
      // A signal the caller ignores (nohup ignores SIGHUP) stays ignored.
      ignored[i] = previous[i].sa_handler == SIG_IGN && !(previous[i].sa_flags & SA_SIGINFO);
      if (ignored[i])
        ::sigaction(guarded_signals[i], &previous[i], nullptr);
    } else if (!ignored[i]) {
      ::sigaction(guarded_signals[i], &previous[i], nullptr);
    }
  }
  installed = wanted;
}

} // namespace

void guard_lock(const std::string *lock_path) {
  the_lock.store(lock_path);
  update_installation();
}

void guard_files(GuardedFiles *files) {
  the_files.store(files);
  update_installation();
}

void hold_signals() {
  if (hold_depth++ > 0)
    return; // held already (a lock taken inside a transaction): the outermost release delivers
  sigset_t set;
  sigemptyset(&set);
  for (const int s : guarded_signals)
    sigaddset(&set, s);
  held.store(true);
  update_installation();
  ::pthread_sigmask(SIG_BLOCK, &set, &mask_before_hold);
}

void release_signals() {
  if (hold_depth == 0 || --hold_depth > 0)
    return;
  held.store(false);
  // Signals blocked in this thread arrive here, in the handler, now.
  ::pthread_sigmask(SIG_SETMASK, &mask_before_hold, nullptr);
  // One deferred by another thread's handler is delivered again, here.
  if (const int sig = pending.exchange(0))
    on_signal(sig);
  update_installation();
}

} // namespace mestring::detail
