#include "viz/core/view_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <system_error>

#include <yaml-cpp/yaml.h>

#include "analysis/labels.hpp"
#include "analysis/measures.hpp"
#include "scenario/yaml_reader.hpp"

namespace welfare::viz {

namespace {

// yaml-cpp marks are 0-based; messages are 1-based like compilers'.
constexpr int kMarkBase = 1;
// Longer text is cut short when quoted in a message (the place is given anyway).
constexpr std::size_t kMaxQuotedLength = 60;
// Bytes read per call when reading the file.
// Attempts at a fresh temporary name before giving up (another writer racing for the names).
constexpr int kTempNameAttempts = 100;
// Permissions of a new file before the umask, as for any file a program creates.
constexpr mode_t kNewFileMode = 0666;
// A mistyped measure key is offered the keys that begin as it does when they share at least
// this many characters with it ("unmet" does; "un" does not).
constexpr std::size_t kMinSharedStart = 3;
constexpr int kMinWeek = 0;
constexpr int kMaxWeek = std::numeric_limits<int>::max();

constexpr std::string_view kViewsKey = "views";
constexpr std::array<std::string_view, kPanelCount> kPanelKeys = {"runs", "map", "series",
                                                                  "compare", "live"};
constexpr std::string_view kTitle = "title";
constexpr std::string_view kPanelField = "panel";
constexpr std::string_view kMeasure = "measure";
constexpr std::string_view kScenarios = "scenarios";
constexpr std::string_view kBaseline = "baseline";
constexpr std::string_view kDifference = "difference";
constexpr std::string_view kZones = "zones";
constexpr std::string_view kWeek = "week";
constexpr std::string_view kLanguage = "language";
constexpr auto kViewKeys = std::to_array<std::string_view>(
    {kTitle, kPanelField, kMeasure, kScenarios, kBaseline, kDifference, kZones, kWeek, kLanguage});

// UTF-8 continuation bytes are 10xxxxxx: a cut must not fall just before one.
constexpr unsigned char kContinuationMask = 0xC0;
constexpr unsigned char kContinuationBits = 0x80;

std::string quote(std::string_view text) {
  if (text.size() <= kMaxQuotedLength) return "'" + std::string(text) + "'";
  std::size_t cut = kMaxQuotedLength;
  while (cut > 0 &&
         (static_cast<unsigned char>(text[cut]) & kContinuationMask) == kContinuationBits)
    --cut;
  return "'" + std::string(text.substr(0, cut)) + "...'";
}

template <typename Words>
std::string join(const Words& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

// "a mapping", "a list", "nothing", "'text'": what a node holds, for messages.
std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  return quote(node.Scalar());
}

// The measure keys to offer for a key that is not one: those sharing the longest start with
// it when that start is long enough to mean something, else all of them (some sixty).
std::string measure_hint(std::string_view key) {
  std::vector<std::string_view> all;
  std::vector<std::string_view> nearest;
  std::size_t longest = 0;
  for (const analysis::MeasureDef& m : analysis::measures()) {
    all.push_back(m.key);
    const auto [a, b] = std::mismatch(key.begin(), key.end(), m.key.begin(), m.key.end());
    const auto shared = static_cast<std::size_t>(a - key.begin());
    if (shared > longest) {
      longest = shared;
      nearest.clear();
    }
    if (shared == longest) nearest.push_back(m.key);
  }
  if (longest >= kMinSharedStart) return "the nearest: " + join(nearest);
  return "one of: " + join(all);
}

// --- checks shared by loading and saving: a problem, or nothing ---

std::optional<std::string> measure_problem(std::string_view key) {
  if (analysis::find_measure(key) != nullptr) return std::nullopt;
  return "unknown measure " + quote(key) + "; expected a measure key, " + measure_hint(key);
}

std::optional<std::string> language_problem(std::string_view code) {
  if (analysis::parse_language(code)) return std::nullopt;
  return "unknown language " + quote(code) + "; expected it or en";
}

std::optional<std::string> week_problem(long long week) {
  if (week >= kMinWeek && week <= kMaxWeek) return std::nullopt;
  return "'week' is " + std::to_string(week) + "; expected a whole number from " +
         std::to_string(kMinWeek) + " to " + std::to_string(kMaxWeek);
}

std::optional<std::string> names_problem(std::string_view field,
                                         const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) {
      return "item " + std::to_string(i + 1) + " of " + quote(field) + " is empty; expected a name";
    }
  }
  return std::nullopt;
}

