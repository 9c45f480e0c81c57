// The `welfare` commands: run, validate, info, params.
#include "cli/commands.hpp"

#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>
#include <tuple>

#include "batch/batch.hpp"
#include "batch/experiment.hpp"
#include "calibration/check.hpp"
#include "calibration/measures.hpp"
#include "cli/guarded.hpp"
#include "cli/progress.hpp"
#include "common/error.hpp"
#include "engine/memory.hpp"
#include "engine/simulation.hpp"
#include "params/parameters.hpp"
#include "scenario/scenario.hpp"
#include "scenario/yaml_reader.hpp"
#include "store/store.hpp"
#ifdef WELFARE_WITH_MPI
#include "batch/mpi/distributed.hpp"
#endif

namespace welfare::cli {
namespace {

// An experiment file's design (defined with `info` below).
int experiment_info(const std::string& file, const CommonOptions& common);

std::vector<SetOverride> parse_sets(const std::vector<std::string>& args) {
  std::vector<SetOverride> sets;
  for (const auto& a : args)
    sets.push_back(parse_set_override(a));
  return sets;
}

// Columns for the terminal: numbers right-aligned, text left-aligned.
class Table {
 public:
  static bool is_number(const std::string& cell) {
    return !cell.empty() && cell.find_first_not_of("0123456789.,-") == std::string::npos &&
           cell.find_first_of("0123456789") != std::string::npos;
  }

  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::ostream& os) const {
    std::vector<std::size_t> width(rows_[0].size(), 0);
    for (const auto& r : rows_) {
      for (std::size_t c = 0; c < r.size(); ++c)
        width[c] = std::max(width[c], r[c].size());
    }
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      std::string line;
      for (std::size_t c = 0; c < rows_[i].size(); ++c) {
        const std::string& cell = rows_[i][c];
        const std::string pad(width[c] - cell.size(), ' ');
        line += (c ? "  " : "") + (is_number(cell) ? pad + cell : cell + pad);
      }
      os << line.substr(0, line.find_last_not_of(' ') + 1) << "\n";
      if (i == 0) {
        std::size_t total = 0;
        for (auto w : width)
          total += w + 2;
        os << std::string(total - 2, '-') << "\n";
      }
    }
  }

 private:
  std::vector<std::vector<std::string>> rows_;
};

std::string fixed(double v, int decimals) {
  std::ostringstream os;
  os.setf(std::ios::fixed);
  os.precision(decimals);
  os << v;
  return os.str();
}

std::string thousands(double v) {
  std::string digits = fixed(v, 0);
  const bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.erase(0, 1);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<std::size_t>(i), ",");
  }
  return negative ? "-" + digits : digits;
}

