#include "hwnas/report/profile_figures.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/core.h>

#include "hwnas/report/gnuplot.hpp"

namespace hwnas::report {
namespace {

using profile::CellKind;
using profile::MetricProfile;
using profile::ProfileResult;

constexpr const char* kTerminal = "set terminal pngcairo size {},{} font \"DejaVu Sans,10\" enhanced\n";

std::string stem(const MetricProfile& p, const std::string& kind) {
  return fmt::format("{}-{}-r{}", kind, file_stem(p.metric), p.resolution);
}

std::string value_text(double v) { return std::isfinite(v) ? fmt::format("{:.6g}", v) : "NaN"; }

Figure render(const std::filesystem::path& dir, const std::string& name, const std::string& script_body, std::string title,
              std::string caption) {
  const auto script = dir / (name + ".gp");
  std::ofstream(script) << "set output " << gnuplot_quote((dir / (name + ".png")).string()) << "\n" << script_body;
  run_gnuplot(script);
  return Figure{name + ".png", std::move(title), std::move(caption)};
}

double max_abs_of(const std::vector<double>& values) {
  double m = 0;
  for (double v : values) {
    if (std::isfinite(v)) m = std::max(m, std::abs(v));
  }
  return m;
}

// Rows × columns of a block grid, or empty when the codes do not fill one.
struct Grid {
  std::vector<std::string> rows, cols;
  std::string row_label, col_label;
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> cell;  // (row, col) -> index in p.blocks
};

Grid find_grid(const ProfileResult& r, const MetricProfile& p) {
  Grid g;
  std::vector<std::pair<std::string, std::string>> keys;
  bool mbconv = true;
  bool coded = true;
  for (const auto& b : p.blocks) {
    const auto dash = b.code.find('-');
    coded = coded && dash != std::string::npos;
    const auto it = std::find_if(r.space.blocks.begin(), r.space.blocks.end(), [&](const auto& s) { return s.name == b.code; });
    mbconv = mbconv && it != r.space.blocks.end() && it->kind == "mbconv";
  }
  if (mbconv) {
    g.row_label = "expand ratio";
    g.col_label = "kernel size";
    for (const auto& b : p.blocks) {
      const auto& s = *std::find_if(r.space.blocks.begin(), r.space.blocks.end(), [&](const auto& x) { return x.name == b.code; });
      keys.emplace_back(fmt::format("{:g}", s.expand), std::to_string(s.kernel));
    }
  } else if (coded) {
    g.row_label = "unit width";
    g.col_label = "layer block (expand ratio)";
    for (const auto& b : p.blocks) {
      const auto dash = b.code.find('-');
      keys.emplace_back(b.code.substr(0, dash), b.code.substr(dash + 1));
    }
  } else {
    return {};
  }
  auto sorted_unique = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end(), [](const std::string& a, const std::string& b) {
      char* ea = nullptr;
      char* eb = nullptr;
      const double da = std::strtod(a.c_str() + (a[0] == 'C' ? 1 : 0), &ea);
      const double db = std::strtod(b.c_str() + (b[0] == 'C' ? 1 : 0), &eb);
      return *ea == 0 && *eb == 0 ? da < db : a < b;
    });
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  };
  std::vector<std::string> rows, cols;
  for (const auto& [row, col] : keys) {
    rows.push_back(row);
    cols.push_back(col);
  }
  g.rows = sorted_unique(rows);
  g.cols = sorted_unique(cols);
  if (g.rows.size() * g.cols.size() != keys.size() || g.rows.size() < 2 || g.cols.size() < 2) return {};
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto row = static_cast<std::size_t>(std::find(g.rows.begin(), g.rows.end(), keys[i].first) - g.rows.begin());
    const auto col = static_cast<std::size_t>(std::find(g.cols.begin(), g.cols.end(), keys[i].second) - g.cols.begin());
    if (!g.cell.emplace(std::make_pair(row, col), i).second) return {};
  }
  return g;
}

std::string tics(const std::vector<std::string>& labels) {
  std::string out = "(";
  for (std::size_t i = 0; i < labels.size(); ++i) out += fmt::format("{}{} {}", i ? ", " : "", gnuplot_quote(labels[i]), i);
  return out + ")";
}

}  // namespace

