// Spreadsheet import. The shape of the work: map each column to a field by
// its header (the vocabulary's column table), turn every row into typed
// values or errors, group the rows by case, and express each row with the
// edit module's verbs (make a case, set a field, add an event), proving each
// result by reading it back. Nothing here writes a file.
#include <mestring/i18n.hpp>
#include <mestring/import.hpp>

#include <mestring/fileio.hpp>
#include <mestring/prescan.hpp>
#include <mestring/privacy.hpp>
#include <mestring/schema.hpp>
#include <mestring/typed_text.hpp>

#include "yaml_walk.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <set>
#include <unordered_map>
#include <yaml-cpp/yaml.h>

namespace mestring {

namespace fs = std::filesystem;

namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos)
    return "";
  return std::string(s.substr(b, s.find_last_not_of(" \t") - b + 1));
}

// The Danish words a sheet may use for a choice set, for messages:
// "truffet, ikke truffet or aflyst".
template <typename E> std::string danish_words(Lang lang) {
  std::vector<std::string_view> words;
  for (const auto &c : choices<E>())
    words.push_back(c.label.da);
  return join_or(words, lang);
}

struct SheetColumn {
  size_t index;
  std::string header; // as the sheet writes it, for messages
};

// A row's cells by column, with the header each came from.
struct Row {
  size_t number;
  std::map<Column, std::pair<std::string, std::string>> cells; // column → (value, header)

  std::string value(Column c) const {
    const auto it = cells.find(c);
    return it == cells.end() ? "" : it->second.first;
  }
  std::string header(Column c) const {
    const auto it = cells.find(c);
    return it == cells.end() ? std::string(column_info(c).field) : it->second.second;
  }
};

class Planner {
public:
  Planner(const std::string &sheet, const Repository &repo, const std::string &cases_dir, const Config &cfg, Date as_of,
          const ImportOptions &opt, ImportPlan &plan)
      : sheet_(sheet), repo_(repo), cases_dir_(cases_dir), cfg_(cfg), as_of_(as_of), opt_(opt), plan_(plan) {
    // One look-up per row, not a scan of every case: a sheet of 100,000
    // rows against as many cases stays linear. The first case with an id wins.
    for (const auto &c : repo_.cases)
      by_id_.try_emplace(c.id, &c);
  }

  void error(const Row &r, Column column, std::string_view problem) {
    const auto &info = column_info(column);
    if (!r.cells.contains(column)) {
      plan_.errors.push_back(say("{}:{}: this row needs a {} column (\"{}\"), and the sheet has none", sheet_, r.number,
                                 info.field, info.headers.front()));
      return;
    }
    plan_.errors.push_back(fmt::format("{}:{}: column \"{}\": \"{}\" {}", sheet_, r.number, r.header(column),
                                       column == Column::cpr ? mask_cpr(r.value(column)) : r.value(column), problem));
  }

  std::optional<Date> date(const Row &r, Column column) {
    const auto v = r.value(column);
    if (v.empty())
      return std::nullopt;
    const auto d = parse_sheet_date(v);
    if (!d)
      error(r, column, sheet_date_hint());
    return d;
  }

  // The file a case id belongs to: its existing file, else a new one.
  const Case *existing(const std::string &id) const {
    const auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : it->second;
  }

  // A case's pending edits, with the record they are meant to give.
  struct Pending {
    std::string path;
    bool created = false;
    std::string before;
    Case intended;
    std::vector<Change> changes;
    size_t first_row = 0;
    std::map<std::string, size_t> rows_seen; // event rows of this case so far, by what they record
  };
  std::map<std::string, Pending> pending_; // by case id

  Pending *open_case(const std::string &id, size_t row) {
    if (const auto it = pending_.find(id); it != pending_.end())
      return &it->second;
    const Case *c = existing(id);
    if (!c)
      return nullptr;
    const auto text = read_file(c->file);
    if (!text) {
      plan_.errors.push_back(fmt::format("{}:{}: {}", sheet_, row, text.error()));
      return nullptr;
    }
    return &(pending_[id] = Pending{c->file, false, *text, *c, {}, row});
  }

  void case_row(const Row &r);
  void event_row(const Row &r);
  void finish();

private:
  void new_case(const Row &r, const std::string &id, const std::map<Column, std::string> &values);
  void update_case(const Row &r, Pending &p, const std::map<Column, std::string> &values);

