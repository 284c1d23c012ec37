// The journal and the transaction that writes it. Order is everything:
//
//   1. the journal, state `staging`, names every temporary file (random
//      names chosen up front) and its target; synced, with its folder;
//   2. the temporary files (mode 0600: they hold CPR numbers), each created
//      O_EXCL, written, given the target's owner, synced; their folders synced;
//   3. signals held; the journal's state overwritten in place with `commit`
//      and synced: from here the transaction has happened;
//   4. each file gets its final mode and is renamed into place: new files
//      first, with RENAME_NOREPLACE (so one that appeared meanwhile is never
//      overwritten, and the transaction can still be undone), then the
//      replaced ones; the folders synced;
//   5. the journal removed, its folder synced; signals released.
//
// A temporary file that still exists is a rename not yet done, so rolling a
// committed journal forward is "rename what is still there", and rolling a
// staging one back is "remove what is there". A torn state word (a crash
// while it was written) is not `commit`, and then no rename had begun.
#include <mestring/i18n.hpp>
#include <mestring/journal.hpp>

#include "signal_guard.hpp"
#include "write_target.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <random>
#include <set>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_set>

namespace mestring {

namespace fs = std::filesystem;
using detail::injected_failure;
using detail::injected_kill;
using detail::os_error;
using detail::sync_folder;

namespace {

constexpr std::string_view journal_name = ".mestring.journal";
constexpr std::string_view magic = "mestring journal 1\n";
constexpr std::string_view staging_line = "state staging\n";
constexpr std::string_view commit_line = "state commit \n"; // as long as staging_line: overwritten in place
static_assert(staging_line.size() == commit_line.size());
constexpr std::string_view temp_infix = ".tmp-";
constexpr size_t suffix_length = 6;

bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b == 0x7f || c == '%')
      out += fmt::format("%{:02X}", b);
    else
      out += c;
  }
  return out;
}

std::optional<std::string> unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    unsigned value = 0;
    if (s.size() - i < 3)
      return std::nullopt;
    const auto r = std::from_chars(s.data() + i + 1, s.data() + i + 3, value, 16);
    if (r.ec != std::errc() || r.ptr != s.data() + i + 3)
      return std::nullopt;
    out += char(value);
    i += 2;
  }
  return out;
}