Figure block_figure(const ProfileResult& r, const MetricProfile& p, const std::filesystem::path& dir) {
  std::vector<double> values;
  for (const auto& b : p.blocks) values.push_back(b.mean.value);
  const Scale scale = scale_for(max_abs_of(values));
  const std::string unit = scaled_unit(scale, p.unit);
  const std::string title = fmt::format("M_b of {} at resolution {} ({} design, {} samples per cell)", p.metric, p.resolution,
                                        r.design, r.samples);
  std::ostringstream s;
  const Grid g = find_grid(r, p);
  if (!g.rows.empty()) {
    s << fmt::format(kTerminal, 640, 480) << "set title " << gnuplot_quote(title) << " noenhanced\n"
      << "set xlabel " << gnuplot_quote(g.col_label) << "\nset ylabel " << gnuplot_quote(g.row_label) << "\n"
      << "set cblabel " << gnuplot_quote(fmt::format("M_b [{}]", unit)) << "\n"
      << fmt::format("set xrange [-0.5:{}]\nset yrange [-0.5:{}]\n", g.cols.size() - 0.5, g.rows.size() - 0.5)
      << "set xtics " << tics(g.cols) << "\nset ytics " << tics(g.rows) << "\n"
      << "set palette defined (0 '#fff5eb', 0.5 '#fd8d3c', 1 '#7f2704')\nunset key\n$grid << EOD\n";
    for (const auto& [rc, i] : g.cell) s << rc.second << " " << rc.first << " " << value_text(values[i] * scale.factor) << "\n";
    s << "EOD\nplot $grid using 1:2:3 with image, $grid using 1:2:(sprintf('%.4g', $3)) with labels font ',11'\n";
    return render(dir, stem(p, "mb"), s.str(), title,
                  fmt::format("Block-wise average response M_b (eq. 1) over {} × {}; unit {}.", g.row_label, g.col_label, unit));
  }
  s << fmt::format(kTerminal, 800, 480) << "set title " << gnuplot_quote(title) << " noenhanced\n"
    << "set xlabel 'block'\nset ylabel " << gnuplot_quote(fmt::format("M_b [{}]", unit)) << "\n"
    << "set style fill solid 0.6\nset boxwidth 0.7\nset xtics rotate by -45 noenhanced\nunset key\nset yrange [*:*]\n$bars << EOD\n";
  for (std::size_t i = 0; i < p.blocks.size(); ++i) {
    const auto& b = p.blocks[i];
    s << i << " " << gnuplot_quote(b.code) << " " << value_text(b.mean.value * scale.factor) << " "
      << value_text(b.mean.lo * scale.factor) << " " << value_text(b.mean.hi * scale.factor) << "\n";
  }
  s << "EOD\nplot $bars using 1:3:xticlabels(2) with boxes lc rgb '#fd8d3c', $bars using 1:3:4:5 with yerrorbars lc rgb 'black' pt 0\n";
  return render(dir, stem(p, "mb"), s.str(), title, fmt::format("Block-wise average response M_b (eq. 1) with 95% intervals; unit {}.", unit));
}

