// The SARIF writer. The driver lists every rule mestring knows, catalog and
// data checks alike, so a viewer can explain any result's ruleId; results
// point at the file and line a coordinator opens to fix them.
#include <mestring/format/sarif.hpp>

#include <mestring/json.hpp>
#include <mestring/rules.hpp>
#include <mestring/schema.hpp>

#include <fmt/format.h>

namespace mestring {

namespace {

std::string_view level(Severity s) {
  switch (s) {
  case Severity::error: return "error";
  case Severity::warning: return "warning";
  case Severity::info: break;
  }
  return "note";
}

// Percent-encodes a relative path for a URI reference (RFC 3986), keeping '/'.
std::string uri_of(std::string_view path) {
  std::string out;
  for (const char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~' || c == '/')
      out += c;
    else
      out += fmt::format("%{:02X}", u);
  }
  return out;
}

void rule(JsonWriter &j, std::string_view id, std::string_view description, std::string_view full) {
  j.begin_object().key("id").value(id);
  j.key("shortDescription").begin_object().key("text").value(description).end_object();
  if (!full.empty())
    j.key("fullDescription").begin_object().key("text").value(full).end_object();
  j.end_object();
}

} // namespace

std::string render_check_sarif(const CheckResult &r, std::string_view version) {
  JsonWriter j;
  j.begin_object().key("$schema").value("https://json.schemastore.org/sarif-2.1.0.json");
  j.key("version").value("2.1.0").key("runs").begin_array().begin_object();
  j.key("tool").begin_object().key("driver").begin_object();
  j.key("name").value("mestring").key("version").value(version);
  j.key("rules").begin_array();
  for (const auto &info : rule_catalog()) {
    std::string title(info.title(Lang::en));
    if (!title.empty() && title[0] >= 'a' && title[0] <= 'z')
      title[0] = char(title[0] - 'a' + 'A');
    rule(j, info.id, title, info.source);
  }
  for (const auto &check : data_checks())
    rule(j, check.id, check.description(Lang::en), "");
  j.end_array().end_object().end_object();

  // One result per finding; an exempted one carries a suppression whose
  // justification is the exemption's reason, so a viewer shows it as set aside.
  // With --baseline, each result says whether it is new (SARIF's baselineState).
  const auto result = [&](const Finding &f, const Exemption *exemption, std::string_view baseline_state) {
    j.begin_object().key("ruleId").value(f.rule).key("level").value(level(f.severity));
    if (!baseline_state.empty())
      j.key("baselineState").value(baseline_state);
    j.key("message").begin_object().key("text").value(f.message).end_object();
    j.key("locations").begin_array().begin_object().key("physicalLocation").begin_object();
    j.key("artifactLocation").begin_object().key("uri").value(uri_of(f.file)).end_object();
    if (f.line > 0) {
      j.key("region").begin_object().key("startLine").value(long(f.line));
      if (f.column > 0)
        j.key("startColumn").value(long(f.column));
      j.end_object();
    }
    j.end_object().end_object().end_array();
    j.key("properties").begin_object().key("case").value(f.case_id).key("due").value(f.due, &Date::iso);
    j.key("role").value_or_null(f.role).key("owner").value_or_null(f.owner).end_object();
    if (exemption) {
      j.key("suppressions").begin_array().begin_object().key("kind").value("external");
      j.key("justification").value(exemption->reason).end_object().end_array();
    }
    j.end_object();
  };
  j.key("results").begin_array();
  for (size_t i = 0; i < r.findings.size(); ++i)
    result(r.findings[i], nullptr, r.unchanged.empty() ? "" : r.unchanged[i] ? "unchanged" : "new");
  for (const auto &[f, e] : r.exempted)
    result(f, &e, "");
  j.end_array().end_object().end_array().end_object();
  return j.str();
}

} // namespace mestring
