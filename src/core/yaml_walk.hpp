#pragma once
// Reading YAML values with findings instead of exceptions: the pieces the
// case loader (on DocNode, built from parser events) and the config loader
// (on yaml-cpp's YAML::Node) share. Internal to src/core.

#include <mestring/finding.hpp>
#include <mestring/schema.hpp>

#include "yaml_doc.hpp"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace mestring::detail {

// Where findings go, and which file they name.
struct Sink {
  std::string file;
  std::vector<Finding> *out;
  std::optional<std::string> case_id;

  void add(Severity s, const YAML::Mark &mark, std::string rule, std::string message) const;
  void add(Severity s, const YAML::Mark &mark, Check check, std::string message) const {
    add(s, mark, std::string(id_of(check)), std::move(message));
  }
  void error(const YAML::Node &at, std::string rule, std::string message) const;
  void error(const YAML::Node &at, Check check, std::string message) const {
    error(at, std::string(id_of(check)), std::move(message));
  }
  void error(const DocNode &at, Check check, std::string message) const;
};

inline int line_of(const YAML::Node &n) { return n.Mark().is_null() ? 0 : n.Mark().line + 1; }
inline int line_of(const DocNode &n) { return n.Mark().is_null() ? 0 : n.Mark().line + 1; }

// Calls `fn` for each key of `map` that is in `known`. Reports a duplicate key
// (yaml-cpp would silently keep only one) and an unknown key, with the nearest
// known key as a suggestion. `where` prefixes key names ("contacts item: ").
// Node is YAML::Node or DocNode.
template <typename Node>
void walk_map(const Node &map, std::span<const std::string_view> known, const Sink &sink, std::string_view where,
              const std::function<void(const std::string &, const std::type_identity_t<Node> &)> &fn);

// yaml-cpp's parse error in words a caseworker can act on, in the message
// language ("a { … } is not closed: a } is missing"); a message we do not
// know is passed on as yaml-cpp wrote it.
std::string yaml_problem(const std::string &yaml_cpp_message);

// Returns the scalar text, or reports a schema finding naming `what`.
std::optional<std::string> scalar(const YAML::Node &n, std::string_view what, const Sink &sink);
std::optional<std::string> scalar(const DocNode &n, std::string_view what, const Sink &sink);

} // namespace mestring::detail
