// One result type for the whole core: a value, or an Error saying what went wrong and where.
// The core never throws; the CLI prints the Error, the wasm wrapper turns it into a JS
// CsatkitError with the same three fields, the collector answers it as a 4xx JSON body.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace csatkit {

// One of several problems found at once (a survey definition is checked whole, so its author
// sees every mistake in one go rather than one per reload).
struct Problem {
  std::string path;
  std::string message;
};

struct Error {
  std::string code;     // stable, machine-readable: "csv.rating_column_missing", "args.counts"
  std::string path;     // where: a JSON path ("$.counts.3"), "line 12", a flag ("--spend")
  std::string message;  // one readable sentence for a person
  std::vector<Problem> problems = {};  // every problem, when there were several; else empty
};

inline bool operator==(const Error& a, const Error& b) {
  return a.code == b.code && a.path == b.path && a.message == b.message;
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}     // NOLINT: implicit on purpose, `return value;`
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit on purpose, `return Error{...};`

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Precondition: ok(). (std::get_if keeps this free of exceptions for the -fno-exceptions wasm build.)
  const T& value() const& { return *std::get_if<0>(&state_); }
  T& value() & { return *std::get_if<0>(&state_); }
  T&& value() && { return std::move(*std::get_if<0>(&state_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // Precondition: !ok().
  const Error& error() const { return *std::get_if<1>(&state_); }

 private:
  std::variant<T, Error> state_;
};

// For operations that return nothing but may fail.
struct Ok {};
using Status = Result<Ok>;

}  // namespace csatkit
