// Strict YAML reading helpers: type, range and spelling checks with file:line:col messages.
#include "scenario/yaml_reader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

namespace welfare::yaml_reader {

namespace {

// yaml-cpp marks are 0-based; messages are 1-based like compilers'.
constexpr int kMarkBase = 1;

// A typo is at most two edits away, or a third of a long word; a suggestion further away
// than that is more likely a different word than a misspelling.
constexpr std::size_t kMaxSuggestEdits = 2;
constexpr std::size_t kSuggestLengthDivisor = 3;

// Longer values are cut short when quoted in a message: the place is given anyway.
constexpr std::size_t kMaxQuotedLength = 80;

// Bytes read per call when slurping a file.
constexpr std::size_t kReadChunk = 1 << 16;

// Byte order marks of UTF-16 and UTF-32 texts, which yaml-cpp converts (their NUL bytes are
// part of the encoding, not binary data).
constexpr unsigned char kBomUtf16Be0 = 0xFE;
constexpr unsigned char kBomUtf16Le0 = 0xFF;
// DEL, the one control character above the C0 range.
constexpr unsigned char kDelete = 0x7F;

// Doubles up to this magnitude that are whole print as integers in messages ("100000000"
// rather than "1e+08"): 2^53, beyond which not every integer is a double.
constexpr double kMaxExactInteger = 9007199254740992.0;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// neighbouring characters each count one (a swap is the most common typo).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i)
    d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j)
    d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

std::size_t common_prefix(std::string_view a, std::string_view b) {
  std::size_t k = 0;
  while (k < a.size() && k < b.size() && a[k] == b[k])
    ++k;
  return k;
}

// Number text as YAML writers produce it; from_chars rejects a leading '+'.
std::string_view strip_plus(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  return s;
}

std::optional<double> parse_double(std::string_view text) {
  const std::string_view s = strip_plus(text);
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

template <typename Int>
std::optional<Int> parse_integer(std::string_view text) {
  const std::string_view s = strip_plus(text);
  if (s.empty()) return std::nullopt;
  Int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string format_range_number(double v) {
  if (v == std::floor(v) && std::fabs(v) <= kMaxExactInteger) {
    return std::to_string(static_cast<std::int64_t>(v));
  }
  return format_double(v);
}

}  // namespace

// --- Source --------------------------------------------------------------------------------

void Source::add_set_node(const YAML::Node& node, std::string argument) {
  set_nodes_.emplace_back(node, std::move(argument));
}

bool Source::from_set(const YAML::Node& node) const {
  return std::any_of(set_nodes_.begin(), set_nodes_.end(),
                     [&](const auto& entry) { return entry.first.is(node); });
}

SourceLocation Source::where(const YAML::Node& node) const {
  for (const auto& [set_node, argument] : set_nodes_) {
    if (set_node.is(node)) return SourceLocation{argument, 0, 0};
  }
  if (!node.IsDefined()) return SourceLocation{file_, 0, 0};
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return SourceLocation{file_, 0, 0};
  return SourceLocation{file_, mark.line + kMarkBase, mark.column + kMarkBase};
}

void Source::fail(const YAML::Node& node, const std::string& message) const {
  throw InputError(where(node), message);
}

// --- descriptions and suggestions -------------------------------------------------------

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  const std::string& text = node.Scalar();
  if (text.size() <= kMaxQuotedLength) return quote(text);
  return quote(text.substr(0, kMaxQuotedLength) + "...") + " (" + std::to_string(text.size()) +
         " characters)";
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  const std::string w = lower(word);
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  std::size_t best_prefix = 0;
  for (const auto& candidate : candidates) {
    const std::string c = lower(candidate);
    const std::size_t length = std::max(w.size(), c.size());
    // Short words get fewer edits: "id" is not a typo of "xy".
    const std::size_t allowed =
        std::max(std::min(kMaxSuggestEdits, length / 2), length / kSuggestLengthDivisor);
    // The length difference alone bounds the distance from below: skip the quadratic
    // computation for words that cannot be close (a pasted paragraph used as a key).
    const std::size_t length_gap = w.size() > c.size() ? w.size() - c.size() : c.size() - w.size();
    if (length_gap > allowed) continue;
    const std::size_t distance = edit_distance(w, c);
    // Case alone differing counts as distance 0: the best suggestion there is.
    if (candidate == word || distance > allowed) continue;
    const std::size_t prefix = common_prefix(w, c);
    if (!best || distance < best_distance || (distance == best_distance && prefix > best_prefix)) {
      best = candidate;
      best_distance = distance;
      best_prefix = prefix;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto match = closest_match(word, candidates);
  return match ? "; did you mean " + quote(*match) + "?" : "";
}

std::string quote(std::string_view text) {
  return "'" + std::string(text) + "'";
}

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += separator;
    out += words[i];
  }
  return out;
}

std::string format_double(double value) {
  // Enough for any double in shortest round-trip form, sign and exponent included.
  constexpr std::size_t kBuffer = 32;
  std::array<char, kBuffer> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (ec != std::errc{}) return std::to_string(value);
  return std::string(buffer.data(), end);
}

// --- MapReader ------------------------------------------------------------------------------

MapReader::MapReader(const Source& source, const YAML::Node& node, std::string what,
                     std::vector<std::string> allowed, std::string noun, std::string expected_hint)
    : source_(&source), node_(node), what_(std::move(what)) {
  if (!node.IsMap()) {
    source.fail(node, what_ + " must be a mapping, found " + describe(node));
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      source.fail(key, "keys in " + what_ + " must be text, found " + describe(key));
    }
    const std::string name = key.Scalar();
    if (const auto earlier = index_.find(name); earlier != index_.end()) {
      const SourceLocation first = source.where(fields_[earlier->second].key);
      const std::string first_at =
          first.line > 0 ? " (first given at line " + std::to_string(first.line) + ")" : "";
      source.fail(key, "duplicate key " + describe(key) + first_at);
    }
    index_.emplace(name, fields_.size());
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      const std::string expected =
          expected_hint.empty() ? "expected one of: " + join(allowed) : expected_hint;
      source.fail(key, "unknown " + noun + " " + describe(key) + " in " + what_ +
                           did_you_mean(name, allowed) + " (" + expected + ")");
    }
    fields_.push_back(Field{quote(name), key, it->second});
  }
}