// Headline figures per zone: stocks at the final week, events summed over the run,
// spending per year; each the mean over the replicates run.
void print_summary(const Scenario& sc, const std::vector<IndicatorTable>& tables) {
  const std::size_t zones = sc.territory.zones.size();
  const std::size_t weeks = static_cast<std::size_t>(sc.weeks);
  const auto runs = static_cast<double>(tables.size());
  auto at_end = [&](Indicator i, std::size_t z) {
    double s = 0;
    for (const auto& t : tables)
      s += t.at(i, weeks - 1, z);
    return s / runs;
  };
  auto over_run = [&](Indicator i, std::size_t z) {
    double s = 0;
    for (const auto& t : tables) {
      for (std::size_t w = 0; w < weeks; ++w)
        s += t.at(i, w, z);
    }
    return s / runs;
  };
  constexpr std::array<Indicator, kDomains> kHidden = {
      Indicator::kLtcHidden,     Indicator::kDisabilityHidden, Indicator::kFamilyHidden,
      Indicator::kPovertyHidden, Indicator::kMentalHidden,     Indicator::kLonelinessHidden};
  constexpr std::array<Indicator, 12> kSpending = {
      Indicator::kSpendingHomeCare,       Indicator::kSpendingDayCentre,
      Indicator::kSpendingNursingHome,    Indicator::kSpendingCommunityHub,
      Indicator::kSpendingCaseManagement, Indicator::kSpendingIncomeSupport,
      Indicator::kSpendingHousingSupport, Indicator::kSpendingChildrenServices,
      Indicator::kSpendingBudgetDiSalute, Indicator::kSpendingHospital,
      Indicator::kSpendingPlacements,     Indicator::kSpendingHomelessness};
  struct Row {
    double residents = 0, elderly = 0, hidden = 0, waiting = 0, served = 0, wait_weeks = 0,
           hospital = 0, nursing = 0, evictions = 0, lonely_old = 0, spending = 0;
  };
  auto zone_row = [&](std::size_t z) {
    Row r;
    r.residents = at_end(Indicator::kPopulation, z);
    r.elderly = at_end(Indicator::kElderly, z);
    for (Indicator h : kHidden) {
      const auto base = static_cast<std::size_t>(h);  // hidden, waiting, served follow
      r.hidden += at_end(h, z);
      r.waiting += at_end(static_cast<Indicator>(base + 1), z);
      r.served += at_end(static_cast<Indicator>(base + 2), z);
    }
    r.wait_weeks = at_end(Indicator::kWaitingMean, z) * r.waiting;  // weighted, for totals
    r.hospital =
        over_run(Indicator::kHospitalisations, z) + over_run(Indicator::kPsychiatricAdmissions, z);
    r.nursing = over_run(Indicator::kNursingHomeAdmissions, z);
    r.evictions = over_run(Indicator::kEvictions, z);
    r.lonely_old = at_end(Indicator::kLonely65Plus, z);
    for (Indicator i : kSpending)
      r.spending += over_run(i, z) / static_cast<double>(weeks) * kWeeksPerYearD;
    return r;
  };
  auto share = [](double part, double whole) {
    return whole > 0 ? fixed(100 * part / whole, 1) : "-";
  };
  constexpr double kThousand = 1000.0;

  std::cout << "\n"
            << sc.name << " on " << sc.territory.name << ": " << sc.weeks << " weeks, "
            << tables.size() << (tables.size() == 1 ? " replicate" : " replicates (mean)")
            << "\n(needs at the final week, all six domains; events summed over the run)\n\n";
  Table table({sc.territory.districts.size() > 1 ? "district" : "zone", "residents", "% 65+",
               "open needs", "% hidden", "% served", "wait (wk)", "admissions", "to RSA",
               "evictions", "lonely 65+", "spending kEUR/yr"});
  auto add = [&](const std::string& name, const Row& r) {
    const double open = r.hidden + r.waiting + r.served;
    table.add({name, thousands(r.residents), share(r.elderly, r.residents), thousands(open),
               share(r.hidden, open), share(r.served, open),
               r.waiting > 0 ? fixed(r.wait_weeks / r.waiting, 1) : "-", thousands(r.hospital),
               thousands(r.nursing), thousands(r.evictions), thousands(r.lonely_old),
               thousands(r.spending / kThousand)});
  };
  auto accumulate = [](Row& into, const Row& r) {
    into.residents += r.residents;
    into.elderly += r.elderly;
    into.hidden += r.hidden;
    into.waiting += r.waiting;
    into.served += r.served;
    into.wait_weeks += r.wait_weeks;
    into.hospital += r.hospital;
    into.nursing += r.nursing;
    into.evictions += r.evictions;
    into.lonely_old += r.lonely_old;
    into.spending += r.spending;
  };
  // One row per district when the territory has several (Milan's municipi), else per zone.
  const Territory& t = sc.territory;
  const bool by_district = t.districts.size() > 1;
  std::vector<Row> rows(by_district ? t.districts.size() : zones);
  Row total;
  for (std::size_t z = 0; z < zones; ++z) {
    const Row r = zone_row(z);
    accumulate(rows[by_district ? t.zones[z].district : z], r);
    accumulate(total, r);
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    add(by_district ? t.districts[i].name : t.zones[i].name, rows[i]);
  }
  add("total", total);
  table.print(std::cout);
}