std::string folder_part(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

std::string_view name_part(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// A path relative to the repository folder that cannot leave it.
bool contained(std::string_view path) {
  if (path.empty() || path.front() == '/')
    return false;
  for (size_t start = 0;;) {
    const auto end = path.find('/', start);
    const auto part = path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (part.empty() || part == "." || part == ".." || part.find('\0') != std::string_view::npos)
      return false;
    if (end == std::string_view::npos)
      return true;
    start = end + 1;
  }
}

std::string temp_name_for(std::string_view target_name, std::string_view suffix) {
  return fmt::format(".{}{}{}", target_name, temp_infix, suffix);
}

std::string random_suffix() {
  static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  unsigned char bytes[suffix_length];
  if (::getrandom(bytes, sizeof bytes, 0) != ssize_t(sizeof bytes)) {
    std::random_device rd;
    for (auto& b : bytes)
      b = static_cast<unsigned char>(rd());
  }
  std::string s;
  for (const auto b : bytes)
    s += alphabet[b % 62];
  return s;
}

// Renames `temp` to `target` unless `target` exists. Returns 0 or errno.
int place_new(const std::string& temp, const std::string& target) {
  if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return errno;
  // A file system without RENAME_NOREPLACE (NFS): link() refuses an existing
  // target too; recover() knows a link whose temporary name remains.
  if (::link(temp.c_str(), target.c_str()) != 0)
    return errno;
  ::unlink(temp.c_str());
  return 0;
}

bool is_regular(const std::string& path, struct stat* out = nullptr) {
  struct stat st {};
  const bool regular = ::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  if (out)
    *out = st;
  return regular;
}

std::string joined(const std::string& root, std::string_view rel) { return (fs::path(root) / rel).string(); }

std::string who(const std::string& command) {
  return command.empty() ? say("an interrupted mestring command")
                         : say("an interrupted `mestring {}`", command);
}

// The file's path relative to `root`, if it lies inside: lexically first,
// then with links resolved (a target found through a symbolic link).
std::optional<std::string> relative_to(const std::string& path, const std::string& root) {
  std::error_code ec;
  auto inside = [](const fs::path& file, const fs::path& folder) -> std::optional<std::string> {
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

} // namespace

bool is_temporary_name(std::string_view path) {
  const auto name = name_part(path);
  // "." + at least one character + ".tmp-" + six letters or digits
  if (name.size() < 1 + 1 + temp_infix.size() + suffix_length || name.front() != '.')
    return false;
  const auto suffix = name.substr(name.size() - suffix_length);
  return name.substr(name.size() - suffix_length - temp_infix.size(), temp_infix.size()) == temp_infix &&
         std::all_of(suffix.begin(), suffix.end(), is_alnum);
}

std::string format_journal(const Journal& j) {
  std::string out(magic);
  out += j.committed ? commit_line : staging_line;
  out += fmt::format("command {}\n", escape(j.command));
  for (const auto& e : j.entries)
    out += fmt::format("{} {:04o} {} {}\n", e.create ? "new" : "replace", unsigned(e.mode), escape(e.temp),
                       escape(e.target));
  out += fmt::format("end {}\n", j.entries.size());
  return out;
}

Expected<Journal> parse_journal(std::string_view text) {
  if (!text.starts_with(magic))
    return Unexpected{say("it does not start as a mestring journal does")};
  text.remove_prefix(magic.size());
  Journal j;
  for (int line_no = 2; !text.empty(); ++line_no) {
    const auto end = text.find('\n');
    if (end == std::string_view::npos)
      break; // torn: the rest was never written
    const auto line = text.substr(0, end);
    text.remove_prefix(end + 1);
    auto bad = [&](std::string_view why) { return Unexpected{say("line {}: {}", line_no, why)}; };
    if (j.complete)
      return bad(say("a line after the end"));
    if (line_no == 2) {
      // Anything but a whole `commit` is staging: the state is written last.
      j.committed = std::string(line) + "\n" == commit_line;
      continue;
    }
    if (line.starts_with("command ")) {
      const auto command = unescape(line.substr(8));
      if (!command)
        return bad(say("a broken escape"));
      j.command = *command;
      continue;
    }
    if (line.starts_with("end ")) {
      size_t n = 0;
      const auto count = line.substr(4);
      const auto r = std::from_chars(count.data(), count.data() + count.size(), n);
      if (r.ec != std::errc() || r.ptr != count.data() + count.size() || n != j.entries.size())
        return bad(say("the count does not match the entries"));
      j.complete = true;
      continue;
    }
    // new|replace MODE TEMP TARGET
    std::string_view fields[4];
    size_t n = 0;
    for (std::string_view rest = line; n < 4 && !rest.empty(); ++n) {
      const auto space = rest.find(' ');
      fields[n] = rest.substr(0, space);
      rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
      if (n == 3 && space != std::string_view::npos)
        return bad(say("more than four fields"));
    }
    if (n != 4 || (fields[0] != "new" && fields[0] != "replace"))
      return bad(say("not an entry"));
    JournalEntry e;
    e.create = fields[0] == "new";
    unsigned mode = 0;
    const auto r = std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), mode, 8);
    if (r.ec != std::errc() || r.ptr != fields[1].data() + fields[1].size() || mode > 07777)
      return bad(say("not a file mode"));
    e.mode = mode_t(mode);
    const auto temp = unescape(fields[2]), target = unescape(fields[3]);
    if (!temp || !target)
      return bad(say("a broken escape"));
    e.temp = *temp;
    e.target = *target;
    // Only a temporary file of mestring's kind, beside its target, inside the repository.
    if (!contained(e.temp) || !contained(e.target) || folder_part(e.temp) != folder_part(e.target) ||
        !is_temporary_name(e.temp) ||
        name_part(e.temp).substr(0, name_part(e.temp).size() - suffix_length) !=
            temp_name_for(name_part(e.target), ""))
      return bad(say("not a temporary file beside its target inside the repository"));
    j.entries.push_back(std::move(e));
  }
  return j;
}

std::vector<std::string> temporary_files_in(const std::string& folder) {
  std::vector<std::string> found;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
    if (is_temporary_name(it->path().filename().string()))
      found.push_back(it->path().string());
  return found;
}

Expected<std::vector<std::string>> recover(const RepositoryLock& lock, const std::vector<std::string>& candidates) {
  return recover(lock.folder(), candidates);
}

Expected<std::vector<std::string>> recover(const std::string& root, const std::vector<std::string>& candidates) {
  std::vector<std::string> notes;
  const std::string path = joined(root, journal_name);
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode))
      return Unexpected{say("{}: it is {}, not a journal mestring wrote; if no mestring command is running, "
                            "delete it",
                            path, S_ISLNK(st.st_mode) ? say("a symbolic link") : std::string(file_kind(st.st_mode)))};
    const auto text = read_file(path, 1 << 30);
    if (!text)
      return Unexpected{text.error()};
    const auto journal = parse_journal(*text);
    if (!journal)
      return Unexpected{say("{}: this is not a journal mestring wrote ({}); mestring leaves it alone: if no mestring "
                            "command is running, look at it and delete it",
                            path, journal.error())};
    std::set<std::string> folders;
    if (journal->committed && journal->complete) {
      // Roll forward: every temporary file still there is a rename not yet done.
      size_t conflicts = 0;
      for (const auto& e : journal->entries) {
        const auto temp = joined(root, e.temp), target = joined(root, e.target);
        struct stat temp_st {};
        if (!is_regular(temp, &temp_st))
          continue;
        folders.insert(folder_part(temp).empty() ? "." : fs::path(temp).parent_path().string());
        ::chmod(temp.c_str(), e.mode);
        const int err = e.create ? place_new(temp, target)
                                 : (::rename(temp.c_str(), target.c_str()) == 0 ? 0 : errno);
        if (err == EEXIST) {
          struct stat target_st {};
          // Linked before the kill, or a file that appeared: never overwritten.
          if (!(::stat(target.c_str(), &target_st) == 0 && target_st.st_ino == temp_st.st_ino &&
                target_st.st_dev == temp_st.st_dev))
            ++conflicts, notes.push_back(say("{}: a file appeared there while {} was writing it; it was kept, and "
                                             "that command's version of it was not written",
                                             target, who(journal->command)));
          ::unlink(temp.c_str());
        } else if (err != 0) {
          return Unexpected{say("{}: cannot finish what {} began: {}; mestring tries again at the next command",
                                target, who(journal->command), os_error(err))};
        }
      }
      for (const auto& f : folders)
        sync_folder(f);
      const size_t written = journal->entries.size() - conflicts;
      notes.insert(notes.begin(), say(written == 1 ? "finished what {} had begun: its {} file is written"
                                                   : "finished what {} had begun: its {} files are written",
                                      who(journal->command), written));
    } else {
      // Roll back: no rename had begun.
      for (const auto& e : journal->entries)
        if (const auto temp = joined(root, e.temp); is_regular(temp))
          ::unlink(temp.c_str());
      notes.push_back(say("undid what {} had begun: none of its files had been changed", who(journal->command)));
    }
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
      return Unexpected{say("{}: cannot remove: {}", path, os_error(errno))};
    sync_folder(root);
  }
  size_t removed = 0;
  for (const auto& c : candidates)
    if (is_temporary_name(c) && is_regular(c) && ::unlink(c.c_str()) == 0)
      ++removed;
  if (removed)
    notes.push_back(say(removed == 1 ? "removed {} temporary file left by an interrupted command"
                                     : "removed {} temporary files left by an interrupted command",
                        removed));
  return notes;
}

