#pragma once
/// @file
/// Parsing of model expressions ("rate_to_prob(mort(age) * hr_S1)") into a syntax tree.

#include <cctype>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "prevsim/err/throw_error.hpp"

namespace prevsim::expr {

/// A node of an expression's syntax tree.
struct node {
  enum class kind { number, name, call, unary_minus, binary };
  kind what = kind::number;
  double value = 0;          ///< number
  std::string text;          ///< name, function name, or operator ("+", "<=", ...)
  std::vector<node> args;    ///< operands or call arguments
  std::size_t position = 0;  ///< 0-based offset in the source, for messages
};

/// Parses @p source. Grammar (usual precedence, `^` right-associative):
///   comparison := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
///   sum        := product (("+" | "-") product)*
///   product    := unary (("*" | "/") unary)*
///   unary      := "-" unary | "+" unary | power
///   power      := primary ("^" unary)?
///   primary    := number | name | name "(" comparison ("," comparison)* ")" | "(" comparison ")"
/// Names are letters, digits, "_" and "." (not first). Numbers accept 1, 1.5,
/// .5, 1e-3.
/// @param where the scenario key or context named in error messages
/// @throw std::invalid_argument naming @p where, the position and what was expected
inline node parse(const std::string& source, const std::string& where);

namespace internal {

class parser {
 public:
  parser(const std::string& source, const std::string& where) : s_(source), where_(where) {}

  node parse_all() {
    skip();
    if (i_ >= s_.size()) fail("an expression", "it is empty");
    node n = comparison();
    skip();
    if (i_ < s_.size()) fail("an operator or the end", "'" + s_.substr(i_, 1) + "'");
    return n;
  }

 private:
  [[noreturn]] void fail(const std::string& expected, const std::string& found) const {
    err::throw_invalid_argument(where_, "cannot read expression '" + s_ + "' at character " +
                                            std::to_string(i_ + 1) + ": expected " + expected +
                                            ", found " + found);
  }
  void skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool accept(const char* token) {
    skip();
    const std::string t(token);
    if (s_.compare(i_, t.size(), t) == 0) {
      i_ += t.size();
      return true;
    }
    return false;
  }

  node comparison() {
    node left = sum();
    skip();
    for (const char* op : {"<=", ">=", "==", "!=", "<", ">"}) {
      const std::size_t at = i_;
      if (accept(op)) {
        node n{node::kind::binary, 0, op, {std::move(left), sum()}, at};
        return n;
      }
    }
    return left;
  }
  node sum() {
    node left = product();
    for (;;) {
      skip();
      const std::size_t at = i_;
      if (accept("+")) {
        left = node{node::kind::binary, 0, "+", {std::move(left), product()}, at};
      } else if (accept("-")) {
        left = node{node::kind::binary, 0, "-", {std::move(left), product()}, at};
      } else {
        return left;
      }
    }
  }
  node product() {
    node left = unary();
    for (;;) {
      skip();
      const std::size_t at = i_;
      if (accept("*")) {
        left = node{node::kind::binary, 0, "*", {std::move(left), unary()}, at};
      } else if (accept("/")) {
        left = node{node::kind::binary, 0, "/", {std::move(left), unary()}, at};
      } else {
        return left;
      }
    }
  }
  node unary() {
    skip();
    const std::size_t at = i_;
    if (accept("-")) return node{node::kind::unary_minus, 0, "-", {unary()}, at};
    if (accept("+")) return unary();
    return power();
  }
  node power() {
    node base = primary();
    skip();
    const std::size_t at = i_;
    if (accept("^")) return node{node::kind::binary, 0, "^", {std::move(base), unary()}, at};
    return base;
  }
  node primary() {
    skip();
    const std::size_t at = i_;
    if (i_ >= s_.size()) fail("a number, a name or '('", "the end of the expression");
    const char c = s_[i_];
    if (accept("(")) {
      node inner = comparison();
      if (!accept(")")) fail("')'", i_ < s_.size() ? "'" + s_.substr(i_, 1) + "'" : "the end");
      return inner;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      const char* begin = s_.c_str() + i_;
      char* end = nullptr;
      const double v = std::strtod(begin, &end);
      if (end == begin) fail("a number", "'" + s_.substr(i_, 1) + "'");
      i_ += static_cast<std::size_t>(end - begin);
      return node{node::kind::number, v, s_.substr(at, i_ - at), {}, at};
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i_;
      while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_' ||
                               s_[j] == '.')) {
        ++j;
      }
      std::string name = s_.substr(i_, j - i_);
      i_ = j;
      if (accept("(")) {
        node call{node::kind::call, 0, name, {}, at};
        if (!accept(")")) {
          do {
            call.args.push_back(comparison());
          } while (accept(","));
          if (!accept(")")) fail("',' or ')'", i_ < s_.size() ? "'" + s_.substr(i_, 1) + "'" : "the end");
        }
        return call;
      }
      return node{node::kind::name, 0, name, {}, at};
    }
    fail("a number, a name or '('", "'" + std::string(1, c) + "'");
  }

  const std::string& s_;
  const std::string& where_;
  std::size_t i_ = 0;
};

}  // namespace internal

inline node parse(const std::string& source, const std::string& where) {
  return internal::parser(source, where).parse_all();
}

}  // namespace prevsim::expr