// Where the time of `welfare run` went, summed over its replicates.
struct RunTimings {
  double setup = 0;   // population synthesis, network, initial state
  PhaseTimes phases;  // the weeks, phase by phase
  double store = 0;   // writing the runs
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void print_timings(const RunTimings& t, const Scenario& sc, std::ostream& os) {
  const double total = t.setup + t.phases.total() + t.store;
  const double persons = static_cast<double>(sc.territory.total_residents());
  os << "\ntimings (wall seconds, " << sc.replicates
     << (sc.replicates == 1 ? " replicate" : " replicates summed") << ")\n";
  Table table({"part", "seconds", "% of run", "ms a week"});
  auto add = [&](const std::string& name, double seconds, bool weekly) {
    table.add({name, fixed(seconds, 3), total > 0 ? fixed(100 * seconds / total, 1) : "-",
               weekly && t.phases.weeks > 0 ? fixed(1000 * seconds / t.phases.weeks, 2) : ""});
  };
  add("set-up", t.setup, false);
  for (std::size_t p = 0; p < kPhases; ++p) {
    add("  " + std::string(phase_key(static_cast<Phase>(p))), t.phases.seconds[p], true);
  }
  add("weeks", t.phases.total(), true);
  add("store", t.store, false);
  add("total", total, false);
  table.print(os);
  if (t.phases.total() > 0) {
    os << thousands(persons * t.phases.weeks / t.phases.total())
       << " agent-weeks a second in the weeks\n";
  }
}

}  // namespace

int run_command(const RunOptions& options, const CommonOptions& common) {
  return guarded([&] {
    std::vector<std::string> args = options.sets;
    if (options.seed) args.push_back("scenario.seed=" + std::to_string(*options.seed));
    if (options.replicates) {
      args.push_back("scenario.replicates=" + std::to_string(*options.replicates));
    }
    if (options.weeks) args.push_back("scenario.weeks=" + std::to_string(*options.weeks));
    const Scenario scenario = load_scenario(options.scenario, parse_sets(args));

    std::filesystem::path output = options.output;
    if (output.empty()) {
      output = std::filesystem::path("results") / (scenario.name + ".h5");
      std::error_code error;
      std::filesystem::create_directories(output.parent_path(), error);
      if (error) {
        throw store::StoreError(output.string() + ": cannot create the directory " +
                                output.parent_path().string() + ": " + error.message() +
                                " (give another path with -o)");
      }
    }
    store::check_writable(output);
    check_memory(scenario);

    std::unique_ptr<tbb::global_control> threads;
    if (options.threads) {
      threads = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                      static_cast<std::size_t>(*options.threads));
    }

    store::StoreWriter writer(output);
    ProgressBar progress(static_cast<long>(scenario.replicates) * scenario.weeks, common.quiet);
    std::vector<IndicatorTable> tables;
    std::vector<std::string> ids;
    RunTimings timings;
    for (int r = 0; r < scenario.replicates; ++r) {
      auto start = std::chrono::steady_clock::now();
      Simulation sim(scenario, static_cast<std::uint32_t>(r));
      timings.setup += seconds_since(start);
      while (!sim.finished()) {
        sim.step(options.timings ? &timings.phases : nullptr);
        progress.update(static_cast<long>(r) * scenario.weeks + sim.week(),
                        "replicate " + std::to_string(r + 1) + "/" +
                            std::to_string(scenario.replicates) + ", week " +
                            std::to_string(sim.week()) + "/" + std::to_string(scenario.weeks));
      }
      start = std::chrono::steady_clock::now();
      ids.push_back(writer.append(sim.run_data()));
      timings.store += seconds_since(start);
      tables.push_back(sim.indicators());
    }
    progress.finish();
    if (options.timings) print_timings(timings, scenario, std::cerr);
    if (!common.quiet) {
      print_summary(scenario, tables);
      std::cout << "\nstored " << ids.size() << (ids.size() == 1 ? " run" : " runs") << " in "
                << output.string() << " (" << ids.front()
                << (ids.size() > 1 ? " to " + ids.back() : "") << ")\n";
    }
    return kExitOk;
  });
}

int validate_command(const std::string& file, const std::vector<std::string>& sets,
                     const CommonOptions& common) {
  return guarded([&] {
    if (batch::is_experiment_file(file)) {
      if (!sets.empty()) {
        throw InputError("--set applies to scenario files; " + file +
                         " is an experiment file (its sweep sets scenario values)");
      }
      return experiment_info(file, common);
    }
    const Scenario sc = load_scenario(file, parse_sets(sets));
    if (!common.quiet) {
      const Territory& t = sc.territory;
      std::cout << file << ": ok\n"
                << "  scenario   " << sc.name << "\n"
                << "  territory  " << t.name << ": " << t.zones.size() << " zones in "
                << t.districts.size() << " districts, "
                << thousands(static_cast<double>(t.total_residents())) << " residents\n"
                << "  run        " << sc.weeks << " weeks, seed " << sc.seed << ", "
                << sc.replicates << (sc.replicates == 1 ? " replicate" : " replicates") << "\n"
                << "  parameters " << sc.overrides.size() << " set of " << kParamCount << "\n";
    }
    return kExitOk;
  });
}