  const std::string &sheet_;
  const Repository &repo_;
  const std::string &cases_dir_;
  const Config &cfg_;
  Date as_of_;
  const ImportOptions &opt_;
  ImportPlan &plan_;
  std::map<std::string, std::pair<size_t, std::map<Column, std::string>>> seen_ids_; // cases sheet
  std::unordered_map<std::string, const Case *> by_id_;                              // the cases by id
};

// The typed text of a date column, from the value a row holds.
DateField Case::*date_member(Column column) {
  const auto key = column_info(column).key;
  return key ? key_info(*key).date : nullptr;
}

void Planner::case_row(const Row &r) {
  const std::string id = r.value(Column::id);
  if (id.empty())
    return error(r, Column::id, say("is empty; every row needs a case id"));
  if (id.find_first_of("/\\") != std::string::npos || id.starts_with("."))
    return error(r, Column::id, say("cannot be a file name"));
  if (id == reserved_case_id)
    return error(r, Column::id,
                 say("is reserved ({}.yaml is the repository's config file); give the case another id", id));
  const size_t errors_before = plan_.errors.size();

  // Typed values of the row, checked one by one, as the case file writes them.
  std::map<Column, std::string> values;
  for (const auto &[column, cell] : r.cells) {
    const auto &v = cell.first;
    if (v.empty() || column == Column::id)
      continue;
    if (date_member(column)) {
      if (const auto d = date(r, column))
        values[column] = d->iso();
    } else if (column == Column::paragraph) {
      std::string p = normalize_word(v);
      if (p.starts_with("\xc2\xa7"))
        p = trim(p.substr(2));
      if (std::find(cfg_.programmes.begin(), cfg_.programmes.end(), p) == cfg_.programmes.end()) {
        std::vector<std::string_view> names(cfg_.programmes.begin(), cfg_.programmes.end());
        error(r, column, say("is not a programme; use {}", join_or(names, message_lang())));
      } else {
        values[column] = p;
      }
    } else if (column == Column::level) {
      if (v.size() != 1 || v[0] < '1' || v[0] > '5')
        error(r, column, say("is not a level; levels are 1 to 5"));
      else
        values[column] = v;
    } else if (column == Column::end_reason) {
      if (const auto reason = choice_from_sheet<EndReason>(v))
        values[column] = id_of(*reason);
      else
        error(r, column, say("is not an end reason; use {}", choice_list<EndReason>(message_lang())));
    } else {
      values[column] = trim(v);
    }
  }
  if (plan_.errors.size() > errors_before)
    return;

  // The same case twice in one sheet must say the same thing.
  const auto [seen, first] = seen_ids_.try_emplace(id, r.number, values);
  if (!first) {
    for (const auto &[column, v] : values)
      if (const auto it = seen->second.second.find(column); it != seen->second.second.end() && it->second != v)
        return error(r, column, say("differs from row {} for case {}", seen->second.first, id));
    return;
  }

  if (Pending *p = open_case(id, r.number)) {
    const size_t changes_before = p->changes.size();
    update_case(r, *p, values);
    // A row that matches its case file exactly is already in the files.
    if (p->changes.size() == changes_before && plan_.errors.size() == errors_before)
      ++plan_.unchanged_rows;
  } else if (!existing(id)) { // an existing file that could not be read is reported
    new_case(r, id, values);
  }
}

// A new case: written in the canonical layout, validated like `check`.
void Planner::new_case(const Row &r, const std::string &id, const std::map<Column, std::string> &values) {
  auto value = [&](Column c) {
    const auto it = values.find(c);
    return it == values.end() ? std::string() : it->second;
  };
  Case c;
  c.id = id;
  c.paragraph = value(Column::paragraph);
  c.name = value(Column::name);
  c.cpr = value(Column::cpr);
  c.advisor = value(Column::advisor);
  c.coach = value(Column::coach);
  if (!value(Column::level).empty())
    c.level = value(Column::level)[0] - '0';
  for (const auto &[column, v] : values)
    if (const auto member = date_member(column))
      (c.*member).value = parse_iso_date(v);
  if (!value(Column::end_reason).empty())
    c.end_reason = parse_choice<EndReason>(value(Column::end_reason));
  const auto path = (fs::path(cases_dir_) / (id + ".yaml")).lexically_normal().string();
  // A file that is there but could not be loaded is not a new case: creating
  // it would fail half-way through the import.
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec)))
    return error(r, Column::id,
                 say("has a file, {}, that mestring cannot read as a case; run mestring check, "
                     "fix the file, and import again",
                     path));
  const auto made = make_case(c, path, cfg_, as_of_);
  for (const auto &f : made.errors)
    plan_.errors.push_back(say("{}:{}: new case {}: {}", sheet_, r.number, id, f.message));
  if (made.loaded.record)
    pending_[id] = Pending{path, true, "", *made.loaded.record, {}, r.number};
}

