// Phase 2, onset: the needs that arise this week (from the calendar) start hidden.
#include "engine/simulation.hpp"
#include "rng/stream.hpp"

namespace welfare {

void Simulation::apply_onsets() {
  for (const Event& e : due_events_) {
    if (e.kind == EventKind::kDeath || e.kind == EventKind::kBirth) continue;
    const std::uint32_t p = e.person;
    if (!pop_.alive[p]) continue;
    const auto d = static_cast<Domain>(index(e.kind) - index(EventKind::kOnset));
    const CaseState state = cases_[index(d)].state[p];
    if (state != CaseState::kNone && state != CaseState::kResolved) continue;
    std::uint8_t severity = kModerate;
    if (d == Domain::kLongTermCare || d == Domain::kPoverty || d == Domain::kLoneliness) {
      severity = kMild;  // these needs start mild and may grow
    } else if (d == Domain::kFamily) {
      rng::Stream s({scenario_.seed, replicate_, static_cast<std::uint32_t>(now()), p,
                     rng::per_domain(rng::Purpose::kOnset, index(d))});
      s.exponential();  // the draw that scheduled this onset
      severity = s.uniform() < params_[Param::kFamilyShareSevere] ? kSevere : kModerate;
    }
    open_case(d, p, severity);
    flows_.add(pop_.zone[p], per_domain(Flow::kOnset, d));
    on_need_changed(d, p);
  }
}

void Simulation::on_need_changed(Domain d, std::uint32_t p) {
  // Needs that change the risk of others: poverty (family needs of the household's minors,
  // mental health of its members) and loneliness (mental health).
  if (d == Domain::kPoverty) {
    for_each_member(pop_.household[p], [&](std::uint32_t m) {
      reschedule(m, onset_event(Domain::kFamily));
      reschedule(m, onset_event(Domain::kMentalHealth));
    });
  } else if (d == Domain::kLoneliness) {
    reschedule(p, onset_event(Domain::kMentalHealth));
  }
  // The person's own next onset in this domain is drawn when the need ends.
  reschedule(p, onset_event(d));
}

}  // namespace welfare
