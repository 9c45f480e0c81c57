// The six need domains and the life of a need: none -> hidden -> waiting -> served ->
// resolved | escalated. One structure-of-arrays table per domain, indexed by person.
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace welfare {

enum class Domain : std::uint8_t {
  kLongTermCare,  // non-self-sufficiency (any age, mostly 65+)
  kDisability,    // disability needing support, ages 3-64
  kFamily,        // minors and families: each minor in a family with a need holds a case
  kPoverty,       // poverty and housing: the household head holds the case
  kMentalHealth,  // mental health and addictions, ages 15+
  kLoneliness,    // loneliness, ages 18+
};
inline constexpr std::size_t kDomains = 6;
inline constexpr std::array<Domain, kDomains> kAllDomains = {
    Domain::kLongTermCare, Domain::kDisability,   Domain::kFamily,
    Domain::kPoverty,      Domain::kMentalHealth, Domain::kLoneliness};
// Short name used in indicator names, e.g. "ltc".
std::string_view domain_key(Domain d);
constexpr std::size_t index(Domain d) {
  return static_cast<std::size_t>(d);
}

enum class CaseState : std::uint8_t {
  kNone,       // no need
  kHidden,     // a need the services do not know of
  kWaiting,    // known, waiting for a service
  kServed,     // receiving a service
  kResolved,   // the need ended (it may arise again)
  kEscalated,  // the need turned into a costly outcome that persists: a nursing-home bed,
               // life on the street, an out-of-home placement
};
// The number of CaseState values.
inline constexpr std::size_t kCaseStates = static_cast<std::size_t>(CaseState::kEscalated) + 1;

// Severity of a need: 1 mild, 2 moderate, 3 severe (for poverty, 3 is a housing emergency).
inline constexpr std::uint8_t kMild = 1;
inline constexpr std::uint8_t kModerate = 2;
inline constexpr std::uint8_t kSevere = 3;

inline constexpr std::uint8_t kNoService = 0xFF;
// The week of DomainCases::schedule that means no visit is due (runs are at most 5,200 weeks).
inline constexpr std::uint16_t kNoVisit = 0xFFFF;

// DomainCases::schedule's word: the visit week in the low 16 bits, the signature of the state
// it was drawn for in the high 16 (0: cleared, to be drawn again).
constexpr std::uint32_t visit_word(std::uint16_t signature, std::uint16_t week) {
  return std::uint32_t{signature} << 16 | week;
}
constexpr std::uint16_t visit_week(std::uint32_t word) {
  return static_cast<std::uint16_t>(word & 0xFFFFu);
}
constexpr std::uint16_t visit_signature_of(std::uint32_t word) {
  return static_cast<std::uint16_t>(word >> 16);
}

inline bool in_need(CaseState s) {
  return s == CaseState::kHidden || s == CaseState::kWaiting || s == CaseState::kServed;
}
inline bool unmet(CaseState s) {
  return s == CaseState::kHidden || s == CaseState::kWaiting;
}

// One domain's cases, one slot per person.
struct DomainCases {
  std::vector<CaseState> state;
  std::vector<std::uint8_t> severity;
  std::vector<std::int16_t> since;    // week the case entered its current state
  std::vector<std::uint8_t> service;  // ServiceKind serving it, or kNoService
  // When the case is next visited by the weekly case dynamics, and the state that week was
  // drawn for (see Simulation::advance_cases): the week in the low 16 bits (kNoVisit: none),
  // the state's signature in the high 16 bits (0: none drawn yet).
  std::vector<std::uint32_t> schedule;
  // One bit per person: p's visit was cleared since the last phase 4 (which finds the cases to
  // draw again from these bits, not by reading every schedule word).
  std::vector<std::uint64_t> redraw_bits;

  // Clears person p's visit: it is drawn again at the next phase 4, for the state then. May
  // be called for different persons at once (the bit is set atomically).
  void redraw_visit(std::size_t p) {
    schedule[p] = 0;
    std::atomic_ref<std::uint64_t>(redraw_bits[p >> 6])
        .fetch_or(std::uint64_t{1} << (p & 63), std::memory_order_relaxed);
  }
  bool redraw_flagged(std::size_t p) const { return ((redraw_bits[p >> 6] >> (p & 63)) & 1u) != 0; }
  // Appends the persons flagged by redraw_visit to `out`, in order, and clears the flags.
  void take_redraws(std::vector<std::uint32_t>& out) {
    for (std::size_t w = 0; w < redraw_bits.size(); ++w) {
      for (std::uint64_t bits = redraw_bits[w]; bits != 0; bits &= bits - 1)
        out.push_back(static_cast<std::uint32_t>(w * 64 + std::countr_zero(bits)));
      redraw_bits[w] = 0;
    }
  }

  void resize(std::size_t persons) {
    state.resize(persons, CaseState::kNone);
    severity.resize(persons, 0);
    since.resize(persons, 0);
    service.resize(persons, kNoService);
    schedule.resize(persons, 0);
    redraw_bits.resize((persons + 63) / 64, 0);
  }
};

}  // namespace welfare