// An existing case: fill what is missing, refuse what conflicts.
void Planner::update_case(const Row &r, Pending &p, const std::map<Column, std::string> &values) {
  Case &c = p.intended;
  const auto citizen = [](Sub sub) { return fmt::format("{}.{}", name_of(Key::citizen), name_of(sub)); };
  for (const auto &entry : values) {
    // Plain references: clang 14 cannot capture structured bindings in lambdas.
    const Column column = entry.first;
    const std::string &v = entry.second;
    auto update = [&](const std::string &key, const std::string &current, const std::string &yaml, auto assign) {
      if (current == v)
        return;
      if (column == Column::cpr && !current.empty() && v == mask_cpr(current))
        return; // an export masks the CPR; the masked number is no change
      if (!current.empty() && !opt_.overwrite)
        return error(r, column,
                     say("differs from {} ({}); use --overwrite to replace it", p.path,
                         column == Column::cpr ? mask_cpr(current) : current));
      assign();
      p.changes.push_back({Change::Kind::set, key, yaml});
    };
    const auto key = column_info(column).key;
    if (const auto member = date_member(column)) {
      update(std::string(name_of(*key)), (c.*member) ? (c.*member)->iso() : "", v,
             [&] { (c.*member).value = parse_iso_date(v); });
    } else if (key && key_info(*key).kind == KeyKind::text) {
      const auto text = key_info(*key).text;
      update(std::string(name_of(*key)), c.*text, yaml_scalar(v), [&] { c.*text = v; });
    } else {
      switch (column) {
      case Column::name: update(citizen(Sub::name), c.name, yaml_scalar(v), [&] { c.name = v; }); break;
      case Column::cpr: update(citizen(Sub::cpr), c.cpr, "\"" + v + "\"", [&] { c.cpr = v; }); break;
      case Column::paragraph:
        update(std::string(name_of(Key::paragraph)), c.paragraph, "\"" + v + "\"", [&] { c.paragraph = v; });
        break;
      case Column::level:
        update(std::string(name_of(Key::level)), c.level ? std::to_string(*c.level) : "", v,
               [&] { c.level = v[0] - '0'; });
        break;
      case Column::end_reason:
        update(std::string(name_of(Key::end_reason)), c.end_reason ? std::string(id_of(*c.end_reason)) : "", v,
               [&] { c.end_reason = parse_choice<EndReason>(v); });
        break;
      default: break;
      }
    }
  }
}

