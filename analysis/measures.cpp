#include "analysis/measures.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <set>

#include "analysis/error.hpp"

namespace welfare::analysis {
namespace {

constexpr double kPerThousand = 1000;
constexpr double kPercent = 100;
constexpr double kWeeksPerYear = 52;
constexpr int kWellbeingDimensions = 7;

struct Domain {
  std::string_view key;  // indicator prefix
  std::string_view en;
  std::string_view it;
  Question question;
  bool households;  // counted in households rather than persons
};

constexpr std::array<Domain, 6> kDomains = {{
    {"ltc", "long-term care", "non autosufficienza", Question::kProtection, false},
    {"disability", "disability", "disabilità", Question::kProtection, false},
    {"family", "minors and families", "minori e famiglie", Question::kProtection, false},
    {"poverty", "poverty and housing", "povertà e casa", Question::kOpportunity, true},
    {"mental", "mental health", "salute mentale", Question::kProtection, false},
    {"loneliness", "loneliness", "solitudine", Question::kLoneliness, false},
}};

// Indicator names built at start-up live here, so that Term can hold string_views.
std::set<std::string, std::less<>>& name_pool() {
  static std::set<std::string, std::less<>> pool;
  return pool;
}
std::string_view pooled(const std::string& s) {
  return *name_pool().insert(s).first;
}

std::vector<Term> domain_terms(std::initializer_list<std::string_view> states,
                               double coefficient = 1) {
  std::vector<Term> terms;
  for (const Domain& d : kDomains)
    for (std::string_view state : states)
      terms.push_back({pooled(std::string(d.key) + "_" + std::string(state)), coefficient});
  return terms;
}

std::vector<Term> terms_of(std::initializer_list<std::string_view> names) {
  std::vector<Term> terms;
  for (std::string_view n : names)
    terms.push_back({n, 1});
  return terms;
}

const std::initializer_list<std::string_view> kEscalations = {
    "hospitalisations", "psychiatric_admissions", "nursing_home_admissions",
    "evictions",        "homelessness_entries",   "out_of_home_placements"};

// Service use and the levers themselves: what a scenario invests.
const std::initializer_list<std::string_view> kInvestment = {
    "spending_home_care",         "spending_day_centre",       "spending_community_hub",
    "spending_case_management",   "spending_income_support",   "spending_housing_support",
    "spending_children_services", "spending_budget_di_salute", "spending_policies"};
// What unmet needs cost when they escalate.
const std::initializer_list<std::string_view> kDownstream = {
    "spending_hospital", "spending_nursing_home", "spending_placements", "spending_homelessness"};

struct Wellbeing {
  std::string_view indicator;
  std::string_view en;
  std::string_view it;
};
constexpr std::array<Wellbeing, kWellbeingDimensions> kWellbeing = {{
    {"wellbeing_social_relations", "Minors: quality social relations",
     "Minori: relazioni sociali di qualità"},
    {"wellbeing_health_access", "Minors: access to health services",
     "Minori: accesso ai servizi sanitari"},
    {"wellbeing_education", "Minors: education and training", "Minori: istruzione e formazione"},
    {"wellbeing_physical_activity", "Minors: physical activity", "Minori: attività fisica"},
    {"wellbeing_talents", "Minors: talents and creativity", "Minori: talenti e creatività"},
    {"wellbeing_self_determination", "Minors: self-determination", "Minori: autodeterminazione"},
    {"wellbeing_common_spaces", "Minors: quality common spaces", "Minori: spazi comuni di qualità"},
}};

struct Spending {
  std::string_view indicator;
  std::string_view en;
  std::string_view it;
};
constexpr std::array<Spending, 13> kSpending = {{
    {"spending_home_care", "Spending: home care", "Spesa: assistenza domiciliare"},
    {"spending_day_centre", "Spending: day centres", "Spesa: centri diurni"},
    {"spending_community_hub", "Spending: community hubs", "Spesa: Case di Quartiere"},
    {"spending_case_management", "Spending: social workers", "Spesa: servizio sociale"},
    {"spending_income_support", "Spending: income support", "Spesa: sostegno al reddito"},
    {"spending_housing_support", "Spending: housing support", "Spesa: sostegno abitativo"},
    {"spending_children_services", "Spending: children's services", "Spesa: servizi per minori"},
    {"spending_budget_di_salute", "Spending: Budget di Salute", "Spesa: Budget di Salute"},
    {"spending_policies", "Spending: the levers themselves", "Spesa: le misure stesse"},
    {"spending_hospital", "Cost: hospital stays", "Costo: ricoveri ospedalieri"},
    {"spending_nursing_home", "Cost: nursing homes (RSA)", "Costo: RSA"},
    {"spending_placements", "Cost: out-of-home placements", "Costo: collocamenti fuori famiglia"},
    {"spending_homelessness", "Cost: emergency shelter", "Costo: accoglienza in emergenza"},
}};

std::string_view capitalised(const std::string& s) {
  std::string out = s;
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return pooled(out);
}

std::vector<MeasureDef> build_measures() {
  std::vector<MeasureDef> m;
  // What every measure states: key, labels, units, question, direction, display.
  auto head = [](std::string_view key, std::string_view en, std::string_view it, MeasureKind kind,
                 Question q, Direction dir, std::string_view units_en, std::string_view units_it,
                 int decimals, bool headline) {
    MeasureDef d;
    d.key = key;
    d.label_en = en;
    d.label_it = it;
    d.units_en = d.cumulated_units_en = units_en;
    d.units_it = d.cumulated_units_it = units_it;
    d.kind = kind;
    d.question = q;
    d.direction = dir;
    d.decimals = decimals;
    d.headline = headline;
    return d;
  };
  auto sum = [&](std::string_view key, std::string_view en, std::string_view it,
                 std::vector<Term> terms, Question q, Direction dir, std::string_view units_en,
                 std::string_view units_it, std::string_view cum_en, std::string_view cum_it,
                 bool headline = true) {
    MeasureDef d = head(key, en, it, MeasureKind::kSum, q, dir, units_en, units_it, 0, headline);
    d.cumulated_units_en = cum_en;
    d.cumulated_units_it = cum_it;
    d.numerator = std::move(terms);
    m.push_back(std::move(d));
  };
  auto ratio = [&](std::string_view key, std::string_view en, std::string_view it,
                   std::vector<Term> num, std::vector<Term> den, double scale, Question q,
                   Direction dir, std::string_view units_en, std::string_view units_it,
                   int decimals, bool headline = true) {
    MeasureDef d =
        head(key, en, it, MeasureKind::kRatio, q, dir, units_en, units_it, decimals, headline);
    d.numerator = std::move(num);
    d.denominator = std::move(den);
    d.scale = scale;
    m.push_back(std::move(d));
  };
  auto weighted = [&](std::string_view key, std::string_view en, std::string_view it,
                      std::vector<Term> value, std::vector<Term> weight, Question q, Direction dir,
                      std::string_view units_en, std::string_view units_it, int decimals,
                      bool headline = true) {
    MeasureDef d = head(key, en, it, MeasureKind::kWeightedMean, q, dir, units_en, units_it,
                        decimals, headline);
    d.value = std::move(value);
    d.denominator = std::move(weight);
    m.push_back(std::move(d));
  };
  constexpr auto kLower = Direction::kLowerIsBetter;
  constexpr auto kHigher = Direction::kHigherIsBetter;

  sum("population", "Residents", "Residenti", terms_of({"population"}), Question::kProtection,
      Direction::kNeutral, "persons", "persone", "person-weeks", "persone-settimana", false);

  // --- protection: needs met or not, escalations, waiting -------------------------------
  sum("unmet_total", "Unmet needs, all domains", "Bisogni non soddisfatti, tutti gli ambiti",
      domain_terms({"hidden", "waiting"}), Question::kProtection, kLower, "needs", "bisogni",
      "need-weeks", "bisogni-settimana");
  sum("hidden_total", "Hidden needs, all domains", "Bisogni nascosti, tutti gli ambiti",
      domain_terms({"hidden"}), Question::kProtection, kLower, "needs", "bisogni", "need-weeks",
      "bisogni-settimana");
  for (const Domain& d : kDomains) {
    const std::string_view unit_en = d.households ? "households" : "persons";
    const std::string_view unit_it = d.households ? "famiglie" : "persone";
    const std::string_view cum_en = d.households ? "household-weeks" : "person-weeks";
    const std::string_view cum_it = d.households ? "famiglie-settimana" : "persone-settimana";
    const std::string prefix(d.key);
    sum(pooled("unmet_" + prefix), capitalised("unmet need: " + std::string(d.en)),
        capitalised("bisogni non soddisfatti: " + std::string(d.it)),
        {{pooled(prefix + "_hidden"), 1}, {pooled(prefix + "_waiting"), 1}}, d.question, kLower,
        unit_en, unit_it, cum_en, cum_it);
    sum(pooled("hidden_" + prefix), capitalised("hidden need: " + std::string(d.en)),
        capitalised("bisogni nascosti: " + std::string(d.it)), {{pooled(prefix + "_hidden"), 1}},
        d.question, kLower, unit_en, unit_it, cum_en, cum_it);
  }
  weighted("waiting_weeks_mean", "Waiting time (mean so far)", "Attesa media finora",
           {{"waiting_weeks_mean", 1}}, domain_terms({"waiting"}), Question::kProtection, kLower,
           "weeks", "settimane", 1);
  ratio("coverage", "Coverage of open needs", "Copertura dei bisogni aperti",
        domain_terms({"served"}), domain_terms({"hidden", "waiting", "served"}), kPercent,
        Question::kProtection, kHigher, "%", "%", 1);
  sum("escalations_total", "Escalations, all kinds", "Esiti gravi, tutti i tipi",
      terms_of(kEscalations), Question::kProtection, kLower, "events per week",
      "eventi a settimana", "events", "eventi");
  sum("hospitalisations", "Avoidable hospital admissions", "Ricoveri ospedalieri evitabili",
      terms_of({"hospitalisations"}), Question::kProtection, kLower, "admissions per week",
      "ricoveri a settimana", "admissions", "ricoveri");
  sum("psychiatric_admissions", "Psychiatric admissions", "Ricoveri psichiatrici",
      terms_of({"psychiatric_admissions"}), Question::kProtection, kLower, "admissions per week",
      "ricoveri a settimana", "admissions", "ricoveri");
  sum("nursing_home_admissions", "Nursing-home (RSA) admissions", "Ingressi in RSA",
      terms_of({"nursing_home_admissions"}), Question::kProtection, kLower, "admissions per week",
      "ingressi a settimana", "admissions", "ingressi");
  sum("out_of_home_placements", "Out-of-home placements of minors", "Allontanamenti di minori",
      terms_of({"out_of_home_placements"}), Question::kProtection, kLower, "minors per week",
      "minori a settimana", "minors", "minori");
  ratio("unmet_per_1000", "Unmet needs per 1,000 residents",
        "Bisogni non soddisfatti ogni 1.000 residenti", domain_terms({"hidden", "waiting"}),
        terms_of({"population"}), kPerThousand, Question::kProtection, kLower,
        "per 1,000 residents", "ogni 1.000 residenti", 1);
  ratio("escalations_per_1000_year", "Escalations per 1,000 residents a year",
        "Esiti gravi ogni 1.000 residenti l'anno", terms_of(kEscalations), terms_of({"population"}),
        kPerThousand * kWeeksPerYear, Question::kProtection, kLower, "per 1,000 residents a year",
        "ogni 1.000 residenti l'anno", 2);

  // --- by citizenship: the equality of outcomes between groups -----------------------------
  ratio("unmet_per_1000_foreign", "Unmet needs per 1,000 foreign residents",
        "Bisogni non soddisfatti ogni 1.000 residenti stranieri", domain_terms({"unmet_foreign"}),
        terms_of({"population_foreign"}), kPerThousand, Question::kProtection, kLower,
        "per 1,000 residents", "ogni 1.000 residenti", 1, false);
  {
    std::vector<Term> num = domain_terms({"hidden", "waiting"});
    for (Term t : domain_terms({"unmet_foreign"}, -1))
      num.push_back(t);
    ratio("unmet_per_1000_non_foreign", "Unmet needs per 1,000 Italian residents",
          "Bisogni non soddisfatti ogni 1.000 residenti italiani", std::move(num),
          {{"population", 1}, {"population_foreign", -1}}, kPerThousand, Question::kProtection,
          kLower, "per 1,000 residents", "ogni 1.000 residenti", 1, false);
  }
  ratio("escalations_per_1000_year_foreign", "Escalations per 1,000 foreign residents a year",
        "Esiti gravi ogni 1.000 residenti stranieri l'anno", terms_of({"escalations_foreign"}),
        terms_of({"population_foreign"}), kPerThousand * kWeeksPerYear, Question::kProtection,
        kLower, "per 1,000 residents a year", "ogni 1.000 residenti l'anno", 2, false);
  {
    std::vector<Term> num = terms_of(kEscalations);
    num.push_back({"escalations_foreign", -1});
    ratio("escalations_per_1000_year_non_foreign", "Escalations per 1,000 Italian residents a year",
          "Esiti gravi ogni 1.000 residenti italiani l'anno", std::move(num),
          {{"population", 1}, {"population_foreign", -1}}, kPerThousand * kWeeksPerYear,
          Question::kProtection, kLower, "per 1,000 residents a year",
          "ogni 1.000 residenti l'anno", 2, false);
  }

  // --- plurality: the responses of families, networks and services together ----------------
  sum("informal_care_hours", "Informal care given", "Cura informale prestata",
      terms_of({"informal_care_hours"}), Question::kPlurality, kHigher, "hours per week",
      "ore a settimana", "hours", "ore");
  sum("informal_carers", "Informal carers", "Caregiver familiari", terms_of({"informal_carers"}),
      Question::kPlurality, Direction::kNeutral, "persons", "persone", "person-weeks",
      "persone-settimana");
  sum("detected_total", "Needs intercepted", "Bisogni intercettati", domain_terms({"detected"}),
      Question::kPlurality, kHigher, "needs per week", "bisogni a settimana", "needs", "bisogni");
  sum("served_total", "Needs in care", "Bisogni in carico", domain_terms({"served"}),
      Question::kPlurality, kHigher, "needs", "bisogni", "need-weeks", "bisogni-settimana");

  // --- opportunity: poverty, housing, children's well-being ---------------------------------
  sum("evictions", "Evictions", "Sfratti", terms_of({"evictions"}), Question::kOpportunity, kLower,
      "households per week", "famiglie a settimana", "households", "famiglie");
  sum("homelessness_entries", "Housing emergencies ending on the street",
      "Emergenze abitative finite in strada", terms_of({"homelessness_entries"}),
      Question::kOpportunity, kLower, "households per week", "famiglie a settimana", "households",
      "famiglie");
  {
    std::vector<Term> all;
    for (const Wellbeing& w : kWellbeing)
      all.push_back({w.indicator, 1.0 / kWellbeingDimensions});
    weighted("wellbeing_index", "Minors' well-being (mean of 7 dimensions)",
             "Benessere dei minori (media delle 7 dimensioni)", std::move(all),
             terms_of({"population_0_17"}), Question::kOpportunity, kHigher, "score 0-100",
             "punteggio 0-100", 1);
  }
  for (const Wellbeing& w : kWellbeing) {
    weighted(w.indicator, w.en, w.it, {{w.indicator, 1}}, terms_of({"population_0_17"}),
             Question::kOpportunity, kHigher, "score 0-100", "punteggio 0-100", 1);
  }

  // --- loneliness --------------------------------------------------------------------------
  ratio("loneliness_prevalence", "Loneliness prevalence", "Prevalenza della solitudine",
        terms_of({"loneliness_hidden", "loneliness_waiting", "loneliness_served"}),
        terms_of({"population"}), kPercent, Question::kLoneliness, kLower, "% of residents",
        "% dei residenti", 2);
  ratio("loneliness_prevalence_65_plus", "Loneliness prevalence, 65 and over",
        "Prevalenza della solitudine, 65 anni e oltre", terms_of({"loneliness_65_plus"}),
        terms_of({"population_65_plus"}), kPercent, Question::kLoneliness, kLower,
        "% of residents 65+", "% dei residenti 65+", 2);

  // --- costs ----------------------------------------------------------------------------------
  {
    std::vector<Term> all = terms_of(kInvestment);
    for (Term t : terms_of(kDownstream))
      all.push_back(t);
    sum("spending_total", "Spending, all services and costs", "Spesa totale", std::move(all),
        Question::kCosts, Direction::kNeutral, "EUR per week", "EUR a settimana", "EUR", "EUR");
  }
  sum("spending_investment", "Spending on services and levers", "Spesa per servizi e misure",
      terms_of(kInvestment), Question::kCosts, Direction::kNeutral, "EUR per week",
      "EUR a settimana", "EUR", "EUR");
  sum("spending_downstream", "Downstream costs (escalations)", "Costi degli esiti gravi",
      terms_of(kDownstream), Question::kCosts, kLower, "EUR per week", "EUR a settimana", "EUR",
      "EUR");
  for (const Spending& s : kSpending) {
    sum(s.indicator, s.en, s.it, {{s.indicator, 1}}, Question::kCosts, Direction::kNeutral,
        "EUR per week", "EUR a settimana", "EUR", "EUR");
  }

  // Display order: by question, keeping the order above within each.
  std::stable_sort(m.begin(), m.end(), [](const MeasureDef& a, const MeasureDef& b) {
    return static_cast<int>(a.question) < static_cast<int>(b.question);
  });
  return m;
}

double sum_terms(const std::vector<Term>& terms, const std::vector<const float*>& data,
                 std::size_t offset) {
  double s = 0;
  for (std::size_t i = 0; i < terms.size(); ++i)
    s += terms[i].coefficient * static_cast<double>(data[i][offset]);
  return s;
}

// The numerator terms of a measure: the value averaged for weighted means.
const std::vector<Term>& numerator_terms(const MeasureDef& def) {
  return def.kind == MeasureKind::kWeightedMean ? def.value : def.numerator;
}

}  // namespace

std::string_view question_key(Question q) {
  switch (q) {
    case Question::kProtection:
      return "protection";
    case Question::kPlurality:
      return "plurality";
    case Question::kOpportunity:
      return "opportunity";
    case Question::kLoneliness:
      return "loneliness";
    case Question::kCosts:
      return "costs";
  }
  return "protection";
}

std::string_view period_key(Period p) {
  return p == Period::kEnd ? "end" : "cumulated";
}

std::string_view MeasureDef::units(Language lang, bool cumulated) const {
  if (cumulated) return lang == Language::kItalian ? cumulated_units_it : cumulated_units_en;
  return lang == Language::kItalian ? units_it : units_en;
}

const std::vector<MeasureDef>& measures() {
  static const std::vector<MeasureDef> all = build_measures();
  return all;
}

const MeasureDef* find_measure(std::string_view key) {
  for (const MeasureDef& m : measures())
    if (m.key == key) return &m;
  return nullptr;
}

std::size_t measure_index(std::string_view key) {
  const auto& all = measures();
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].key == key) return i;
  std::string known;
  for (const MeasureDef& m : all)
    known += (known.empty() ? "" : ", ") + std::string(m.key);
  throw AnalysisError("no measure '" + std::string(key) + "'; the measures are: " + known);
}

