#include "yaml_walk.hpp"

#include <mestring/i18n.hpp>
#include <mestring/text.hpp>

#include <yaml-cpp/exceptions.h>

#include <algorithm>
#include <fmt/format.h>

namespace mestring::detail {

void Sink::add(Severity s, const YAML::Mark &mark, std::string rule, std::string message) const {
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

void Sink::error(const YAML::Node &at, std::string rule, std::string message) const {
  add(Severity::error, at.Mark(), std::move(rule), std::move(message));
}

void Sink::error(const DocNode &at, Check check, std::string message) const {
  add(Severity::error, at.Mark(), check, std::move(message));
}

namespace {

// Calls fn(key, value) for each entry of a mapping, in document order.
template <typename Fn> void for_each_pair(const YAML::Node &map, Fn fn) {
  for (auto it = map.begin(); it != map.end(); ++it)
    fn(YAML::Node(it->first), YAML::Node(it->second));
}

template <typename Fn> void for_each_pair(const DocNode &map, Fn fn) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    const DocNode key = *it;
    fn(key, *++it);
  }
}

} // namespace

template <typename Node>
void walk_map(const Node &map, std::span<const std::string_view> known, const Sink &sink, std::string_view where,
              const std::function<void(const std::string &, const std::type_identity_t<Node> &)> &fn) {
  // A mapping has a handful of keys: a flat list beats a set.
  std::vector<std::string> seen;
  for_each_pair(map, [&](const Node &key, const Node &value) {
    if (!key.IsScalar()) {
      sink.error(key, Check::schema, say("{}a key must be a plain name", where));
      return;
    }
    const std::string &name = key.Scalar();
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      sink.error(key, Check::schema, say("{}key \"{}\" appears twice; only one can hold, so remove one", where, name));
      return;
    }
    seen.push_back(name);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      const auto guess = nearest(name, known);
      sink.error(key, Check::schema,
                 guess.empty() ? say("{}unknown key \"{}\"", where, name)
                               : say("{}unknown key \"{}\"; did you mean \"{}\"?", where, name, guess));
      return;
    }
    fn(name, value);
  });
}

std::string yaml_problem(const std::string &m) {
  // The messages of yaml-cpp's ErrorMsg (yaml-cpp/exceptions.h) that hand
  // editing produces; the rest are rare enough to pass on.
  if (m == YAML::ErrorMsg::END_OF_MAP_FLOW)
    return say("a {{ … }} is not closed: a }} is missing");
  if (m == YAML::ErrorMsg::END_OF_SEQ_FLOW)
    return say("a [ … ] list is not closed: a ] is missing");
  if (m == YAML::ErrorMsg::END_OF_MAP || m == YAML::ErrorMsg::END_OF_SEQ || m == YAML::ErrorMsg::BLOCK_ENTRY ||
      m == YAML::ErrorMsg::MAP_KEY || m == YAML::ErrorMsg::UNKNOWN_TOKEN)
    return say("this line does not fit where it stands; check its indentation and the lines above it");
  if (m == YAML::ErrorMsg::MAP_VALUE)
    return say("a value stands where none can; check the colons and the indentation of this line");
  if (m == YAML::ErrorMsg::TAB_IN_INDENTATION)
    return say("a tab is used for indentation; use spaces");
  if (m == YAML::ErrorMsg::EOF_IN_SCALAR)
    return say("a quoted value is not closed: a quote mark is missing");
  if (m == YAML::ErrorMsg::FLOW_END)
    return say("a ] or }} has no [ or {{ to close");
  if (m.starts_with(YAML::ErrorMsg::INVALID_ESCAPE))
    return say("a backslash in a \"…\" value starts no known escape; write \\\\ for a backslash, or use '…'");
  return m;
}

namespace {

template <typename Node> std::optional<std::string> scalar_of(const Node &n, std::string_view what, const Sink &sink) {
  if (n.IsScalar())
    return n.Scalar();
  sink.error(n, Check::schema,
             n.IsSequence() ? say("{} must be a single value, not a list", what)
             : n.IsMap()    ? say("{} must be a single value, not a mapping", what)
                            : say("{} must be a single value, not empty", what));
  return std::nullopt;
}

} // namespace

template void walk_map(const YAML::Node &, std::span<const std::string_view>, const Sink &, std::string_view,
                       const std::function<void(const std::string &, const YAML::Node &)> &);
template void walk_map(const DocNode &, std::span<const std::string_view>, const Sink &, std::string_view,
                       const std::function<void(const std::string &, const DocNode &)> &);
std::optional<std::string> scalar(const YAML::Node &n, std::string_view what, const Sink &sink) {
  return scalar_of(n, what, sink);
}
std::optional<std::string> scalar(const DocNode &n, std::string_view what, const Sink &sink) {
  return scalar_of(n, what, sink);
}

} // namespace mestring::detail
