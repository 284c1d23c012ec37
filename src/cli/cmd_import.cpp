// `import` and `export`: the spreadsheet round trip. Import plans every row
// before it writes anything; export writes what import reads back unchanged.
#include "commands.hpp"

#include <mestring/fileio.hpp>
#include <mestring/import.hpp>
#include <mestring/privacy.hpp>

#include <filesystem>
#include <fmt/format.h>

namespace mestring::cli {

Exit cmd_import(const Context& ctx, const ImportArgs& a) {
  ImportOptions opt;
  opt.overwrite = a.overwrite;
  if (a.kind == "cases")
    opt.kind = SheetKind::cases;
  else if (a.kind == "events")
    opt.kind = SheetKind::events;
  else if (!a.kind.empty())
    throw Failure{Exit::usage, say("--kind: \"{}\" is not a kind of sheet; use cases or events", a.kind)};
  if (!a.map.empty()) {
    const auto text = read_file(a.map);
    if (!text)
      throw Failure{Exit::usage, text.error()};
    auto columns = read_column_map(*text, a.map);
    if (!columns)
      throw Failure{Exit::usage, columns.error()};
    opt.columns = std::move(*columns);
  }

  // Read the sheet and the cases it will change.
  const auto bytes = read_file(a.sheet);
  if (!bytes)
    throw Failure{Exit::usage, bytes.error()};
  const auto table = read_csv(*bytes);
  if (!table)
    throw Failure{Exit::findings, say("{}: {}; nothing was imported", a.sheet, table.error())};
  // A new repository may have no cases folder yet: the import makes it.
  std::error_code ec;
  const bool has_folder = std::filesystem::is_directory(ctx.case_files_root(), ec);
  const auto repo = has_folder ? ctx.load({}) : Repository{};
  const auto plan = plan_import(*table, a.sheet, repo, ctx.case_files_root(), ctx.config, ctx.as_of, opt);

  // All or nothing: every bad row is named, and nothing is written.
  for (const auto& n : plan.notes)
    if (!ctx.global.quiet)
      fmt::print(stderr, "mestring: {}: {}\n", say("note"), n);
  if (!plan.errors.empty()) {
    std::string details;
    for (const auto& e : plan.errors)
      details += e + "\n";
    throw Failure{Exit::findings,
                  say(plan.errors.size() == 1 ? "{} row refused; nothing was imported. Fix the sheet and import it again"
                                              : "{} rows refused; nothing was imported. Fix the sheet and import it again",
                      plan.errors.size()),
                  details};
  }
  size_t created = 0;
  for (const auto& c : plan.changes)
    created += c.created;
  // Each count with its own noun, so each can be singular or plural.
  const auto summary = fmt::format("{}: {}, {}, {}", say(plan.rows == 1 ? "{} row" : "{} rows", plan.rows),
                                   say(created == 1 ? "{} new case file" : "{} new case files", created),
                                   say("{} changed", plan.changes.size() - created),
                                   say(plan.unchanged_rows == 1 ? "{} row already in the files"
                                                                : "{} rows already in the files",
                                       plan.unchanged_rows));
  if (a.dry_run) {
    for (const auto& c : plan.changes)
      fmt::print("{}", ctx.config.show_cpr ? describe_change(c) : redact_cpr(describe_change(c)));
    fmt::print("{} {}\n", summary, say("(dry run: nothing was written)"));
    return Exit::ok;
  }

  if (!plan.changes.empty()) {
    auto lock = RepositoryLock::take(ctx.lock_path(plan.changes.front().path), "import");
    if (!lock)
      throw Failure{Exit::usage, lock.error()};
    std::filesystem::create_directories(ctx.case_files_root(), ec);
    // All or nothing on disk too: every file is staged (written and synced
    // beside its target) before any is renamed, so a full disk or a write
    // error changes no file.
    std::vector<StagedWrite> staged;
    for (const auto& c : plan.changes) {
      if (!c.created) {
        // Someone may have edited the file by hand since it was read.
        const auto now = read_file(c.path);
        if (!now || *now != c.before)
          throw Failure{Exit::usage, say("{} changed while the sheet was being imported; import again", c.path)};
      }
      auto s = StagedWrite::stage(c.path, c.after, c.created ? WriteMode::create_new : WriteMode::replace);
      if (!s)
        throw Failure{Exit::usage, say("{}; nothing was imported", s.error())};
      staged.push_back(std::move(*s));
    }
    for (size_t i = 0; i < staged.size(); ++i) {
      const auto done = staged[i].commit();
      if (!done)
        throw Failure{Exit::usage, i == 0 ? say("{}; nothing was imported", done.error())
                                          : say("{}; the files listed above were written, the rest not: "
                                                        "import the sheet again to finish",
                                                        done.error())};
      fmt::print("{}: {}\n", plan.changes[i].path, say(plan.changes[i].created ? "created" : "updated"));
    }
  }
  fmt::print("{}\n", summary);
  return Exit::ok;
}

Exit cmd_export(const Context& ctx, const ExportArgs& a) {
  if (a.delimiter.size() != 1 && a.delimiter != "\\t" && a.delimiter != "tab")
    throw Failure{Exit::usage, say("--delimiter: \"{}\" is not one character; use ; , or tab", a.delimiter)};
  const char separator = a.delimiter.size() == 1 ? a.delimiter[0] : '\t';
  if (a.encoding != "utf-8-bom" && a.encoding != "utf-8" && a.encoding != "windows-1252")
    throw Failure{Exit::usage,
                  say("--encoding: \"{}\" is not one we write; use utf-8-bom, utf-8 or windows-1252", a.encoding)};
  const auto repo = ctx.load(a.paths);
  if (!repo.findings.empty() && !ctx.global.quiet)
    fmt::print(stderr, "mestring: {}: {}\n", say("note"), say("some case files have errors; run mestring check"));
  std::string text = export_cases(repo.cases, separator, ctx.config.show_cpr);
  if (a.encoding == "windows-1252") {
    auto encoded = utf8_to_windows1252(text);
    if (!encoded)
      throw Failure{Exit::usage, encoded.error()};
    text = std::move(*encoded);
  } else if (a.encoding == "utf-8-bom") {
    text = "\xEF\xBB\xBF" + text;
  }
  if (a.output.empty()) {
    fmt::print("{}", text);
    return Exit::ok;
  }
  std::error_code ec;
  const bool exists = std::filesystem::exists(a.output, ec);
  const auto written = write_file_atomic(a.output, text, exists ? WriteMode::replace : WriteMode::create_new);
  if (!written)
    throw Failure{Exit::usage, written.error()};
  return Exit::ok;
}

} // namespace mestring::cli