std::vector<std::string> measure_indicators() {
  std::set<std::string> names;
  for (const MeasureDef& m : measures()) {
    for (const auto* list : {&m.numerator, &m.denominator, &m.value})
      for (const Term& t : *list)
        names.emplace(t.indicator);
  }
  return {names.begin(), names.end()};
}

MeasureCells::MeasureCells(const store::RunData& run, const MeasureDef& def) : def_(&def) {
  const std::size_t cells = run.weeks.size() * run.zones.ids.size();
  auto pointers = [&](const std::vector<Term>& terms) {
    std::vector<const float*> out;
    for (const Term& t : terms) {
      const auto it =
          std::find_if(run.indicators.begin(), run.indicators.end(),
                       [&](const store::Indicator& i) { return i.name == t.indicator; });
      const std::string run_name = "run of " + run.meta.scenario_name + " (replicate " +
                                   std::to_string(run.meta.replicate) + ")";
      if (it == run.indicators.end()) {
        throw AnalysisError(run_name + " has no indicator '" + std::string(t.indicator) +
                            "': the store was written by an older version");
      }
      if (it->values.size() < cells) {
        throw AnalysisError(run_name + ": indicator '" + std::string(t.indicator) + "' has " +
                            std::to_string(it->values.size()) + " values for " +
                            std::to_string(cells) + " weeks x zones");
      }
      out.push_back(it->values.data());
    }
    return out;
  };
  num_ = pointers(numerator_terms(def));
  den_ = pointers(def.denominator);
}

