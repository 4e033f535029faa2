#pragma once
/// @file
/// Shortest round-trip text for numbers in error messages (0.1 prints as "0.1").

#include <charconv>
#include <cmath>
#include <string>
#include <system_error>

namespace prevsim::err {

/// The shortest decimal text that reads back as exactly @p x ("0.1", "1e-07",
/// "nan", "inf"), so that messages quote the value the user wrote.
inline std::string format_value(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), x);
  return std::string(buffer, result.ptr);
}

/// Integers print as themselves.
inline std::string format_value(long long x) { return std::to_string(x); }

}  // namespace prevsim::err
