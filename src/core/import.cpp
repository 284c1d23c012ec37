// Spreadsheet import. The shape of the work: map each column to a field by
// its header, turn every row into typed values or errors, group the rows by
// case, apply them to the case files' text in memory with the edit module,
// and prove each result by reading it back. Nothing here writes a file.
#include <mestring/import.hpp>
#include <mestring/i18n.hpp>

#include <mestring/edit.hpp>
#include <mestring/fileio.hpp>
#include <mestring/prescan.hpp>
#include <mestring/privacy.hpp>

#include "yaml_walk.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <set>
#include <yaml-cpp/yaml.h>

namespace mestring {

namespace fs = std::filesystem;

namespace {

// The built-in header names of each field (issue #3), compared normalized.
const std::vector<std::pair<std::string, std::vector<std::string>>>& header_table() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> table{
      {"id", {"Sagsnr", "Sagsnummer", "ID", "Case"}},
      {"name", {"Navn", "Borger", "Name"}},
      {"cpr", {"CPR", "CPR-nr", "CPR-nummer"}},
      {"paragraph", {"Paragraf", "§", "Paragraph"}},
      {"level", {"Niveau", "Level"}},
      {"advisor", {"Rådgiver", "Sagsbehandler", "Advisor"}},
      {"coach", {"Mestringsvejleder", "Vejleder", "Mentor", "Coach"}},
      {"applied", {"Ansøgt", "Ansøgningsdato", "Applied"}},
      {"decided", {"Afgørelse", "Afgørelsesdato", "Decided"}},
      {"start", {"Start", "Startdato", "Iværksat"}},
      {"plan", {"Borgerplan", "Handleplan", "Plan"}},
      {"end", {"Slut", "Slutdato", "Afsluttet", "End"}},
      {"end_reason", {"Ophørsårsag", "End reason"}},
      {"date", {"Dato", "Date"}},
      {"type", {"Type", "Hændelse"}},
      {"outcome", {"Udfald", "Outcome"}},
      {"mode", {"Form", "Kontaktform", "Mode"}},
      {"note", {"Note", "Bemærkning", "Notat"}},
      {"reason", {"Årsag", "Reason"}},
      {"kind", {"Art", "Kind"}},
      {"status", {"Status"}},
  };
  return table;
}

const std::set<std::string> case_fields{"id",    "name",    "cpr",   "paragraph", "level", "advisor", "coach",
                                        "applied", "decided", "start", "plan",      "end",   "end_reason"};
const std::set<std::string> event_fields{"id", "date", "type", "outcome", "mode", "note", "reason", "kind", "status"};

// Danish and English spellings of the values an events sheet holds.
const std::map<std::string, std::string> event_types{
    {"kontakt", "contact"},         {"contact", "contact"},           {"opfoelgning", "followup"},
    {"followup", "followup"},       {"follow-up", "followup"},        {"orientering", "escalation"},
    {"escalation", "escalation"},   {"helbredstjek", "health-check"}, {"health-check", "health-check"},
    {"moede", "meeting"},           {"meeting", "meeting"}};
const std::map<std::string, std::string> outcomes{{"truffet", "reached"},     {"reached", "reached"},
                                                  {"ikke truffet", "no-answer"}, {"no-answer", "no-answer"},
                                                  {"aflyst", "cancelled"},    {"cancelled", "cancelled"}};
const std::map<std::string, std::string> modes{{"besoeg", "visit"},  {"visit", "visit"},   {"telefon", "phone"},
                                               {"phone", "phone"},   {"online", "online"}, {"virtuel", "online"},
                                               {"gruppe", "group"},  {"group", "group"},   {"kontor", "office"},
                                               {"office", "office"}};
const std::map<std::string, std::string> kinds{{"foerste", "first"},     {"first", "first"},   {"aarlig", "annual"},
                                               {"annual", "annual"},      {"maanedlig", "monthly"},
                                               {"monthly", "monthly"},    {"ekstra", "extra"},  {"extra", "extra"}};
const std::map<std::string, std::string> reasons{
    {"non-response", "non-response"},         {"manglende respons", "non-response"},
    {"significant-change", "significant-change"}, {"vaesentlig aendring", "significant-change"},
    {"coach-change", "coach-change"},         {"skift af vejleder", "coach-change"},
    {"other", "other"},                       {"andet", "other"}};
const std::set<std::string> end_reasons{"goal-achieved", "citizen-declined", "moved", "deceased", "transferred",
                                        "other"};

std::string lower_ascii_danish(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xC3 && i + 1 < s.size()) {
      const auto d = static_cast<unsigned char>(s[i + 1]);
      const char* repl = (d == 0xA6 || d == 0x86) ? "ae" : (d == 0xB8 || d == 0x98) ? "oe"
                         : (d == 0xA5 || d == 0x85) ? "aa" : nullptr;
      if (repl) {
        out += repl;
        ++i;
        continue;
      }
    }
    out += char(std::tolower(c));
  }
  return out;
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos)
    return "";
  return std::string(s.substr(b, s.find_last_not_of(" \t") - b + 1));
}

