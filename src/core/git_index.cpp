#include <mestring/git_index.hpp>

#include <mestring/i18n.hpp>
#include <mestring/process.hpp>
#include <mestring/text.hpp>

#include <charconv>

namespace mestring {

namespace {

bool is_hex(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// Takes the text up to the next NUL, or fails.
bool next_field(std::string_view &rest, std::string_view &field) {
  const auto nul = rest.find('\0');
  if (nul == std::string_view::npos)
    return false;
  field = rest.substr(0, nul);
  rest.remove_prefix(nul + 1);
  return true;
}

// git's complaint, first line, for a message: "fatal: not a git repository …".
std::string first_line(std::string_view text) {
  const auto end = text.find('\n');
  return printable(text.substr(0, end));
}

} // namespace

Expected<std::vector<StagedEntry>> parse_staged_listing(std::string_view raw) {
  std::vector<StagedEntry> out;
  std::string_view rest = raw, head, path;
  while (!rest.empty()) {
    if (!next_field(rest, head) || head.size() < 2 || head[0] != ':')
      return Unexpected{say("git's list of staged files is not in the expected form at entry {}", out.size() + 1)};
    // ":100644 100644 <id> <id> M" → five words.
    std::vector<std::string_view> words;
    for (size_t i = 1; i <= head.size();) {
      const auto space = head.find(' ', i);
      const auto end = space == std::string_view::npos ? head.size() : space;
      words.push_back(head.substr(i, end - i));
      i = end + 1;
    }
    if (words.size() != 5 || words[1].size() != 6 || !is_hex(words[3]) || words[4].empty() || !next_field(rest, path) ||
        path.empty())
      return Unexpected{say("git's list of staged files is not in the expected form at entry {}", out.size() + 1)};
    const char status = words[4][0];
    // A copy or a rename names the old path, then the new one: keep the new.
    if ((status == 'C' || status == 'R') && (!next_field(rest, path) || path.empty()))
      return Unexpected{say("git's list of staged files is not in the expected form at entry {}", out.size() + 1)};
    out.push_back({std::string(path), std::string(words[1]), std::string(words[3]), status});
  }
  return out;
}

Expected<std::vector<std::string>> parse_cat_file_batch(std::string_view out, size_t count) {
  std::vector<std::string> blobs;
  std::string_view rest = out;
  for (size_t i = 0; i < count; ++i) {
    const auto eol = rest.find('\n');
    if (eol == std::string_view::npos)
      return Unexpected{say("git printed less than asked: {} of {} staged files", i, count)};
    const auto header = rest.substr(0, eol);
    rest.remove_prefix(eol + 1);
    // "<id> blob <size>"
    const auto first = header.find(' ');
    const auto second = first == std::string_view::npos ? first : header.find(' ', first + 1);
    if (second == std::string_view::npos || header.substr(first + 1, second - first - 1) != "blob")
      return Unexpected{
          say("git could not give the staged content of {}: {}", header.substr(0, first), printable(header))};
    const auto size_text = header.substr(second + 1);
    size_t size = 0;
    const auto [p, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size);
    if (ec != std::errc{} || p != size_text.data() + size_text.size() || size + 1 > rest.size() || rest[size] != '\n')
      return Unexpected{say("git printed less than asked: {} of {} staged files", i, count)};
    blobs.emplace_back(rest.substr(0, size));
    rest.remove_prefix(size + 1);
  }
  return blobs;
}

Expected<std::string> git_output(const std::vector<std::string> &args) {
  std::vector<std::string> argv{"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto run = run_program(argv);
  if (!run)
    return Unexpected{say("cannot run git ({}); is it installed?", run.error())};
  if (run->status != 0)
    return Unexpected{first_line(run->err.empty() ? run->out : run->err)};
  return run->out;
}

Expected<StagedFiles> staged_files() {
  // Inside a work tree at all? (A bare repository or a .git folder is not one.)
  const auto inside = git_output({"rev-parse", "--is-inside-work-tree"});
  // git's own words only when they say more than "not a git repository"
  // (a repository another user owns, say: "detected dubious ownership").
  if (!inside || *inside != "true\n")
    return Unexpected{say("--staged: this folder is not in a git work tree{}; run it where the cases are committed",
                          inside || inside.error().find("not a git repository") != std::string::npos
                              ? ""
                              : fmt::format(" ({})", inside.error()))};
  const auto prefix = git_output({"rev-parse", "--show-prefix"});
  if (!prefix)
    return Unexpected{prefix.error()};
  const auto listing =
      git_output({"diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--diff-filter=ACMRT"});
  if (!listing)
    return Unexpected{say("--staged: git could not list the staged files: {}", listing.error())};
  auto entries = parse_staged_listing(*listing);
  if (!entries)
    return Unexpected{entries.error()};
  StagedFiles out;
  out.prefix = prefix->substr(0, prefix->find('\n'));
  out.entries = std::move(*entries);
  return out;
}

Expected<std::vector<std::string>> staged_bytes(const std::vector<StagedEntry> &entries) {
  if (entries.empty())
    return std::vector<std::string>{};
  std::string ids;
  for (const auto &e : entries)
    ids += e.blob + "\n";
  const auto run = run_program({"git", "cat-file", "--batch"}, ids);
  if (!run)
    return Unexpected{say("cannot run git ({}); is it installed?", run.error())};
  if (run->status != 0)
    return Unexpected{say("git could not read the staged files: {}", first_line(run->err))};
  return parse_cat_file_batch(run->out, entries.size());
}

} // namespace mestring
