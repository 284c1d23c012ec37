#include <mestring/baseline.hpp>

#include <mestring/i18n.hpp>
#include <mestring/json_value.hpp>

#include <map>
#include <tuple>

namespace mestring {

namespace {

// Orders keys for counting: due dates compare as text, none first.
auto ordered(const BaselineFinding &k) {
  return std::tuple(k.who, k.rule, k.due.has_value(), k.due ? k.due->iso() : std::string());
}

struct Less {
  bool operator()(const BaselineFinding &a, const BaselineFinding &b) const { return ordered(a) < ordered(b); }
};

} // namespace

Expected<std::vector<BaselineFinding>> parse_baseline(std::string_view json) {
  const auto doc = parse_json(json);
  if (!doc)
    return Unexpected{doc.error()};
  const auto *findings = doc->get("findings");
  if (!findings || findings->type != JsonValue::Type::array)
    return Unexpected{say("it has no \"findings\" list; write it with mestring check --format json")};
  std::vector<BaselineFinding> out;
  for (size_t i = 0; i < findings->items.size(); ++i) {
    const auto &f = findings->items[i];
    const auto *case_id = f.get("case");
    const auto *file = f.get("file");
    const auto *rule = f.get("rule");
    const auto *due = f.get("due");
    const bool has_case = case_id && case_id->is_string();
    std::optional<Date> due_date;
    if (due && due->is_string())
      due_date = parse_iso_date(due->text);
    if (!rule || !rule->is_string() || (!has_case && !(file && file->is_string())) ||
        (due && !due->is_null() && !due_date))
      return Unexpected{say("finding {} of its \"findings\" lacks the case, the rule or a due date of the form "
                            "YYYY-MM-DD",
                            i + 1)};
    out.push_back({has_case ? case_id->text : file->text, rule->text, due_date});
  }
  return out;
}

BaselineFinding baseline_key(const Finding &f) { return {f.case_id.value_or(f.file), f.rule, f.due}; }

std::vector<bool> match_baseline(const std::vector<Finding> &findings, const std::vector<BaselineFinding> &baseline) {
  std::map<BaselineFinding, size_t, Less> left;
  for (const auto &b : baseline)
    ++left[b];
  std::vector<bool> unchanged;
  unchanged.reserve(findings.size());
  for (const auto &f : findings) {
    const auto it = left.find(baseline_key(f));
    const bool known = it != left.end() && it->second > 0;
    if (known)
      --it->second;
    unchanged.push_back(known);
  }
  return unchanged;
}

} // namespace mestring
