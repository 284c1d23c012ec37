// The journal: its text, and recovery from one that a command left. The
// transaction that writes it (transaction.cpp) keeps this order:
//
//   1. the journal, state `staging`, names every temporary file (random
//      names chosen up front) and its target; synced, with its folder;
//   2. the temporary files (mode 0600: they hold CPR numbers), each created
//      O_EXCL, written, given the target's owner; then synced (an fsync
//      each, or one syncfs for many), with their folders;
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

#include "journal_files.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <optional>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace mestring {

namespace fs = std::filesystem;
using namespace detail; // journal_files.hpp and write_target.hpp, shared by journal and transaction

namespace detail {

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
  return fmt::format(".{}.tmp-{}", target_name, suffix);
}

// Renames `temp` to `target` unless `target` exists. Returns 0 or errno.
int place_new(const std::string &temp, const std::string &target) {
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

std::string joined(const std::string &root, std::string_view rel) { return (fs::path(root) / rel).string(); }

} // namespace detail

namespace {

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

bool is_regular(const std::string &path, struct stat *out = nullptr) {
  struct stat st {};
  const bool regular = ::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  if (out)
    *out = st;
  return regular;
}

std::string who(const std::string &command) {
  return command.empty() ? say("an interrupted mestring command") : say("an interrupted `mestring {}`", command);
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

std::string format_journal(const Journal &j) {
  std::string out(journal_magic);
  out += j.committed ? commit_line : staging_line;
  out += fmt::format("command {}\n", escape(j.command));
  for (const auto &e : j.entries)
    out += fmt::format("{} {:04o} {} {}\n", e.create ? "new" : "replace", unsigned(e.mode), escape(e.temp),
                       escape(e.target));
  out += fmt::format("end {}\n", j.entries.size());
  return out;
}

Expected<Journal> parse_journal(std::string_view text) {
  // Killed between creating the journal and writing it: a journal of
  // nothing (no temporary file is made before the journal is synced).
  if (journal_magic.starts_with(text))
    return Journal{};
  if (!text.starts_with(journal_magic))
    return Unexpected{say("it does not start as a mestring journal does")};
  text.remove_prefix(journal_magic.size());
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
        name_part(e.temp).substr(0, name_part(e.temp).size() - suffix_length) != temp_name_for(name_part(e.target), ""))
      return bad(say("not a temporary file beside its target inside the repository"));
    j.entries.push_back(std::move(e));
  }
  return j;
}

std::vector<std::string> temporary_files_in(const std::string &folder) {
  // readdir(3), not std::filesystem: a case folder has 100,000 names, and
  // every temporary one is hidden, so nearly all are passed over on their
  // first byte without a path being made.
  std::vector<std::string> found;
  DIR *d = ::opendir(folder.c_str());
  if (!d)
    return found;
  while (const dirent *e = ::readdir(d))
    if (e->d_name[0] == '.' && is_temporary_name(e->d_name))
      found.push_back(detail::joined(folder, e->d_name));
  ::closedir(d);
  return found;
}

Expected<std::vector<std::string>> recover(const RepositoryLock &lock, const std::vector<std::string> &candidates) {
  return recover(lock.folder(), candidates);
}

Expected<std::vector<std::string>> recover(const std::string &root, const std::vector<std::string> &candidates) {
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
      for (const auto &e : journal->entries) {
        const auto temp = joined(root, e.temp), target = joined(root, e.target);
        struct stat temp_st {};
        if (!is_regular(temp, &temp_st))
          continue;
        folders.insert(folder_part(temp).empty() ? "." : fs::path(temp).parent_path().string());
        ::chmod(temp.c_str(), e.mode);
        const int err = e.create ? place_new(temp, target) : (::rename(temp.c_str(), target.c_str()) == 0 ? 0 : errno);
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
          return Unexpected{say("{}: cannot finish what {} began: {}; mestring tries again at the next command", target,
                                who(journal->command), os_error(err))};
        }
      }
      for (const auto &f : folders)
        sync_folder(f);
      const size_t written = journal->entries.size() - conflicts;
      notes.insert(notes.begin(), say(written == 1 ? "finished what {} had begun: its {} file is written"
                                                   : "finished what {} had begun: its {} files are written",
                                      who(journal->command), written));
    } else {
      // Roll back: no rename had begun.
      for (const auto &e : journal->entries)
        if (const auto temp = joined(root, e.temp); is_regular(temp))
          ::unlink(temp.c_str());
      notes.push_back(say("undid what {} had begun: none of its files had been changed", who(journal->command)));
    }
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
      return Unexpected{say("{}: cannot remove: {}", path, os_error(errno))};
    sync_folder(root);
  }
  size_t removed = 0;
  for (const auto &c : candidates)
    if (is_temporary_name(c) && is_regular(c) && ::unlink(c.c_str()) == 0)
      ++removed;
  if (removed)
    notes.push_back(say(removed == 1 ? "removed {} temporary file left by an interrupted command"
                                     : "removed {} temporary files left by an interrupted command",
                        removed));
  return notes;
}

} // namespace mestring
