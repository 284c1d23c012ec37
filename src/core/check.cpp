#include <mestring/check.hpp>

#include <mestring/json.hpp>
#include <mestring/rules.hpp>
#include <mestring/schema.hpp>
#include <mestring/text.hpp>

#include <algorithm>
#include <fmt/format.h>
#include <tuple>

namespace mestring {

namespace {

// Sorts `items` stably by `less`, moving each item once: a stable_sort of
// tens of thousands of findings (a dozen strings each) moved every one of
// them many times; their places are sorted instead.
template <typename T, typename Less> void sort_stably(std::vector<T> &items, const Less &less) {
  std::vector<size_t> order(items.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return less(items[a], items[b]); });
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (const size_t i : order)
    sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
}

} // namespace

CheckResult run_check(const Assessment &assessment, const Config &cfg, const CheckOptions &opt) {
  CheckResult r;
  r.cases = assessment.files;
  // Every file either became a case or has a finding saying why not.
  r.files.reserve(assessment.cases.size() + assessment.findings.size());
  for (const auto &a : assessment.cases)
    r.files.push_back(a.summary.file);
  for (const auto &f : assessment.findings)
    r.files.push_back(f.file);
  std::sort(r.files.begin(), r.files.end());
  r.files.erase(std::unique(r.files.begin(), r.files.end()), r.files.end());
  auto wanted = [&](const Finding &f) {
    if (f.severity < opt.min_severity)
      return false;
    // A file that could not be read is always news: no rule could run on it.
    const auto *check = find_data_check(f.rule);
    return opt.rules.empty() || (check && check->unreadable) || opt.rules.contains(f.rule);
  };
  for (const auto &f : assessment.findings)
    if (wanted(f))
      r.findings.push_back(f);
  for (const auto &a : assessment.cases)
    for (const auto &o : a.obligations) {
      if (opt.data_only || !reported_by_check(o) || o.severity < opt.min_severity ||
          !(opt.rules.empty() || opt.rules.contains(o.id())))
        continue;
      auto f = finding_of(a.summary.file, a.summary.id, o, cfg, cfg.lang());
      f.role = id_of(o.role);
      f.owner = owner_of(o, a.summary);
      if (const auto *e = exemption_of(o, a.summary))
        r.exempted.push_back({std::move(f), *e});
      else
        r.findings.push_back(std::move(f));
    }
  const auto by_place = [](const Finding &a, const Finding &b) {
    return std::tie(a.file, a.line) < std::tie(b.file, b.line);
  };
  sort_stably(r.findings, by_place);
  sort_stably(r.exempted,
              [&](const ExemptedFinding &a, const ExemptedFinding &b) { return by_place(a.finding, b.finding); });
  return r;
}

CheckResult only_new(CheckResult r) {
  if (r.unchanged.empty())
    return r;
  std::vector<Finding> fresh;
  for (size_t i = 0; i < r.findings.size(); ++i)
    if (!r.unchanged[i])
      fresh.push_back(std::move(r.findings[i]));
  r.findings = std::move(fresh);
  r.unchanged.clear();
  return r;
}

bool reported_by_check(const Obligation &o) { return o.reportable && o.state == State::missed; }

std::string render_check_text(const CheckResult &r, TextStyle style) { return render_findings_text(r.findings, style); }

Tone tone_of(Severity s) {
  return s == Severity::error ? Tone::error : s == Severity::warning ? Tone::warning : Tone::info;
}

std::string render_findings_text(const std::vector<Finding> &findings, TextStyle style) {
  std::string out;
  for (const auto &f : findings) {
    std::string where = f.file;
    if (f.line > 0)
      where += fmt::format(":{}", f.line);
    if (f.line > 0 && f.column > 0 && f.rule == id_of(Check::parse))
      where += fmt::format(":{}", f.column);
    out += fmt::format(
        "{}: {}: {}\n", paint(where, Tone::strong, style.color),
        paint(fmt::format("{}[{}]", severity_name(f.severity, style.lang), f.rule), tone_of(f.severity), style.color),
        f.message);
  }
  return out;
}

namespace {

// One finding as cli.md's JSON contract writes it; the caller closes it.
void finding_json(JsonWriter &j, const Finding &f) {
  j.begin_object().key("case").value(f.case_id).key("file").value(f.file);
  j.key("line").value(f.line > 0 ? std::optional(f.line) : std::nullopt);
  j.key("rule").value(f.rule).key("severity").value(to_string(f.severity)).key("due").value(f.due, &Date::iso);
  j.key("message").value(f.message).key("role").value_or_null(f.role).key("owner").value_or_null(f.owner);
}

} // namespace

std::string render_check_json(const CheckResult &r, Date as_of) {
  JsonWriter j;
  j.begin_object().key("as_of").value(as_of.iso()).key("findings").begin_array();
  long counts[3] = {0, 0, 0}, fresh = 0;
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const auto &f = r.findings[i];
    ++counts[int(f.severity)];
    finding_json(j, f);
    if (!r.unchanged.empty()) {
      j.key("baseline_state").value(r.unchanged[i] ? "unchanged" : "new");
      fresh += !r.unchanged[i];
    }
    j.end_object();
  }
  j.end_array().key("exempted").begin_array();
  for (const auto &[f, e] : r.exempted) {
    finding_json(j, f);
    j.key("exemption").begin_object().key("reason").value(e.reason).key("until").value(e.until.iso());
    j.key("by").value_or_null(e.by).end_object().end_object();
  }
  j.end_array().key("summary").begin_object().key("cases").value(long(r.cases));
  j.key("error").value(counts[2]).key("warning").value(counts[1]).key("info").value(counts[0]);
  if (!r.unchanged.empty())
    j.key("new").value(fresh);
  j.end_object().end_object();
  return j.str();
}

} // namespace mestring