// --- reading ---

struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
  // An empty value's mark points at the next token: messages about it point at the key.
  const YAML::Node& at() const { return value.IsNull() ? key_node : value; }
};

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
    fail_at(node.IsDefined() ? node.Mark() : YAML::Mark::null_mark(), message);
  }
  [[noreturn]] void fail_at(const YAML::Mark& mark, const std::string& message) const {
    if (mark.is_null()) throw ViewFileError(file_ + ": " + message);
    throw ViewFileError(file_ + ":" + std::to_string(mark.line + kMarkBase) + ":" +
                        std::to_string(mark.column + kMarkBase) + ": " + message);
  }
  [[noreturn]] void fail_file(const std::string& message) const {
    throw ViewFileError(file_ + ": " + message);
  }

  // The entries of a mapping, in file order: text keys, each once, each allowed.
  template <std::size_t N>
  std::vector<Entry> entries(const YAML::Node& map, const std::string& prefix,
                             const std::array<std::string_view, N>& allowed) const {
    std::vector<Entry> out;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key = it->first;
      if (!key.IsScalar()) {
        fail(key, prefix + "a key is " + describe(key) + "; expected one of: " + join(allowed));
      }
      const std::string name = key.Scalar();
      const auto earlier =
          std::find_if(out.begin(), out.end(), [&](const Entry& e) { return e.key == name; });
      if (earlier != out.end()) {
        const YAML::Mark first = earlier->key_node.Mark();
        fail(key, prefix + "key " + quote(name) + " given twice (first at line " +
                      std::to_string(first.line + kMarkBase) + "); expected each key once");
      }
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        fail(key, prefix + "unknown key " + quote(name) + "; expected one of: " + join(allowed));
      }
      out.push_back(Entry{name, key, it->second});
    }
    return out;
  }

  std::string text(const Entry& e, const std::string& prefix, bool may_be_empty,
                   std::string_view expected) const {
    if (!e.value.IsScalar()) {
      fail(e.at(), prefix + quote(e.key) + " is " + describe(e.value) + "; expected " +
                       std::string(expected));
    }
    std::string s = e.value.Scalar();
    if (s.empty() && !may_be_empty) {
      fail(e.at(), prefix + quote(e.key) + " is empty; expected " + std::string(expected));
    }
    return s;
  }

  std::vector<std::string> names(const Entry& e, const std::string& prefix,
                                 std::string_view expected) const {
    if (!e.value.IsSequence()) {
      fail(e.at(), prefix + quote(e.key) + " is " + describe(e.value) + "; expected a list of " +
                       std::string(expected));
    }
    std::vector<std::string> out;
    for (const YAML::Node& item : e.value) {
      const std::string what = "item " + std::to_string(out.size() + 1) + " of " + quote(e.key);
      if (!item.IsScalar()) {
        fail(item, prefix + what + " is " + describe(item) + "; expected " + std::string(expected));
      }
      if (item.Scalar().empty()) {
        fail(item, prefix + what + " is empty; expected " + std::string(expected));
      }
      out.push_back(item.Scalar());
    }
    return out;
  }

  bool flag(const Entry& e, const std::string& prefix) const {
    bool value = false;
    if (!e.value.IsScalar() || !YAML::convert<bool>::decode(e.value, value)) {
      fail(e.at(), prefix + quote(e.key) + " is " + describe(e.value) + "; expected true or false");
    }
    return value;
  }

  int week(const Entry& e, const std::string& prefix) const {
    const auto bad = [&] {
      fail(e.at(), prefix + quote(e.key) + " is " + describe(e.value) +
                       "; expected a whole number from " + std::to_string(kMinWeek) + " to " +
                       std::to_string(kMaxWeek));
    };
    if (!e.value.IsScalar()) bad();
    std::string_view s = e.value.Scalar();
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    long long v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || week_problem(v)) bad();
    return static_cast<int>(v);
  }

 private:
  std::string file_;
};

