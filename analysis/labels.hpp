// Labels in Italian and English: the one table of indicator names, units and interface words
// that the analysis tools (terminal tables, CSV, the HTML report) and the viewer show.
//
// The indicator table follows engine/indicator_list.hpp entry by entry (labels.cpp checks at
// compile time that it has one entry per indicator, in the list's order); names and English
// descriptions come from the list itself. Interface words (table headers, section titles,
// statistic names) are keyed snake_case strings in one sorted static array in labels.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace welfare::analysis {

enum class Language { kItalian, kEnglish };

// "it" or "en", in any case; nullopt for anything else.
std::optional<Language> parse_language(std::string_view code);
// "it" or "en".
std::string_view language_code(Language lang);

struct IndicatorLabel {
  std::string_view name;      // the dataset name, e.g. "ltc_hidden"
  std::string_view label_en;  // short (at most 40 characters): table rows and chart titles
  std::string_view label_it;
  std::string_view description_en;  // one sentence: the list's description
  std::string_view description_it;

  std::string_view label(Language lang) const {
    return lang == Language::kItalian ? label_it : label_en;
  }
  std::string_view description(Language lang) const {
    return lang == Language::kItalian ? description_it : description_en;
  }
};

// Every indicator of engine/indicator_list.hpp, in the list's order.
const std::vector<IndicatorLabel>& indicator_labels();
// The indicator with this dataset name, or nullptr.
const IndicatorLabel* find_indicator_label(std::string_view name);
// The indicator's short label; the name itself if the indicator is unknown.
std::string_view indicator_label(std::string_view name, Language lang);
// The indicator's one-sentence description; the name itself if the indicator is unknown.
std::string_view indicator_description(std::string_view name, Language lang);

// Units as the store and the parameter dictionary record them ("persons", "EUR per week",
// "score 0-100", "share", ...) in a language: "persone", "EUR a settimana", ... Unknown units
// are returned as given.
std::string_view units_label(std::string_view units, Language lang);

// Interface words (table headers, section titles, statistic names...) by snake_case key.
// Throws std::out_of_range naming the key when the key is unknown (a bug: tests catch it).
std::string_view text(std::string_view key, Language lang);
bool has_text(std::string_view key);
// Every key of the interface words, sorted.
std::vector<std::string_view> text_keys();

// `value` with `decimals` digits after the point (negative counts as 0), rounded (exact ties
// to even, as printf does), digits grouped by three: Italian "1.234.567,89", English
// "1,234,567.89". A value that rounds to zero has no minus sign; NaN is "–" (en dash),
// infinities "∞" and "-∞".
std::string format_number(double value, int decimals, Language lang);

}  // namespace welfare::analysis
