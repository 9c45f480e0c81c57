// The social network: who is tied to whom, and by what kind of tie.
//
// Static ties (household, kin, neighbourhood) are built once from the population and held in
// a Boost.Graph compressed_sparse_row_graph; ties formed during a run (at community hubs) are
// added between phases through add_ties(). docs/network.md describes how each kind of tie is
// made and which parameters shape it.
//
// Data structure
// - A directed CSR graph with 32-bit vertex and edge indices in which every undirected tie is
//   stored in both directions, so the out-edges of p are all of p's ties; the bundled edge
//   property is the TieKind: 5 bytes per direction, 5 bytes per person (row start, and the
//   one-byte empty vertex property Boost keeps).
// - Ties added during a run first go to a pending list of directed entries sorted by source
//   (insertion order kept per source), looked up by binary search and guarded by one bit per
//   person so that persons without added ties pay nothing. When the pending list outgrows a
//   fraction of the graph (kMergeDivisor), or on merge_added(), it is merged into the CSR
//   with boost::add_edges_sorted, which appends each person's new ties after the old ones.
// - Either way each person's ties read in the same order: static ties (household, then kin,
//   then neighbourhood), then added ties in the order they were added. When merges happen
//   does not change what for_each_tie() sees.
// - Ties added during a run are hub ties (add_ties() refuses any other kind), so each
//   person's ties are sorted by kind: the ties of one kind are a contiguous run, which
//   find_tie() and degree(p, kind) read without going over the others.
//
// Threads: const members may be called concurrently (e.g. inside a parallel loop over
// persons); add_ties() and merge_added() must run alone, between phases.
#pragma once

#include <array>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "params/parameters.hpp"
#include "population/population.hpp"
#include "scenario/territory.hpp"

namespace welfare {

enum class TieKind : std::uint8_t { kHousehold, kKin, kNeighbour, kHub };
inline constexpr std::size_t kTieKinds = 4;
const char* tie_kind_name(TieKind k);

// An undirected tie between persons a and b.
struct Tie {
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  TieKind kind = TieKind::kHub;
};

struct NetworkKey {
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
};

class SocialNetwork {
 public:
  using Graph =
      boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, TieKind,
                                         boost::no_property, std::uint32_t, std::uint32_t>;

  // Pending added ties are merged into the CSR once they exceed 1/kMergeDivisor of its
  // directed edges: a merge costs a pass over the whole graph, a lookup in the pending list
  // a binary search, so merges are kept rare and the pending list short.
  static constexpr std::size_t kMergeDivisor = 16;

  SocialNetwork() = default;

  // Builds the static ties of `pop`, which was synthesised from `territory` (whose districts
  // say which zones are near each other). Deterministic for a given key at any thread count.
  static SocialNetwork build(const Population& pop, const Territory& territory,
                             const Parameters& params, NetworkKey key);

  // Calls f(other, kind) for each tie of p: static ties first, then added ones in order.
  template <class F>
  void for_each_tie(std::uint32_t p, F&& f) const {
    const auto [first, last] = boost::out_edges(p, graph_);
    for (auto e = first; e != last; ++e)
      f(static_cast<std::uint32_t>(boost::target(*e, graph_)), graph_[*e]);
    if (has_pending(p)) {
      const auto [lo, hi] = pending_range(p);
      for (auto it = lo; it != hi; ++it)
        f(it->target, it->kind);
    }
  }

  // The first of p's ties of kind k, in for_each_tie's order, to a person for whom
  // accept(other) is true; kNoTie when none is. Reads only p's ties of kind k.
  static constexpr std::uint32_t kNoTie = 0xFFFFFFFFu;
  template <class F>
  std::uint32_t find_tie(std::uint32_t p, TieKind k, F&& accept) const {
    const auto [first, last] = boost::out_edges(p, graph_);
    for (auto e = first; e != last; ++e) {
      const TieKind kind = graph_[*e];
      if (kind < k) continue;
      if (kind > k) return kNoTie;  // a row is sorted by kind
      const auto other = static_cast<std::uint32_t>(boost::target(*e, graph_));
      if (accept(other)) return other;
    }
    if (k == TieKind::kHub && has_pending(p)) {  // pending ties are hub ties
      const auto [lo, hi] = pending_range(p);
      for (auto it = lo; it != hi; ++it) {
        if (accept(it->target)) return it->target;
      }
    }
    return kNoTie;
  }

  std::uint32_t degree(std::uint32_t p) const;
  std::uint32_t degree(std::uint32_t p, TieKind k) const;

  // Adds undirected ties (stored both ways). Call between phases only, never while another
  // thread reads the network. Throws std::invalid_argument for a tie of a kind other than
  // kHub (the static kinds are made by build() alone), a self-tie or an unknown person (and
  // then adds none). Duplicates are not merged: the caller decides whether a
  // second tie between the same persons means anything.
  void add_ties(std::span<const Tie> ties);
  // Moves every pending added tie into the CSR graph (between phases only).
  void merge_added();
  // From this call on, add_ties() also records the ties it adds, in order, until they are
  // taken with take_added(): for a caller that keeps something derived from every person's
  // ties up to date without rereading them all. Off by default (nothing is recorded).
  void record_added() { recording_added_ = true; }
  // Swaps the ties recorded since the last call into `out` (whose old contents are dropped).
  void take_added(std::vector<Tie>& out) {
    out.clear();
    out.swap(added_log_);
  }

  std::size_t tie_count() const;  // undirected ties, all kinds
  std::size_t tie_count(TieKind k) const;
  std::size_t person_count() const { return boost::num_vertices(graph_); }
  std::size_t pending_tie_count() const { return pending_.size() / 2; }
  // Bytes held by the graph, the pending list and the record of added ties.
  std::size_t memory_bytes() const;

  // The CSR graph, for Boost.Graph algorithms: it holds the pending added ties only after
  // merge_added().
  const Graph& graph() const { return graph_; }

 private:
  struct Directed {  // one direction of an added tie
    std::uint32_t source;
    std::uint32_t target;
    TieKind kind;
  };
  using PendingIter = std::vector<Directed>::const_iterator;

  bool has_pending(std::uint32_t p) const {
    return !pending_mask_.empty() && ((pending_mask_[p >> 6] >> (p & 63)) & 1u) != 0;
  }
  std::pair<PendingIter, PendingIter> pending_range(std::uint32_t p) const;

  Graph graph_;
  std::vector<Directed> pending_;            // sorted by source, stable
  std::vector<std::uint64_t> pending_mask_;  // bit p: p has pending ties
  std::array<std::size_t, kTieKinds> directed_by_kind_{};
  bool recording_added_ = false;  // see record_added()
  std::vector<Tie> added_log_;    // ties added since the last take_added()
};

}  // namespace welfare