namespace {

// Rows of a design's points shown before "... and N more".
constexpr std::size_t kPointsShown = 20;
// Scenario x point groups listed one per line before a per-scenario summary is shown instead.
constexpr std::size_t kGroupsShown = 40;
constexpr double kSecondsPerMinute = 60.0;

// The last part of a sweep path, for column headings: "self_referral", "size".
std::string short_name(const std::string& path) {
  return path.substr(path.rfind('.') + 1);
}

// The design of an experiment: settings, scenarios, swept parameters and the first points.
void print_design(const store::ExperimentRecord& r, const std::string& description,
                  std::ostream& os) {
  os << "experiment " << r.name << (description.empty() ? "" : ": " + description) << "\n"
     << "  seed " << r.seed << ", " << r.replicates
     << (r.replicates == 1 ? " replicate" : " replicates")
     << " per scenario and point (replicate r of every scenario and point shares its random "
        "streams)\n"
     << "  scenarios (" << r.scenario_names.size() << "):";
  for (std::size_t i = 0; i < r.scenario_names.size(); ++i) {
    os << (i ? ", " : " ") << r.scenario_names[i] << " (" << r.scenario_files[i] << ")";
  }
  const std::size_t k = r.parameters.size();
  os << "\n  design " << r.design;
  if (r.design == "morris") {
    os << ": " << (r.point_count() / (k + 1)) << " trajectories, " << r.levels << " levels";
  }
  os << ", " << r.point_count() << (r.point_count() == 1 ? " point" : " points") << "\n"
     << "  runs " << r.scenario_names.size() << " scenarios x " << r.point_count() << " points x "
     << r.replicates << " replicates = " << r.run_count() << "\n";
  if (k == 0) return;
  os << "\n";
  Table parameters({"parameter", "min", "max"});
  for (std::size_t j = 0; j < k; ++j) {
    parameters.add({r.parameters[j], yaml_reader::format_double(r.lower[j]),
                    yaml_reader::format_double(r.upper[j])});
  }
  parameters.print(os);
  os << "\n";
  std::vector<std::string> header = {"point"};
  if (r.design == "morris") {
    header.emplace_back("trajectory");
    header.emplace_back("changed");
  }
  for (const auto& p : r.parameters)
    header.push_back(short_name(p));
  Table points(header);
  for (std::size_t p = 0; p < std::min(r.point_count(), kPointsShown); ++p) {
    std::vector<std::string> row = {std::to_string(p)};
    if (r.design == "morris") {
      row.push_back(std::to_string(r.trajectory[p]));
      row.push_back(r.changed[p] < 0
                        ? "-"
                        : short_name(r.parameters[static_cast<std::size_t>(r.changed[p])]));
    }
    for (std::size_t j = 0; j < k; ++j) {
      std::ostringstream v;
      v.precision(6);
      v << r.points[p * k + j];
      row.push_back(v.str());
    }
    points.add(row);
  }
  points.print(os);
  if (r.point_count() > kPointsShown) {
    os << "... and " << r.point_count() - kPointsShown << " more points\n";
  }
}

int experiment_info(const std::string& file, const CommonOptions& common) {
  const batch::Experiment e = batch::load_experiment(file);
  if (common.quiet) return kExitOk;
  std::cout << file << ": ok\n";
  print_design(e.record(), e.description(), std::cout);
  return kExitOk;
}

void print_territory(const store::StoreReader& reader, const store::RunSummary& r) {
  const auto zones = reader.zones(r.id);
  std::cout << "\nzones of " << r.meta.territory_name << " (" << zones.ids.size() << "):";
  for (std::size_t z = 0; z < zones.ids.size(); ++z) {
    std::cout << (z ? ", " : " ") << zones.ids[z] << " " << zones.names[z];
  }
  std::cout << "\n\nindicators (" << r.indicator_names.size() << ", per week and zone):\n";
  Table ind({"indicator", "units", "description"});
  for (const auto& i : reader.indicator_list(r.id))
    ind.add({i.name, i.units, i.description});
  ind.print(std::cout);
}

int store_info(const std::string& file, const CommonOptions& common) {
  const store::StoreReader reader(file);
  reader.check();  // every run whole, not only those listed below
  const auto experiment = reader.experiment();
  const auto keys = reader.run_keys();
  if (common.quiet) return kExitOk;
  std::cout << file << ": welfare run store, format " << reader.format_major() << "."
            << reader.format_minor() << ", " << keys.size() << (keys.size() == 1 ? " run" : " runs")
            << "\n";
  if (experiment) {
    std::cout << "\n";
    print_design(*experiment, "", std::cout);
    const auto groups = reader.run_groups();
    std::size_t in_plan = 0;
    for (const auto& g : groups) {
      in_plan += std::min<std::size_t>(g.replicates.size(), experiment->replicates);
    }
    std::cout << "\nstored " << in_plan << " of " << experiment->run_count() << " planned runs"
              << (in_plan < experiment->run_count()
                      ? " (rerun the same `welfare batch` command to finish)"
                      : "")
              << "\n\n";
    if (groups.size() <= kGroupsShown) {
      Table table({"scenario", "point", "replicates", "runs"});
      for (const auto& g : groups) {
        const std::string first = g.replicates.front().id;
        const std::string last = g.replicates.back().id;
        table.add({g.scenario, std::to_string(g.point), std::to_string(g.replicates.size()),
                   first == last ? first : first + " ..." + last});
      }
      table.print(std::cout);
    } else {
      Table table({"scenario", "points with runs", "runs"});
      for (const auto& name : experiment->scenario_names) {
        std::size_t points = 0;
        std::size_t runs = 0;
        for (const auto& g : groups) {
          if (g.scenario != name) continue;
          ++points;
          runs += g.replicates.size();
        }
        table.add({name, std::to_string(points), std::to_string(runs)});
      }
      table.print(std::cout);
    }
    if (!keys.empty()) print_territory(reader, reader.summary(keys.front().id));
    return kExitOk;
  }
  const auto runs = reader.runs();
  if (runs.empty()) return kExitOk;
  std::cout << "\n";
  Table table({"run", "scenario", "territory", "seed", "replicate", "weeks", "zones", "created",
               "version"});
  for (const auto& r : runs) {
    table.add({r.id, r.meta.scenario_name, r.meta.territory_name, std::to_string(r.meta.seed),
               std::to_string(r.meta.replicate), std::to_string(r.meta.weeks),
               std::to_string(r.zone_count), r.meta.created_utc, r.meta.software_version});
  }
  table.print(std::cout);

  // Zones and indicators, once per territory.
  std::vector<std::string> territories_shown;
  for (const auto& r : runs) {
    if (std::find(territories_shown.begin(), territories_shown.end(), r.meta.territory_name) !=
        territories_shown.end()) {
      continue;
    }
    territories_shown.push_back(r.meta.territory_name);
    print_territory(reader, r);
  }
  return kExitOk;
}

bool is_yaml_file(const std::string& file) {
  const std::string ext = std::filesystem::path(file).extension().string();
  return ext == ".yaml" || ext == ".yml";
}

void print_batch_end(const batch::BatchStatus& status, const std::string& output) {
  std::cout << "stored " << status.this_session << (status.this_session == 1 ? " run" : " runs")
            << " in " << output;
  if (status.finished > status.this_session) {
    std::cout << " (" << status.finished - status.this_session << " stored before)";
  }
  std::cout << "; " << status.finished << " of " << status.planned << " planned runs stored";
  if (status.this_session > 0 && status.elapsed_seconds > 0) {
    std::cout << "; "
              << fixed(static_cast<double>(status.this_session) * kSecondsPerMinute /
                           status.elapsed_seconds,
                       1)
              << " runs/min, " << RunsProgress::duration(status.elapsed_seconds);
  }
  std::cout << "\n";
}

int local_batch(const BatchOptions& options, const CommonOptions& common,
                const batch::ProgressCallback& progress, RunsProgress& bar) {
  return guarded([&] {
    const batch::Experiment experiment = batch::load_experiment(options.experiment);
    batch::check_batch_memory(experiment,
                              options.jobs ? static_cast<std::size_t>(*options.jobs) : 0);
    store::StoreWriter writer(options.output);
    const batch::BatchPlan plan = batch::prepare_batch(experiment, writer);
    if (!common.quiet) {
      std::cout << "experiment " << experiment.name() << ": " << experiment.run_count()
                << " runs planned, " << plan.finished << " already stored, " << plan.pending.size()
                << " to run\n";
    }
    const batch::BatchStatus status =
        batch::run_local(experiment, plan, writer,
                         options.jobs ? static_cast<std::size_t>(*options.jobs) : 0, progress);
    bar.finish();
    if (!common.quiet) print_batch_end(status, options.output);
    return kExitOk;
  });
}

}  // namespace

