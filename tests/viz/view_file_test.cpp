#include "viz/core/view_file.hpp"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <string>

namespace welfare::viz {
namespace {

// Predicates for EXPECT_PRED2, which prints both texts when they fail.
bool starts_with(const std::string& text, const std::string& prefix) {
  return text.starts_with(prefix);
}
bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const std::filesystem::path kData = std::filesystem::path(WELFARE_TEST_DATA) / "viz";
constexpr std::filesystem::perms kReadOnlyDirectory =
    std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec |
    std::filesystem::perms::group_read | std::filesystem::perms::group_exec |
    std::filesystem::perms::others_read | std::filesystem::perms::others_exec;
constexpr int kPresentationWeek = 156;

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
}

// A fresh directory per test, removed afterwards.
class ViewFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("welfare_view_file_" + std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::permissions(dir_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(dir_, ec);
  }

  // The message load_views gives for a file holding `text` (empty when it loads).
  std::string error_of(const std::string& text) {
    const std::filesystem::path file = dir_ / "views.yaml";
    write(file, text);
    try {
      load_views(file);
    } catch (const ViewFileError& e) {
      return e.what();
    }
    return "";
  }
  // The message without the file name: "LINE:COL: ...".
  std::string located_error_of(const std::string& text) {
    const std::string message = error_of(text);
    const std::string prefix = (dir_ / "views.yaml").string() + ":";
    EXPECT_PRED2(starts_with, message, prefix);
    return message.substr(std::min(prefix.size(), message.size()));
  }

  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  std::filesystem::path dir_;
};

ViewSequence presentation() {
  View first;
  first.title = "Unmet need by NIL, end of the triennium";
  first.panel = Panel::kMap;
  first.measure = "unmet_per_1000";
  first.scenarios = {"milano-domiciliarity-plus30"};
  first.baseline = "milano-baseline";
  first.difference = true;
  first.zones = {"1", "Municipio 2"};
  first.week = kPresentationWeek;
  first.language = "it";
  View second;
  second.panel = Panel::kSeries;
  second.measure = "waiting_weeks_mean";
  second.scenarios = {"milano-baseline", "milano-domiciliarity-plus30"};
  View third;
  third.title = "Città: \"tutti\" i municipi";
  third.panel = Panel::kCompare;
  third.language = "en";
  View fourth;
  fourth.panel = Panel::kRuns;
  return ViewSequence{{first, second, third, fourth}};
}

TEST(Panel, KeysRoundTrip) {
  for (std::size_t i = 0; i < kPanelCount; ++i) {
    const auto p = static_cast<Panel>(i);
    EXPECT_EQ(parse_panel(panel_key(p)), p);
  }
  EXPECT_EQ(panel_key(Panel::kLive), "live");
  EXPECT_EQ(parse_panel("Map"), std::nullopt);
  EXPECT_EQ(parse_panel(""), std::nullopt);
}

TEST_F(ViewFileTest, LoadsTheExampleFile) {
  EXPECT_EQ(load_views(kData / "presentation.yaml"), presentation());
}

TEST_F(ViewFileTest, TextRoundTrips) {
  ViewSequence views = presentation();
  View odd;
  odd.title = "  quotes \" and 'apostrophes', a # hash: a colon, \\ backslash\ttab\nnew line ";
  odd.panel = Panel::kLive;
  odd.scenarios = {"true", "null", "~", "123", "- dash", "[bracket]", "{brace}", "è ü ß 数"};
  odd.baseline = "yes";
  odd.zones = {"0012", "1e3", "&anchor", "*alias", "!tag", "%percent", "@at", "`tick`"};
  odd.week = 0;
  views.views.push_back(odd);
  const std::string text = views_yaml(views);
  const std::filesystem::path file = dir_ / "round.yaml";
  write(file, text);
  EXPECT_EQ(load_views(file), views) << text;
  // Saved by save_views, the same.
  const std::filesystem::path saved = dir_ / "saved.yaml";
  save_views(views, saved);
  EXPECT_EQ(slurp(saved), text);
  EXPECT_EQ(load_views(saved), views);
}

TEST_F(ViewFileTest, WritesTheDocumentedLayout) {
  const std::string text = views_yaml(ViewSequence{{presentation().views[0]}});
  EXPECT_EQ(text,
            "views:\n"
            "  - title: \"Unmet need by NIL, end of the triennium\"\n"
            "    panel: map\n"
            "    measure: unmet_per_1000\n"
            "    scenarios: [\"milano-domiciliarity-plus30\"]\n"
            "    baseline: \"milano-baseline\"\n"
            "    difference: true\n"
            "    zones: [\"1\", \"Municipio 2\"]\n"
            "    week: 156\n"
            "    language: it\n");
  // Defaults are left out.
  EXPECT_EQ(views_yaml(ViewSequence{{View{}}}), "views:\n  - panel: map\n");
}

TEST_F(ViewFileTest, SaveThenLoad) {
  const std::filesystem::path file = dir_ / "views.yaml";
  save_views(presentation(), file);
  EXPECT_EQ(load_views(file), presentation());
  // Replacing it.
  ViewSequence fewer{{presentation().views[1]}};
  save_views(fewer, file);
  EXPECT_EQ(load_views(file), fewer);
  // No temporary file is left behind.
  EXPECT_EQ(files(), std::vector<std::string>{"views.yaml"});
}

// --- errors -------------------------------------------------------------------------------------

TEST_F(ViewFileTest, UnreadableFiles) {
  const std::filesystem::path missing = dir_ / "missing.yaml";
  try {
    load_views(missing);
    FAIL() << "loaded a missing file";
  } catch (const ViewFileError& e) {
    EXPECT_EQ(std::string(e.what()), missing.string() +
                                         ": cannot read the view file (No such file or "
                                         "directory); expected a YAML file");
  }
  try {
    load_views(dir_);
    FAIL() << "loaded a directory";
  } catch (const ViewFileError& e) {
    EXPECT_PRED2(starts_with, e.what(), dir_.string() + ": cannot read the view file (");
  }
  EXPECT_EQ(error_of(""), (dir_ / "views.yaml").string() +
                              ": the file is empty; expected a mapping with the key 'views'");
  EXPECT_PRED2(has, error_of("# only a comment\n"), ": the file is empty;");
}

TEST_F(ViewFileTest, SyntaxErrorsGiveTheirPlace) {
  EXPECT_EQ(located_error_of("views:\n  - panel: map\n    measure: x: y\n"),
            "3:15: invalid YAML: illegal map value");
  EXPECT_EQ(located_error_of("views:\n  - panel: map\n\t measure: x\n"),
            "3:1: invalid YAML: illegal tab when looking for indentation");
  EXPECT_EQ(located_error_of("views:\n  - panel: [map\n  - panel: runs\n"),
            "3:10: invalid YAML: end of sequence flow not found");
  // A list left open to the end of the file: yaml-cpp notices it there.
  EXPECT_EQ(located_error_of("views:\n  - panel: map\n    zones: [\"1\", \"2\"\n"),
            "4:1: invalid YAML: end of sequence flow not found");
  EXPECT_EQ(located_error_of("views:\n  - panel: map\n---\nviews: []\n"),
            "4:1: a second YAML document; expected one (remove the '---' lines)");
}

TEST_F(ViewFileTest, StructureErrors) {
  EXPECT_EQ(located_error_of("- panel: map\n"),
            "1:1: the file holds a list; expected a mapping with the key 'views'");
  EXPECT_EQ(located_error_of("view:\n  - panel: map\n"),
            "1:1: unknown key 'view'; expected one of: views");
  EXPECT_EQ(located_error_of("views:\n  panel: map\n"),
            "2:3: 'views' is a mapping; expected a list of views");
  EXPECT_EQ(located_error_of("views:\n"), "1:1: 'views' is nothing; expected a list of views");
  EXPECT_EQ(located_error_of("views: []\n"), "1:8: 'views' is empty; expected a view or more");
  EXPECT_EQ(located_error_of("views:\n  - panel: map\n  - map\n"),
            "3:5: view 2: is 'map'; expected a mapping with the keys title, panel, measure, "
            "scenarios, baseline, difference, zones, week, language");
  EXPECT_EQ(located_error_of("views:\n  - panel: map\nviews: []\n"),
            "3:1: key 'views' given twice (first at line 1); expected each key once");
}

TEST_F(ViewFileTest, UnknownAndRepeatedKeys) {
  EXPECT_EQ(located_error_of("views:\n  - panel: map\n  - panel: runs\n    mesure: coverage\n"),
            "4:5: view 2: unknown key 'mesure'; expected one of: title, panel, measure, "
            "scenarios, baseline, difference, zones, week, language");
  EXPECT_EQ(located_error_of("views:\n  - panel: map\n    week: 3\n    week: 4\n"),
            "4:5: view 1: key 'week' given twice (first at line 3); expected each key once");
  EXPECT_EQ(located_error_of("views:\n  - panel: map\n    [a]: 1\n"),
            "3:5: view 1: a key is a list; expected one of: title, panel, measure, scenarios, "
            "baseline, difference, zones, week, language");
  EXPECT_EQ(located_error_of("views:\n  - title: No panel\n    week: 3\n"),
            "2:5: view 1: no 'panel'; expected one of: runs, map, series, compare, live");
}

TEST_F(ViewFileTest, BadValues) {
  const std::string head = "views:\n  - panel: map\n";
  EXPECT_EQ(located_error_of("views:\n  - panel: maps\n"),
            "2:12: view 1: unknown panel 'maps'; expected one of: runs, map, series, compare, "
            "live");
  EXPECT_EQ(located_error_of(head + "    measure: unmet_per_10000\n"),
            "3:14: view 1: unknown measure 'unmet_per_10000'; expected a measure key, the "
            "nearest: unmet_per_1000, unmet_per_1000_foreign, unmet_per_1000_non_foreign");
  EXPECT_PRED2(starts_with, located_error_of(head + "    measure: xyz\n"),
               "3:14: view 1: unknown measure 'xyz'; expected a measure key, one of: ");
  EXPECT_PRED2(has, located_error_of(head + "    measure: xyz\n"), "unmet_per_1000, ");
  EXPECT_EQ(located_error_of(head + "    language: fr\n"),
            "3:15: view 1: unknown language 'fr'; expected it or en");
  EXPECT_EQ(located_error_of(head + "    difference: maybe\n"),
            "3:17: view 1: 'difference' is 'maybe'; expected true or false");
  for (const std::string week : {"-1", "2.5", "abc", "99999999999"}) {
    EXPECT_EQ(
        located_error_of(head + "    week: " + week + "\n"),
        "3:11: view 1: 'week' is '" + week + "'; expected a whole number from 0 to 2147483647")
        << week;
  }
  EXPECT_EQ(located_error_of(head + "    week: [1]\n"),
            "3:11: view 1: 'week' is a list; expected a whole number from 0 to 2147483647");
  EXPECT_EQ(located_error_of(head + "    title: [a, b]\n"),
            "3:12: view 1: 'title' is a list; expected text");
  EXPECT_EQ(located_error_of(head + "    scenarios: milano-baseline\n"),
            "3:16: view 1: 'scenarios' is 'milano-baseline'; expected a list of scenario names");
  EXPECT_EQ(located_error_of(head + "    zones: [\"1\", {id: 2}]\n"),
            "3:18: view 1: item 2 of 'zones' is a mapping; expected zone or district ids or "
            "names");
  EXPECT_EQ(located_error_of(head + "    zones: [\"1\", \"\"]\n"),
            "3:18: view 1: item 2 of 'zones' is empty; expected zone or district ids or names");
  // An empty value is reported at its key.
  EXPECT_EQ(located_error_of(head + "    measure:\n    week: 3\n"),
            "3:5: view 1: 'measure' is nothing; expected a measure key");
  EXPECT_EQ(located_error_of(head + "    baseline: \"\"\n"),
            "3:15: view 1: 'baseline' is empty; expected a scenario name");
}

TEST_F(ViewFileTest, AcceptsEquivalentSpellings) {
  const std::filesystem::path file = dir_ / "views.yaml";
  write(file,
        "views:\n"
        "  - {panel: live, difference: yes, week: +12, language: IT, zones: [1, 02]}\n");
  const ViewSequence views = load_views(file);
  ASSERT_EQ(views.views.size(), 1u);
  EXPECT_EQ(views.views[0].panel, Panel::kLive);
  EXPECT_TRUE(views.views[0].difference);
  EXPECT_EQ(views.views[0].week, 12);
  EXPECT_EQ(views.views[0].language, "it");
  EXPECT_EQ(views.views[0].zones, (std::vector<std::string>{"1", "02"}));
}

// --- saving ---------------------------------------------------------------------------------

// Makes a directory refuse new files: permissions for an ordinary user; for root, who ignores
// them, the immutable attribute (when the file system and capabilities allow it). Undone on
// destruction.
class LockedDirectory {
 public:
  explicit LockedDirectory(std::filesystem::path dir) : dir_(std::move(dir)) {
    std::filesystem::permissions(dir_, kReadOnlyDirectory);
    if (refuses_files()) return;
    fd_ = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int flags = 0;
    if (fd_ >= 0 && ::ioctl(fd_, FS_IOC_GETFLAGS, &flags) == 0) {
      const int immutable = flags | FS_IMMUTABLE_FL;
      if (::ioctl(fd_, FS_IOC_SETFLAGS, &immutable) == 0) {
        flags_ = flags;
        immutable_ = true;
      }
    }
  }
  ~LockedDirectory() {
    if (immutable_) ::ioctl(fd_, FS_IOC_SETFLAGS, &flags_);
    if (fd_ >= 0) ::close(fd_);
    std::error_code ec;
    std::filesystem::permissions(dir_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
  }
  LockedDirectory(const LockedDirectory&) = delete;
  LockedDirectory& operator=(const LockedDirectory&) = delete;

  bool refuses_files() const {
    const std::filesystem::path probe = dir_ / "probe";
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return true;
    ::close(fd);
    ::unlink(probe.c_str());
    return false;
  }

 private:
  std::filesystem::path dir_;
  int fd_ = -1;
  int flags_ = 0;
  bool immutable_ = false;
};

TEST_F(ViewFileTest, SaveIntoAnUnwritableDirectoryKeepsTheOldFile) {
  const std::filesystem::path file = dir_ / "views.yaml";
  save_views(presentation(), file);
  const std::string before = slurp(file);
  {
    const LockedDirectory locked(dir_);
    if (!locked.refuses_files()) GTEST_SKIP() << "cannot make a directory refuse new files here";
    try {
      save_views(ViewSequence{{View{}}}, file);
      FAIL() << "saved into a locked directory";
    } catch (const ViewFileError& e) {
      EXPECT_PRED2(starts_with, e.what(), file.string() + ": cannot write a temporary file ");
      EXPECT_PRED2(has, e.what(), "expected a writable directory");
    }
  }
  EXPECT_EQ(slurp(file), before);
  EXPECT_EQ(load_views(file), presentation());
  EXPECT_EQ(files(), std::vector<std::string>{"views.yaml"});
}

TEST_F(ViewFileTest, AFailedWriteKeepsTheOldFile) {
  // Files may grow to a few bytes only: writing the new text fails half-way (EFBIG), as it
  // would on a full disk.
  const std::filesystem::path file = dir_ / "views.yaml";
  save_views(presentation(), file);
  const std::string before = slurp(file);
  rlimit old_limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  constexpr rlim_t kTinyFile = 8;
  rlimit tiny = old_limit;
  tiny.rlim_cur = kTinyFile;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &tiny), 0);
  std::string message;
  try {
    save_views(ViewSequence{{View{}, View{}}}, file);
  } catch (const ViewFileError& e) {
    message = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_PRED2(starts_with, message, file.string() + ": cannot write a temporary file beside it (");
  EXPECT_EQ(slurp(file), before);
  EXPECT_EQ(files(), std::vector<std::string>{"views.yaml"});
}

TEST_F(ViewFileTest, SaveRefusesWhatWouldNotLoadBack) {
  const std::filesystem::path file = dir_ / "views.yaml";
  save_views(presentation(), file);
  const std::string before = slurp(file);
  const auto message_of = [&](const ViewSequence& views) -> std::string {
    try {
      save_views(views, file);
    } catch (const ViewFileError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(message_of(ViewSequence{}),
            file.string() + ": no view to save; expected a view or more");
  View bad;
  bad.measure = "unmet";
  EXPECT_PRED2(starts_with, message_of(ViewSequence{{View{}, bad}}),
               file.string() + ": cannot save view 2: unknown measure 'unmet'");
  bad = View{};
  bad.week = -1;
  EXPECT_EQ(message_of(ViewSequence{{bad}}),
            file.string() +
                ": cannot save view 1: 'week' is -1; expected a whole number from 0 "
                "to 2147483647");
  bad = View{};
  bad.language = "fr";
  EXPECT_PRED2(has, message_of(ViewSequence{{bad}}), "unknown language 'fr'");
  bad = View{};
  bad.zones = {"1", ""};
  EXPECT_PRED2(has, message_of(ViewSequence{{bad}}), "item 2 of 'zones' is empty");
  EXPECT_EQ(slurp(file), before);
  EXPECT_EQ(files(), std::vector<std::string>{"views.yaml"});
  // Into a directory that does not exist.
  const std::filesystem::path nowhere = dir_ / "missing" / "views.yaml";
  EXPECT_THROW(save_views(presentation(), nowhere), ViewFileError);
  EXPECT_FALSE(std::filesystem::exists(nowhere));
}

// The sequences shipped with the project and its tests load, each view naming a measure.
TEST(ShippedViews, Load) {
  const std::filesystem::path root(WELFARE_SOURCE_DIR);
  for (const auto& file : {root / "viz/views/milano_domiciliarity.yaml",
                           root / "tests/data/viewer/bologna_views.yaml"}) {
    SCOPED_TRACE(file.string());
    const ViewSequence seq = load_views(file);
    ASSERT_FALSE(seq.views.empty());
    for (const View& v : seq.views) {
      EXPECT_FALSE(v.title.empty());
      if (v.panel == Panel::kMap || v.panel == Panel::kSeries) {
        EXPECT_FALSE(v.measure.empty());
      }
    }
  }
}

}  // namespace
}  // namespace welfare::viz