View read_view(const Reader& reader, const YAML::Node& node, std::size_t number) {
  const std::string prefix = "view " + std::to_string(number) + ": ";
  if (!node.IsMap()) {
    reader.fail(node, prefix + "is " + describe(node) + "; expected a mapping with the keys " +
                          join(kViewKeys));
  }
  View view;
  bool has_panel = false;
  for (const Entry& e : reader.entries(node, prefix, kViewKeys)) {
    if (e.key == kTitle) {
      view.title = reader.text(e, prefix, true, "text");
    } else if (e.key == kPanelField) {
      const std::string key = reader.text(e, prefix, false, "a panel: " + join(kPanelKeys));
      const auto panel = parse_panel(key);
      if (!panel) {
        reader.fail(e.at(), prefix + "unknown panel " + quote(key) +
                                "; expected one of: " + join(kPanelKeys));
      }
      view.panel = *panel;
      has_panel = true;
    } else if (e.key == kMeasure) {
      view.measure = reader.text(e, prefix, false, "a measure key");
      if (const auto problem = measure_problem(view.measure))
        reader.fail(e.at(), prefix + *problem);
    } else if (e.key == kScenarios) {
      view.scenarios = reader.names(e, prefix, "scenario names");
    } else if (e.key == kBaseline) {
      view.baseline = reader.text(e, prefix, false, "a scenario name");
    } else if (e.key == kDifference) {
      view.difference = reader.flag(e, prefix);
    } else if (e.key == kZones) {
      view.zones = reader.names(e, prefix, "zone or district ids or names");
    } else if (e.key == kWeek) {
      view.week = reader.week(e, prefix);
    } else if (e.key == kLanguage) {
      const std::string code = reader.text(e, prefix, false, "it or en");
      if (const auto problem = language_problem(code)) reader.fail(e.at(), prefix + *problem);
      view.language = std::string(analysis::language_code(*analysis::parse_language(code)));
    }
  }
  if (!has_panel) {
    reader.fail(node, prefix + "no 'panel'; expected one of: " + join(kPanelKeys));
  }
  return view;
}

ViewSequence parse_views(const std::string& text, const Reader& reader) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    reader.fail_at(e.mark, "invalid YAML: " + e.msg);
  }
  const std::string expected = "; expected a mapping with the key 'views'";
  if (documents.empty() || documents.front().IsNull())
    reader.fail_file("the file is empty" + expected);
  if (documents.size() > 1) {
    reader.fail(documents[1], "a second YAML document; expected one (remove the '---' lines)");
  }
  const YAML::Node& root = documents.front();
  if (!root.IsMap()) reader.fail(root, "the file holds " + describe(root) + expected);
  const std::array<std::string_view, 1> top_keys = {kViewsKey};
  const std::vector<Entry> top = reader.entries(root, "", top_keys);
  if (top.empty()) reader.fail(root, "no 'views'" + expected);
  const Entry& views = top.front();
  if (!views.value.IsSequence()) {
    reader.fail(views.at(), "'views' is " + describe(views.value) + "; expected a list of views");
  }
  if (views.value.size() == 0) reader.fail(views.at(), "'views' is empty; expected a view or more");
  ViewSequence out;
  for (const YAML::Node& item : views.value) {
    out.views.push_back(read_view(reader, item, out.views.size() + 1));
  }
  return out;
}

// --- writing ---

// Why a view cannot be saved so that it loads back, or nothing.
std::optional<std::string> view_problem(const View& v) {
  if (!v.measure.empty()) {
    if (auto p = measure_problem(v.measure)) return p;
  }
  if (auto p = names_problem(kScenarios, v.scenarios)) return p;
  if (auto p = names_problem(kZones, v.zones)) return p;
  if (v.week) {
    if (auto p = week_problem(*v.week)) return p;
  }
  if (v.language) {
    if (v.language->empty()) return "'language' is empty; expected it or en";
    if (auto p = language_problem(*v.language)) return p;
  }
  return std::nullopt;
}