void Planner::event_row(const Row &r) {
  const std::string id = r.value(Column::id);
  if (id.empty())
    return error(r, Column::id, say("is empty; every row needs a case id"));
  const auto *list = event_from_sheet(r.value(Column::type));
  if (!list) {
    std::vector<std::string_view> types;
    for (const auto &k : case_keys())
      if (!k.sheet_types.empty())
        types.push_back(k.sheet_types.front());
    return error(r, Column::type, say("is not an event type; use {}", join_or(types, message_lang())));
  }
  const auto d = date(r, Column::date);
  if (!d) {
    if (r.value(Column::date).empty())
      error(r, Column::date, say("is empty; every event needs a date"));
    return;
  }
  Pending *p = open_case(id, r.number);
  if (!p)
    return error(r, Column::id, existing(id) ? say("could not be read") : say("is not a case in {}", cases_dir_));
  Event e;
  e.list = list->key;
  e.date = *d;
  e.note = r.value(Column::note);
  const auto lang = message_lang();
  switch (list->key) {
  case Key::contacts: {
    const auto outcome = choice_from_sheet<Outcome>(r.value(Column::outcome));
    if (!outcome)
      return error(r, Column::outcome, say("is not an outcome; use {}", danish_words<Outcome>(lang)));
    e.outcome = *outcome;
    if (!r.value(Column::mode).empty()) {
      e.mode = choice_from_sheet<Mode>(r.value(Column::mode));
      if (!e.mode)
        return error(r, Column::mode, say("is not a contact form; use {}", danish_words<Mode>(lang)));
    }
    break;
  }
  case Key::followups:
    if (!r.value(Column::kind).empty()) {
      e.kind = choice_from_sheet<FollowupKind>(r.value(Column::kind));
      if (!e.kind)
        return error(r, Column::kind, say("is not a kind of follow-up; use {}", danish_words<FollowupKind>(lang)));
    }
    break;
  case Key::escalations: {
    const auto reason = choice_from_sheet<Reason>(r.value(Column::reason));
    if (!reason)
      return error(r, Column::reason, say("is not a reason; use {}", choice_list<Reason>(lang)));
    e.reason = *reason;
    break;
  }
  case Key::meetings:
    e.status = date(r, Column::status);
    if (!r.value(Column::status).empty() && !e.status)
      return;
    break;
  default: break;
  }
  // Rows are counted, not merged: the n-th identical row is already present
  // when the file holds the event n times (cli.md, import).
  // The key holds what count_event compares, and nothing else (not the note).
  const auto seen = ++p->rows_seen[fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}", static_cast<int>(e.list), e.date.iso(),
                                               static_cast<int>(e.outcome), e.mode ? static_cast<int>(*e.mode) : -1,
                                               static_cast<int>(e.reason), e.level, e.rule, e.until.iso(), e.why)];
  if (count_event(p->intended, e) >= seen)
    ++plan_.unchanged_rows;
  else
    p->changes.push_back(add_event(p->intended, e));
}

void Planner::finish() {
  for (auto &[id, p] : pending_) {
    if (p.created) {
      plan_.changes.push_back({p.path, true, "", new_case_text(p.intended)});
      continue;
    }
    if (p.changes.empty())
      continue;
    auto change = plan_edit(p.path, p.before, p.changes, p.intended, cfg_, as_of_);
    if (!change)
      plan_.errors.push_back(fmt::format("{}:{}: {}", sheet_, p.first_row, change.error()));
    else
      plan_.changes.push_back(std::move(*change));
  }
}

} // namespace

Expected<std::map<std::string, Column>> read_column_map(std::string_view text, const std::string &file) {
  // A map file meets the same guard as a case file before yaml-cpp reads it.
  const auto checked = prescan_yaml(text, file, InputLimits{});
  if (!checked.findings.empty())
    return Unexpected{fmt::format("{}:{}: {}", file, checked.findings.front().line, checked.findings.front().message)};
  text = checked.text;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception &e) {
    return Unexpected{fmt::format("{}:{}: {}", file, e.mark.line + 1, detail::yaml_problem(e.msg))};
  }
  const YAML::Node columns_node = root.IsMap() ? root["columns"] : YAML::Node();
  if (!columns_node.IsMap())
    return Unexpected{say("{}: write the map as columns: {{\"Header in the sheet\": field}}", file)};
  std::map<std::string, Column> out;
  for (auto it = columns_node.begin(); it != columns_node.end(); ++it) {
    const auto field = it->second.IsScalar() ? it->second.Scalar() : "";
    const auto column = find_column_field(field);
    if (!column) {
      std::string fields;
      for (const auto &c : columns())
        fields += fmt::format("{}{}", fields.empty() ? "" : ", ", c.field);
      return Unexpected{
          say("{}:{}: \"{}\" is not a field; use one of {}", file, it->second.Mark().line + 1, field, fields)};
    }
    out[normalize_header(it->first.Scalar())] = *column;
  }
  return out;
}

