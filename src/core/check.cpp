#include <mestring/check.hpp>

#include <mestring/json.hpp>
#include <mestring/rules.hpp>
#include <mestring/text.hpp>

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace mestring {

CheckResult run_check(const Repository& repo, const Config& cfg, Date as_of, const CheckOptions& opt) {
  CheckResult r;
  r.cases = repo.files;
  // Every file either became a case or has a finding saying why not.
  std::set<std::string> files;
  for (const auto& c : repo.cases)
    files.insert(c.file);
  for (const auto& f : repo.findings)
    files.insert(f.file);
  r.files.assign(files.begin(), files.end());
  auto wanted = [&](const Finding& f) {
    if (f.severity < opt.min_severity)
      return false;
    // A file that could not be read is always news: no rule could run on it.
    const bool unread = f.rule == "parse" || f.rule == "limit" || f.rule == "encoding" || f.rule == "yaml-subset";
    return opt.rules.empty() || unread || opt.rules.contains(f.rule);
  };
  for (const auto& f : repo.findings)
    if (wanted(f))
      r.findings.push_back(f);
  for (size_t i = 0; i < repo.cases.size(); ++i) {
    const auto& c = repo.cases[i];
    std::vector<Obligation> computed; // unless the loader computed them already
    const auto& list = repo.obligations ? (*repo.obligations)[i] : (computed = obligations_of(c, cfg, as_of));
    for (const auto& o : list)
      if (reported_by_check(o)) {
        auto f = finding_of(c, o, cfg.lang());
        if (wanted(f))
          r.findings.push_back(std::move(f));
      }
  }
  std::stable_sort(r.findings.begin(), r.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.file, a.line) < std::tie(b.file, b.line);
  });
  return r;
}

bool reported_by_check(const Obligation& o) { return o.reportable && o.state == State::missed; }

std::string render_check_text(const CheckResult& r, TextStyle style) { return render_findings_text(r.findings, style); }

Tone tone_of(Severity s) {
  return s == Severity::error ? Tone::error : s == Severity::warning ? Tone::warning : Tone::info;
}

std::string render_findings_text(const std::vector<Finding>& findings, TextStyle style) {
  std::string out;
  for (const auto& f : findings) {
    std::string where = f.file;
    if (f.line > 0)
      where += fmt::format(":{}", f.line);
    if (f.line > 0 && f.column > 0 && f.rule == "parse")
      where += fmt::format(":{}", f.column);
    out += fmt::format("{}: {}: {}\n", paint(where, Tone::strong, style.color),
                       paint(fmt::format("{}[{}]", tr(style.lang, to_string(f.severity)), f.rule), tone_of(f.severity),
                             style.color),
                       f.message);
  }
  return out;
}

std::string render_check_json(const CheckResult& r, Date as_of) {
  JsonWriter j;
  j.begin_object().key("as_of").value(as_of.iso()).key("findings").begin_array();
  long counts[3] = {0, 0, 0};
  for (const auto& f : r.findings) {
    ++counts[int(f.severity)];
    j.begin_object().key("case").value(f.case_id).key("file").value(f.file).key("line");
    if (f.line > 0)
      j.value(long(f.line));
    else
      j.null();
    j.key("rule").value(f.rule).key("severity").value(to_string(f.severity)).key("due");
    if (f.due)
      j.value(f.due->iso());
    else
      j.null();
    j.key("message").value(f.message).end_object();
  }
  j.end_array().key("summary").begin_object().key("cases").value(long(r.cases));
  j.key("error").value(counts[2]).key("warning").value(counts[1]).key("info").value(counts[0]);
  j.end_object().end_object();
  return j.str();
}

} // namespace mestring