// The value of a Danish/English choice, or "" when it is not one.
std::string lookup(const std::map<std::string, std::string>& m, std::string_view cell) {
  const auto it = m.find(lower_ascii_danish(trim(cell)));
  return it == m.end() ? "" : it->second;
}

std::string allowed(const std::map<std::string, std::string>& m) {
  std::string s;
  for (const auto& [k, v] : m)
    if (k == v)
      s += fmt::format("{}{}", s.empty() ? "" : ", ", v);
  return s;
}

struct Column {
  size_t index;
  std::string header; // as the sheet writes it, for messages
};

// A row's cells by field, with the header each came from.
struct Row {
  size_t number;
  std::map<std::string, std::pair<std::string, std::string>> cells; // field → (value, header)

  std::string value(const std::string& field) const {
    const auto it = cells.find(field);
    return it == cells.end() ? "" : it->second.first;
  }
  std::string header(const std::string& field) const {
    const auto it = cells.find(field);
    return it == cells.end() ? field : it->second.second;
  }
};

class Planner {
public:
  Planner(const std::string& sheet, const Repository& repo, const std::string& cases_dir, const Config& cfg,
          Date as_of, const ImportOptions& opt, ImportPlan& plan)
      : sheet_(sheet), repo_(repo), cases_dir_(cases_dir), cfg_(cfg), as_of_(as_of), opt_(opt), plan_(plan) {}

  void error(const Row& r, const std::string& field, std::string_view problem) {
    if (!r.cells.contains(field)) {
      const auto& names = std::find_if(header_table().begin(), header_table().end(),
                                       [&](const auto& e) { return e.first == field; })->second;
      plan_.errors.push_back(say("{}:{}: this row needs a {} column (\"{}\"), and the sheet has none", sheet_,
                                         r.number, field, names.front()));
      return;
    }
    plan_.errors.push_back(fmt::format("{}:{}: column \"{}\": \"{}\" {}", sheet_, r.number, r.header(field),
                                       field == "cpr" ? mask_cpr(r.value(field)) : r.value(field), problem));
  }

  std::optional<Date> date(const Row& r, const std::string& field) {
    const auto v = r.value(field);
    if (v.empty())
      return std::nullopt;
    const auto d = parse_sheet_date(v);
    if (!d)
      error(r, field, say("is not a date; write it as 31-12-2025 or 2025-12-31"));
    return d;
  }

  // The file a case id belongs to: its existing file, else a new one.
  const Case* existing(const std::string& id) const {
    for (const auto& c : repo_.cases)
      if (c.id == id)
        return &c;
    return nullptr;
  }