ImportPlan plan_import(const CsvTable &table, const std::string &sheet, const Repository &repo,
                       const std::string &cases_dir, const Config &cfg, Date as_of, const ImportOptions &opt) {
  ImportPlan plan;
  // Columns: the map file first, then the built-in names.
  std::map<Column, SheetColumn> found;
  for (size_t i = 0; i < table.header.size(); ++i) {
    const auto h = normalize_header(table.header[i]);
    std::optional<Column> column;
    if (const auto it = opt.columns.find(h); it != opt.columns.end())
      column = it->second;
    else
      column = find_column_header(table.header[i]);
    if (!column) {
      if (!h.empty())
        plan.notes.push_back(say("{}: column \"{}\" is not used; no field has that name (a --map file can "
                                 "name it)",
                                 sheet, table.header[i]));
      continue;
    }
    if (found.contains(*column)) {
      plan.errors.push_back(say("{}:1: columns \"{}\" and \"{}\" both hold {}; keep one", sheet, found[*column].header,
                                table.header[i], column_info(*column).field));
      continue;
    }
    found[*column] = SheetColumn{i, table.header[i]};
  }
  plan.kind =
      opt.kind ? *opt.kind
               : (found.contains(Column::date) && found.contains(Column::type) ? SheetKind::events : SheetKind::cases);
  if (!found.contains(Column::id)) {
    plan.errors.push_back(say("{}:1: no column holds the case id; name one {}", sheet,
                              join_or(column_info(Column::id).headers, message_lang())));
  }
  if (plan.kind == SheetKind::events && (!found.contains(Column::date) || !found.contains(Column::type)))
    plan.errors.push_back(say("{}:1: an events sheet needs a Dato and a Type column", sheet));
  if (!plan.errors.empty())
    return plan;

  Planner planner(sheet, repo, cases_dir, cfg, as_of, opt, plan);
  for (const auto &csv_row : table.rows) {
    Row row{csv_row.row, {}};
    for (const auto &[column, col] : found) {
      const std::string cell = col.index < csv_row.cells.size() ? unguard_cell(csv_row.cells[col.index]) : "";
      row.cells[column] = {trim(cell), col.header};
    }
    ++plan.rows;
    // Every cell meets the checks a case file's text meets (typed_text.hpp):
    // a row with a control character or a CPR number outside the CPR column
    // is refused, naming the column, never echoing the cell.
    bool clean = true;
    for (const auto &[column, cell] : row.cells) {
      const auto where = say("column \"{}\"", cell.second);
      auto problem = control_character_problem(cell.first, where, column == Column::note);
      if (!problem && column != Column::cpr)
        problem = cpr_in_text_problem(cell.first, where);
      if (problem) {
        plan.errors.push_back(fmt::format("{}:{}: {}", sheet, row.number, *problem));
        clean = false;
      }
    }
    if (!clean)
      continue;
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
    for (auto &e : plan.errors)
      e = redact_cpr(e);
    for (auto &n : plan.notes)
      n = redact_cpr(n);
  }
  return plan;
}

std::string describe_change(const FileChange &change) {
  std::vector<std::string> a, b;
  auto split = [](const std::string &s, std::vector<std::string> &out) {
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
    for (const auto &l : a)
      out += "-" + l + "\n";
    for (const auto &l : b)
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

std::string export_cases(const std::vector<Case> &cases, CsvStyle style, bool show_cpr, Lang lang) {
  CsvWriter w(style);
  for (const auto &c : columns())
    if (c.cases)
      w.text(c.export_header);
  w.end_row();
  for (const auto &c : cases) {
    for (const auto &column : columns()) {
      if (!column.cases)
        continue;
      if (const auto member = date_member(column.column)) {
        w.date((c.*member).value, DateForm::danish);
      } else if (column.key && key_info(*column.key).kind == KeyKind::text) {
        w.text(c.*key_info(*column.key).text);
      } else {
        switch (column.column) {
        case Column::id: w.text(c.id); break;
        case Column::name: w.text(c.name); break;
        case Column::cpr: w.text(c.cpr.empty() ? "" : show_cpr ? c.cpr : mask_cpr(c.cpr)); break;
        case Column::paragraph: w.text(c.paragraph); break;
        case Column::level: c.level ? w.number(*c.level) : w.empty(); break;
        // In the sheet's language; import reads both (choice_from_sheet).
        case Column::end_reason: w.text(c.end_reason ? label_of(*c.end_reason, lang) : ""); break;
        default: w.empty(); break;
        }
      }
    }
    w.end_row();
  }
  return w.str();
}

} // namespace mestring
