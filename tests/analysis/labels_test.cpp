// Labels in Italian and English: every indicator and every unit of the lists has labels in both
// languages, labels are unique and valid UTF-8, interface words fail loudly on unknown keys,
// and numbers are formatted as each language writes them.
#include "analysis/labels.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/indicator_list.hpp"
#include "params/parameter_list.hpp"

namespace welfare::analysis {
namespace {

struct ListedIndicator {
  std::string_view name;
  std::string_view units;
  std::string_view description;
};

const std::vector<ListedIndicator>& listed_indicators() {
  static const std::vector<ListedIndicator> listed = {
#define LABELS_TEST_INDICATOR(id, name, units, description) {name, units, description},
      WELFARE_INDICATORS(LABELS_TEST_INDICATOR)
#undef LABELS_TEST_INDICATOR
  };
  return listed;
}

std::set<std::string_view> parameter_units() {
  return {
#define LABELS_TEST_PARAMETER_UNIT(id, path, unit, ...) unit,
      WELFARE_PARAMETERS(LABELS_TEST_PARAMETER_UNIT)
#undef LABELS_TEST_PARAMETER_UNIT
  };
}

// The number of code points of `s` if it is valid UTF-8 (no overlong forms, no surrogates,
// nothing above U+10FFFF, no control characters), else -1.
long utf8_length(std::string_view s) {
  long count = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (b0 < 0x80) {
      if (b0 < 0x20 || b0 == 0x7f) return -1;
      cp = b0;
    } else if ((b0 & 0xe0) == 0xc0) {
      extra = 1;
      cp = b0 & 0x1fu;
    } else if ((b0 & 0xf0) == 0xe0) {
      extra = 2;
      cp = b0 & 0x0fu;
    } else if ((b0 & 0xf8) == 0xf0) {
      extra = 3;
      cp = b0 & 0x07u;
    } else {
      return -1;
    }
    if (i + extra >= s.size()) return -1;  // truncated
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xc0) != 0x80) return -1;
      cp = (cp << 6) | (b & 0x3fu);
    }
    static constexpr std::uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinimum[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return -1;
    i += extra + 1;
    ++count;
  }
  return count;
}

TEST(LabelsUtf8, Validator) {
  EXPECT_EQ(utf8_length("abc"), 3);
  EXPECT_EQ(utf8_length("disabilità"), 10);
  EXPECT_EQ(utf8_length("90° – μ*"), 8);
  EXPECT_EQ(utf8_length("\xc3"), -1);          // truncated
  EXPECT_EQ(utf8_length("\xe0\x80\xaf"), -1);  // overlong
  EXPECT_EQ(utf8_length("a\xe0"), -1);         // truncated at the end
  EXPECT_EQ(utf8_length("\xed\xa0\x80"), -1);  // surrogate
  EXPECT_EQ(utf8_length("\xe0\xa8"), -1);      // truncated at the end
  EXPECT_EQ(utf8_length("\xc3\xa0\xa0"), -1);  // stray continuation byte
  EXPECT_EQ(utf8_length("a\tb"), -1);
}

TEST(Labels, OneLabelPerIndicatorInListOrder) {
  const auto& listed = listed_indicators();
  const auto& labels = indicator_labels();
  ASSERT_EQ(labels.size(), listed.size());
  for (std::size_t i = 0; i < listed.size(); ++i) {
    EXPECT_EQ(labels[i].name, listed[i].name) << "entry " << i;
    EXPECT_EQ(labels[i].description_en, listed[i].description) << listed[i].name;
  }
}

TEST(Labels, EveryIndicatorHasLabelsAndDescriptionsInBothLanguages) {
  for (const ListedIndicator& indicator : listed_indicators()) {
    SCOPED_TRACE(std::string(indicator.name));
    const IndicatorLabel* label = find_indicator_label(indicator.name);
    ASSERT_NE(label, nullptr);
    EXPECT_EQ(label->name, indicator.name);
    for (Language lang : {Language::kItalian, Language::kEnglish}) {
      SCOPED_TRACE(std::string(language_code(lang)));
      const std::string_view short_label = indicator_label(indicator.name, lang);
      const std::string_view description = indicator_description(indicator.name, lang);
      EXPECT_FALSE(short_label.empty());
      EXPECT_FALSE(description.empty());
      EXPECT_NE(short_label, indicator.name);  // a real label, not the fallback
      EXPECT_EQ(short_label, label->label(lang));
      EXPECT_EQ(description, label->description(lang));
      const long length = utf8_length(short_label);
      EXPECT_GT(length, 0) << "not valid UTF-8: " << short_label;
      EXPECT_LE(length, 40) << short_label;
      EXPECT_GT(utf8_length(description), 0) << "not valid UTF-8: " << description;
      // Labels and descriptions start with a capital (or digit) and carry no stray spaces;
      // descriptions are one sentence without a final full stop, as in the list.
      EXPECT_NE(short_label.front(), ' ');
      EXPECT_NE(short_label.back(), ' ');
      EXPECT_FALSE(short_label.front() >= 'a' && short_label.front() <= 'z') << short_label;
      EXPECT_FALSE(description.front() >= 'a' && description.front() <= 'z') << description;
      EXPECT_NE(description.back(), '.') << description;
      EXPECT_EQ(short_label.find("  "), std::string_view::npos) << short_label;
      EXPECT_EQ(description.find("  "), std::string_view::npos) << description;
    }
    // The Italian is a translation, not a copy of the English.
    EXPECT_NE(label->label_it, label->label_en);
    EXPECT_NE(label->description_it, label->description_en);
  }
}

