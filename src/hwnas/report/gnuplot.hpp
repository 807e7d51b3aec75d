// Figures are drawn by gnuplot (Debian gnuplot-nox, pngcairo terminal): we write the data and a
// script, gnuplot renders the PNG. The script stays beside the figure so it can be re-run or edited.
#pragma once

#include <filesystem>
#include <string>

namespace hwnas::report {

// Runs `gnuplot script`; throws InputError when gnuplot is missing, std::runtime_error (with its
// stderr) when the script fails — that is a bug in the script writer.
void run_gnuplot(const std::filesystem::path& script);
// The same, run in the script's own folder, for scripts that name their files relative to it
// (`hwnas search`'s front.gp, which a user re-runs there).
void run_gnuplot_beside(const std::filesystem::path& script);

// Quotes text for a gnuplot string literal.
std::string gnuplot_quote(const std::string& text);

// A display scale for values of a given magnitude: 3.2e8 MACs -> factor 1e-6, prefix "M".
struct Scale {
  double factor = 1;
  std::string prefix;  // "", "k", "M", "G"
};
Scale scale_for(double max_abs);
// "M MACs", "ms", "%": the unit with its prefix.
std::string scaled_unit(const Scale& scale, const std::string& unit);

// A file-name-safe form of a metric spec: "latency:sim:midap" -> "latency_sim_midap".
std::string file_stem(const std::string& text);

}  // namespace hwnas::report