int info_command(const std::string& file, const CommonOptions& common) {
  return guarded([&] {
    if (is_yaml_file(file)) return experiment_info(file, common);
    return store_info(file, common);
  });
}

int batch_command(const BatchOptions& options, const CommonOptions& common) {
  std::unique_ptr<tbb::global_control> threads;
  if (options.threads) {
    threads = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                    static_cast<std::size_t>(*options.threads));
  }
  RunsProgress bar(common.quiet);
  auto progress = [&](const batch::BatchStatus& s) {
    bar.update(static_cast<long>(s.this_session), static_cast<long>(s.to_run),
               static_cast<long>(s.finished - s.this_session), s.elapsed_seconds);
  };
#ifdef WELFARE_WITH_MPI
  if (batch::mpi::launched_by_mpi()) {
    const batch::mpi::Session session(nullptr, nullptr);
    if (session.size() > 1) {
      if (options.jobs) {
        if (session.rank() == 0) {
          std::cerr << "error: --jobs applies to batches on one machine; under MPI each rank "
                       "runs one run at a time (use more ranks)\n";
        }
        return kExitBadInput;
      }
      const batch::mpi::Outcome outcome =
          batch::mpi::run_distributed(session, options.experiment, options.output, progress);
      bar.finish();
      if (!outcome.message.empty()) std::cerr << outcome.message << "\n";
      if (session.rank() == 0 && outcome.exit_code == kExitOk && !common.quiet) {
        print_batch_end(outcome.status, options.output);
        std::cout << "runs per rank:";
        for (std::size_t r = 0; r < outcome.runs_per_rank.size(); ++r) {
          std::cout << " " << r << ": " << outcome.runs_per_rank[r];
        }
        std::cout << " (" << session.size() << " ranks)\n";
      }
      return outcome.exit_code;
    }
    return local_batch(options, common, progress, bar);
  }
