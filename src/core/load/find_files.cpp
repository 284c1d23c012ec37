// Finding case files under the paths a user names: files as given, folders
// searched recursively, hidden entries and mestring.yaml skipped (but the
// temporary files of interrupted writes noted); whatever cannot be listed
// becomes a message, and the rest goes on.
#include <mestring/load.hpp>

#include <mestring/i18n.hpp>
#include <mestring/journal.hpp>

#include <filesystem>
#include <fmt/format.h>
#include <set>

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

} // namespace

std::vector<std::string> find_case_files(const std::vector<std::string> &paths, std::vector<std::string> &errors,
                                         std::vector<std::string> *temporaries) {
  std::set<std::string> found;
  for (const auto &p : paths) {
    std::error_code ec;
    const auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      // A symlink that leads nowhere (a loop, say) is kept, so the reader says why.
      if (fs::is_symlink(fs::symlink_status(p, ec)))
        found.insert(p);
      else
        errors.push_back(say("{}: no such file or folder", p));
      continue;
    }
    if (!fs::is_directory(st)) {
      found.insert(p); // the reader refuses what is not a regular file
      continue;
    }
    fs::directory_iterator probe(p, ec);
    if (ec) {
      errors.push_back(say("{}: cannot read the folder: {}", p, ec.message()));
      continue;
    }
    fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      errors.push_back(say("{}: cannot read the folder: {}", p, ec.message()));
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        errors.push_back(fmt::format("{}: {}", it->path().string(), ec.message()));
        break;
      }
      const auto name = it->path().filename().string();
      std::error_code entry_ec;
      const bool folder = it->is_directory(entry_ec); // false for a symlink loop, which the reader reports
      if (!name.empty() && name[0] == '.') {
        if (folder)
          it.disable_recursion_pending();
        else if (temporaries && is_case_temporary(name))
          temporaries->push_back(it->path().lexically_normal().string());
        continue;
      }
      if (folder) {
        // A folder that cannot be opened is listed like a file: the reader
        // reports it as a finding, and the other files are still checked.
        // A folder named x.yaml is searched like any other.
        fs::directory_iterator inside(it->path(), entry_ec);
        if (entry_ec) {
          it.disable_recursion_pending();
          found.insert(it->path().lexically_normal().string());
        }
        continue;
      }
      // FIFOs, devices and broken links named *.yaml are listed too: the
      // reader refuses them with a message instead of skipping them silently.
      const auto ext = it->path().extension();
      if ((ext == ".yaml" || ext == ".yml") && name != "mestring.yaml")
        found.insert(it->path().lexically_normal().string());
    }
  }
  return {found.begin(), found.end()};
}

} // namespace mestring