// Writes all of `text` to `fd`, retrying short writes and interruptions.
bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

[[noreturn]] void save_error(const std::filesystem::path& file, const std::string& message) {
  throw ViewFileError(file.string() + ": " + message);
}

// A name for the temporary file beside `file`, unique within this process.
std::filesystem::path temporary_name(const std::filesystem::path& file) {
  static std::atomic<unsigned long> counter{0};
  std::filesystem::path name = file;
  name += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  return name;
}

}  // namespace

std::string_view panel_key(Panel p) {
  return kPanelKeys[static_cast<std::size_t>(p)];
}

std::optional<Panel> parse_panel(std::string_view key) {
  for (std::size_t i = 0; i < kPanelKeys.size(); ++i) {
    if (kPanelKeys[i] == key) return static_cast<Panel>(i);
  }
  return std::nullopt;
}

ViewSequence load_views(const std::filesystem::path& file) {
  const Reader reader(file.string());
  std::string reason;
  const auto text = yaml_reader::read_file_text(file, reason);
  if (!text) reader.fail_file("cannot read the view file (" + reason + "); expected a YAML file");
  return parse_views(*text, reader);
}

std::string views_yaml(const ViewSequence& views) {
  YAML::Emitter out;
  out.SetOutputCharset(YAML::EmitNonAscii);
  const auto key = [&](std::string_view k) { out << YAML::Key << std::string(k) << YAML::Value; };
  const auto names = [&](std::string_view k, const std::vector<std::string>& list) {
    if (list.empty()) return;
    key(k);
    out << YAML::Flow << YAML::BeginSeq;
    for (const std::string& s : list)
      out << YAML::DoubleQuoted << s;
    out << YAML::EndSeq;
  };
  out << YAML::BeginMap;
  key(kViewsKey);
  out << YAML::BeginSeq;
  for (const View& v : views.views) {
    out << YAML::BeginMap;
    if (!v.title.empty()) {
      key(kTitle);
      out << YAML::DoubleQuoted << v.title;
    }
    key(kPanelField);
    out << std::string(panel_key(v.panel));
    if (!v.measure.empty()) {
      key(kMeasure);
      out << v.measure;
    }
    names(kScenarios, v.scenarios);
    if (!v.baseline.empty()) {
      key(kBaseline);
      out << YAML::DoubleQuoted << v.baseline;
    }
    if (v.difference) {
      key(kDifference);
      out << YAML::TrueFalseBool << true;
    }
    names(kZones, v.zones);
    if (v.week) {
      key(kWeek);
      out << *v.week;
    }
    if (v.language) {
      key(kLanguage);
      out << *v.language;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  // yaml-cpp reports misuse of its emitter this way (a bug here, not bad data).
  if (!out.good()) throw std::logic_error("views cannot be written as YAML: " + out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

void save_views(const ViewSequence& views, const std::filesystem::path& file) {
  if (views.views.empty()) save_error(file, "no view to save; expected a view or more");
  for (std::size_t i = 0; i < views.views.size(); ++i) {
    if (const auto problem = view_problem(views.views[i])) {
      save_error(file, "cannot save view " + std::to_string(i + 1) + ": " + *problem);
    }
  }
  const std::string text = views_yaml(views);

  std::filesystem::path tmp;
  int fd = -1;
  for (int attempt = 0; attempt < kTempNameAttempts && fd < 0; ++attempt) {
    tmp = temporary_name(file);
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kNewFileMode);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    save_error(file, "cannot write a temporary file beside it (" +
                         std::string(std::strerror(errno)) + "); expected a writable directory");
  }
  bool written = write_all(fd, text) && ::fsync(fd) == 0;
  int error = written ? 0 : errno;
  if (::close(fd) != 0 && written) {
    written = false;
    error = errno;
  }
  std::error_code ec;
  if (!written) {
    std::filesystem::remove(tmp, ec);
    save_error(file, "cannot write a temporary file beside it (" +
                         std::string(std::strerror(error)) +
                         "); expected a writable directory with free space");
  }
  std::filesystem::rename(tmp, file, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    save_error(file, "cannot replace it (" + ec.message() + ")");
  }
}

}  // namespace welfare::viz