#endif
  return local_batch(options, common, progress, bar);
}

int diff_command(const std::string& a, const std::string& b, const CommonOptions& common) {
  return guarded([&] {
    const store::StoreReader left(a);
    const store::StoreReader right(b);
    std::map<std::tuple<std::string, std::uint32_t, std::uint32_t>, std::string> right_ids;
    for (const auto& k : right.run_keys())
      right_ids[{k.scenario, k.point, k.replicate}] = k.id;
    std::size_t same = 0;
    std::vector<std::string> problems;
    std::size_t left_count = 0;
    for (const auto& k : left.run_keys()) {
      ++left_count;
      const auto it = right_ids.find({k.scenario, k.point, k.replicate});
      const std::string key = k.scenario + " point " + std::to_string(k.point) + " replicate " +
                              std::to_string(k.replicate);
      if (it == right_ids.end()) {
        problems.push_back(key + ": only in " + a);
        continue;
      }
      const store::RunData x = left.read_run(k.id);
      const std::string right_id = it->second;  // named in the message after it is erased
      const store::RunData y = right.read_run(right_id);
      right_ids.erase(it);
      std::string difference;
      if (x.meta.scenario_yaml != y.meta.scenario_yaml)
        difference = "resolved scenarios differ";
      else if (x.meta.seed != y.meta.seed)
        difference = "seeds differ";
      else if (x.weeks != y.weeks)
        difference = "week axes differ";
      else if (x.zones.ids != y.zones.ids)
        difference = "zones differ";
      else if (x.indicators.size() != y.indicators.size())
        difference = "indicator lists differ";
      for (std::size_t i = 0; difference.empty() && i < x.indicators.size(); ++i) {
        const auto& u = x.indicators[i];
        const auto& v = y.indicators[i];
        if (u.name != v.name) {
          difference = "indicator lists differ";
        } else if (u.values.size() != v.values.size() ||
                   (!u.values.empty() && std::memcmp(u.values.data(), v.values.data(),
                                                     u.values.size() * sizeof(float)) != 0)) {
          difference = "indicator '" + u.name + "' differs";
        }
      }
      if (difference.empty()) {
        ++same;
      } else {
        problems.push_back(key + ": " + difference + " (" + k.id + " / " + right_id + ")");
      }
    }
    for (const auto& [key, id] : right_ids) {
      problems.push_back(std::get<0>(key) + " point " + std::to_string(std::get<1>(key)) +
                         " replicate " + std::to_string(std::get<2>(key)) + ": only in " + b);
    }
    if (!common.quiet) {
      for (const auto& p : problems)
        std::cout << p << "\n";
      std::cout << same << " of " << left_count << (left_count == 1 ? " run" : " runs")
                << " identical" << (problems.empty() ? "; the stores hold the same runs" : "")
                << "\n";
    }
    return problems.empty() ? kExitOk : kExitFailure;
  });
}

