// run_program: posix_spawnp with the standard streams redirected. The input
// goes through an anonymous in-memory file (memfd), not a pipe, so a large
// input can never deadlock against a child that writes before it reads,
// and a child that exits early can never raise SIGPIPE in mestring. Both
// outputs are read together with poll() for the same reason.
#include <mestring/process.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace mestring {

namespace {

// Closes the file descriptors it holds when it goes.
struct Fds {
  int fd[5] = {-1, -1, -1, -1, -1}; // input, out read, out write, err read, err write
  ~Fds() {
    for (const int f : fd)
      if (f >= 0)
        ::close(f);
  }
  void close(int i) {
    if (fd[i] >= 0)
      ::close(fd[i]);
    fd[i] = -1;
  }
};

std::string error_text(const std::string &program, int error) { return program + ": " + std::strerror(error); }

} // namespace

Expected<ProgramOutput> run_program(const std::vector<std::string> &argv, std::string_view input) {
  if (argv.empty())
    return Unexpected{"no program to run"};
  Fds fds;
  fds.fd[0] = memfd_create("mestring-input", MFD_CLOEXEC);
  if (fds.fd[0] < 0)
    return Unexpected{error_text(argv[0], errno)};
  for (size_t done = 0; done < input.size();) {
    const auto n = ::write(fds.fd[0], input.data() + done, input.size() - done);
    if (n < 0 && errno != EINTR)
      return Unexpected{error_text(argv[0], errno)};
    done += n > 0 ? size_t(n) : 0;
  }
  ::lseek(fds.fd[0], 0, SEEK_SET);
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0)
    return Unexpected{error_text(argv[0], errno)};
  fds.fd[1] = out_pipe[0];
  fds.fd[2] = out_pipe[1];
  if (::pipe2(err_pipe, O_CLOEXEC) != 0)
    return Unexpected{error_text(argv[0], errno)};
  fds.fd[3] = err_pipe[0];
  fds.fd[4] = err_pipe[1];

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds.fd[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds.fd[2], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds.fd[4], STDERR_FILENO);
  std::vector<char *> args;
  args.reserve(argv.size() + 1);
  for (const auto &a : argv)
    args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0)
    return Unexpected{error_text(argv[0], spawned)};
  fds.close(0);
  fds.close(2);
  fds.close(4);

  // Read both outputs until both are closed.
  ProgramOutput result;
  std::string *into[] = {&result.out, &result.err};
  pollfd polled[2] = {{fds.fd[1], POLLIN, 0}, {fds.fd[3], POLLIN, 0}};
  char buffer[65536];
  while (polled[0].fd >= 0 || polled[1].fd >= 0) {
    if (::poll(polled, 2, -1) < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (polled[i].fd < 0 || polled[i].revents == 0)
        continue;
      const auto n = ::read(polled[i].fd, buffer, sizeof buffer);
      if (n > 0)
        into[i]->append(buffer, size_t(n));
      else if (n == 0 || errno != EINTR)
        polled[i].fd = -1; // the end, or an error: stop reading this one
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

} // namespace mestring