const Field* MapReader::find(std::string_view key) const {
  const auto it = index_.find(key);
  return it == index_.end() ? nullptr : &fields_[it->second];
}

const Field& MapReader::require(std::string_view key) const {
  const Field* field = find(key);
  if (field == nullptr) {
    source_->fail(node_, "missing required key " + quote(key) + " in " + what_);
  }
  return *field;
}

// --- typed values ---------------------------------------------------------------------------

void expect_map(const Source& source, const Field& field, std::string_view expected) {
  if (!field.value.IsMap()) {
    source.fail(field.at(), field.label + " must be " + std::string(expected) + ", found " +
                                describe(field.value));
  }
}

void expect_sequence(const Source& source, const Field& field, std::string_view expected) {
  if (!field.value.IsSequence()) {
    source.fail(field.at(), field.label + " must be " + std::string(expected) + ", found " +
                                describe(field.value));
  }
}

std::string read_optional_text(const Source& source, const Field& field) {
  if (!field.value.IsScalar()) {
    source.fail(field.at(), field.label + " must be text, found " + describe(field.value));
  }
  return field.value.Scalar();
}

std::string read_text(const Source& source, const Field& field) {
  std::string text = read_optional_text(source, field);
  if (text.empty()) source.fail(field.at(), field.label + " must not be empty");
  return text;
}

