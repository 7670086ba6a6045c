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
  std::string message;  // "" in the widget's lean module: see CSATKIT_EXPLAIN
};

// The sentence explaining a problem in a survey definition, written as
// `reader.problem(path, CSATKIT_EXPLAIN("unknown key " + in_quotes(key) + suggestion(key, known)))`.
// Every build compiles it, except the widget module every page downloads
// (csatkit-widget.wasm, CSATKIT_UNEXPLAINED_PROBLEMS in cmake/wasm.cmake): there the expression
// is not compiled at all and the message is "". Those sentences, their string building and the
// helpers behind them ("did you mean") were 5.5 KB of its 52.8 KB gzip, and only the owner of a
// broken definition reads them. Which definitions are valid and every problem's path stay the
// same; on a survey.invalid with unexplained problems the runtime asks the same core built with
// them (csatkit-widget-explain.wasm, web/widget/core.js) for the words.
#ifdef CSATKIT_UNEXPLAINED_PROBLEMS
#define CSATKIT_EXPLAIN(...) std::string()
#else
#define CSATKIT_EXPLAIN(...) std::string(__VA_ARGS__)
#endif

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