MeasureCells::Cell MeasureCells::at(std::size_t offset) const {
  const MeasureDef& def = *def_;
  Cell c;
  c.num = sum_terms(numerator_terms(def), num_, offset);
  c.den = def.kind == MeasureKind::kSum ? 1.0 : sum_terms(def.denominator, den_, offset);
  if (def.kind == MeasureKind::kWeightedMean) c.num *= c.den;
  return c;
}

double measure_value(const MeasureDef& def, double num, double den) {
  switch (def.kind) {
    case MeasureKind::kSum:
      return num;
    case MeasureKind::kRatio:
      return den > 0 ? def.scale * num / den : std::numeric_limits<double>::quiet_NaN();
    case MeasureKind::kWeightedMean:
      return den > 0 ? num / den : std::numeric_limits<double>::quiet_NaN();
  }
  return num;
}

RunMeasures::RunMeasures(const store::RunData& run, const WeekWindow& window)
    : zones_(run.zones.ids.size()) {
  const std::size_t weeks = run.weeks.size();
  if (window.last >= weeks || window.first > window.last) {
    throw AnalysisError("run " + run.meta.scenario_name + " replicate " +
                        std::to_string(run.meta.replicate) + " has " + std::to_string(weeks) +
                        " weeks; the window asked for does not fit");
  }
  const auto& defs = measures();
  parts_.resize(defs.size());
  series_.resize(defs.size());
  for (std::size_t mi = 0; mi < defs.size(); ++mi) {
    const MeasureDef& def = defs[mi];
    const MeasureCells cells(run, def);
    Parts& parts = parts_[mi];
    parts.num.assign(kPeriodCount * zones_, 0.0);
    parts.den.assign(kPeriodCount * zones_, 0.0);
    series_[mi].assign(window.size(), 0.0);
    for (std::size_t w = window.first; w <= window.last; ++w) {
      double week_num = 0;
      double week_den = 0;
      for (std::size_t z = 0; z < zones_; ++z) {
        const MeasureCells::Cell c = cells.at(w * zones_ + z);
        week_num += c.num;
        week_den += c.den;
        const std::size_t cum = static_cast<std::size_t>(Period::kCumulated) * zones_ + z;
        parts.num[cum] += c.num;
        parts.den[cum] += c.den;
        if (w == window.last) {
          parts.num[z] = c.num;
          parts.den[z] = c.den;
        }
      }
      series_[mi][w - window.first] = measure_value(def, week_num, week_den);
    }
  }
}

double RunMeasures::zone_value(std::size_t measure, Period period, std::size_t zone) const {
  const MeasureDef& def = measures()[measure];
  const std::size_t i = static_cast<std::size_t>(period) * zones_ + zone;
  const Parts& p = parts_[measure];
  return measure_value(def, p.num[i], p.den[i]);
}

double RunMeasures::value(std::size_t measure, Period period,
                          const std::vector<std::size_t>& zones) const {
  const MeasureDef& def = measures()[measure];
  const Parts& p = parts_[measure];
  const std::size_t base = static_cast<std::size_t>(period) * zones_;
  double num = 0;
  double den = 0;
  for (std::size_t z : zones) {
    num += p.num[base + z];
    den += p.den[base + z];
  }
  return measure_value(def, num, den);
}

}  // namespace welfare::analysis