TEST(Labels, NoTwoIndicatorsShareALabel) {
  for (Language lang : {Language::kItalian, Language::kEnglish}) {
    std::map<std::string_view, std::string_view> seen;  // label -> indicator
    for (const IndicatorLabel& label : indicator_labels()) {
      const auto [it, inserted] = seen.emplace(label.label(lang), label.name);
      EXPECT_TRUE(inserted) << language_code(lang) << " label \"" << label.label(lang) << "\" of "
                            << label.name << " is also the label of " << it->second;
    }
  }
}

TEST(Labels, ItalianUsesTheOfficesTerms) {
  EXPECT_EQ(indicator_label("ltc_hidden", Language::kItalian),
            "Non autosufficienza: bisogni nascosti");
  EXPECT_EQ(indicator_label("ltc_hidden", Language::kEnglish), "Long-term care: hidden needs");
  EXPECT_EQ(indicator_label("ltc_escalated", Language::kItalian), "Non autosufficienza: in RSA");
  EXPECT_EQ(indicator_label("family_escalated", Language::kItalian),
            "Minori collocati fuori famiglia");
  EXPECT_EQ(indicator_label("poverty_escalated", Language::kItalian), "Povertà e casa: in strada");
  EXPECT_EQ(indicator_label("evictions", Language::kItalian), "Sfratti");
  EXPECT_EQ(indicator_label("hospitalisations", Language::kItalian),
            "Ricoveri ospedalieri evitabili");
  EXPECT_EQ(indicator_label("out_of_home_placements", Language::kItalian),
            "Allontanamenti di minori");
  EXPECT_EQ(indicator_label("spending_budget_di_salute", Language::kItalian),
            "Spesa: Budget di Salute");
  EXPECT_EQ(indicator_description("wellbeing_education", Language::kItalian),
            "Benessere medio dei minori: accesso all'istruzione e alla formazione");
  EXPECT_NE(indicator_description("spending_community_hub", Language::kItalian)
                .find("Case di Quartiere / centri di comunità"),
            std::string_view::npos);
}

TEST(Labels, UnknownIndicatorFallsBackToItsName) {
  EXPECT_EQ(find_indicator_label("no_such_indicator"), nullptr);
  EXPECT_EQ(find_indicator_label(""), nullptr);
  EXPECT_EQ(indicator_label("no_such_indicator", Language::kItalian), "no_such_indicator");
  EXPECT_EQ(indicator_description("no_such_indicator", Language::kEnglish), "no_such_indicator");
}

TEST(Labels, EveryIndicatorUnitsHasAnItalianLabel) {
  std::set<std::string_view> units;
  for (const ListedIndicator& indicator : listed_indicators())
    units.insert(indicator.units);
  ASSERT_FALSE(units.empty());
  for (std::string_view u : units) {
    EXPECT_EQ(units_label(u, Language::kEnglish), u);
    const std::string_view italian = units_label(u, Language::kItalian);
    EXPECT_NE(italian, u) << "no Italian for units \"" << u << "\"";
    EXPECT_GT(utf8_length(italian), 0) << italian;
  }
  EXPECT_EQ(units_label("persons", Language::kItalian), "persone");
  EXPECT_EQ(units_label("EUR per week", Language::kItalian), "EUR a settimana");
  EXPECT_EQ(units_label("score 0-100", Language::kItalian), "punteggio 0-100");
  EXPECT_EQ(units_label("share", Language::kItalian), "quota");
}