  // Adds `change` to the case's pending edits, keeping `intended` in step.
  struct Pending {
    std::string path;
    bool created = false;
    std::string before;
    Case intended;
    std::vector<Change> changes;
    size_t first_row = 0;
  };
  std::map<std::string, Pending> pending_; // by case id

  Pending* open_case(const std::string& id, size_t row) {
    if (const auto it = pending_.find(id); it != pending_.end())
      return &it->second;
    const Case* c = existing(id);
    if (!c)
      return nullptr;
    const auto text = read_file(c->file);
    if (!text) {
      plan_.errors.push_back(fmt::format("{}:{}: {}", sheet_, row, text.error()));
      return nullptr;
    }
    return &(pending_[id] = Pending{c->file, false, *text, *c, {}, row});
  }

  void case_row(const Row& r);
  void event_row(const Row& r);
  void finish();

private:
  const std::string& sheet_;
  const Repository& repo_;
  const std::string& cases_dir_;
  const Config& cfg_;
  Date as_of_;
  const ImportOptions& opt_;
  ImportPlan& plan_;
  std::map<std::string, std::pair<size_t, std::map<std::string, std::string>>> seen_ids_; // cases sheet
};

void Planner::case_row(const Row& r) {
  const std::string id = r.value("id");
  if (id.empty())
    return error(r, "id", say("is empty; every row needs a case id"));
  if (id.find_first_of("/\\") != std::string::npos || id.starts_with("."))
    return error(r, "id", say("cannot be a file name"));
  const size_t errors_before = plan_.errors.size();

  // Typed values of the row, checked one by one.
  std::map<std::string, std::string> values; // field → YAML text
  for (const auto& [field, cell] : r.cells) {
    const auto& v = cell.first;
    if (v.empty() || field == "id")
      continue;
    if (field == "applied" || field == "decided" || field == "start" || field == "plan" || field == "end") {
      if (const auto d = date(r, field))
        values[field] = d->iso();
    } else if (field == "paragraph") {
      std::string p = lower_ascii_danish(trim(v));
      if (p.starts_with("\xc2\xa7"))
        p = trim(p.substr(2));
      if (std::find(cfg_.programmes.begin(), cfg_.programmes.end(), p) == cfg_.programmes.end())
        error(r, field, say("is not a programme; use 82a, 82b, 85 or mestringsforloeb"));
      else
        values[field] = p;
    } else if (field == "level") {
      if (v.size() != 1 || v[0] < '1' || v[0] > '5')
        error(r, field, say("is not a level; levels are 1 to 5"));
      else
        values[field] = v;
    } else if (field == "end_reason") {
      if (!end_reasons.contains(trim(v)))
        error(r, field, say("is not an end reason; use goal-achieved, citizen-declined, moved, deceased, transferred or other"));
      else
        values[field] = trim(v);
    } else {
      values[field] = trim(v);
    }
  }
  if (plan_.errors.size() > errors_before)
    return;

  // The same case twice in one sheet must say the same thing.
  const auto [seen, first] = seen_ids_.try_emplace(id, r.number, values);
  if (!first) {
    for (const auto& [field, v] : values)
      if (const auto it = seen->second.second.find(field); it != seen->second.second.end() && it->second != v)
        return error(r, field, say("differs from row {} for case {}", seen->second.first, id));
    return;
  }

  Pending* p = open_case(id, r.number);
  if (!p) {
    if (existing(id))
      return; // unreadable: reported
    // A new case: written in the canonical layout, validated like `check`.
    Case c;
    c.id = id;
    c.paragraph = values.count("paragraph") ? values["paragraph"] : "";
    c.name = values.count("name") ? values["name"] : "";
    c.cpr = values.count("cpr") ? values["cpr"] : "";
    c.advisor = values.count("advisor") ? values["advisor"] : "";
    c.coach = values.count("coach") ? values["coach"] : "";
    if (values.count("level"))
      c.level = values["level"][0] - '0';
    for (const auto& [field, member] : std::initializer_list<std::pair<const char*, DateField Case::*>>{
             {"applied", &Case::applied}, {"decided", &Case::decided}, {"start", &Case::start},
             {"plan", &Case::plan}, {"end", &Case::end}})
      if (values.count(field))
        (c.*member).value = parse_iso_date(values[field]);
    c.end_reason = values.count("end_reason") ? values["end_reason"] : "";
    const auto path = (fs::path(cases_dir_) / (id + ".yaml")).lexically_normal().string();
    // A file that is there but could not be loaded is not a new case: creating
    // it would fail half-way through the import.
    std::error_code ec;
    if (fs::exists(fs::symlink_status(path, ec)))
      return error(r, "id", say("has a file, {}, that mestring cannot read as a case; run mestring check, "
                                        "fix the file, and import again", path));
    const auto text = new_case_text(c);
    const auto loaded = load_case(text, path, cfg_, as_of_);
    for (const auto& f : loaded.findings)
      if (f.severity == Severity::error)
        plan_.errors.push_back(say("{}:{}: new case {}: {}", sheet_, r.number, id, f.message));
    if (loaded.record)
      pending_[id] = Pending{path, true, "", *loaded.record, {}, r.number};
    return;
  }

  // An existing case: fill what is missing, refuse what conflicts.
  Case& c = p->intended;
  const size_t changes_before = p->changes.size();
  auto update = [&](const std::string& field, const std::string& key, std::string current, const std::string& value,
                    const std::string& yaml, auto assign) {
    if (current == value)
      return;
    if (field == "cpr" && !current.empty() && value == mask_cpr(current))
      return; // an export masks the CPR; the masked number is no change
    if (!current.empty() && !opt_.overwrite)
      return error(r, field, say("differs from {} ({}); use --overwrite to replace it", p->path,
                                         field == "cpr" ? mask_cpr(current) : current));
    assign();
    p->changes.push_back({Change::Kind::set, key, yaml});
  };
  for (const auto& entry : values) {
    // Plain references: clang 14 cannot capture structured bindings in lambdas.
    const std::string& field = entry.first;
    const std::string& v = entry.second;
    if (field == "name")
      update(field, "citizen.name", c.name, v, yaml_scalar(v), [&] { c.name = v; });
    else if (field == "cpr")
      update(field, "citizen.cpr", c.cpr, v, "\"" + v + "\"", [&] { c.cpr = v; });
    else if (field == "paragraph")
      update(field, "paragraph", c.paragraph, v, "\"" + v + "\"", [&] { c.paragraph = v; });
    else if (field == "level")
      update(field, "level", c.level ? std::to_string(*c.level) : "", v, v, [&] { c.level = v[0] - '0'; });
    else if (field == "advisor")
      update(field, "advisor", c.advisor, v, yaml_scalar(v), [&] { c.advisor = v; });
    else if (field == "coach")
      update(field, "coach", c.coach, v, yaml_scalar(v), [&] { c.coach = v; });
    else if (field == "end_reason")
      update(field, "end_reason", c.end_reason, v, v, [&] { c.end_reason = v; });
    else {
      DateField Case::*member = field == "applied" ? &Case::applied : field == "decided" ? &Case::decided
                              : field == "start"   ? &Case::start   : field == "plan"    ? &Case::plan
                                                                                        : &Case::end;
      update(field, field, (c.*member) ? (c.*member)->iso() : "", v, v,
             [&] { (c.*member).value = parse_iso_date(v); });
    }
  }
  // A row that matches its case file exactly is already in the files.
  if (p->changes.size() == changes_before && plan_.errors.size() == errors_before)
    ++plan_.unchanged_rows;
}