double read_number(const Source& source, const Field& field, double min, double max,
                   std::string_view unit) {
  const std::string unit_text = unit.empty() ? "" : " (" + std::string(unit) + ")";
  const auto fail = [&] {
    source.fail(field.at(), field.label + " must be a number from " + format_range_number(min) +
                                " to " + format_range_number(max) + unit_text + ", found " +
                                describe(field.value));
  };
  if (!field.value.IsScalar()) fail();
  const auto v = parse_double(field.value.Scalar());
  if (!v || *v < min || *v > max) fail();
  return *v;
}

std::int64_t read_whole(const Source& source, const Field& field, std::int64_t min,
                        std::int64_t max) {
  const auto fail = [&] {
    source.fail(field.at(), field.label + " must be a whole number from " + std::to_string(min) +
                                " to " + std::to_string(max) + ", found " + describe(field.value));
  };
  if (!field.value.IsScalar()) fail();
  const std::string& text = field.value.Scalar();
  std::optional<std::int64_t> v = parse_integer<std::int64_t>(text);
  if (!v) {
    // "1e3" and "1000.0" are whole numbers too; "2.5" is not.
    const auto d = parse_double(text);
    if (d && *d == std::floor(*d) && std::fabs(*d) <= kMaxExactInteger) {
      v = static_cast<std::int64_t>(*d);
    }
  }
  if (!v || *v < min || *v > max) fail();
  return *v;
}

std::uint64_t read_unsigned64(const Source& source, const Field& field) {
  const auto fail = [&] {
    source.fail(field.at(), field.label + " must be a whole number from 0 to " +
                                std::to_string(std::numeric_limits<std::uint64_t>::max()) +
                                ", found " + describe(field.value));
  };
  if (!field.value.IsScalar()) fail();
  const auto v = parse_integer<std::uint64_t>(field.value.Scalar());
  if (!v) fail();
  return *v;
}

// --- cited figures --------------------------------------------------------------------------

bool is_cited_form(const YAML::Node& node) {
  if (!node.IsMap()) return false;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (it->first.IsScalar() && (it->first.Scalar() == "value" || it->first.Scalar() == "source")) {
      return true;
    }
  }
  return false;
}

Cited unwrap_cited(const Source& source, const Field& field) {
  if (!is_cited_form(field.value)) return Cited{field, std::nullopt};
  const MapReader map(source, field.value, field.label, {"value", "source"});
  const Field& value = map.require("value");
  const Field& citation = map.require("source");
  Field inner{field.label, value.key, value.value};
  return Cited{inner,
               read_text(source, Field{field.label + " source", citation.key, citation.value})};
}

std::vector<Field> sequence_items(const Field& field) {
  std::vector<Field> items;
  std::size_t index = 0;
  for (const auto& item : field.value) {
    ++index;
    items.push_back(Field{field.label + " item " + std::to_string(index), item, item});
  }
  return items;
}

// --- files ----------------------------------------------------------------------------------

std::optional<std::string> read_file_text(const std::filesystem::path& path, std::string& reason) {
  errno = 0;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) {
    reason = std::strerror(errno);
    return std::nullopt;
  }
  std::string text;
  std::array<char, kReadChunk> chunk{};
  while (true) {
    const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), file.get());
    text.append(chunk.data(), n);
    if (text.size() > kMaxDocumentBytes) {
      std::error_code size_error;
      const auto size = std::filesystem::file_size(path, size_error);
      reason = (size_error ? std::string("it is") : "it is " + std::to_string(size) + " bytes,") +
               " larger than " + std::to_string(kMaxDocumentBytes) + " bytes (" +
               std::to_string(kMaxDocumentBytes >> 20) + " MiB), the limit for an input file";
      return std::nullopt;
    }
    if (n < chunk.size()) break;
  }
  if (std::ferror(file.get())) {
    // A directory opens but cannot be read: errno says "Is a directory".
    reason = errno != 0 ? std::strerror(errno) : "read error";
    return std::nullopt;
  }
  return text;
}

