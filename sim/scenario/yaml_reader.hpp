// Strict reading of YAML input files: every node read through these helpers is checked for
// type, range and spelling, and every problem becomes an InputError at file:line:col.
// Internal to sim/scenario (scenario and territory files); not a general YAML layer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "common/error.hpp"

namespace welfare::yaml_reader {

// Where the nodes of one document came from: a file, plus the nodes that --set overrides
// put into it (those are reported as "--set path=value", as they have no line).
class Source {
 public:
  explicit Source(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  void add_set_node(const YAML::Node& node, std::string argument);
  bool from_set(const YAML::Node& node) const;

  SourceLocation where(const YAML::Node& node) const;
  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const;

 private:
  std::string file_;
  std::vector<std::pair<YAML::Node, std::string>> set_nodes_;
};

// One value to read, with what to call it in messages and where to point at.
struct Field {
  std::string label;  // e.g. "'weeks'" or "'age_shares' item 3"
  YAML::Node key;     // the key node, or the value itself for sequence items
  YAML::Node value;
  // An empty value's mark points at the next token, so errors about it point at the key.
  YAML::Node at() const { return value.IsNull() ? key : value; }
};

// A mapping checked for text keys, no key given twice and only allowed keys.
class MapReader {
 public:
  // `what` names the mapping in messages ("zone '11'", "'scenario'"). `allowed` empty means
  // any key; `noun` is what a key is ("key", "parameter", "service"); `expected_hint`
  // replaces the "(expected one of: ...)" list when that would be too long.
  MapReader(const Source& source, const YAML::Node& node, std::string what,
            std::vector<std::string> allowed, std::string noun = "key",
            std::string expected_hint = "");

  const std::vector<Field>& fields() const { return fields_; }
  const Field* find(std::string_view key) const;
  const Field& require(std::string_view key) const;  // missing: error at the mapping
  const YAML::Node& node() const { return node_; }
  const std::string& what() const { return what_; }

 private:
  const Source* source_;
  YAML::Node node_;
  std::string what_;
  std::vector<Field> fields_;                              // in file order
  std::map<std::string, std::size_t, std::less<>> index_;  // key -> position in fields_
};

// "a mapping", "a list", "nothing", "'text'": what a node holds, for messages.
std::string describe(const YAML::Node& node);

// Checks the node is a mapping / a list; the message names what it is instead.
void expect_map(const Source& source, const Field& field, std::string_view expected);
void expect_sequence(const Source& source, const Field& field, std::string_view expected);

// Non-empty text from a scalar.
std::string read_text(const Source& source, const Field& field);
// Text that may be empty (descriptions).
std::string read_optional_text(const Source& source, const Field& field);

// A finite number in [min, max]; `unit` (may be empty) is named in the message.
double read_number(const Source& source, const Field& field, double min, double max,
                   std::string_view unit = "");
// A whole number in [min, max]; fractions, NaN, inf and text are rejected.
std::int64_t read_whole(const Source& source, const Field& field, std::int64_t min,
                        std::int64_t max);
// A whole number from 0 to 2^64-1 (seeds).
std::uint64_t read_unsigned64(const Source& source, const Field& field);

// A figure may be written `{value: X, source: "..."}`: returns the inner value as a field
// and the citation, or the field itself and no citation when it is a bare value.
struct Cited {
  Field field;
  std::optional<std::string> source;
};
// True when the node is a mapping that uses the `{value, source}` form.
bool is_cited_form(const YAML::Node& node);
Cited unwrap_cited(const Source& source, const Field& field);

// Fields of a sequence, labelled "'name' item N" (1-based).
std::vector<Field> sequence_items(const Field& field);

// The allowed word closest to `word` by edit distance, when close enough to be a likely typo.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);
// "; did you mean 'x'?" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);
// 'text', for naming a key or value in a message.
std::string quote(std::string_view text);
// "a, b, c".
std::string join(const std::vector<std::string>& words, std::string_view separator = ", ");

// Shortest text that reads back to exactly the same double ("0.573", "1e-05", "61103").
std::string format_double(double value);

// Limits on input files (scenarios, territories, experiments, calibration targets), so that a
// damaged or hostile file is refused with a clear message instead of exhausting memory or
// stack (docs/scenario-format.md, "Limits"):
// - the size of a file: the largest shipped territory is under 30 KB;
inline constexpr std::size_t kMaxDocumentBytes = std::size_t{16} << 20;  // 16 MiB
// - how deeply lists and mappings nest: the files nest at most 7 levels (a figure's
//   {value, source} in a zone's services in an inline territory).
inline constexpr int kMaxNestingDepth = 64;

// The whole text of a file, or nothing and the reason: the system's ("No such file or
// directory"), or that the file is larger than kMaxDocumentBytes (it is not read beyond).
std::optional<std::string> read_file_text(const std::filesystem::path& path, std::string& reason);

// Reads and parses the file `source.file()` as a mapping: an InputError when it cannot be read
// ("cannot read <kind> 'F': reason"), is empty ("<kind> is empty; expected a mapping with
// <keys>") or is not a mapping ("<a kind> must be a mapping with <keys>, found ..."). `kind`
// is e.g. "scenario file", `article` "a" or "an", `keys` e.g. "the keys 'scenario' and
// 'policies'". Returns the file's text too (some callers keep it).
struct Document {
  std::string text;
  YAML::Node root;
};
Document read_mapping_file(Source& source, std::string_view kind, std::string_view article,
                           std::string_view keys);

// True when a name uses only letters, digits, '_', '-' and '.' (scenario and experiment
// names, which become parts of file names and store attributes).
bool valid_name(std::string_view name);

// Parses one YAML document read from `source.file()`; a syntax error becomes an InputError
// at its line and column. An empty document gives a null node. Refused too, at their place:
// binary data (NUL and other control characters), text that is not UTF-8, and lists and
// mappings nested more than kMaxNestingDepth levels deep.
YAML::Node parse_yaml(const std::string& text, const Source& source);

}  // namespace welfare::yaml_reader
