#include <mestring/case.hpp>

namespace mestring {

Status status_of(const Case &c, Date as_of) {
  if (c.closed(as_of))
    return Status::closed;
  if (c.start && *c.start <= as_of)
    return Status::active;
  if (c.start || (c.decided && *c.decided <= as_of))
    return Status::granted;
  return Status::pending;
}

std::string_view id_of(Status s) {
  switch (s) {
  case Status::pending: return "pending";
  case Status::granted: return "granted";
  case Status::active: return "active";
  case Status::closed: return "closed";
  }
  return "pending";
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