void Planner::event_row(const Row& r) {
  const std::string id = r.value("id");
  if (id.empty())
    return error(r, "id", say("is empty; every row needs a case id"));
  const auto type = lookup(event_types, r.value("type"));
  if (type.empty())
    return error(r, "type", say("is not an event type; use kontakt, opfølgning, orientering, helbredstjek or møde"));
  const auto d = date(r, "date");
  if (!d) {
    if (r.value("date").empty())
      error(r, "date", say("is empty; every event needs a date"));
    return;
  }
  Pending* p = open_case(id, r.number);
  if (!p)
    return error(r, "id", existing(id) ? say("could not be read") : say("is not a case in {}", cases_dir_));
  Case& c = p->intended;
  const auto note = r.value("note");
  const auto note_yaml = note.empty() ? std::string() : ", note: " + yaml_scalar(note);
  bool present = false;
  if (type == "contact") {
    const auto outcome = lookup(outcomes, r.value("outcome"));
    if (outcome.empty())
      return error(r, "outcome", say("is not an outcome; use truffet, ikke truffet or aflyst"));
    const auto mode = r.value("mode").empty() ? "" : lookup(modes, r.value("mode"));
    if (!r.value("mode").empty() && mode.empty())
      return error(r, "mode", say("is not a contact form; use besøg, telefon, online, gruppe or kontor"));
    present = std::any_of(c.contacts.begin(), c.contacts.end(), [&](const Contact& k) {
      return k.date == *d && k.outcome == outcome && (mode.empty() || k.mode == mode);
    });
    if (!present) {
      c.contacts.push_back({*d, outcome, mode, note, 0});
      p->changes.push_back({Change::Kind::append, "contacts",
                            fmt::format("{{date: {}, outcome: {}{}{}}}", d->iso(), outcome,
                                        mode.empty() ? "" : ", mode: " + mode, note_yaml)});
    }
  } else if (type == "followup") {
    const auto kind = r.value("kind").empty() ? "" : lookup(kinds, r.value("kind"));
    if (!r.value("kind").empty() && kind.empty())
      return error(r, "kind", say("is not a kind of follow-up; use første, årlig, månedlig or ekstra"));
    present = std::any_of(c.followups.begin(), c.followups.end(), [&](const Followup& f) { return f.date == *d; });
    if (!present) {
      c.followups.push_back({*d, kind, note, 0});
      p->changes.push_back({Change::Kind::append, "followups",
                            fmt::format("{{date: {}{}{}}}", d->iso(), kind.empty() ? "" : ", kind: " + kind, note_yaml)});
    }
  } else if (type == "escalation") {
    const auto reason = lookup(reasons, r.value("reason"));
    if (reason.empty())
      return error(r, "reason", say("is not a reason; use {}", allowed(reasons)));
    present = std::any_of(c.escalations.begin(), c.escalations.end(),
                          [&](const Escalation& e) { return e.date == *d && e.reason == reason; });
    if (!present) {
      c.escalations.push_back({*d, reason, note, 0});
      p->changes.push_back({Change::Kind::append, "escalations",
                            fmt::format("{{date: {}, reason: {}{}}}", d->iso(), reason, note_yaml)});
    }
  } else if (type == "health-check") {
    present = std::any_of(c.health_checks.begin(), c.health_checks.end(),
                          [&](const HealthCheck& h) { return h.date == *d; });
    if (!present) {
      c.health_checks.push_back({*d, 0});
      p->changes.push_back({Change::Kind::append, "health_checks", d->iso()});
    }
  } else {
    const auto status = date(r, "status");
    if (!r.value("status").empty() && !status)
      return;
    present = std::any_of(c.meetings.begin(), c.meetings.end(), [&](const Meeting& m) { return m.date == *d; });
    if (!present) {
      c.meetings.push_back({*d, status, 0});
      p->changes.push_back({Change::Kind::append, "meetings",
                            fmt::format("{{date: {}{}}}", d->iso(), status ? ", status: " + status->iso() : "")});
    }
  }
  if (present)
    ++plan_.unchanged_rows;
}

