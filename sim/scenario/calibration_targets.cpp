#include "scenario/calibration_targets.hpp"

#include <algorithm>

#include "scenario/yaml_reader.hpp"

namespace welfare {

namespace {
constexpr double kDefaultTolerance = 0.05;
constexpr std::int64_t kMaxWeeks = 5200;
}  // namespace

CalibrationTargets load_calibration_targets(const std::filesystem::path& file,
                                            const std::vector<std::string>& measures) {
  using namespace yaml_reader;
  const Source source(file.string());
  std::string reason;
  const auto text = read_file_text(file, reason);
  if (!text) {
    throw InputError(SourceLocation{file.string(), 0, 0},
                     "cannot read calibration targets " + quote(file.string()) + ": " + reason);
  }
  const YAML::Node root = parse_yaml(*text, source);
  if (!root.IsMap()) {
    throw InputError(source.where(root),
                     "a calibration file must be a mapping with the key "
                     "'calibration', found " +
                         describe(root));
  }
  const MapReader top(source, root, "the calibration file", {"calibration"});
  const Field& cal_field = top.require("calibration");
  expect_map(source, cal_field, "a mapping with 'weeks' and 'targets'");
  const MapReader cal(source, cal_field.value, "'calibration'", {"weeks", "targets"});

  CalibrationTargets out;
  out.file = file.string();
  if (const Field* w = cal.find("weeks"))
    out.weeks = static_cast<int>(read_whole(source, *w, 1, kMaxWeeks));
  const Field& targets = cal.require("targets");
  expect_sequence(source, targets, "a list of targets");
  for (const Field& item : sequence_items(targets)) {
    expect_map(source, item, "a target: {measure, value, tolerance, source}");
    const MapReader t(source, item.value, item.label, {"measure", "value", "tolerance", "source"});
    CalibrationTarget target;
    target.where = source.where(item.value);
    const Field& m = t.require("measure");
    target.measure = read_text(source, m);
    if (std::find(measures.begin(), measures.end(), target.measure) == measures.end()) {
      source.fail(m.at(), "unknown measure " + quote(target.measure) +
                              did_you_mean(target.measure, measures) +
                              " (the measures are listed in docs/calibration.md)");
    }
    target.value = read_number(source, t.require("value"), 0, 1e12);
    target.tolerance = kDefaultTolerance;
    if (const Field* tol = t.find("tolerance")) target.tolerance = read_number(source, *tol, 0, 10);
    target.source = read_text(source, t.require("source"));
    out.targets.push_back(std::move(target));
  }
  return out;
}

}  // namespace welfare
