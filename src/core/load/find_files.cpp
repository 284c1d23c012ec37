// Finding case files under the paths a user names: files as given, folders
// searched recursively, hidden entries and mestring.yaml skipped (but the
// temporary files of interrupted writes noted); whatever cannot be listed
// becomes a message, and the rest goes on. The folders are read with
// readdir(3), whose entry types spare a stat per file: a run over 100,000
// unchanged cases costs little more than the listing git does.
#include <mestring/load.hpp>

#include <mestring/i18n.hpp>
#include <mestring/journal.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <dirent.h>
#include <filesystem>
#include <fmt/format.h>
#include <sys/stat.h>

namespace mestring {

namespace fs = std::filesystem;

namespace {

// `.NAME.yaml.tmp-XXXXXX`: what a write of a case file leaves when it is killed.
bool is_case_temporary(std::string_view name) {
  if (!is_temporary_name(name))
    return false;
  const auto stem = name.substr(0, name.rfind(".tmp-"));
  return stem.ends_with(".yaml") || stem.ends_with(".yml");
}

bool is_case_name(std::string_view name) {
  return (name.ends_with(".yaml") && name.size() > 5) || (name.ends_with(".yml") && name.size() > 4);
}

class Walk {
public:
  Walk(std::vector<std::string> &found, std::vector<std::string> &errors, std::vector<std::string> *temporaries)
      : found_(found), errors_(errors), temporaries_(temporaries) {}

  // Lists the folder `path` ("" for the current one: names then need no
  // prefix) and every folder below it.
  void folder(const std::string &path) {
    DIR *d = ::opendir(path.empty() ? "." : path.c_str());
    if (!d) {
      // A folder that cannot be opened is listed like a file: the reader
      // reports it as a finding, and the other files are still checked.
      found_.push_back(path);
      return;
    }
    const std::string prefix = path.empty() ? "" : path.back() == '/' ? path : path + '/';
    std::vector<std::string> below;
    int err = 0;
    for (;;) {
      errno = 0;
      const dirent *e = ::readdir(d);
      if (!e) {
        err = errno;
        break;
      }
      const std::string_view name = e->d_name;
      const bool hidden = name[0] == '.';
      if (hidden && !(temporaries_ && is_case_temporary(name)))
        continue; // a hidden folder is not searched, a hidden file not listed
      std::string entry = prefix + e->d_name;
      // A link is followed to see what it is (readdir says only "a link").
      bool is_folder = e->d_type == DT_DIR;
      if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) {
        struct stat st {};
        is_folder = ::stat(entry.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
      }
      if (hidden) {
        if (!is_folder)
          temporaries_->push_back(std::move(entry)); // a case file's temporary, for recovery
        continue;
      }
      if (is_folder) {
        if (e->d_type != DT_LNK) {
          below.push_back(std::move(entry)); // a folder named x.yaml is searched like any other
        } else if (DIR *link = ::opendir(entry.c_str())) {
          ::closedir(link); // a link to a folder is not followed
        } else {
          found_.push_back(std::move(entry)); // one that cannot be opened: the reader says why
        }
        continue;
      }
      // FIFOs, devices and broken links named *.yaml are listed too: the
      // reader refuses them with a message instead of skipping them silently.
      if (is_case_name(name) && name != "mestring.yaml")
        found_.push_back(std::move(entry));
    }
    if (err != 0)
      errors_.push_back(fmt::format("{}: {}", path.empty() ? "." : path, std::strerror(err)));
    ::closedir(d);
    for (const auto &b : below)
      folder(b);
  }

private:
  std::vector<std::string> &found_, &errors_;
  std::vector<std::string> *temporaries_;
};

// Sorts `paths` bytewise, as std::sort would, faster: each path's 8 bytes
// after the prefix every path shares are one big-endian number, so most
// comparisons of 100,000 paths in one folder are of two integers, not two
// strings on the heap. Equal numbers fall back to the strings.
void sort_paths(std::vector<std::string> &paths) {
  if (paths.size() < 2)
    return;
  size_t common = paths[0].size();
  for (const auto &p : paths)
    common =
        size_t(std::mismatch(p.begin(), p.begin() + std::min(common, p.size()), paths[0].begin()).first - p.begin());
  struct Key {
    uint64_t head;
    size_t index;
  };
  std::vector<Key> keys;
  keys.reserve(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    uint64_t head = 0;
    for (size_t b = 0; b < 8; ++b)
      head = head << 8 | (common + b < paths[i].size() ? uint8_t(paths[i][common + b]) : 0);
    keys.push_back({head, i});
  }
  std::sort(keys.begin(), keys.end(), [&paths](const Key &a, const Key &b) {
    return a.head != b.head ? a.head < b.head : paths[a.index] < paths[b.index];
  });
  std::vector<std::string> sorted;
  sorted.reserve(paths.size());
  for (const auto &k : keys)
    sorted.push_back(std::move(paths[k.index]));
  paths.swap(sorted);
}

} // namespace

std::vector<std::string> find_case_files(const std::vector<std::string> &paths, std::vector<std::string> &errors,
                                         std::vector<std::string> *temporaries) {
  std::vector<std::string> found;
  Walk walk(found, errors, temporaries);
  for (const auto &p : paths) {
    std::error_code ec;
    const auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      // A symlink that leads nowhere (a loop, say) is kept, so the reader says why.
      if (fs::is_symlink(fs::symlink_status(p, ec)))
        found.push_back(p);
      else
        errors.push_back(say("{}: no such file or folder", p));
      continue;
    }
    if (!fs::is_directory(st)) {
      found.push_back(p); // the reader refuses what is not a regular file
      continue;
    }
    fs::directory_iterator probe(p, ec);
    if (ec) {
      errors.push_back(say("{}: cannot read the folder: {}", p, ec.message()));
      continue;
    }
    // Paths as lexically_normal() writes them: "cases/x.yaml" for "./cases/".
    auto root = fs::path(p).lexically_normal().string();
    walk.folder(root == "." ? "" : root);
  }
  sort_paths(found);
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

} // namespace mestring