void Planner::finish() {
  for (auto& [id, p] : pending_) {
    if (p.created) {
      plan_.changes.push_back({p.path, true, "", new_case_text(p.intended)});
      continue;
    }
    if (p.changes.empty())
      continue;
    const auto after = apply_changes(p.before, p.changes);
    if (!after) {
      plan_.errors.push_back(fmt::format("{}:{}: {}: {}", sheet_, p.first_row, p.path, after.error()));
      continue;
    }
    const auto reread = load_case(*after, p.path, cfg_, as_of_);
    if (!reread.record || !same_record(*reread.record, p.intended)) {
      plan_.errors.push_back(say("{}:{}: {}: the change did not read back as intended; nothing was written",
                                         sheet_, p.first_row, p.path));
      continue;
    }
    plan_.changes.push_back({p.path, false, p.before, *after});
  }
}

} // namespace

std::string normalize_header(std::string_view header) {
  std::string h = lower_ascii_danish(trim(header));
  while (!h.empty() && (h.back() == '.' || h.back() == '-' || h.back() == ' '))
    h.pop_back();
  return h;
}

Expected<std::map<std::string, std::string>> read_column_map(std::string_view text, const std::string& file) {
  // A map file meets the same guard as a case file before yaml-cpp reads it.
  const auto checked = prescan_yaml(text, file, InputLimits{});
  if (!checked.findings.empty())
    return Unexpected{fmt::format("{}:{}: {}", file, checked.findings.front().line, checked.findings.front().message)};
  text = checked.text;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return Unexpected{fmt::format("{}:{}: {}", file, e.mark.line + 1, detail::yaml_problem(e.msg))};
  }
  const YAML::Node columns = root.IsMap() ? root["columns"] : YAML::Node();
  if (!columns.IsMap())
    return Unexpected{say("{}: write the map as columns: {{\"Header in the sheet\": field}}", file)};
  std::map<std::string, std::string> out;
  for (auto it = columns.begin(); it != columns.end(); ++it) {
    const auto field = it->second.IsScalar() ? it->second.Scalar() : "";
    if (!case_fields.contains(field) && !event_fields.contains(field))
      return Unexpected{say("{}:{}: \"{}\" is not a field; use one of id, name, cpr, paragraph, level, "
                                    "advisor, coach, applied, decided, start, plan, end, end_reason, date, type, "
                                    "outcome, mode, note, reason, kind, status",
                                    file, it->second.Mark().line + 1, field)};
    out[normalize_header(it->first.Scalar())] = field;
  }
  return out;
}

