// Queries on the social network and the ties added during a run.
#include "network/social_network.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace welfare {

const char* tie_kind_name(TieKind k) {
  switch (k) {
    case TieKind::kHousehold:
      return "household";
    case TieKind::kKin:
      return "kin";
    case TieKind::kNeighbour:
      return "neighbour";
    case TieKind::kHub:
      return "hub";
  }
  return "?";
}

std::pair<SocialNetwork::PendingIter, SocialNetwork::PendingIter> SocialNetwork::pending_range(
    std::uint32_t p) const {
  return std::equal_range(pending_.begin(), pending_.end(), Directed{p, 0, TieKind::kHub},
                          [](const Directed& x, const Directed& y) { return x.source < y.source; });
}

std::uint32_t SocialNetwork::degree(std::uint32_t p) const {
  auto d = static_cast<std::uint32_t>(boost::out_degree(p, graph_));
  if (has_pending(p)) {
    const auto [lo, hi] = pending_range(p);
    d += static_cast<std::uint32_t>(hi - lo);
  }
  return d;
}

std::uint32_t SocialNetwork::degree(std::uint32_t p, TieKind k) const {
  std::uint32_t d = 0;
  find_tie(p, k, [&](std::uint32_t) {
    ++d;
    return false;  // counts them all
  });
  return d;
}

std::size_t SocialNetwork::tie_count() const {
  return (boost::num_edges(graph_) + pending_.size()) / 2;
}

std::size_t SocialNetwork::tie_count(TieKind k) const {
  return directed_by_kind_[static_cast<std::size_t>(k)] / 2;
}

std::size_t SocialNetwork::memory_bytes() const {
  // Boost keeps an (empty) vertex property per vertex, hence the no_property term.
  return (boost::num_vertices(graph_) + 1) * sizeof(std::uint32_t) +
         boost::num_vertices(graph_) * sizeof(boost::no_property) +
         boost::num_edges(graph_) * (sizeof(std::uint32_t) + sizeof(TieKind)) +
         pending_.capacity() * sizeof(Directed) + pending_mask_.capacity() * sizeof(std::uint64_t) +
         added_log_.capacity() * sizeof(Tie);
}

void SocialNetwork::add_ties(std::span<const Tie> ties) {
  const std::size_t n = person_count();
  for (const Tie& t : ties) {
    if (t.a >= n || t.b >= n) {
      throw std::invalid_argument("add_ties: person " + std::to_string(std::max(t.a, t.b)) +
                                  " is not in a network of " + std::to_string(n) + " persons");
    }
    if (t.a == t.b) {
      throw std::invalid_argument("add_ties: self-tie of person " + std::to_string(t.a));
    }
    if (t.kind != TieKind::kHub) {
      throw std::invalid_argument(std::string("add_ties: a ") + tie_kind_name(t.kind) +
                                  " tie; only hub ties are added during a run");
    }
  }
  if (ties.empty()) return;
  if (recording_added_) added_log_.insert(added_log_.end(), ties.begin(), ties.end());

  std::vector<Directed> fresh;
  fresh.reserve(2 * ties.size());
  for (const Tie& t : ties) {
    fresh.push_back({t.a, t.b, t.kind});
    fresh.push_back({t.b, t.a, t.kind});
    directed_by_kind_[static_cast<std::size_t>(t.kind)] += 2;
  }
  const auto by_source = [](const Directed& x, const Directed& y) { return x.source < y.source; };
  std::stable_sort(fresh.begin(), fresh.end(), by_source);
  // std::merge takes equal keys from the first range first: older ties stay ahead.
  std::vector<Directed> merged(pending_.size() + fresh.size());
  std::merge(pending_.begin(), pending_.end(), fresh.begin(), fresh.end(), merged.begin(),
             by_source);
  pending_.swap(merged);

  if (pending_mask_.empty()) pending_mask_.assign((n + 63) / 64, 0);
  for (const Directed& d : fresh)
    pending_mask_[d.source >> 6] |= std::uint64_t{1} << (d.source & 63);

  if (pending_.size() > boost::num_edges(graph_) / kMergeDivisor) merge_added();
}

void SocialNetwork::merge_added() {
  if (pending_.empty()) return;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  std::vector<TieKind> kinds;
  edges.reserve(pending_.size());
  kinds.reserve(pending_.size());
  for (const Directed& d : pending_) {
    edges.emplace_back(d.source, d.target);
    kinds.push_back(d.kind);
  }
  // add_edges_sorted grows the edge arrays with resize(), which would double their capacity;
  // reserving the exact size first keeps a national graph from carrying that slack.
  const std::size_t total = boost::num_edges(graph_) + edges.size();
  graph_.m_forward.m_column.reserve(total);
  graph_.m_forward.m_edge_properties.reserve(total);
  boost::add_edges_sorted(edges.begin(), edges.end(), kinds.begin(), graph_);
  pending_ = {};
  pending_mask_ = {};
}

}  // namespace welfare