TEST(Labels, EveryParameterUnitsHasAnItalianLabel) {
  // Units that read the same in both languages.
  const std::set<std::string_view> same = {"EUR"};
  for (std::string_view u : parameter_units()) {
    const std::string_view italian = units_label(u, Language::kItalian);
    if (same.count(u) == 0) {
      EXPECT_NE(italian, u) << "no Italian for units \"" << u << "\"";
    }
    EXPECT_GT(utf8_length(italian), 0) << italian;
  }
}

TEST(Labels, UnknownUnitsAreReturnedAsGiven) {
  EXPECT_EQ(units_label("furlongs per fortnight", Language::kItalian), "furlongs per fortnight");
  EXPECT_EQ(units_label("furlongs per fortnight", Language::kEnglish), "furlongs per fortnight");
  EXPECT_EQ(units_label("", Language::kItalian), "");
}

TEST(Language, ParseAndCode) {
  EXPECT_EQ(parse_language("it"), Language::kItalian);
  EXPECT_EQ(parse_language("IT"), Language::kItalian);
  EXPECT_EQ(parse_language("iT"), Language::kItalian);
  EXPECT_EQ(parse_language("en"), Language::kEnglish);
  EXPECT_EQ(parse_language("En"), Language::kEnglish);
  EXPECT_EQ(parse_language(""), std::nullopt);
  EXPECT_EQ(parse_language("i"), std::nullopt);
  EXPECT_EQ(parse_language("ita"), std::nullopt);
  EXPECT_EQ(parse_language("fr"), std::nullopt);
  EXPECT_EQ(parse_language("en "), std::nullopt);
  EXPECT_EQ(language_code(Language::kItalian), "it");
  EXPECT_EQ(language_code(Language::kEnglish), "en");
  for (Language lang : {Language::kItalian, Language::kEnglish}) {
    EXPECT_EQ(parse_language(language_code(lang)), lang);
  }
}

TEST(LabelsText, SeededKeysExistInBothLanguages) {
  const char* const keys[] = {"scenario",
                              "baseline",
                              "zone",
                              "district",
                              "territory",
                              "indicator",
                              "statistic",
                              "difference",
                              "mean",
                              "interval_95",
                              "lower",
                              "upper",
                              "replicates",
                              "week",
                              "weeks",
                              "end_of_horizon",
                              "cumulated",
                              "per_1000_residents",
                              "equity",
                              "gini_across_zones",
                              "worst_best_ratio",
                              "foreign",
                              "non_foreign",
                              "gap",
                              "narrows",
                              "widens",
                              "no_clear_change",
                              "costs",
                              "spending",
                              "downstream_costs_avoided",
                              "net_cost",
                              "cost_per_escalation_avoided",
                              "investment",
                              "provenance",
                              "seed",
                              "software_version",
                              "created",
                              "summary",
                              "levers",
                              "start_week",
                              "size",
                              "map",
                              "time_series",
                              "comparison",
                              "sensitivity",
                              "parameter",
                              "mu_star",
                              "sigma",
                              "src",
                              "r_squared",
                              "protection",
                              "plurality",
                              "opportunity",
                              "loneliness",
                              "report_title",
                              "not_significant"};
  for (const char* key : keys) {
    EXPECT_TRUE(has_text(key)) << key;
  }
  EXPECT_EQ(text("end_of_horizon", Language::kItalian), "a fine periodo");
  EXPECT_EQ(text("end_of_horizon", Language::kEnglish), "at the end of the horizon");
  EXPECT_EQ(text("cumulated", Language::kItalian), "cumulato sul periodo");
  EXPECT_EQ(text("narrows", Language::kItalian), "riduce il divario");
  EXPECT_EQ(text("narrows", Language::kEnglish), "narrows the gap");
  EXPECT_EQ(text("report_title", Language::kItalian), "Confronto tra scenari");
  EXPECT_EQ(text("report_title", Language::kEnglish), "Scenario comparison");
  EXPECT_EQ(text("protection", Language::kItalian), "Protezione");
  EXPECT_EQ(text("plurality", Language::kItalian), "Pluralità");
  EXPECT_EQ(text("opportunity", Language::kItalian), "Opportunità");
  EXPECT_EQ(text("loneliness", Language::kItalian), "Solitudine");
}

TEST(LabelsText, EveryKeyIsSnakeCaseSortedAndTranslated) {
  const std::vector<std::string_view> keys = text_keys();
  ASSERT_FALSE(keys.empty());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string_view key = keys[i];
    if (i > 0) {
      EXPECT_LT(keys[i - 1], key);
    }
    EXPECT_TRUE(has_text(key));
    EXPECT_FALSE(key.empty());
    for (char c : key) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') << key;
    }
    for (Language lang : {Language::kItalian, Language::kEnglish}) {
      const std::string_view value = text(key, lang);
      EXPECT_FALSE(value.empty()) << key;
      EXPECT_GT(utf8_length(value), 0) << key << ": " << value;
    }
  }
}