namespace {

std::string too_deep_message() {
  return "lists and mappings nested more than " + std::to_string(kMaxNestingDepth) +
         " levels deep, the limit for an input file (scenario, territory and experiment files "
         "need fewer than 10)";
}

// The line and column (1-based, in characters) of byte `offset` of `text`.
SourceLocation position_at(const std::string& text, std::size_t offset, const std::string& file) {
  SourceLocation where{file, 1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++where.line;
      where.column = 1;
    } else if ((c & 0xC0U) != 0x80U) {  // not a UTF-8 continuation byte
      ++where.column;
    }
  }
  return where;
}

// Where flow lists and mappings ('[', '{') first nest deeper than kMaxNestingDepth, skipping
// quoted text and comments; only to place the message when the parser gave up on the nesting.
std::optional<std::size_t> deep_flow_position(const std::string& text) {
  int depth = 0;
  char quote_char = 0;
  bool comment = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (comment) {
      comment = c != '\n';
    } else if (quote_char != 0) {
      if (c == '\\' && quote_char == '"') {
        ++i;
      } else if (c == quote_char) {
        quote_char = 0;
      }
    } else if (c == '"' || c == '\'') {
      quote_char = c;
    } else if (c == '#' &&
               (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
      comment = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxNestingDepth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

// Binary data and text that is not UTF-8 are refused before parsing: the text would end up in
// messages and in the run store, whose strings are UTF-8.
void check_text(const std::string& text, const Source& source) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  // UTF-16 and UTF-32 with a byte order mark: yaml-cpp converts them.
  if (text.size() >= 2 && ((byte(0) == kBomUtf16Be0 && byte(1) == kBomUtf16Le0) ||
                           (byte(0) == kBomUtf16Le0 && byte(1) == kBomUtf16Be0))) {
    return;
  }
  if (text.size() >= 4 && byte(0) == 0 && byte(1) == 0 && byte(2) == kBomUtf16Be0 &&
      byte(3) == kBomUtf16Le0) {
    return;
  }
  constexpr unsigned char kSpace = 0x20;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = byte(i);
    if (c < kSpace || c == kDelete) {
      if (c == '\t' || c == '\n' || c == '\r') {
        ++i;
        continue;
      }
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", c);
      throw InputError(position_at(text, i, source.file()),
                       std::string("binary data: control character ") + hex +
                           "; expected a YAML text file (UTF-8)");
    }
    // The length of a UTF-8 sequence from its first byte; 0 for a byte that cannot start one.
    const std::size_t length = c < 0x80U              ? 1
                               : (c & 0xE0U) == 0xC0U ? 2
                               : (c & 0xF0U) == 0xE0U ? 3
                               : (c & 0xF8U) == 0xF0U ? 4
                                                      : 0;
    bool valid = length != 0 && i + length <= text.size() && c != 0xC0U && c != 0xC1U && c < 0xF5U;
    for (std::size_t k = 1; valid && k < length; ++k)
      valid = (byte(i + k) & 0xC0U) == 0x80U;
    if (!valid) {
      throw InputError(position_at(text, i, source.file()),
                       "the text is not UTF-8 (a byte that does not belong in UTF-8 text); "
                       "expected a YAML text file in UTF-8");
    }
    i += length;
  }
}

// Lists and mappings nested deeper than kMaxNestingDepth are refused at the first node too
// deep. Each node is visited once (an alias is not followed again), so this is linear in the
// document whatever its aliases.
void check_depth(const YAML::Node& root, const Source& source) {
  struct Item {
    YAML::Node node;
    int depth;
  };
  std::vector<Item> stack{{root, 0}};
  std::set<std::size_t> visited;  // positions in the text of the collections walked
  while (!stack.empty()) {
    const Item item = stack.back();
    stack.pop_back();
    if (!item.node.IsMap() && !item.node.IsSequence()) continue;
    if (item.depth >= kMaxNestingDepth) source.fail(item.node, too_deep_message());
    const YAML::Mark mark = item.node.Mark();
    if (!mark.is_null() && !visited.insert(static_cast<std::size_t>(mark.pos)).second) continue;
    for (auto it = item.node.begin(); it != item.node.end(); ++it) {
      if (item.node.IsMap()) {
        stack.push_back({it->first, item.depth + 1});
        stack.push_back({it->second, item.depth + 1});
      } else {
        stack.push_back({*it, item.depth + 1});
      }
    }
  }
}

// yaml-cpp (0.7) loops for ever, allocating without bound, in LoadAll() when a token can start
// no document (',' outside a flow list or mapping, e.g. " , a: b"): the parser then yields an
// empty document without consuming the token, again and again. The documents are walked first
// without building nodes, and a document that starts where the previous one did is refused at
// that token. yaml-cpp's own errors are thrown from here as they would be from LoadAll().
class DocumentStarts : public YAML::EventHandler {
 public:
  YAML::Mark start;
  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

void check_documents_advance(const std::string& text, const Source& source) {
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  DocumentStarts documents;
  std::optional<int> previous;
  while (parser.HandleNextDocument(documents)) {
    const YAML::Mark& mark = documents.start;
    if (previous && *previous == mark.pos) {
      const SourceLocation where{source.file(), mark.line + kMarkBase, mark.column + kMarkBase};
      const auto at = static_cast<std::size_t>(mark.pos);
      const char c = at < text.size() ? text[at] : ' ';
      throw InputError(where, c == ','
                                  ? "invalid YAML: ',' outside a [...] list or {...} mapping; "
                                    "expected a key or a value (quote text that starts with ',')"
                                  : "invalid YAML: unexpected '" + std::string(1, c) +
                                        "'; expected a key or a value");
    }
    previous = mark.pos;
  }
}

}  // namespace

YAML::Node parse_yaml(const std::string& text, const Source& source) {
  check_text(text, source);
  std::vector<YAML::Node> documents;
  try {
    check_documents_advance(text, source);
    documents = YAML::LoadAll(text);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own message is "bad file", and its mark may be the end of the nesting.
    SourceLocation where{source.file(), 0, 0};
    if (const auto deep = deep_flow_position(text)) {
      where = position_at(text, *deep, source.file());
    } else if (!e.mark.is_null()) {
      where.line = e.mark.line + kMarkBase;
      where.column = e.mark.column + kMarkBase;
    }
    throw InputError(where, too_deep_message());
  } catch (const YAML::Exception& e) {
    SourceLocation where{source.file(), 0, 0};
    if (!e.mark.is_null()) {
      where.line = e.mark.line + kMarkBase;
      where.column = e.mark.column + kMarkBase;
    }
    throw InputError(where, "invalid YAML: " + e.msg);
  }
  if (documents.empty()) return YAML::Node(YAML::NodeType::Null);
  if (documents.size() > 1) {
    source.fail(documents[1], "expected one YAML document, found " +
                                  std::to_string(documents.size()) +
                                  " (remove the '---' separators)");
  }
  check_depth(documents.front(), source);
  return documents.front();
}

Document read_mapping_file(Source& source, std::string_view kind, std::string_view article,
                           std::string_view keys) {
  const std::string file = source.file();
  std::string reason;
  auto text = read_file_text(file, reason);
  if (!text) {
    throw InputError(SourceLocation{file, 0, 0},
                     "cannot read " + std::string(kind) + " " + quote(file) + ": " + reason);
  }
  YAML::Node root = parse_yaml(*text, source);
  if (root.IsNull()) {
    throw InputError(SourceLocation{file, 0, 0},
                     std::string(kind) + " is empty; expected a mapping with " + std::string(keys));
  }
  if (!root.IsMap()) {
    source.fail(root, std::string(article) + " " + std::string(kind) + " must be a mapping with " +
                          std::string(keys) + ", found " + describe(root));
  }
  return {std::move(*text), root};
}

bool valid_name(std::string_view name) {
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

}  // namespace welfare::yaml_reader
