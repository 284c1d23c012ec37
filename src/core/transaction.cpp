// The transaction: staging, the commit, the renames, in the order the
// journal's recovery relies on (journal.cpp says it).
#include <mestring/i18n.hpp>
#include <mestring/transaction.hpp>

#include "journal_files.hpp"
#include "signal_guard.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <optional>
#include <random>
#include <set>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_set>

namespace mestring {

namespace fs = std::filesystem;
using namespace detail; // journal_files.hpp and write_target.hpp, shared by journal and transaction

namespace {

constexpr size_t suffix_length = 6;

std::string random_suffix() {
  static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  unsigned char bytes[suffix_length]; // as many as is_temporary_name() wants
  if (::getrandom(bytes, sizeof bytes, 0) != ssize_t(sizeof bytes)) {
    std::random_device rd;
    for (auto &b : bytes)
      b = static_cast<unsigned char>(rd());
  }
  std::string s;
  for (const auto b : bytes)
    s += alphabet[b % 62];
  return s;
}

// The file's path relative to `root`, if it lies inside: lexically first,
// then with links resolved (a target found through a symbolic link).
std::optional<std::string> relative_to(const std::string &path, const std::string &root) {
  std::error_code ec;
  auto inside = [](const fs::path &file, const fs::path &folder) -> std::optional<std::string> {
    const auto rel = file.lexically_relative(folder).string();
    if (rel.empty() || !contained(rel))
      return std::nullopt;
    return rel;
  };
  const auto abs_root = fs::absolute(root, ec).lexically_normal() / "";
  if (auto rel = inside(fs::absolute(path, ec).lexically_normal(), abs_root.parent_path()))
    return rel;
  char real_root[PATH_MAX], real_folder[PATH_MAX];
  const auto folder = fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
  if (!::realpath(root.c_str(), real_root) || !::realpath(folder.c_str(), real_folder))
    return std::nullopt;
  return inside(fs::path(real_folder) / fs::path(path).filename(), fs::path(real_root));
}

// Unregisters the transaction's files from the signal handler on every way
// out of commit(), an exception's included.
struct FilesGuarded {
  explicit FilesGuarded(detail::GuardedFiles *files) { detail::guard_files(files); }
  ~FilesGuarded() { detail::guard_files(nullptr); }
  FilesGuarded(const FilesGuarded &) = delete;
  FilesGuarded &operator=(const FilesGuarded &) = delete;
};

} // namespace

struct Transaction::State {
  struct File {
    std::string shown; // as the caller named it, for messages
    detail::WriteTarget target;
    std::string rel; // the target relative to root
    std::string bytes;
    WriteMode mode;
  };
  std::string root, command;
  mode_t new_mode = detail::creation_mode(); // the umask when the transaction began
  std::vector<File> files;
  std::unordered_set<std::string> seen;
  std::vector<std::string> notes;
  bool done = false;
};

Transaction::Transaction(const RepositoryLock &lock, std::string command)
    : Transaction(lock.folder(), std::move(command)) {}

Transaction::Transaction(std::string root, std::string command) : s_(std::make_unique<State>()) {
  s_->root = std::move(root);
  s_->command = std::move(command);
}

Transaction::Transaction(Transaction &&) noexcept = default;
Transaction::~Transaction() = default;

size_t Transaction::size() const { return s_->files.size(); }
const std::vector<std::string> &Transaction::notes() const { return s_->notes; }

Expected<bool> Transaction::stage(const std::string &path, std::string bytes, WriteMode mode) {
  auto target = detail::resolve_write_target(path, s_->root, mode, s_->new_mode);
  if (!target)
    return Unexpected{target.error()};
  auto rel = relative_to(target->path, s_->root);
  if (!rel)
    return Unexpected{say("{}: it is not inside the repository {}; mestring writes there only", path, s_->root)};
  if (!s_->seen.insert(*rel).second)
    return Unexpected{say("{}: written twice in one command; this is a mistake in mestring, please report it", path)};
  s_->files.push_back({path, std::move(*target), std::move(*rel), std::move(bytes), mode});
  return true;
}

Expected<bool> Transaction::commit() {
  State &s = *s_;
  if (s.done || s.files.empty())
    return s.done = true;
  const std::string journal_path = joined(s.root, journal_name);
  if (struct stat st{}; ::lstat(journal_path.c_str(), &st) == 0) {
    auto recovered = recover(s.root);
    if (!recovered)
      return Unexpected{recovered.error()};
    s.notes.insert(s.notes.end(), recovered->begin(), recovered->end());
  }

  // 1. The journal, naming every temporary file before any exists.
  Journal journal{false, true, s.command, {}};
  detail::GuardedFiles guard;
  guard.journal = journal_path;
  for (const auto &f : s.files) {
    const auto folder = folder_part(f.rel);
    const auto temp = temp_name_for(name_part(f.rel), random_suffix());
    journal.entries.push_back({f.mode == WriteMode::create_new, f.target.mode, joined(folder, temp), f.rel});
    guard.temps.push_back(joined(s.root, journal.entries.back().temp));
  }
  const std::string text = format_journal(journal);
  const bool single = s.files.size() == 1;
  // A failure before the commit: the file, or every file, is as it was.
  auto unchanged = [&](std::string message, bool say_so = true) {
    if (!single)
      return Unexpected{say("{}; no file was changed", message)};
    return Unexpected{say_so ? say("{}; the file is unchanged", message) : std::move(message)};
  };
  std::optional<FilesGuarded> guarded(std::in_place, &guard);
  int journal_fd = -1;
  // Undoes steps 1–2 (and a 4 of new files only): nothing stays behind.
  auto roll_back = [&](size_t created) {
    for (size_t i = 0; i < created; ++i)
      ::unlink(guard.temps[i].c_str());
    if (journal_fd >= 0)
      ::close(journal_fd), journal_fd = -1;
    ::unlink(journal_path.c_str());
    guarded.reset();
  };
  journal_fd = injected_failure("journal")
                   ? (errno = EIO, -1)
                   : ::open(journal_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (journal_fd < 0) {
    const int err = errno;
    guarded.reset();
    return Unexpected{say("{}: cannot write the journal: {}; no file was changed", journal_path, os_error(err))};
  }
  if (::write(journal_fd, text.data(), text.size()) != ssize_t(text.size()) || ::fsync(journal_fd) != 0) {
    const int err = errno ? errno : EIO;
    roll_back(0);
    return Unexpected{say("{}: cannot write the journal: {}; no file was changed", journal_path, os_error(err))};
  }
  sync_folder(s.root);

  // 2. The temporary files, written and synced, readable by their writer
  // only. Each fsync() is a commit of the file system's own journal (~10 ms
  // on ext4), so many files are synced by one syncfs() instead: an import of
  // 10,000 files would otherwise spend minutes waiting for the disk.
  const bool sync_each = s.files.size() <= 4;
  std::set<std::string> folders;
  for (size_t i = 0; i < s.files.size(); ++i) {
    auto &f = s.files[i];
    guard.created.store(i + 1); // before it can exist, so that a signal removes it
    const int fd = injected_failure("open")
                       ? (errno = EACCES, -1)
                       : ::open(guard.temps[i].c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
      const int err = errno;
      roll_back(err == EEXIST ? i : i + 1); // never remove a file this transaction did not make
      return unchanged(say("{}: cannot create a temporary file in {}: {}", f.shown,
                           fs::path(f.shown).parent_path().empty() ? "." : fs::path(f.shown).parent_path().string(),
                           os_error(err)));
    }
    if (auto filled = detail::fill_temporary(fd, f.bytes, f.target, f.shown, sync_each); !filled) {
      roll_back(i + 1);
      return unchanged(filled.error());
    }
    std::string().swap(f.bytes); // written: a large import need not hold every file twice
    folders.insert(f.target.folder);
    if (i == 0)
      injected_kill("kill-mid-stage");
  }
  for (const auto &f : folders) {
    const int folder_fd = sync_each ? -1 : ::open(f.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (!sync_each && (folder_fd < 0 || ::syncfs(folder_fd) != 0)) {
      const int err = errno;
      if (folder_fd >= 0)
        ::close(folder_fd);
      roll_back(s.files.size());
      return unchanged(say("{}: cannot write: {}", f, os_error(err)));
    }
    if (folder_fd >= 0)
      ::close(folder_fd);
    else
      sync_folder(f);
  }
  injected_kill("kill-before-rename");

  // 3. The commit: from the synced `commit` on, the transaction has happened.
  detail::SignalsHeld held;
  if (::pwrite(journal_fd, commit_line.data(), commit_line.size(), off_t(journal_magic.size())) !=
          ssize_t(commit_line.size()) ||
      ::fsync(journal_fd) != 0) {
    const int err = errno ? errno : EIO;
    roll_back(s.files.size());
    held.release();
    return Unexpected{say("{}: cannot write the journal: {}; no file was changed", journal_path, os_error(err))};
  }
  guarded.reset(); // a signal must no longer undo: it waits
  injected_kill("kill-after-journal");

  // 4. Into place: new files first, while undoing is still possible.
  std::vector<size_t> order;
  for (size_t i = 0; i < s.files.size(); ++i)
    if (journal.entries[i].create)
      order.push_back(i);
  const size_t creates = order.size();
  for (size_t i = 0; i < s.files.size(); ++i)
    if (!journal.entries[i].create)
      order.push_back(i);
  for (size_t k = 0; k < order.size(); ++k) {
    const size_t i = order[k];
    const auto &f = s.files[i];
    const auto &temp = guard.temps[i];
    int err = injected_failure("rename") && k == 0 ? EIO : 0;
    if (!err && ::chmod(temp.c_str(), f.target.mode) != 0)
      err = errno;
    if (!err)
      err = journal.entries[i].create ? place_new(temp, f.target.path)
                                      : (::rename(temp.c_str(), f.target.path.c_str()) == 0 ? 0 : errno);
    if (err && k <= creates) {
      // Only new files are in place: take them back, mark the journal
      // `staging` again (a kill from here on must roll back, not forward),
      // and nothing happened.
      for (size_t back = k; back-- > 0;)
        ::rename(s.files[order[back]].target.path.c_str(), guard.temps[order[back]].c_str());
      if (::pwrite(journal_fd, staging_line.data(), staging_line.size(), off_t(journal_magic.size())) ==
          ssize_t(staging_line.size()))
        ::fdatasync(journal_fd);
      roll_back(s.files.size());
      held.release();
      if (err == EEXIST)
        return unchanged(say("{}: the file exists already; mestring does not overwrite it", f.shown), false);
      return journal.entries[i].create ? unchanged(say("{}: cannot create: {}", f.shown, os_error(err)), false)
                                       : unchanged(say("{}: cannot replace: {}", f.shown, os_error(err)));
    }
    if (err) {
      ::close(journal_fd);
      held.release();
      return Unexpected{say("{}: cannot replace: {}; {} of {} files are written, and the next mestring command in "
                            "{} writes the rest",
                            f.shown, os_error(err), k, s.files.size(), s.root)};
    }
    if (k == 0)
      injected_kill("kill-mid-rename");
  }
  for (const auto &f : folders)
    sync_folder(f);

  // 5. Done: the journal goes, and a signal that waited is delivered.
  ::close(journal_fd);
  ::unlink(journal_path.c_str());
  sync_folder(s.root);
  s.done = true;
  held.release();
  return true;
}

Expected<bool> write_output_file(const std::string &path, std::string_view bytes) {
  struct stat st {};
  const WriteMode mode = ::lstat(path.c_str(), &st) == 0 ? WriteMode::replace : WriteMode::create_new;
  // Any folder: an output file is the user's to put where they like, through a link too.
  auto target = detail::resolve_write_target(path, "/", mode, detail::creation_mode());
  if (!target)
    return Unexpected{target.error()};
  detail::GuardedFiles guard; // no journal: the handler's unlink("") does nothing
  guard.temps.push_back(
      joined(target->folder, temp_name_for(fs::path(target->path).filename().string(), random_suffix())));
  const std::string &temp = guard.temps.front();
  std::optional<FilesGuarded> guarded(std::in_place, &guard);
  guard.created.store(1);
  const int fd = injected_failure("open")
                     ? (errno = EACCES, -1)
                     : ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    const int err = errno;
    return Unexpected{say("{}: cannot create a temporary file in {}: {}; the file is unchanged", path, target->folder,
                          os_error(err))};
  }
  auto fail = [&](std::string message) {
    ::unlink(temp.c_str());
    return Unexpected{say("{}; the file is unchanged", message)};
  };
  if (auto filled = detail::fill_temporary(fd, bytes, *target, path); !filled)
    return fail(filled.error());
  injected_kill("kill-before-rename");
  int err = injected_failure("rename") ? EIO : 0;
  if (!err && ::chmod(temp.c_str(), target->mode) != 0)
    err = errno;
  if (!err)
    err = mode == WriteMode::create_new ? place_new(temp, target->path)
                                        : (::rename(temp.c_str(), target->path.c_str()) == 0 ? 0 : errno);
  if (err == EEXIST) {
    ::unlink(temp.c_str());
    return Unexpected{say("{}: the file exists already; mestring does not overwrite it", path)};
  }
  if (err)
    return fail(say("{}: cannot replace: {}", path, os_error(err)));
  sync_folder(target->folder);
  return true;
}

Expected<bool> write_file_atomic(const std::string &path, std::string_view bytes, WriteMode mode) {
  const auto place = repository_of(path);
  if (!place)
    return Unexpected{place.error()};
  Transaction one(place->folder, "");
  if (auto staged = one.stage(path, std::string(bytes), mode); !staged)
    return staged;
  return one.commit();
}

} // namespace mestring