ImportPlan plan_import(const CsvTable& table, const std::string& sheet, const Repository& repo,
                       const std::string& cases_dir, const Config& cfg, Date as_of, const ImportOptions& opt) {
  ImportPlan plan;
  // Columns: the map file first, then the built-in names.
  std::map<std::string, Column> columns; // field → column
  for (size_t i = 0; i < table.header.size(); ++i) {
    const auto h = normalize_header(table.header[i]);
    std::string field;
    if (const auto it = opt.columns.find(h); it != opt.columns.end())
      field = it->second;
    else
      for (const auto& [f, names] : header_table())
        for (const auto& n : names)
          if (normalize_header(n) == h)
            field = f;
    if (field.empty()) {
      if (!h.empty())
        plan.notes.push_back(say("{}: column \"{}\" is not used; no field has that name (a --map file can "
                                         "name it)",
                                         sheet, table.header[i]));
      continue;
    }
    if (columns.contains(field)) {
      plan.errors.push_back(say("{}:1: columns \"{}\" and \"{}\" both hold {}; keep one", sheet,
                                        columns[field].header, table.header[i], field));
      continue;
    }
    columns[field] = Column{i, table.header[i]};
  }
  plan.kind = opt.kind ? *opt.kind
                       : (columns.contains("date") && columns.contains("type") ? SheetKind::events : SheetKind::cases);
  if (!columns.contains("id"))
    plan.errors.push_back(say("{}:1: no column holds the case id; name one Sagsnr, Sagsnummer, ID or Case",
                                      sheet));
  if (plan.kind == SheetKind::events && (!columns.contains("date") || !columns.contains("type")))
    plan.errors.push_back(say("{}:1: an events sheet needs a Dato and a Type column", sheet));
  if (!plan.errors.empty())
    return plan;

  Planner planner(sheet, repo, cases_dir, cfg, as_of, opt, plan);
  for (const auto& csv_row : table.rows) {
    Row row{csv_row.row, {}};
    for (const auto& [field, col] : columns) {
      const std::string cell = col.index < csv_row.cells.size() ? unguard_cell(csv_row.cells[col.index]) : "";
      row.cells[field] = {trim(cell), col.header};
    }
    ++plan.rows;
    if (plan.kind == SheetKind::cases)
      planner.case_row(row);
    else
      planner.event_row(row);
  }
  if (plan.errors.empty())
    planner.finish();
  if (!plan.errors.empty())
    plan.changes.clear();
  if (!cfg.show_cpr) {
    // A row's cell is quoted in its message: a CPR number typed into another column, say.
    for (auto& e : plan.errors)
      e = redact_cpr(e);
    for (auto& n : plan.notes)
      n = redact_cpr(n);
  }
  return plan;
}

