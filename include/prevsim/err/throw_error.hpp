#pragma once
/// @file
/// The one place where prevsim's error messages are composed.
///
/// Every message has the form
///   `<function>: <name> is <value>, but must be <requirement>`
/// so that a user reading it knows where (the function or scenario key), what
/// (the value received) and why (what was expected). Indices in names are
/// 1-based, because the readers are economists, not C++ programmers.

#include <stdexcept>
#include <string>
#include <string_view>

#include "prevsim/err/format_value.hpp"

namespace prevsim::err {

/// Throws std::domain_error: a value is outside the range it must lie in.
[[noreturn]] inline void throw_domain_error(std::string_view function, std::string_view name,
                                            double value, std::string_view requirement) {
  std::string message;
  message.append(function).append(": ").append(name).append(" is ");
  message.append(format_value(value)).append(", but must be ").append(requirement);
  throw std::domain_error(message);
}

/// Throws std::invalid_argument: arguments are inconsistent with each other
/// (shapes, names, options). The message is given whole.
[[noreturn]] inline void throw_invalid_argument(std::string_view function,
                                                std::string_view message) {
  std::string text;
  text.append(function).append(": ").append(message);
  throw std::invalid_argument(text);
}

/// "name[i]" with a 1-based index, for element-wise messages.
inline std::string indexed_name(std::string_view name, long long zero_based_index) {
  std::string text(name);
  text.append("[").append(std::to_string(zero_based_index + 1)).append("]");
  return text;
}

}  // namespace prevsim::err
