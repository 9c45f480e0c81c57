// The parameter dictionary is sound (unique paths, defaults inside their ranges, every entry
// documented and sourced) and docs/parameters.md is the text generated from it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "params/parameters.hpp"

namespace welfare {
namespace {

TEST(ParameterDictionary, PathsAreUniqueAndWellFormed) {
  std::set<std::string_view> paths;
  for (const auto& s : param_specs()) {
    EXPECT_TRUE(paths.insert(s.path).second) << "duplicate path " << s.path;
    // "group.name": the group is the section of docs/parameters.md.
    EXPECT_NE(s.path.find('.'), std::string_view::npos) << s.path;
    for (char c : s.path) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.')
          << s.path << " uses '" << c << "'";
    }
  }
  EXPECT_EQ(paths.size(), kParamCount);
}

TEST(ParameterDictionary, DefaultsLieWithinTheirRanges) {
  for (const auto& s : param_specs()) {
    EXPECT_LE(s.min, s.max) << s.path;
    EXPECT_GE(s.default_value, s.min) << s.path;
    EXPECT_LE(s.default_value, s.max) << s.path;
  }
}

TEST(ParameterDictionary, EveryEntryHasUnitDescriptionAndSource) {
  for (const auto& s : param_specs()) {
    EXPECT_FALSE(s.unit.empty()) << s.path;
    EXPECT_FALSE(s.description.empty()) << s.path;
    EXPECT_FALSE(s.source.empty()) << s.path;
    // A '|' would break the Markdown table.
    EXPECT_EQ(s.description.find('|'), std::string_view::npos) << s.path;
    EXPECT_EQ(s.source.find('|'), std::string_view::npos) << s.path;
  }
}

TEST(ParameterDictionary, IdsMatchTheirPositions) {
  for (std::size_t i = 0; i < kParamCount; ++i) {
    EXPECT_EQ(static_cast<std::size_t>(param_specs()[i].id), i);
    EXPECT_EQ(&spec(param_specs()[i].id), &param_specs()[i]);
  }
}

TEST(ParameterDictionary, FindParamByPath) {
  for (const auto& s : param_specs())
    EXPECT_EQ(find_param(s.path), s.id) << s.path;
  EXPECT_EQ(find_param("population.max_age"), Param::kMaxAge);
  EXPECT_FALSE(find_param("population.max_ag").has_value());
  EXPECT_FALSE(find_param("").has_value());
  EXPECT_FALSE(find_param("max_age").has_value());
}

TEST(Parameters, StartAtDefaultsAndTakeValues) {
  Parameters p;
  for (const auto& s : param_specs())
    EXPECT_EQ(p[s.id], s.default_value) << s.path;
  EXPECT_EQ(p, Parameters());
  p.set(Param::kMaxAge, 90);
  EXPECT_EQ(p[Param::kMaxAge], 90);
  EXPECT_NE(p, Parameters());
}

TEST(ParameterDictionary, MarkdownListsEveryParameter) {
  const std::string md = parameters_markdown();
  for (const auto& s : param_specs()) {
    EXPECT_NE(md.find("| `" + std::string(s.path) + "` |"), std::string::npos) << s.path;
  }
}

// docs/parameters.md is generated (`welfare params --markdown > docs/parameters.md`); this
// keeps it from drifting when the dictionary changes.
TEST(ParameterDictionary, DocsMatchTheDictionary) {
  const std::filesystem::path doc =
      std::filesystem::path(WELFARE_SOURCE_DIR) / "docs" / "parameters.md";
  std::ifstream in(doc, std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << doc;
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), parameters_markdown())
      << doc << " is out of date: regenerate it with `welfare params --markdown > "
      << "docs/parameters.md`";
}

}  // namespace
}  // namespace welfare