Figure ulb_figure(const ProfileResult& r, const MetricProfile& p, const std::filesystem::path& dir) {
  std::vector<std::size_t> cells;
  std::vector<double> values;
  for (std::size_t i = 0; i < p.cells.size(); ++i) {
    if (p.cells[i].cell.kind != CellKind::block) continue;
    cells.push_back(i);
    values.push_back(p.cells[i].effect.value);
    for (const auto& q : p.cells[i].quantile_effects) values.push_back(q.value);
  }
  const Scale scale = scale_for(max_abs_of(values));
  const std::string unit = scaled_unit(scale, p.unit);
  const std::string title = fmt::format("M_{{u,l,b}} of {} at resolution {} ({} design)", p.metric, p.resolution, r.design);
  std::ostringstream s;
  s << fmt::format(kTerminal, 1200, 520) << "set title " << gnuplot_quote(title) << "\n"
    << "set xlabel 'unit - layer - block (U-L-B, cells in order; solid: units, dashed: unit widths, dotted: layers)'\n"
    << "set ylabel " << gnuplot_quote(fmt::format("effect vs. E[M(A)] / Q_{{/Symbol t}}(M(A)) [{}]", unit)) << "\n"
    << "set key top left opaque box\nset grid ytics\n"
    << fmt::format("set xrange [-0.5:{}]\n", cells.size() - 0.5);
  // Separators and unit tick labels.
  std::string unit_tics = "(";
  std::size_t unit_start = 0;
  for (std::size_t k = 1; k <= cells.size(); ++k) {
    const auto& prev = p.cells[cells[k - 1]].cell;
    const bool end = k == cells.size();
    const auto* cur = end ? nullptr : &p.cells[cells[k]].cell;
    if (end || cur->unit != prev.unit) {
      unit_tics += fmt::format("{}\"u{}\" {}", unit_start ? ", " : "", prev.unit + 1, (unit_start + k - 1) / 2.0);
      unit_start = k;
      if (!end) s << fmt::format("set arrow from {},graph 0 to {},graph 1 nohead lc rgb 'black' lw 1.5 dt 1\n", k - 0.5, k - 0.5);
    } else if (cur->width != prev.width) {
      s << fmt::format("set arrow from {},graph 0 to {},graph 1 nohead lc rgb '#555555' lw 1 dt 2\n", k - 0.5, k - 0.5);
    } else if (cur->layer != prev.layer) {
      s << fmt::format("set arrow from {},graph 0 to {},graph 1 nohead lc rgb '#999999' lw 1 dt 3\n", k - 0.5, k - 0.5);
    }
  }
  s << "set xtics " << unit_tics << ")\n$ulb << EOD\n";
  for (std::size_t k = 0; k < cells.size(); ++k) {
    const auto& c = p.cells[cells[k]];
    s << k << " " << value_text(c.effect.value * scale.factor) << " " << value_text(c.effect.lo * scale.factor) << " "
      << value_text(c.effect.hi * scale.factor);
    for (const auto& q : c.quantile_effects) s << " " << value_text(q.value * scale.factor);
    s << "\n";
  }
  s << "EOD\nplot $ulb using 1:3:4 with filledcurves lc rgb '#c6dbef' title 'mean, 95% CI', "
    << "$ulb using 1:2 with lines lw 2 lc rgb '#08519c' title 'mean (eq. 2)'";
  const char* colors[] = {"#d94801", "#238b45", "#6a51a3", "#cb181d"};
  for (std::size_t t = 0; t < r.taus.size(); ++t) {
    s << fmt::format(", $ulb using 1:{} with lines lw 1.5 lc rgb '{}' title '{:g}% quantile (eq. 3)'", 5 + t, colors[t % 4],
                     r.taus[t] * 100);
  }
  s << "\n";
  return render(dir, stem(p, "ulb"), s.str(), fmt::format("M_ulb of {} at resolution {}", p.metric, p.resolution),
                fmt::format("Relative mean (eq. 2) and quantile (eq. 3) effect of placing each block at each (unit, layer); "
                            "unit {}. Cells ordered unit, width, layer, block.", unit));
}

Figure depth_figure(const ProfileResult& r, const MetricProfile& p, const std::filesystem::path& dir) {
  std::vector<double> values;
  for (const auto& c : p.cells) {
    if (c.cell.kind == CellKind::depth) values.push_back(c.effect.value);
  }
  const Scale scale = scale_for(max_abs_of(values));
  const std::string unit = scaled_unit(scale, p.unit);
  std::ostringstream s;
  s << fmt::format(kTerminal, 800, 480) << "set title " << gnuplot_quote(fmt::format("Depth sensitivity of {} at resolution {} ({} design)", p.metric, p.resolution, r.design)) << " noenhanced\n"
    << "set xlabel 'unit . depth (layers)'\nset ylabel "
    << gnuplot_quote(fmt::format("E[M(A) | d_u = d] - E[M(A)] [{}]", unit)) << "\n"
    << "set style fill solid 0.6\nset boxwidth 0.7\nset xtics rotate by -45\nunset key\nset grid ytics\n$depth << EOD\n";
  int k = 0;
  int prev_unit = -1;
  std::string arrows;
  for (const auto& c : p.cells) {
    if (c.cell.kind != CellKind::depth) continue;
    if (prev_unit >= 0 && c.cell.unit != prev_unit) arrows += fmt::format("set arrow from {},graph 0 to {},graph 1 nohead dt 2\n", k - 0.5, k - 0.5);
    prev_unit = c.cell.unit;
    s << k++ << " " << gnuplot_quote(c.label) << " " << value_text(c.effect.value * scale.factor) << " "
      << value_text(c.effect.lo * scale.factor) << " " << value_text(c.effect.hi * scale.factor) << "\n";
  }
  s << "EOD\n" << arrows
    << "plot $depth using 1:3:xticlabels(2) with boxes lc rgb '#6baed6', $depth using 1:3:4:5 with yerrorbars lc rgb 'black' pt 0\n";
  return render(dir, stem(p, "depth"), s.str(), fmt::format("Depth sensitivity of {} at resolution {}", p.metric, p.resolution),
                fmt::format("Effect of forcing each unit to each depth, vs. the uniform space, with 95% intervals; unit {}.", unit));
}

}  // namespace hwnas::report
