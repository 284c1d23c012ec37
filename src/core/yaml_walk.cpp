#include "yaml_walk.hpp"

#include <mestring/text.hpp>

#include <fmt/format.h>
#include <algorithm>

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

void Sink::error(const DocNode& at, std::string rule, std::string message) const {
  add(Severity::error, at.Mark(), std::move(rule), std::move(message));
}

namespace {

// Calls fn(key, value) for each entry of a mapping, in document order.
template <typename Fn>
void for_each_pair(const YAML::Node& map, Fn fn) {
  for (auto it = map.begin(); it != map.end(); ++it)
    fn(YAML::Node(it->first), YAML::Node(it->second));
}

template <typename Fn>
void for_each_pair(const DocNode& map, Fn fn) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    const DocNode key = *it;
    fn(key, *++it);
  }
}

} // namespace

template <typename Node>
void walk_map(const Node& map, std::span<const std::string_view> known, const Sink& sink,
              std::string_view where, const std::function<void(const std::string&, const std::type_identity_t<Node>&)>& fn) {
  // A mapping has a handful of keys: a flat list beats a set.
  std::vector<std::string> seen;
  for_each_pair(map, [&](const Node& key, const Node& value) {
    if (!key.IsScalar()) {
      sink.error(key, "schema", fmt::format("{}a key must be a plain name", where));
      return;
    }
    const std::string name = key.Scalar();
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      sink.error(key, "schema",
                 fmt::format("{}key \"{}\" appears twice; only one can hold, so remove one", where, name));
      return;
    }
    seen.push_back(name);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      const auto guess = nearest(name, known);
      sink.error(key, "schema",
                 guess.empty() ? fmt::format("{}unknown key \"{}\"", where, name)
                               : fmt::format("{}unknown key \"{}\"; did you mean \"{}\"?", where, name, guess));
      return;
    }
    fn(name, value);
  });
}

namespace {

template <typename Node>
std::optional<std::string> scalar_of(const Node& n, std::string_view what, const Sink& sink) {
  if (n.IsScalar())
    return n.Scalar();
  sink.error(n, "schema", fmt::format("{} must be a single value, not {}", what,
                                      n.IsSequence() ? "a list" : n.IsMap() ? "a mapping" : "empty"));
  return std::nullopt;
}

} // namespace

template void walk_map(const YAML::Node&, std::span<const std::string_view>, const Sink&, std::string_view,
                       const std::function<void(const std::string&, const YAML::Node&)>&);
template void walk_map(const DocNode&, std::span<const std::string_view>, const Sink&, std::string_view,
                       const std::function<void(const std::string&, const DocNode&)>&);
std::optional<std::string> scalar(const YAML::Node& n, std::string_view what, const Sink& sink) {
  return scalar_of(n, what, sink);
}
std::optional<std::string> scalar(const DocNode& n, std::string_view what, const Sink& sink) {
  return scalar_of(n, what, sink);
}

} // namespace mestring::detail
