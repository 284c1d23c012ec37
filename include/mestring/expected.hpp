#pragma once
// A value or an error message, shaped like C++23's std::expected (which
// Debian 12's compiler does not have).

#include <string>
#include <utility>
#include <variant>

namespace mestring {

struct Unexpected {
  std::string message;
};

template <typename T> class Expected {
public:
  Expected(T value) : v_(std::move(value)) {}
  Expected(Unexpected e) : v_(std::move(e)) {}

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T &operator*() { return std::get<0>(v_); }
  const T &operator*() const { return std::get<0>(v_); }
  T *operator->() { return &std::get<0>(v_); }
  const T *operator->() const { return &std::get<0>(v_); }
  const std::string &error() const { return std::get<1>(v_).message; }

private:
  std::variant<T, Unexpected> v_;
};

} // namespace mestring