std::string describe_change(const FileChange& change) {
  std::vector<std::string> a, b;
  auto split = [](const std::string& s, std::vector<std::string>& out) {
    size_t start = 0;
    while (start < s.size()) {
      const auto nl = s.find('\n', start);
      const auto end = nl == std::string::npos ? s.size() : nl;
      out.push_back(s.substr(start, end - start));
      start = end + 1;
    }
  };
  split(change.before, a);
  split(change.after, b);
  std::string out = change.created ? fmt::format("--- /dev/null\n+++ {} (new)\n", change.path)
                                   : fmt::format("--- {}\n+++ {}\n", change.path, change.path);
  // Longest common subsequence of lines: files are small, and edits are few.
  const size_t n = a.size(), m = b.size();
  if (n * m > 4'000'000) {
    for (const auto& l : a)
      out += "-" + l + "\n";
    for (const auto& l : b)
      out += "+" + l + "\n";
    return out;
  }
  std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      ++i, ++j;
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out += fmt::format("{:>4} -{}\n", i + 1, a[i]);
      ++i;
    } else {
      out += fmt::format("{:>4} +{}\n", j + 1, b[j]);
      ++j;
    }
  }
  return out;
}

std::string export_cases(const std::vector<Case>& cases, char separator, bool show_cpr) {
  auto danish = [](const DateField& d) {
    return d ? fmt::format("{:02}-{:02}-{:04}", d->day(), d->month(), d->year()) : std::string();
  };
  std::string out = csv_record({"Sagsnr", "Navn", "CPR", "Paragraf", "Niveau", "Rådgiver", "Mestringsvejleder",
                                "Ansøgt", "Afgørelse", "Startdato", "Borgerplan", "Slutdato", "Ophørsårsag"},
                               separator) +
                    "\r\n";
  for (const auto& c : cases) {
    std::vector<std::string> cells{c.id,
                                   c.name,
                                   c.cpr.empty() ? "" : show_cpr ? c.cpr : mask_cpr(c.cpr),
                                   c.paragraph,
                                   c.level ? std::to_string(*c.level) : "",
                                   c.advisor,
                                   c.coach,
                                   danish(c.applied),
                                   danish(c.decided),
                                   danish(c.start),
                                   danish(c.plan),
                                   danish(c.end),
                                   c.end_reason};
    for (auto& cell : cells)
      cell = guard_cell(cell);
    out += csv_record(cells, separator) + "\r\n";
  }
  return out;
}

} // namespace mestring