TEST(LabelsText, UnknownKeyThrowsNamingTheKey) {
  EXPECT_FALSE(has_text("no_such_key"));
  EXPECT_FALSE(has_text(""));
  try {
    (void)text("no_such_key", Language::kItalian);
    FAIL() << "text() accepted an unknown key";
  } catch (const std::out_of_range& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_key"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)text("Scenario", Language::kEnglish), std::out_of_range);  // keys are exact
}

TEST(FormatNumber, GroupsThousandsAsEachLanguageWrites) {
  EXPECT_EQ(format_number(1234567.891, 2, Language::kItalian), "1.234.567,89");
  EXPECT_EQ(format_number(1234567.891, 2, Language::kEnglish), "1,234,567.89");
  EXPECT_EQ(format_number(1234.5, 1, Language::kItalian), "1.234,5");
  EXPECT_EQ(format_number(1234.5, 1, Language::kEnglish), "1,234.5");
  EXPECT_EQ(format_number(999, 0, Language::kItalian), "999");
  EXPECT_EQ(format_number(1000, 0, Language::kItalian), "1.000");
  EXPECT_EQ(format_number(100000, 0, Language::kEnglish), "100,000");
  EXPECT_EQ(format_number(0, 0, Language::kEnglish), "0");
  EXPECT_EQ(format_number(0, 3, Language::kItalian), "0,000");
  EXPECT_EQ(format_number(0.5, 2, Language::kItalian), "0,50");
  EXPECT_EQ(format_number(1e15, 0, Language::kEnglish), "1,000,000,000,000,000");
}

TEST(FormatNumber, Negatives) {
  EXPECT_EQ(format_number(-1234567.891, 2, Language::kItalian), "-1.234.567,89");
  EXPECT_EQ(format_number(-1234567.891, 2, Language::kEnglish), "-1,234,567.89");
  EXPECT_EQ(format_number(-12.5, 1, Language::kItalian), "-12,5");
  EXPECT_EQ(format_number(-999.6, 0, Language::kEnglish), "-1,000");
}

TEST(FormatNumber, Rounds) {
  EXPECT_EQ(format_number(2.675, 1, Language::kEnglish), "2.7");
  EXPECT_EQ(format_number(999.996, 2, Language::kItalian), "1.000,00");
  EXPECT_EQ(format_number(1234.4, 0, Language::kItalian), "1.234");
  EXPECT_EQ(format_number(1234.6, 0, Language::kItalian), "1.235");
  EXPECT_EQ(format_number(0.125, 2, Language::kEnglish), "0.12");  // exactly half: to even
  EXPECT_EQ(format_number(0.126, 2, Language::kEnglish), "0.13");
  EXPECT_EQ(format_number(1.5, -1, Language::kEnglish), "2");  // negative decimals count as 0
}

TEST(FormatNumber, NegativeZeroHasNoSign) {
  EXPECT_EQ(format_number(-0.0001, 2, Language::kItalian), "0,00");
  EXPECT_EQ(format_number(-0.0001, 2, Language::kEnglish), "0.00");
  EXPECT_EQ(format_number(-0.0, 0, Language::kEnglish), "0");
  EXPECT_EQ(format_number(-0.4, 0, Language::kItalian), "0");
  EXPECT_EQ(format_number(-0.005, 1, Language::kItalian), "0,0");
  EXPECT_EQ(format_number(-0.06, 1, Language::kItalian), "-0,1");
}

TEST(FormatNumber, NanAndInfinity) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(format_number(nan, 2, Language::kItalian), "\u2013");
  EXPECT_EQ(format_number(nan, 0, Language::kEnglish), "\u2013");
  EXPECT_EQ(format_number(-nan, 1, Language::kEnglish), "\u2013");
  EXPECT_EQ(format_number(inf, 1, Language::kEnglish), "\u221e");
  EXPECT_EQ(format_number(-inf, 1, Language::kItalian), "-\u221e");
}

TEST(FormatNumber, ExtremeValues) {
  const std::string max = format_number(std::numeric_limits<double>::max(), 2, Language::kItalian);
  EXPECT_EQ(max.substr(0, 7), "179.769");  // 309 integer digits
  EXPECT_EQ(max.substr(max.size() - 3), ",00");
  EXPECT_EQ(format_number(std::numeric_limits<double>::denorm_min(), 3, Language::kEnglish),
            "0.000");
}

}  // namespace
}  // namespace welfare::analysis
