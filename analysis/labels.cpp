#include "analysis/labels.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <system_error>

#include "engine/indicator_list.hpp"

namespace welfare::analysis {
namespace {

// ---------------------------------------------------------------------------------------
// Indicators. Names, units and English descriptions come from WELFARE_INDICATORS; the
// labels and Italian descriptions below follow it entry by entry (same ids, same order:
// checked at compile time). A new indicator in the list fails to compile here until it has
// its labels.
//
// L(id, label_en, label_it, description_it)

// clang-format off
#define WELFARE_INDICATOR_LABELS(L) \
  L(kPopulation, "Population", "Popolazione residente", "Residenti a fine settimana (compresi gli ospiti delle RSA)") \
  L(kMinors, "Residents aged 0-17", "Residenti di 0-17 anni", "Residenti con meno di 18 anni") \
  L(kElderly, "Residents aged 65+", "Residenti di 65 anni e più", "Residenti di 65 anni e più") \
  L(kOldestOld, "Residents aged 80+", "Residenti di 80 anni e più", "Residenti di 80 anni e più") \
  L(kForeign, "Residents with foreign citizenship", "Residenti con cittadinanza straniera", "Residenti con cittadinanza straniera") \
  L(kHouseholds, "Households", "Famiglie", "Famiglie con almeno un componente che vive al proprio domicilio") \
  L(kOnePerson, "One-person households", "Famiglie unipersonali", "Famiglie composte da una sola persona") \
  L(kElderlyAlone, "One-person households aged 65+", "Anziani che vivono soli", "Famiglie composte da una sola persona di 65 anni e più") \
  L(kBirths, "Births", "Nascite", "Nascite nella settimana") \
  L(kDeaths, "Deaths", "Decessi", "Decessi nella settimana") \
  L(kLtcHidden, "Long-term care: hidden needs", "Non autosufficienza: bisogni nascosti", "Bisogni aperti di non autosufficienza non noti ai servizi (non intercettati)") \
  L(kLtcWaiting, "Long-term care: waiting", "Non autosufficienza: in attesa", "Bisogni di non autosufficienza noti ai servizi e in attesa di una prestazione") \
  L(kLtcServed, "Long-term care: served", "Non autosufficienza: in carico", "Bisogni di non autosufficienza che ricevono una prestazione (in carico ai servizi)") \
  L(kLtcEscalated, "Long-term care: in a nursing home", "Non autosufficienza: in RSA", "Persone ospiti di una RSA") \
  L(kLtcOnsets, "Long-term care: new needs", "Non autosufficienza: nuovi bisogni", "Nuovi bisogni di non autosufficienza insorti nella settimana") \
  L(kLtcDetected, "Long-term care: detected", "Non autosufficienza: intercettati", "Bisogni nascosti di non autosufficienza intercettati dai servizi nella settimana") \
  L(kLtcResolved, "Long-term care: resolved", "Non autosufficienza: conclusi", "Bisogni di non autosufficienza conclusi nella settimana") \
  L(kLtcUnmetForeign, "Long-term care: foreign unmet needs", "Non autosufficienza: inevasi, stranieri", "Bisogni di non autosufficienza inevasi (nascosti o in attesa) di persone con cittadinanza straniera") \
  L(kDisabilityHidden, "Disability: hidden needs", "Disabilità: bisogni nascosti", "Bisogni aperti legati alla disabilità non noti ai servizi (non intercettati)") \
  L(kDisabilityWaiting, "Disability: waiting", "Disabilità: in attesa", "Bisogni legati alla disabilità noti ai servizi e in attesa di una prestazione") \
  L(kDisabilityServed, "Disability: served", "Disabilità: in carico", "Bisogni legati alla disabilità che ricevono una prestazione (in carico ai servizi)") \
  L(kDisabilityEscalated, "Disability: escalated (none)", "Disabilità: aggravamenti (nessuno)", "Aggravamenti dei bisogni legati alla disabilità (nessuno: indicatore tenuto per simmetria)") \
  L(kDisabilityOnsets, "Disability: new needs", "Disabilità: nuovi bisogni", "Nuovi bisogni legati alla disabilità insorti nella settimana") \
  L(kDisabilityDetected, "Disability: detected", "Disabilità: intercettati", "Bisogni nascosti legati alla disabilità intercettati dai servizi nella settimana") \
  L(kDisabilityResolved, "Disability: resolved", "Disabilità: conclusi", "Bisogni legati alla disabilità conclusi nella settimana") \
  L(kDisabilityUnmetForeign, "Disability: foreign unmet needs", "Disabilità: inevasi, stranieri", "Bisogni legati alla disabilità inevasi (nascosti o in attesa) di persone con cittadinanza straniera") \
  L(kFamilyHidden, "Family: hidden needs", "Minori e famiglie: bisogni nascosti", "Bisogni aperti dell'area minori e famiglie non noti ai servizi (non intercettati)") \
  L(kFamilyWaiting, "Family: waiting", "Minori e famiglie: in attesa", "Bisogni dell'area minori e famiglie noti ai servizi e in attesa di una prestazione") \
  L(kFamilyServed, "Family: served", "Minori e famiglie: in carico", "Bisogni dell'area minori e famiglie che ricevono una prestazione (in carico ai servizi)") \
  L(kFamilyEscalated, "Minors placed out of home", "Minori collocati fuori famiglia", "Minori collocati fuori dalla famiglia d'origine") \
  L(kFamilyOnsets, "Family: new needs", "Minori e famiglie: nuovi bisogni", "Nuovi bisogni dell'area minori e famiglie insorti nella settimana") \
  L(kFamilyDetected, "Family: detected", "Minori e famiglie: intercettati", "Bisogni nascosti dell'area minori e famiglie intercettati dai servizi nella settimana") \
  L(kFamilyResolved, "Family: resolved", "Minori e famiglie: conclusi", "Bisogni dell'area minori e famiglie conclusi nella settimana") \
  L(kFamilyUnmetForeign, "Family: foreign unmet needs", "Minori e famiglie: inevasi, stranieri", "Bisogni dell'area minori e famiglie inevasi (nascosti o in attesa) di persone con cittadinanza straniera") \
  L(kPovertyHidden, "Poverty and housing: hidden needs", "Povertà e casa: bisogni nascosti", "Bisogni aperti di povertà e casa dei nuclei familiari non noti ai servizi (non intercettati)") \
  L(kPovertyWaiting, "Poverty and housing: waiting", "Povertà e casa: in attesa", "Bisogni di povertà e casa dei nuclei familiari noti ai servizi e in attesa di una prestazione") \
  L(kPovertyServed, "Poverty and housing: served", "Povertà e casa: in carico", "Bisogni di povertà e casa dei nuclei familiari che ricevono una prestazione (in carico ai servizi)") \
  L(kPovertyEscalated, "Poverty and housing: on the street", "Povertà e casa: in strada", "Nuclei familiari di persone che vivono in strada") \
  L(kPovertyOnsets, "Poverty and housing: new needs", "Povertà e casa: nuovi bisogni", "Nuovi bisogni di povertà e casa dei nuclei familiari insorti nella settimana") \
  L(kPovertyDetected, "Poverty and housing: detected", "Povertà e casa: intercettati", "Bisogni nascosti di povertà e casa dei nuclei familiari intercettati dai servizi nella settimana") \
  L(kPovertyResolved, "Poverty and housing: resolved", "Povertà e casa: conclusi", "Bisogni di povertà e casa dei nuclei familiari conclusi nella settimana") \
  L(kPovertyUnmetForeign, "Poverty and housing: foreign unmet needs", "Povertà e casa: inevasi, stranieri", "Bisogni di povertà e casa dei nuclei familiari inevasi (nascosti o in attesa) di persone con cittadinanza straniera") \
  L(kMentalHidden, "Mental health: hidden needs", "Salute mentale: bisogni nascosti", "Bisogni aperti di salute mentale non noti ai servizi (non intercettati)") \
  L(kMentalWaiting, "Mental health: waiting", "Salute mentale: in attesa", "Bisogni di salute mentale noti ai servizi e in attesa di una prestazione") \
  L(kMentalServed, "Mental health: served", "Salute mentale: in carico", "Bisogni di salute mentale che ricevono una prestazione (in carico ai servizi)") \
  L(kMentalEscalated, "Mental health: escalated (none)", "Salute mentale: aggravamenti (nessuno)", "Aggravamenti dei bisogni di salute mentale (nessuno: i ricoveri sono contati come eventi)") \
  L(kMentalOnsets, "Mental health: new needs", "Salute mentale: nuovi bisogni", "Nuovi bisogni di salute mentale insorti nella settimana") \
  L(kMentalDetected, "Mental health: detected", "Salute mentale: intercettati", "Bisogni nascosti di salute mentale intercettati dai servizi nella settimana") \
  L(kMentalResolved, "Mental health: resolved", "Salute mentale: conclusi", "Bisogni di salute mentale conclusi nella settimana") \
  L(kMentalUnmetForeign, "Mental health: foreign unmet needs", "Salute mentale: inevasi, stranieri", "Bisogni di salute mentale inevasi (nascosti o in attesa) di persone con cittadinanza straniera") \
  L(kLonelinessHidden, "Loneliness: hidden needs", "Solitudine: bisogni nascosti", "Situazioni di solitudine aperte non note ai servizi (non intercettate)") \
  L(kLonelinessWaiting, "Loneliness: waiting", "Solitudine: in attesa", "Situazioni di solitudine note ai servizi e in attesa di una prestazione") \
  L(kLonelinessServed, "Loneliness: served", "Solitudine: in carico", "Situazioni di solitudine che ricevono una prestazione (in carico ai servizi)") \
  L(kLonelinessEscalated, "Loneliness: escalated (none)", "Solitudine: aggravamenti (nessuno)", "Aggravamenti della solitudine (nessuno: la solitudine aumenta invece il rischio per la salute mentale)") \
  L(kLonelinessOnsets, "Loneliness: new needs", "Solitudine: nuovi bisogni", "Nuove situazioni di solitudine insorte nella settimana") \
  L(kLonelinessDetected, "Loneliness: detected", "Solitudine: intercettati", "Situazioni di solitudine nascoste intercettate dai servizi nella settimana") \
  L(kLonelinessResolved, "Loneliness: resolved", "Solitudine: conclusi", "Situazioni di solitudine concluse nella settimana") \
  L(kLonelinessUnmetForeign, "Loneliness: foreign unmet needs", "Solitudine: inevasi, stranieri", "Situazioni di solitudine inevase (nascoste o in attesa) di persone con cittadinanza straniera") \
  L(kLonely65Plus, "Loneliness: persons aged 65+", "Solitudine: persone di 65 anni e più", "Persone sole di 65 anni e più (bisogni nascosti, in attesa o in carico)") \
  L(kHospitalisations, "Avoidable hospital admissions", "Ricoveri ospedalieri evitabili", "Ricoveri ospedalieri evitabili di persone con bisogni di non autosufficienza o legati alla disabilità") \
  L(kPsychiatricAdmissions, "Psychiatric admissions", "Ricoveri psichiatrici", "Ricoveri psichiatrici di persone con bisogni di salute mentale inevasi") \
  L(kNursingHomeAdmissions, "Nursing-home admissions", "Ingressi in RSA", "Ingressi in una RSA") \
  L(kEvictions, "Evictions", "Sfratti", "Sfratti di nuclei familiari con un bisogno di povertà e casa inevaso") \
  L(kHomelessness, "Entries into homelessness", "Emergenze abitative finite in strada", "Emergenze abitative concluse con la vita in strada") \
  L(kPlacements, "Out-of-home placements of minors", "Allontanamenti di minori", "Allontanamenti di minori dalla famiglia d'origine (collocamenti fuori famiglia)") \
  L(kEscalationsForeign, "Escalations, foreign citizens", "Aggravamenti, cittadini stranieri", "Aggravamenti di ogni tipo tra persone con cittadinanza straniera") \
  L(kWaitingMean, "Mean waiting time", "Tempo medio di attesa", "Tempo medio già trascorso in attesa dai bisogni che aspettano una prestazione") \
  L(kWaitingP90, "Waiting time, 90th percentile", "Tempo di attesa, 90° percentile", "90° percentile del tempo già trascorso in attesa dai bisogni che aspettano una prestazione") \
  L(kWaitingMeanForeign, "Mean waiting time, foreign citizens", "Tempo medio di attesa, stranieri", "Tempo medio già trascorso in attesa, persone con cittadinanza straniera") \
  L(kCoverage, "Coverage of needs", "Copertura dei bisogni", "Quota dei bisogni aperti (nascosti, in attesa o in carico) che ricevono una prestazione") \
  L(kCoverageForeign, "Coverage of needs, foreign citizens", "Copertura dei bisogni, stranieri", "Copertura dei bisogni tra le persone con cittadinanza straniera") \
  L(kInformalCareHours, "Informal care hours", "Ore di cura informale", "Ore di cura informale prestate da familiari conviventi e parenti") \
  L(kInformalCarers, "Informal carers", "Caregiver familiari", "Persone che prestano cura informale (caregiver familiari)") \
  L(kWellbeingSocialRelations, "Well-being: quality social relations", "Benessere: relazioni sociali di qualità", "Benessere medio dei minori: relazioni sociali di qualità") \
  L(kWellbeingHealthAccess, "Well-being: access to health services", "Benessere: accesso ai servizi sanitari", "Benessere medio dei minori: accesso ai servizi sanitari") \
  L(kWellbeingEducation, "Well-being: education and training", "Benessere: istruzione e formazione", "Benessere medio dei minori: accesso all'istruzione e alla formazione") \
  L(kWellbeingPhysicalActivity, "Well-being: physical activity", "Benessere: attività fisica", "Benessere medio dei minori: attività fisica") \
  L(kWellbeingTalents, "Well-being: talents and creativity", "Benessere: talenti e creatività", "Benessere medio dei minori: espressione di talenti e creatività") \
  L(kWellbeingSelfDetermination, "Well-being: self-determination", "Benessere: autodeterminazione", "Benessere medio dei minori: autodeterminazione") \
  L(kWellbeingCommonSpaces, "Well-being: quality common spaces", "Benessere: spazi comuni di qualità", "Benessere medio dei minori: accesso a spazi comuni di qualità") \
  L(kSpendingHomeCare, "Spending: home care", "Spesa: assistenza domiciliare (SAD/ADI)", "Spesa per l'assistenza domiciliare (SAD/ADI), in base alle ore erogate") \
  L(kSpendingDayCentre, "Spending: day centres", "Spesa: centri diurni", "Spesa per i posti occupati nei centri diurni") \
  L(kSpendingNursingHome, "Spending: nursing homes", "Spesa: RSA", "Spesa per i posti letto occupati in RSA") \
  L(kSpendingCommunityHub, "Spending: community hubs", "Spesa: centri di comunità", "Spesa per i posti utilizzati nelle Case di Quartiere / centri di comunità") \
  L(kSpendingCaseManagement, "Spending: case management", "Spesa: servizio sociale professionale", "Spesa per gli assistenti sociali in organico (servizio sociale professionale)") \
  L(kSpendingIncomeSupport, "Spending: income support", "Spesa: sostegno al reddito", "Spesa per il sostegno al reddito erogato") \
  L(kSpendingHousingSupport, "Spending: housing support", "Spesa: sostegno abitativo", "Spesa per i posti di sostegno abitativo utilizzati") \
  L(kSpendingChildrenServices, "Spending: children's services", "Spesa: servizi per minori", "Spesa per i posti utilizzati nei servizi per minori") \
  L(kSpendingBudgetDiSalute, "Spending: Budget di Salute", "Spesa: Budget di Salute", "Spesa per i progetti di Budget di Salute") \
  L(kSpendingHospital, "Cost: hospital stays", "Costo: ricoveri ospedalieri", "Costo dei ricoveri ospedalieri evitabili e psichiatrici iniziati nella settimana") \
  L(kSpendingPlacements, "Cost: out-of-home placements", "Costo: minori fuori famiglia", "Costo dei collocamenti di minori fuori famiglia") \
  L(kSpendingHomelessness, "Cost: emergency shelter", "Costo: accoglienza in emergenza", "Costo dell'accoglienza in emergenza delle persone in strada") \
  L(kSpendingPolicies, "Spending: policy levers", "Spesa: leve delle politiche", "Costo delle leve delle politiche in sé (antenne, case manager, punti di accesso...), oltre all'uso dei servizi")
// clang-format on

enum class Id : std::size_t {
#define WELFARE_LABELS_ID(id, ...) id,
  WELFARE_INDICATORS(WELFARE_LABELS_ID)
#undef WELFARE_LABELS_ID
};

struct Listed {
  std::string_view name;
  std::string_view description;
};

constexpr Listed kListed[] = {
#define WELFARE_LABELS_LISTED(id, name, units, description) {name, description},
    WELFARE_INDICATORS(WELFARE_LABELS_LISTED)
#undef WELFARE_LABELS_LISTED
};

struct Translated {
  Id id;
  std::string_view label_en;
  std::string_view label_it;
  std::string_view description_it;
};

constexpr Translated kTranslated[] = {
#define WELFARE_LABELS_TRANSLATED(id, label_en, label_it, description_it) \
  {Id::id, label_en, label_it, description_it},
    WELFARE_INDICATOR_LABELS(WELFARE_LABELS_TRANSLATED)
#undef WELFARE_LABELS_TRANSLATED
};

constexpr std::size_t kIndicatorLabelCount = std::size(kListed);
static_assert(std::size(kTranslated) == kIndicatorLabelCount,
              "WELFARE_INDICATOR_LABELS must have one entry per indicator of WELFARE_INDICATORS");

constexpr bool translated_in_list_order() {
  for (std::size_t i = 0; i < std::size(kTranslated); ++i) {
    if (static_cast<std::size_t>(kTranslated[i].id) != i) return false;
  }
  return true;
}
static_assert(translated_in_list_order(),
              "WELFARE_INDICATOR_LABELS must follow WELFARE_INDICATORS in the same order");

// ---------------------------------------------------------------------------------------
// Units, as indicator_list.hpp and the parameter dictionary write them.
struct UnitsEntry {
  std::string_view units;  // English, as recorded
  std::string_view italian;
};

constexpr UnitsEntry kUnits[] = {
    {"EUR", "EUR"},
    {"EUR per FTE-week", "EUR per ETP a settimana"},
    {"EUR per bed-week", "EUR per posto letto a settimana"},
    {"EUR per day", "EUR al giorno"},
    {"EUR per hour", "EUR all'ora"},
    {"EUR per household-week", "EUR per famiglia a settimana"},
    {"EUR per place-week", "EUR per posto a settimana"},
    {"EUR per plan-week", "EUR per progetto a settimana"},
    {"EUR per unit per week", "EUR per unità a settimana"},
    {"EUR per week", "EUR a settimana"},
    {"EUR per year", "EUR all'anno"},
    {"admissions per week", "ricoveri a settimana"},
    {"band index (0 = lowest)", "indice di fascia (0 = la più bassa)"},
    {"births per woman-year", "nascite per donna all'anno"},
    {"cases per social worker", "casi per assistente sociale"},
    {"children", "figli"},
    {"days", "giorni"},
    {"events per week", "eventi a settimana"},
    {"hours per week", "ore a settimana"},
    {"households", "famiglie"},
    {"households per week", "famiglie a settimana"},
    {"minors per week", "minori a settimana"},
    {"per 1,000 residents", "ogni 1.000 residenti"},
    {"per access point per 10,000", "per punto di accesso ogni 10.000"},
    {"per access point per 100,000", "per punto di accesso ogni 100.000"},
    {"per manager per 10,000 residents", "per case manager ogni 10.000 residenti"},
    {"per week", "a settimana"},
    {"per week per antenna per 10,000 residents", "a settimana per antenna ogni 10.000 residenti"},
    {"per week per manager per 10,000 residents",
     "a settimana per case manager ogni 10.000 residenti"},
    {"per year", "all'anno"},
    {"per year of age", "per anno di età"},
    {"persons", "persone"},
    {"persons per week", "persone a settimana"},
    {"places per 1,000 residents", "posti ogni 1.000 residenti"},
    {"probability", "probabilità"},
    {"ratio", "rapporto"},
    {"relative weight", "peso relativo"},
    {"score 0-100", "punteggio 0-100"},
    {"score points", "punti di punteggio"},
    {"severity (1 mild, 3 severe)", "gravità (1 lieve, 3 grave)"},
    {"share", "quota"},
    {"ties", "legami"},
    {"ties per person", "legami per persona"},
    {"ties per week", "legami a settimana"},
    {"weeks", "settimane"},
    {"years", "anni"},
};

// ---------------------------------------------------------------------------------------
// Interface words. One array sorted by key (checked at compile time): add new keys in order.
struct TextEntry {
  std::string_view key;
  std::string_view en;
  std::string_view it;
};

constexpr TextEntry kTexts[] = {
    {"add_lever", "Add lever", "Aggiungi leva"},
    {"apply", "Apply", "Applica"},
    {"area", "Area", "Area"},
    {"band_note",
     "Lines: mean over replicates, for the whole territory, week by week. Bands: lowest to highest "
     "replicate.",
     "Linee: media sulle repliche, per l'intero territorio, settimana per settimana. Fasce: dalla "
     "replica più bassa alla più alta."},
    {"band_note_viewer",
     "Lines: mean over replicates, week by week. Bands: lowest to highest replicate.",
     "Linee: media sulle repliche, settimana per settimana. Fasce: dalla replica più bassa alla "
     "più alta."},
    {"baseline", "Baseline", "Scenario di base"},
    {"by_area", "By district and zone", "Per municipio/quartiere e zona"},
    {"by_service", "By service", "Per servizio"},
    {"choose_baseline",
     "Choose a baseline in the runs panel (the round button beside a scenario) to compare the "
     "others with it.",
     "Scegli uno scenario di base nel pannello delle simulazioni (il pulsante rotondo accanto allo "
     "scenario) per confrontare gli altri con esso."},
    {"close", "Close", "Chiudi"},
    {"comparison", "Comparison", "Confronto"},
    {"computing", "Computing the comparison…", "Calcolo del confronto…"},
    {"cost_per_escalation_avoided", "Cost per escalation avoided", "Costo per esito grave evitato"},
    {"costs", "Costs", "Costi"},
    {"costs_note",
     "Over the weeks analysed, for the whole territory. Investment: services used and levers. "
     "Downstream costs: hospital stays, nursing homes, out-of-home placements and emergency "
     "shelter that escalations cost. Net cost = investment − downstream costs avoided.",
     "Sulle settimane analizzate, per l'intero territorio. Investimento: servizi erogati e misure. "
     "Costi a valle: ricoveri, RSA, collocamenti fuori famiglia e accoglienza in emergenza causati "
     "dagli esiti gravi. Costo netto = investimento − costi a valle evitati."},
    {"created", "Created", "Creato il"},
    {"cumulated", "cumulated over the horizon", "cumulato sul periodo"},
    {"description", "Description", "Descrizione"},
    {"difference", "Difference", "Differenza"},
    {"difference_cumulated", "Difference, cumulated [95% interval]",
     "Differenza cumulata [IC 95%]"},
    {"difference_end", "Difference at the end [95% interval]",
     "Differenza a fine periodo [IC 95%]"},
    {"difference_from_baseline", "Difference from baseline", "Differenza dallo scenario di base"},
    {"district", "District", "Municipio / quartiere"},
    {"districts", "districts", "municipi/quartieri"},
    {"downstream_costs_avoided", "Downstream costs avoided", "Costi a valle evitati"},
    {"effects", "Effects", "Effetti"},
    {"end_of_horizon", "at the end of the horizon", "a fine periodo"},
    {"equity", "Equity", "Equità"},
    {"equity_note",
     "Across zones: population-weighted Gini coefficient and worst/best zone ratio of the values "
     "over the weeks analysed. Between citizenships: gap and ratio between foreign and Italian "
     "residents' rates. A scenario narrows (widens) a gap when the 95% interval of the change lies "
     "entirely on the narrower (wider) side.",
     "Tra zone: coefficiente di Gini ponderato per popolazione e rapporto tra la zona peggiore e "
     "la migliore, sui valori delle settimane analizzate. Tra cittadinanze: divario e rapporto tra "
     "i tassi dei residenti stranieri e italiani. Uno scenario riduce (amplia) un divario quando "
     "l'intervallo al 95% della variazione sta tutto dalla parte più stretta (più ampia)."},
    {"escalations_avoided", "Escalations avoided", "Esiti gravi evitati"},
    {"experiment", "Experiment", "Esperimento"},
    {"experiment_file", "Experiment file", "File dell'esperimento"},
    {"export_png", "Export view as PNG", "Esporta la vista come PNG"},
    {"fastest", "as fast as possible", "alla massima velocità"},
    {"foreign", "Foreign citizens", "Cittadini stranieri"},
    {"foreign_gap", "Gap, foreign − Italian (absolute)", "Divario stranieri − italiani (assoluto)"},
    {"foreign_ratio", "Ratio, foreign / Italian", "Rapporto stranieri / italiani"},
    {"from_week", "from week", "dalla settimana"},
    {"gap", "Gap", "Divario"},
    {"gini_across_zones", "Gini index across zones", "Indice di Gini tra le zone"},
    {"indicator", "Indicator", "Indicatore"},
    {"interval_95", "95% interval", "Intervallo al 95%"},
    {"investment", "Investment", "Investimento"},
    {"levers", "Levers", "Leve"},
    {"levers_start", "lever starts", "avvio della misura"},
    {"live", "Live run", "Simulazione dal vivo"},
    {"live_none",
     "No live run yet. Choose a scenario file to run it here week by week and move its levers "
     "while it runs (or start the viewer with --live SCENARIO.yaml).",
     "Nessuna simulazione dal vivo. Scegli il file di uno scenario per simularlo qui settimana per "
     "settimana e muoverne le leve mentre procede (oppure avvia il visualizzatore con --live "
     "SCENARIO.yaml)."},
    {"loneliness", "Loneliness", "Solitudine"},
    {"lower", "Lower bound", "Estremo inferiore"},
    {"map", "Map", "Mappa"},
    {"map_boundaries_note", "Zone boundaries from", "Confini delle zone da"},
    {"map_voronoi_note",
     "Zone shapes are drawn around each zone's centroid (Voronoi cells): they show where a zone "
     "is, not its exact boundary (give --boundaries FILE.geojson for real boundaries). Values over "
     "the weeks analysed, mean over replicates.",
     "Le forme delle zone sono disegnate attorno al baricentro di ciascuna (celle di Voronoi): "
     "mostrano dove si trova una zona, non i suoi confini esatti (con --boundaries FILE.geojson si "
     "usano i confini reali). Valori sulle settimane analizzate, media sulle repliche."},
    {"mean", "Mean", "Media"},
    {"mean_of_replicates", "mean of the replicates", "media delle repliche"},
    {"menu_file", "File", "File"},
    {"menu_view", "View", "Vista"},
    {"mu", "mu", "mu"},
    {"mu_star", "μ*", "μ*"},
    {"narrows", "narrows the gap", "riduce il divario"},
    {"net_cost", "Net cost", "Costo netto"},
    {"no_clear_change", "no clear change", "nessuna variazione evidente"},
    {"no_data", "no data", "nessun dato"},
    {"no_store_open", "No store open: File > Open store, or give stores on the command line.",
     "Nessun archivio aperto: File > Apri archivio, oppure indica gli archivi sulla riga di "
     "comando."},
    {"non_foreign", "Italian citizens", "Cittadini italiani"},
    {"not_significant", "not significant", "non significativo"},
    {"open_store", "Open store…", "Apri archivio…"},
    {"opportunity", "Opportunity", "Opportunità"},
    {"paired_replicates", "paired replicates", "repliche appaiate"},
    {"parameter", "Parameter", "Parametro"},
    {"per_1000_residents", "per 1,000 residents", "ogni 1.000 residenti"},
    {"play_pause", "Play or pause the weeks (space)", "Avvia o ferma le settimane (spazio)"},
    {"plurality", "Plurality", "Pluralità"},
    {"point", "Point", "Punto"},
    {"points", "points", "punti"},
    {"preparing", "Preparing the population and the network…",
     "Preparazione della popolazione e della rete…"},
    {"presenter_mode", "Presenter mode", "Modalità presentazione"},
    {"press_play", "Press play to start the run.", "Premi avvio per far partire la simulazione."},
    {"protection", "Protection", "Protezione"},
    {"provenance", "Provenance", "Provenienza"},
    {"quit", "Quit", "Esci"},
    {"r_squared", "R²", "R²"},
    {"replicate", "Replicate", "Replica"},
    {"replicates", "Replicates", "Repliche"},
    {"report_method_note",
     "Differences are means over replicates of scenario minus baseline, replicate by replicate "
     "(both share their random streams), with 95% intervals (Student's t). Green: a significant "
     "improvement; red: a significant worsening; grey: no clear change.",
     "Le differenze sono medie sulle repliche di scenario meno base, replica per replica (con gli "
     "stessi numeri casuali), con intervalli al 95% (t di Student). Verde: miglioramento "
     "significativo; rosso: peggioramento significativo; grigio: nessun cambiamento chiaro."},
    {"report_title", "Scenario comparison", "Confronto tra scenari"},
    {"resolved_scenario", "Resolved scenario", "Scenario risolto"},
    {"run_scenario", "Run a scenario live…", "Simula uno scenario dal vivo…"},
    {"runs", "Runs", "Simulazioni"},
    {"save_view", "Add this view to the sequence and save",
     "Aggiungi questa vista alla sequenza e salva"},
    {"saved", "saved", "salvato"},
    {"scenario", "Scenario", "Scenario"},
    {"seed", "Seed", "Seme"},
    {"sensitivity", "Sensitivity", "Analisi di sensibilità"},
    {"show", "Show", "Mostra"},
    {"sigma", "σ", "σ"},
    {"size", "Size", "Dimensione"},
    {"software_version", "Software version", "Versione del software"},
    {"spending", "Spending", "Spesa"},
    {"src", "SRC", "SRC"},
    {"start_week", "Start week", "Settimana di avvio"},
    {"statistic", "Statistic", "Statistica"},
    {"step", "One week", "Una settimana"},
    {"store", "Run store", "Archivio delle simulazioni"},
    {"summary", "Summary", "Sintesi"},
    {"territory", "Territory", "Territorio"},
    {"time_series", "Time series", "Andamento nel tempo"},
    {"undetermined", "undetermined (one replicate)", "non determinabile (una replica)"},
    {"units", "Units", "Unità"},
    {"upper", "Upper bound", "Estremo superiore"},
    {"verdict", "Verdict", "Esito"},
    {"versus", "versus", "rispetto a"},
    {"view_unknown_names", "Not in this store", "Non presenti in questo archivio"},
    {"week", "Week", "Settimana"},
    {"weeks", "weeks", "settimane"},
    {"weeks_per_second", "weeks/s", "settimane/s"},
    {"whole_territory", "Whole territory", "Intero territorio"},
    {"widens", "widens the gap", "aumenta il divario"},
    {"worst_best_ratio", "Worst-to-best zone ratio", "Rapporto tra zona peggiore e migliore"},
    {"zone", "Zone", "Zona"},
    {"zones", "zones", "zone"},
};

template <typename Entry, std::size_t N, typename Key>
constexpr bool strictly_sorted(const Entry (&entries)[N], Key key) {
  for (std::size_t i = 1; i < N; ++i) {
    if (!(key(entries[i - 1]) < key(entries[i]))) return false;
  }
  return true;
}

constexpr bool snake_case(std::string_view key) {
  if (key.empty() || key.front() == '_' || key.back() == '_') return false;
  for (char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return key.find("__") == std::string_view::npos;
}

constexpr bool all_snake_case() {
  for (const TextEntry& e : kTexts) {
    if (!snake_case(e.key)) return false;
  }
  return true;
}

static_assert(strictly_sorted(kTexts, [](const TextEntry& e) { return e.key; }),
              "kTexts must be sorted by key, without duplicates");
static_assert(all_snake_case(), "kTexts keys must be snake_case");
static_assert(strictly_sorted(kUnits, [](const UnitsEntry& e) { return e.units; }),
              "kUnits must be sorted by units, without duplicates");

const TextEntry* find_text(std::string_view key) {
  const auto* end = std::end(kTexts);
  const auto* it =
      std::lower_bound(std::begin(kTexts), end, key,
                       [](const TextEntry& e, std::string_view k) { return e.key < k; });
  return it != end && it->key == key ? it : nullptr;
}

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

std::optional<Language> parse_language(std::string_view code) {
  if (code.size() != 2) return std::nullopt;
  const char a = ascii_lower(code[0]);
  const char b = ascii_lower(code[1]);
  if (a == 'i' && b == 't') return Language::kItalian;
  if (a == 'e' && b == 'n') return Language::kEnglish;
  return std::nullopt;
}

std::string_view language_code(Language lang) {
  return lang == Language::kItalian ? "it" : "en";
}

const std::vector<IndicatorLabel>& indicator_labels() {
  static const std::vector<IndicatorLabel> labels = [] {
    std::vector<IndicatorLabel> out;
    out.reserve(kIndicatorLabelCount);
    for (std::size_t i = 0; i < kIndicatorLabelCount; ++i) {
      out.push_back({kListed[i].name, kTranslated[i].label_en, kTranslated[i].label_it,
                     kListed[i].description, kTranslated[i].description_it});
    }
    return out;
  }();
  return labels;
}

const IndicatorLabel* find_indicator_label(std::string_view name) {
  for (const IndicatorLabel& label : indicator_labels()) {
    if (label.name == name) return &label;
  }
  return nullptr;
}

std::string_view indicator_label(std::string_view name, Language lang) {
  const IndicatorLabel* label = find_indicator_label(name);
  return label != nullptr ? label->label(lang) : name;
}

std::string_view indicator_description(std::string_view name, Language lang) {
  const IndicatorLabel* label = find_indicator_label(name);
  return label != nullptr ? label->description(lang) : name;
}

std::string_view units_label(std::string_view units, Language lang) {
  if (lang == Language::kEnglish) return units;
  const auto* end = std::end(kUnits);
  const auto* it =
      std::lower_bound(std::begin(kUnits), end, units,
                       [](const UnitsEntry& e, std::string_view u) { return e.units < u; });
  return it != end && it->units == units ? it->italian : units;
}

std::string_view text(std::string_view key, Language lang) {
  const TextEntry* entry = find_text(key);
  if (entry == nullptr) {
    throw std::out_of_range("no interface text for key '" + std::string(key) +
                            "' (add it to kTexts in analysis/labels.cpp)");
  }
  return lang == Language::kItalian ? entry->it : entry->en;
}

bool has_text(std::string_view key) {
  return find_text(key) != nullptr;
}

std::vector<std::string_view> text_keys() {
  std::vector<std::string_view> keys;
  keys.reserve(std::size(kTexts));
  for (const TextEntry& e : kTexts)
    keys.push_back(e.key);
  return keys;
}

std::string format_number(double value, int decimals, Language lang) {
  if (std::isnan(value)) return "\u2013";  // en dash
  if (std::isinf(value)) return value > 0 ? "\u221e" : "-\u221e";
  const int precision = std::max(decimals, 0);

  // Fixed notation, correctly rounded: at most 309 integer digits for a finite double.
  std::string digits(330 + static_cast<std::size_t>(precision), '\0');
  const auto result = std::to_chars(digits.data(), digits.data() + digits.size(), value,
                                    std::chars_format::fixed, precision);
  if (result.ec != std::errc()) return std::to_string(value);  // not reached
  digits.resize(static_cast<std::size_t>(result.ptr - digits.data()));

  bool negative = false;
  std::string_view body = digits;
  if (!body.empty() && body.front() == '-') {
    negative = true;
    body.remove_prefix(1);
  }
  // A value that rounds to zero is printed without its sign.
  if (body.find_first_not_of("0.") == std::string_view::npos) negative = false;

  const std::size_t point = body.find('.');
  const std::string_view integer = body.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : body.substr(point + 1);
  const char thousands = lang == Language::kItalian ? '.' : ',';
  const char decimal = lang == Language::kItalian ? ',' : '.';

  std::string out;
  out.reserve(integer.size() + integer.size() / 3 + fraction.size() + 2);
  if (negative) out.push_back('-');
  for (std::size_t i = 0; i < integer.size(); ++i) {
    if (i > 0 && (integer.size() - i) % 3 == 0) out.push_back(thousands);
    out.push_back(integer[i]);
  }
  if (!fraction.empty()) {
    out.push_back(decimal);
    out.append(fraction);
  }
  return out;
}

}  // namespace welfare::analysis
