// What a search run writes (docs/search.md "Output files"): evaluated.csv, front.csv, front.json
// and a gnuplot script for the front over all evaluated points; and front.json read back for
// `hwnas front compare` and attainment over seeds.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/search/hypervolume.hpp"
#include "hwnas/search/trial.hpp"

namespace hwnas::search {

struct RunInfo {
  std::string space;
  std::string algorithm;
  std::uint64_t seed = 0;
  std::size_t budget = 0;  // 0 when the run was bounded by generations
  int generations = 0;     // 0 when the run was bounded by a budget
  Problem problem;
  std::vector<std::string> units;  // per objective, from the metric sources
  HvBox box;
  std::string box_source;          // "given" or "first generation"
};

// A front read back from front.json: raw objective values per point.
struct FrontFile {
  std::filesystem::path path;
  std::vector<Objective> objectives;
  std::vector<std::string> units;
  HvBox box;
  std::vector<std::string> archs;
  std::vector<std::vector<double>> points;
  // Points as minimised vectors (maximised objectives negated), for attainment.
  std::vector<std::vector<double>> minimised() const;
};

void write_trials_csv(const std::filesystem::path& file, const RunInfo& info, const std::vector<Trial>& trials,
                      const std::vector<std::size_t>& rows);
nlohmann::json front_json(const RunInfo& info, const std::vector<Trial>& trials,
                          const std::vector<std::size_t>& front, std::size_t evaluated);
// Throws InputError naming the file and field when it is not a front.json.
FrontFile read_front(const std::filesystem::path& file);
// Writes a gnuplot script that draws plot.png beside it from evaluated.csv and front.csv; returns
// false (writing nothing) when the problem has more than two objectives.
bool write_plot_script(const std::filesystem::path& dir, const RunInfo& info);
// Writes text to file via a temporary file and a rename, so a crash never leaves half a file.
void write_atomically(const std::filesystem::path& file, const std::string& text);

}  // namespace hwnas::search