int params_command(bool markdown) {
  if (markdown) {
    std::cout << parameters_markdown();
    return kExitOk;
  }
  Table table({"parameter", "default", "unit", "range"});
  for (const auto& s : param_specs()) {
    std::ostringstream def, range;
    def << s.default_value;
    range << s.min << " to " << s.max;
    table.add({std::string(s.path), def.str(), std::string(s.unit), range.str()});
  }
  table.print(std::cout);
  return kExitOk;
}

int calibrate_command(const CalibrateOptions& options, const CommonOptions& common) {
  return guarded([&] {
    const Scenario scenario = load_scenario(options.scenario, parse_sets(options.sets));
    std::filesystem::path targets_file = options.targets;
    if (targets_file.empty()) {
      targets_file = std::filesystem::path(options.scenario).parent_path() / "calibration.yaml";
    }
    std::vector<std::string> names;
    for (const auto& m : measure_catalogue())
      names.emplace_back(m.name);
    CalibrationTargets targets = load_calibration_targets(targets_file, names);
    if (options.weeks) targets.weeks = *options.weeks;
    std::unique_ptr<tbb::global_control> threads;
    if (options.threads) {
      threads = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                      static_cast<std::size_t>(*options.threads));
    }
    const auto rows = run_calibration_check(scenario, targets, options.scale);
    int passed = 0;
    for (const auto& r : rows)
      passed += r.pass();
    if (!common.quiet) {
      auto number = [](double v) { return std::abs(v) < 1 && v != 0 ? fixed(v, 4) : thousands(v); };
      auto percent = [](double v) { return std::isfinite(v) ? fixed(100 * v, 1) + "%" : "inf"; };
      const std::string title =
          scenario.name + ", " + std::to_string(targets.weeks) + " weeks" +
          (options.scale != 1.0 ? ", at scale " + fixed(options.scale, 3) : "");
      if (options.markdown) {
        std::cout
            << "| figure | when | published | model | difference | tolerance | result | source |\n"
            << "|---|---|---|---|---|---|---|---|\n";
        for (const auto& r : rows) {
          std::cout << "| " << r.figure << " | " << r.when << " | " << number(r.published) << " | "
                    << number(r.model) << " | " << percent(r.relative_difference()) << " | "
                    << percent(r.tolerance) << " | " << (r.pass() ? "pass" : "**fail**") << " | "
                    << r.source << " |\n";
        }
      } else {
        std::cout << "calibration check: " << title << "\n\n";
        Table table({"figure", "when", "published", "model", "difference", "tolerance", "result"});
        for (const auto& r : rows) {
          table.add({r.figure, r.when, number(r.published), number(r.model),
                     percent(r.relative_difference()), percent(r.tolerance),
                     r.pass() ? "pass" : "FAIL"});
        }
        table.print(std::cout);
      }
      std::cout << "\n" << passed << " of " << rows.size() << " figures within tolerance\n";
    }
    return options.strict && passed < static_cast<int>(rows.size()) ? kExitFailure : kExitOk;
  });
}

}  // namespace welfare::cli
