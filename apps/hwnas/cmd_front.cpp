// hwnas front: compare fronts written by `hwnas search` (hypervolume) and summarise fronts over
// seeds (empirical attainment).
#include <fmt/core.h>
#include <fmt/ranges.h>

#include "command.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/search/attainment.hpp"
#include "hwnas/search/front_file.hpp"

namespace hwnas::cli::cmd_front {
namespace {

struct Args {
  std::vector<std::string> files;
  std::vector<std::string> hv_box;
  double level = 0.5;
};

void check_same_objectives(const std::vector<search::FrontFile>& fronts) {
  for (const auto& f : fronts) {
    bool same = f.objectives.size() == fronts[0].objectives.size();
    for (std::size_t i = 0; same && i < f.objectives.size(); ++i) {
      same = to_string(f.objectives[i]) == to_string(fronts[0].objectives[i]);
    }
    if (!same) {
      throw InputError(fmt::format("{} and {} have different objectives: fronts compare only on the same ones",
                                   fronts[0].path.string(), f.path.string()));
    }
  }
}

// The box: given, else the one both files share, else the box spanning all their points.
search::HvBox choose_box(const std::vector<search::FrontFile>& fronts, const std::vector<std::string>& given,
                         std::string& source) {
  const auto& objectives = fronts[0].objectives;
  if (!given.empty()) {
    source = "given";
    return search::parse_hv_box(objectives, given);
  }
  bool shared = !fronts[0].box.empty();
  for (const auto& f : fronts) shared &= f.box.best == fronts[0].box.best && f.box.worst == fronts[0].box.worst;
  if (shared) {
    source = "recorded in both files";
    return fronts[0].box;
  }
  source = "spanning both fronts (the files record different boxes)";
  std::vector<std::vector<double>> all;
  for (const auto& f : fronts) all.insert(all.end(), f.points.begin(), f.points.end());
  return search::spanning_box(objectives, all);
}

void compare(const Args& args) {
  if (args.files.size() != 2) throw InputError("front compare takes two front.json files: A.json B.json");
  const std::vector<search::FrontFile> fronts{search::read_front(args.files[0]), search::read_front(args.files[1])};
  check_same_objectives(fronts);
  std::string source;
  const search::HvBox box = choose_box(fronts, args.hv_box, source);
  const double a = search::hypervolume(box, fronts[0].points);
  const double b = search::hypervolume(box, fronts[1].points);
  fmt::print("box ({}): {}\n", source, fmt::join(search::format_hv_box(fronts[0].objectives, box), " "));
  fmt::print("A {}: hypervolume {:.6f} ({} points)\n", args.files[0], a, fronts[0].points.size());
  fmt::print("B {}: hypervolume {:.6f} ({} points)\n", args.files[1], b, fronts[1].points.size());
  fmt::print("B - A: {:+.6f}\n", b - a);
}

void attainment(const Args& args) {
  std::vector<search::FrontFile> fronts;
  for (const auto& f : args.files) fronts.push_back(search::read_front(f));
  check_same_objectives(fronts);
  std::vector<search::Front> runs;
  for (const auto& f : fronts) runs.push_back(f.minimised());
  const auto& objectives = fronts[0].objectives;
  const search::Front surface = search::attainment_surface_2d(runs, args.level);
  fmt::print("# {}-attainment surface over {} runs: points reached by at least {:.0f}% of them\n", args.level,
             runs.size(), 100 * args.level);
  fmt::print("{},{}\n", to_string(objectives[0]), to_string(objectives[1]));
  for (const auto& p : surface) {
    fmt::print("{:.17g},{:.17g}\n", search::to_minimised(objectives[0], p[0]), search::to_minimised(objectives[1], p[1]));
  }
}

const CommandRegistration registration(61, [](CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("front", "Compare search fronts: hypervolume, attainment over seeds");
  cmd->require_subcommand(1);
  cmd->footer(
      "Hypervolume is normalised per objective in a box BEST:WORST (docs/search.md): given with\n"
      "--hv-box, else the box both files recorded, else the box spanning both fronts.\n"
      "Examples:\n  hwnas front compare runs/original/front.json runs/reduced/front.json\n"
      "  hwnas front attainment runs/s1/front.json runs/s2/front.json runs/s3/front.json --level 0.5");
  auto* cmp = cmd->add_subcommand("compare", "Hypervolume of two fronts and their difference (B - A)");
  cmp->add_option("files", args->files, "A.json B.json")->required()->expected(2);
  cmp->add_option("--hv-box", args->hv_box, "OBJECTIVE=BEST:WORST per objective, e.g. min:macs=0:6e8");
  cmp->callback([args] { compare(*args); });
  auto* att = cmd->add_subcommand("attainment", "Attainment surface of two-objective fronts over runs (CSV)");
  att->add_option("files", args->files, "front.json of each run")->required();
  att->add_option("--level", args->level, "share of runs that must attain a point (0.5: median front)")
      ->check(CLI::Range(0.0, 1.0));
  att->callback([args] { attainment(*args); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_front
