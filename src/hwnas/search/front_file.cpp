#include "hwnas/search/front_file.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::search {
namespace {

std::string csv_number(double v) { return std::isnan(v) ? "" : fmt::format("{:.17g}", v); }

std::string axis_label(const Objective& o, const std::string& unit) {
  return fmt::format("{} {} [{}]", o.sense == Sense::maximise ? "max" : "min", o.metric, unit);
}

}  // namespace

std::vector<std::vector<double>> FrontFile::minimised() const {
  std::vector<std::vector<double>> out;
  for (const auto& p : points) {
    std::vector<double> m;
    for (std::size_t i = 0; i < p.size(); ++i) m.push_back(to_minimised(objectives[i], p[i]));
    out.push_back(std::move(m));
  }
  return out;
}

void write_atomically(const std::filesystem::path& file, const std::string& text) {
  const std::filesystem::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) throw InputError(fmt::format("{}: cannot write", tmp.string()));
    out << text;
    if (!out) throw InputError(fmt::format("{}: write failed", tmp.string()));
  }
  std::filesystem::rename(tmp, file);
}

void write_trials_csv(const std::filesystem::path& file, const RunInfo& info, const std::vector<Trial>& trials,
                      const std::vector<std::size_t>& rows) {
  std::ostringstream out;
  out << "index,generation,status";
  for (const auto& o : info.problem.objectives) out << ',' << to_string(o);
  for (const auto& c : info.problem.constraints) out << ',' << c.metric;
  out << ",arch\n";
  for (std::size_t i : rows) {
    const Trial& t = trials[i];
    out << i << ',' << t.generation << ',' << to_string(t.status);
    for (double v : t.objectives) out << ',' << csv_number(v);
    for (double v : t.constraints) out << ',' << csv_number(v);
    out << ",\"" << t.canonical << "\"\n";  // canonical text has commas, never quotes
  }
  write_atomically(file, out.str());
}

nlohmann::json front_json(const RunInfo& info, const std::vector<Trial>& trials,
                          const std::vector<std::size_t>& front, std::size_t evaluated) {
  nlohmann::json objectives = nlohmann::json::array();
  for (std::size_t i = 0; i < info.problem.objectives.size(); ++i) {
    const auto& o = info.problem.objectives[i];
    objectives.push_back({{"spec", to_string(o)},
                          {"metric", o.metric},
                          {"sense", o.sense == Sense::maximise ? "max" : "min"},
                          {"unit", info.units[i]}});
  }
  nlohmann::json constraints = nlohmann::json::array();
  for (const auto& c : info.problem.constraints) constraints.push_back(to_string(c));
  nlohmann::json points = nlohmann::json::array();
  std::vector<std::vector<double>> raw;
  for (std::size_t i : front) {
    points.push_back({{"arch", trials[i].canonical}, {"values", trials[i].objectives}, {"index", i}});
    raw.push_back(trials[i].objectives);
  }
  nlohmann::json out = {{"format", "hwnas-front"},  {"version", 1},          {"space", info.space},
                        {"algorithm", info.algorithm}, {"seed", info.seed},     {"budget", info.budget},
                        {"evaluated", evaluated},    {"objectives", objectives}, {"constraints", constraints},
                        {"points", points}};
  if (info.generations > 0) out["generations"] = info.generations;
  if (!info.box.empty()) {
    out["hv_box"] = {{"best", info.box.best}, {"worst", info.box.worst}, {"source", info.box_source}};
    out["hypervolume"] = hypervolume(info.box, raw);
  }
  return out;
}

FrontFile read_front(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(fmt::format("{}: cannot read the front file", file.string()));
  FrontFile f;
  f.path = file;
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    if (j.value("format", "") != "hwnas-front") {
      throw InputError(fmt::format("{}: field 'format' must be \"hwnas-front\" (a front.json written by hwnas search)",
                                   file.string()));
    }
    for (const auto& o : j.at("objectives")) {
      f.objectives.push_back(parse_objective(o.at("spec").get<std::string>()));
      f.units.push_back(o.at("unit").get<std::string>());
    }
    for (const auto& p : j.at("points")) {
      f.archs.push_back(p.at("arch").get<std::string>());
      f.points.push_back(p.at("values").get<std::vector<double>>());
      if (f.points.back().size() != f.objectives.size()) {
        throw InputError(fmt::format("{}: a point has {} values for {} objectives", file.string(),
                                     f.points.back().size(), f.objectives.size()));
      }
    }
    if (j.contains("hv_box")) {
      f.box = {j["hv_box"].at("best").get<std::vector<double>>(), j["hv_box"].at("worst").get<std::vector<double>>()};
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: not a valid front.json: {}", file.string(), e.what()));
  }
  return f;
}

bool write_plot_script(const std::filesystem::path& dir, const RunInfo& info) {
  const auto& objectives = info.problem.objectives;
  if (objectives.size() > 2) return false;
  std::ostringstream gp;
  gp << "# Drawn by `hwnas search`; run `gnuplot front.gp` in this folder to redraw front.png.\n"
     << "set terminal pngcairo size 900,600\nset output 'front.png'\nset datafile separator ','\n"
     << "set key outside bottom center horizontal\nset grid\n"
     << fmt::format("set title '{} on {} (seed {})'\n", info.algorithm, info.space, info.seed);
  if (objectives.size() == 2) {
    // Columns: 4 = first objective, 5 = second; the status is column 3.
    gp << fmt::format("set xlabel '{}'\nset ylabel '{}'\n", axis_label(objectives[0], info.units[0]),
                      axis_label(objectives[1], info.units[1]))
       << "plot 'evaluated.csv' every ::1 using ((strcol(3) eq 'feasible') ? $4 : 1/0):5 "
          "with points pt 7 ps 0.4 lc rgb '#a0a0a0' title 'evaluated (feasible)', \\\n"
       << "     'evaluated.csv' every ::1 using ((strcol(3) eq 'infeasible') ? $4 : 1/0):5 "
          "with points pt 1 ps 0.4 lc rgb '#e0c0c0' title 'evaluated (infeasible)', \\\n"
       << "     'front.csv' every ::1 using 4:5 with points pt 7 ps 1 lc rgb '#d62728' title 'Pareto front'\n";
  } else {
    gp << fmt::format("set xlabel 'evaluation'\nset ylabel '{}'\n", axis_label(objectives[0], info.units[0]))
       << "plot 'evaluated.csv' every ::1 using 1:((strcol(3) eq 'feasible') ? $4 : 1/0) "
          "with points pt 7 ps 0.4 lc rgb '#a0a0a0' title 'evaluated (feasible)', \\\n"
       << "     'front.csv' every ::1 using 1:4 with points pt 7 ps 1.5 lc rgb '#d62728' title 'best'\n";
  }
  write_atomically(dir / "front.gp", gp.str());
  return true;
}

}  // namespace hwnas::search