struct Transaction::State {
  struct File {
    std::string shown; // as the caller named it, for messages
    detail::WriteTarget target;
    std::string rel;   // the target relative to root
    std::string bytes;
    WriteMode mode;
  };
  std::string root, command;
  std::vector<File> files;
  std::unordered_set<std::string> seen;
  std::vector<std::string> notes;
  bool done = false;
};

Transaction::Transaction(const RepositoryLock& lock, std::string command)
    : Transaction(lock.folder(), std::move(command)) {}

Transaction::Transaction(std::string root, std::string command) : s_(std::make_unique<State>()) {
  s_->root = std::move(root);
  s_->command = std::move(command);
}

Transaction::Transaction(Transaction&&) noexcept = default;
Transaction::~Transaction() = default;

size_t Transaction::size() const { return s_->files.size(); }
const std::vector<std::string>& Transaction::notes() const { return s_->notes; }

Expected<bool> Transaction::stage(const std::string& path, std::string bytes, WriteMode mode) {
  auto target = detail::resolve_write_target(path, s_->root, mode);
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
  State& s = *s_;
  if (s.done || s.files.empty())
    return s.done = true;
  const std::string journal_path = joined(s.root, journal_name);
  if (struct stat st {}; ::lstat(journal_path.c_str(), &st) == 0) {
    auto recovered = recover(s.root);
    if (!recovered)
      return Unexpected{recovered.error()};
    s.notes.insert(s.notes.end(), recovered->begin(), recovered->end());
  }

  // 1. The journal, naming every temporary file before any exists.
  Journal journal{false, true, s.command, {}};
  detail::GuardedFiles guard;
  guard.journal = journal_path;
  for (const auto& f : s.files) {
    const auto folder = folder_part(f.rel);
    const auto temp = temp_name_for(name_part(f.rel), random_suffix());
    journal.entries.push_back({f.mode == WriteMode::create_new, f.target.mode,
                               folder.empty() ? temp : folder + "/" + temp, f.rel});
    guard.temps.push_back(joined(s.root, journal.entries.back().temp));
  }
  const std::string text = format_journal(journal);
  const bool single = s.files.size() == 1;
  auto unchanged = [&](std::string message) {
    return Unexpected{single ? std::move(message) : say("{}; no file was changed", message)};
  };
  detail::guard_files(&guard);
  int journal_fd = -1;
  // Undoes steps 1–2 (and a 4 of new files only): nothing stays behind.
  auto roll_back = [&](size_t created) {
    for (size_t i = 0; i < created; ++i)
      ::unlink(guard.temps[i].c_str());
    if (journal_fd >= 0)
      ::close(journal_fd), journal_fd = -1;
    ::unlink(journal_path.c_str());
    detail::guard_files(nullptr);
  };
  journal_fd = injected_failure("journal")
                   ? (errno = EIO, -1)
                   : ::open(journal_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (journal_fd < 0) {
    const int err = errno;
    detail::guard_files(nullptr);
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
    auto& f = s.files[i];
    guard.created.store(i + 1); // before it can exist, so that a signal removes it
    const int fd = injected_failure("open") ? (errno = EACCES, -1)
                                            : ::open(guard.temps[i].c_str(),
                                                     O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
      const int err = errno;
      roll_back(err == EEXIST ? i : i + 1); // never remove a file this transaction did not make
      return unchanged(say("{}: cannot create a temporary file in {}: {}; the file is unchanged", f.shown,
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
  for (const auto& f : folders) {
    const int folder_fd = sync_each ? -1 : ::open(f.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (!sync_each && (folder_fd < 0 || ::syncfs(folder_fd) != 0)) {
      const int err = errno;
      if (folder_fd >= 0)
        ::close(folder_fd);
      roll_back(s.files.size());
      return unchanged(say("{}: cannot write: {}; the file is unchanged", f, os_error(err)));
    }
    if (folder_fd >= 0)
      ::close(folder_fd);
    else
      sync_folder(f);
  }
  injected_kill("kill-before-rename");

  // 3. The commit: from the synced `commit` on, the transaction has happened.
  detail::hold_signals();
  if (::pwrite(journal_fd, commit_line.data(), commit_line.size(), off_t(magic.size())) !=
          ssize_t(commit_line.size()) ||
      ::fsync(journal_fd) != 0) {
    const int err = errno ? errno : EIO;
    roll_back(s.files.size());
    detail::release_signals();
    return Unexpected{say("{}: cannot write the journal: {}; no file was changed", journal_path, os_error(err))};
  }
  detail::guard_files(nullptr); // a signal must no longer undo: it waits
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
    const auto& f = s.files[i];
    const auto& temp = guard.temps[i];
    int err = injected_failure("rename") && k == 0 ? EIO : 0;
    if (!err && ::chmod(temp.c_str(), f.target.mode) != 0)
      err = errno;
    if (!err)
      err = journal.entries[i].create ? place_new(temp, f.target.path)
                                      : (::rename(temp.c_str(), f.target.path.c_str()) == 0 ? 0 : errno);
    if (err && k <= creates) {
      // Only new files are in place: take them back, and nothing happened.
      for (size_t back = k; back-- > 0;)
        ::rename(s.files[order[back]].target.path.c_str(), guard.temps[order[back]].c_str());
      roll_back(s.files.size());
      detail::release_signals();
      if (err == EEXIST)
        return unchanged(say("{}: the file exists already; mestring does not overwrite it", f.shown));
      return unchanged(journal.entries[i].create
                           ? say("{}: cannot create: {}", f.shown, os_error(err))
                           : say("{}: cannot replace: {}; the file is unchanged", f.shown, os_error(err)));
    }
    if (err) {
      ::close(journal_fd);
      detail::release_signals();
      return Unexpected{say("{}: cannot replace: {}; {} of {} files are written, and the next mestring command in "
                            "{} writes the rest",
                            f.shown, os_error(err), k, s.files.size(), s.root)};
    }
    if (k == 0)
      injected_kill("kill-mid-rename");
  }
  for (const auto& f : folders)
    sync_folder(f);

  // 5. Done: the journal goes, and a signal that waited is delivered.
  ::close(journal_fd);
  ::unlink(journal_path.c_str());
  sync_folder(s.root);
  s.done = true;
  detail::release_signals();
  return true;
}

Expected<bool> write_file_atomic(const std::string& path, std::string_view bytes, WriteMode mode) {
  const auto place = repository_of(path);
  if (!place)
    return Unexpected{place.error()};
  Transaction one(place->folder, "");
  if (auto staged = one.stage(path, std::string(bytes), mode); !staged)
    return staged;
  return one.commit();
}

} // namespace mestring
