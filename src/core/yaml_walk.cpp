#include "yaml_walk.hpp"

#include <mestring/text.hpp>
#include <mestring/i18n.hpp>

#include <fmt/format.h>
#include <set>

namespace mestring::detail {

void Sink::add(Severity s, const YAML::Mark& mark, std::string rule, std::string message) const {
  Finding f;
  f.severity = s;
  f.file = file;
  if (!mark.is_null()) {
    f.line = mark.line + 1;
    f.column = mark.column + 1;
  }
  f.rule = std::move(rule);
  f.message = std::move(message);
  f.case_id = case_id;
  out->push_back(std::move(f));
}

void Sink::error(const YAML::Node& at, std::string rule, std::string message) const {
  add(Severity::error, at.Mark(), std::move(rule), std::move(message));
}

void walk_map(const YAML::Node& map, std::span<const std::string_view> known, const Sink& sink,
              std::string_view where,
              const std::function<void(const std::string&, const YAML::Node&)>& fn) {
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      sink.error(key, "schema", say("{}a key must be a plain name", where));
      continue;
    }
    const std::string name = key.Scalar();
    if (!seen.insert(name).second) {
      sink.error(key, "schema",
                 say("{}key \"{}\" appears twice; only one can hold, so remove one", where, name));
      continue;
    }
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      const auto guess = nearest(name, known);
      sink.error(key, "schema",
                 guess.empty() ? say("{}unknown key \"{}\"", where, name)
                               : say("{}unknown key \"{}\"; did you mean \"{}\"?", where, name, guess));
      continue;
    }
    fn(name, it->second);
  }
}

std::optional<std::string> scalar(const YAML::Node& n, std::string_view what, const Sink& sink) {
  if (n.IsScalar())
    return n.Scalar();
  sink.error(n, "schema", n.IsSequence() ? say("{} must be a single value, not a list", what)
                          : n.IsMap()    ? say("{} must be a single value, not a mapping", what)
                                         : say("{} must be a single value, not empty", what));
  return std::nullopt;
}

} // namespace mestring::detail
