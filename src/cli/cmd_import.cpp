// `import` and `export`: the spreadsheet round trip. Import plans every row
// before it writes anything; export writes what import reads back unchanged.
#include "commands.hpp"
#include "csv_option.hpp"
#include "output.hpp"

#include <mestring/fileio.hpp>
#include <mestring/import.hpp>
#include <mestring/privacy.hpp>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <set>

namespace mestring::cli {

namespace {

struct ImportArgs {
  std::string sheet, kind, map;
  bool dry_run = false, overwrite = false;
};

Exit run_import(Context &ctx, const ImportArgs &a) {
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
  // The lock first (not for a dry run, which writes nothing): what is read
  // is then what is written over, and an interrupted command's work is
  // finished before the files are read.
  const RepositoryLock *lock = nullptr;
  if (!a.dry_run)
    lock = &ctx.lock_repository_of((std::filesystem::path(ctx.case_files_root()) / "x").string(), "import");
  // A new repository may have no cases folder yet: the import makes it.
  std::error_code ec;
  const bool has_folder = std::filesystem::is_directory(ctx.case_files_root(), ec);
  const auto repo = has_folder ? ctx.load({}) : Repository{};
  const auto plan = plan_import(*table, a.sheet, repo, ctx.case_files_root(), ctx.config, ctx.as_of, opt);

  // All or nothing: every bad row is named, and nothing is written.
  for (const auto &n : plan.notes)
    if (!ctx.global.quiet)
      print_note(n);
  if (!plan.errors.empty()) {
    std::string details;
    for (const auto &e : plan.errors)
      details += e + "\n";
    throw Failure{Exit::findings,
                  say(plan.errors.size() == 1
                          ? "{} row refused; nothing was imported. Fix the sheet and import it again"
                          : "{} rows refused; nothing was imported. Fix the sheet and import it again",
                      plan.errors.size()),
                  details};
  }
  size_t created = 0;
  for (const auto &c : plan.changes)
    created += c.created;
  // Each count with its own noun, so each can be singular or plural.
  const auto summary =
      fmt::format("{}: {}, {}, {}", say(plan.rows == 1 ? "{} row" : "{} rows", plan.rows),
                  say(created == 1 ? "{} new case file" : "{} new case files", created),
                  say("{} changed", plan.changes.size() - created),
                  say(plan.unchanged_rows == 1 ? "{} row already in the files" : "{} rows already in the files",
                      plan.unchanged_rows));
  if (a.dry_run) {
    for (const auto &c : plan.changes)
      print_text(ctx.config.show_cpr ? describe_change(c) : redact_cpr(describe_change(c)));
    print_text(fmt::format("{} {}\n", summary, say("(dry run: nothing was written)")));
    return Exit::ok;
  }

  if (!plan.changes.empty()) {
    // A case folder below the cases folder with its own mestring.yaml is
    // another repository: its lock is taken too, so that no file is ever
    // written under two locks.
    std::set<std::string> folders, locked{std::filesystem::weakly_canonical(lock->folder(), ec).string()};
    for (const auto &c : plan.changes) {
      if (!folders.insert(std::filesystem::path(c.path).parent_path().string()).second)
        continue;
      const auto place = repository_of(c.path);
      if (place && locked.insert(std::filesystem::weakly_canonical(place->folder, ec).string()).second)
        (void)ctx.lock_repository_of(c.path, "import");
    }
    std::filesystem::create_directories(ctx.case_files_root(), ec);
    // All or nothing on disk too, through any interruption: one transaction
    // stages every file, journals the renames, then renames them.
    const auto failed = write_all(*lock, "import", plan.changes, [&](size_t i) {
      print_text(fmt::format("{}: {}\n", plan.changes[i].path, say(plan.changes[i].created ? "created" : "updated")));
    });
    if (failed && failed->changed_meanwhile)
      throw Failure{Exit::usage, say("{} changed while the sheet was being imported; import again", failed->message)};
    if (failed)
      throw Failure{Exit::usage, failed->message};
  }
  print_text(fmt::format("{}\n", summary));
  return Exit::ok;
}

struct ExportArgs {
  std::vector<std::string> paths;
  std::string delimiter, encoding, output; // "": the config's csv: {delimiter, bom}
};

Exit run_export(Context &ctx, const ExportArgs &a) {
  CsvStyle style = csv_style(ctx, a.delimiter);
  if (!a.encoding.empty() && a.encoding != "utf-8-bom" && a.encoding != "utf-8" && a.encoding != "windows-1252")
    throw Failure{Exit::usage,
                  say("--encoding: \"{}\" is not one we write; use utf-8-bom, utf-8 or windows-1252", a.encoding)};
  // --encoding decides the byte-order mark when given; Windows-1252 has none.
  if (!a.encoding.empty())
    style.bom = a.encoding == "utf-8-bom";
  const auto repo = ctx.load(a.paths, true);
  if (!repo.findings.empty() && !ctx.global.quiet)
    print_note(say("some case files have errors; run mestring check"));
  std::string text = export_cases(repo.cases, style, ctx.config.show_cpr, ctx.config.lang());
  if (a.encoding == "windows-1252") {
    auto encoded = utf8_to_windows1252(text);
    if (!encoded)
      throw Failure{Exit::usage, encoded.error()};
    text = std::move(*encoded);
  }
  if (a.output.empty()) {
    print_document(text); // CsvWriter made every cell safe; Windows-1252 bytes must pass as they are
    return Exit::ok;
  }
  // Written on its own, wherever it goes: no lock and no journal are left
  // in a folder that is no case repository (fileio.hpp).
  const auto written = write_output_file(a.output, text);
  if (!written)
    throw Failure{Exit::usage, written.error()};
  return Exit::ok;
}

Runner define_import(CLI::App &sub) {
  auto a = std::make_shared<ImportArgs>();
  sub.add_option("sheet", a->sheet, h("The CSV file, as Excel or LibreOffice saves it"))
      ->required()
      ->type_name("FILE.csv");
  sub.add_option("--kind", a->kind, h("cases (one row per case) or events; detected when left out"));
  sub.add_option("--map", a->map, h("A YAML file that maps column headers to case fields"))->type_name("MAP.yaml");
  sub.add_flag("--dry-run", a->dry_run, h("Print what would change and write nothing"));
  sub.add_flag("--overwrite", a->overwrite, h("Replace values that differ from the case files"));
  return [a](Context &ctx) { return run_import(ctx, *a); };
}

Runner define_export(CLI::App &sub) {
  auto a = std::make_shared<ExportArgs>();
  sub.add_option("paths", a->paths, h("Case files or folders"))->type_name("PATH");
  add_delimiter_option(sub, a->delimiter);
  sub.add_option("--encoding", a->encoding,
                 h("utf-8-bom (for Danish Excel), utf-8 or windows-1252 (default: utf-8-bom, or utf-8 when the "
                   "config says csv: {bom: false})"));
  sub.add_option("--output", a->output, h("Write to FILE (atomically) instead of standard output"))->type_name("FILE");
  return [a](Context &ctx) { return run_export(ctx, *a); };
}

} // namespace

const Command import_command{
    "import", "Import a spreadsheet (CSV) of cases or events; all rows or none", {}, true, define_import};
constexpr std::string_view export_formats[] = {"csv"};
const Command export_command{"export", "All cases as a spreadsheet (CSV), one row per case", export_formats, true,
                             define_export};

} // namespace mestring::cli
