#include <mestring/case.hpp>

namespace mestring {

Status status_of(const Case &c, Date as_of) {
  if (c.closed(as_of))
    return Status::closed;
  if (c.refused(as_of))
    return Status::refused;
  if (c.start && *c.start <= as_of)
    return Status::active;
  if (c.start || (c.decided && *c.decided <= as_of))
    return Status::granted;
  return Status::pending;
}

std::string_view id_of(Status s) {
  switch (s) {
  case Status::pending: return "pending";
  case Status::refused: return "refused";
  case Status::granted: return "granted";
  case Status::active: return "active";
  case Status::closed: return "closed";
  }
  return "pending";
}

LevelInForce level_on(const Case &c, Date d) {
  LevelInForce out{c.level, c.level_line, std::nullopt};
  for (const auto &change : c.level_changes) // the later in the file wins a tie
    if (change.date <= d && (!out.since || *out.since <= change.date))
      out = {change.level, change.line, change.date};
  return out;
}

std::string mask_cpr(const std::string &cpr) {
  if (cpr.size() >= 6)
    return cpr.substr(0, 6) + "-xxxx";
  return "xxxxxx-xxxx";
}

std::string programme_label(const std::string &paragraph) {
  if (paragraph == "mestringsforloeb")
    return "mestringsforløb";
  const bool legal = !paragraph.empty() && paragraph[0] >= '0' && paragraph[0] <= '9';
  return legal ? "§" + paragraph : paragraph;
}

} // namespace mestring
