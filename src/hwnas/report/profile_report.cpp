#include "hwnas/report/profile_report.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "hwnas/report/gnuplot.hpp"
#include "hwnas/report/profile_figures.hpp"

namespace hwnas::report {
namespace {

using profile::Estimate;

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string cell(const Estimate& e, const Scale& s) {
  if (!std::isfinite(e.value)) return "<td>—</td><td></td><td>" + std::to_string(e.n) + "</td>";
  return fmt::format("<td>{:.5g}</td><td>[{:.5g}, {:.5g}]</td><td>{}</td>", e.value * s.factor, e.lo * s.factor,
                     e.hi * s.factor, e.n);
}

void figure_html(std::ostream& out, const Figure& f) {
  out << "<figure><img src=\"" << html_escape(f.file) << "\" alt=\"" << html_escape(f.title) << "\"><figcaption>"
      << html_escape(f.caption) << "</figcaption></figure>\n";
}

constexpr const char* kStyle = R"(body{font-family:DejaVu Sans,sans-serif;margin:2em;max-width:1300px;color:#222}
table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}
th{background:#f0f0f0}td:first-child,th:first-child{text-align:left}img{max-width:100%;border:1px solid #ddd}
figure{margin:1em 0}figcaption{font-size:90%;color:#555}dl.prov dt{font-weight:bold;float:left;width:10em}
dl.prov dd{margin-left:11em}code{background:#f6f6f6;padding:1px 3px})";

}  // namespace

std::filesystem::path write_profile_report(const profile::ProfileResult& r, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::ostringstream body;
  body << "<h1>Block profile of " << html_escape(r.space.name) << "</h1>\n<dl class=\"prov\">\n"
       << "<dt>command</dt><dd><code>" << html_escape(r.provenance.command) << "</code></dd>\n"
       << "<dt>date</dt><dd>" << html_escape(r.provenance.date) << "</dd>\n"
       << "<dt>hwnas version</dt><dd>" << html_escape(r.provenance.version) << "</dd>\n"
       << "<dt>design</dt><dd>" << html_escape(r.design) << "</dd>\n"
       << "<dt>depth rule</dt><dd>" << html_escape(r.depth_rule) << "</dd>\n"
       << "<dt>samples</dt><dd>" << r.samples << " per cell (" << r.requested << " per metric and resolution before deduplication)</dd>\n"
       << "<dt>seed</dt><dd>" << r.seed << "</dd>\n"
       << "<dt>intervals</dt><dd>95%: Student t for means and mean differences, percentile bootstrap (" << r.bootstrap
       << " resamples) for quantile differences</dd>\n"
       << "<dt>run time</dt><dd>" << fmt::format("{:.1f}", r.seconds) << " s</dd>\n"
       << "<dt>data</dt><dd><a href=\"../profile.json\">profile.json</a>, <a href=\"../cells.csv\">cells.csv</a>, "
       << "<a href=\"../blocks.csv\">blocks.csv</a> (format: docs/profiling.md)</dd>\n</dl>\n";
  body << "<p>M_b (eq. 1) is the mean over all (unit, layer) of E[M(A<sub>u,l,b</sub>)]; M<sub>u,l,b</sub> (eq. 2) is "
          "E[M(A<sub>u,l,b</sub>)] − E[M(A)]; the τ-quantile effect (eq. 3) is Q<sub>τ</sub>(M(A<sub>u,l,b</sub>)) − "
          "Q<sub>τ</sub>(M(A)). A<sub>u,l,b</sub> holds block b at layer l of unit u, which has at least l layers "
          "(BlockProfile, Mills et al. CIKM'21, §3; depth rule <i>uniform</i>: the unit's depth uniform over {l, …, max} "
          "as the paper says, <i>clamp</i>: a shorter depth raised to l).</p>\n";
  body << "<h2>Contents</h2><ul>\n";
  for (const auto& p : r.profiles) {
    body << fmt::format("<li><a href=\"#{}-r{}\">{} at resolution {}</a></li>\n", file_stem(p.metric), p.resolution,
                        html_escape(p.metric), p.resolution);
  }
  body << "</ul>\n";

  for (const auto& p : r.profiles) {
    std::vector<double> mags{std::abs(p.baseline.value)};
    const Scale s = scale_for(mags[0]);
    const std::string unit = html_escape(scaled_unit(s, p.unit));
    body << fmt::format("<h2 id=\"{}-r{}\">{} at resolution {}</h2>\n", file_stem(p.metric), p.resolution,
                        html_escape(p.metric), p.resolution);
    body << "<p>" << p.evaluations << " architectures evaluated";
    if (p.missing > 0) body << ", " << p.missing << " without a value (left out of every estimate)";
    body << ".</p>\n<table><tr><th>baseline (A uniform)</th><th>value [" << unit << "]</th><th>95% CI</th><th>n</th></tr>\n"
         << "<tr><td>E[M(A)]</td>" << cell(p.baseline, s) << "</tr>\n";
    for (std::size_t t = 0; t < r.taus.size(); ++t) {
      body << fmt::format("<tr><td>Q<sub>{:g}%</sub>(M(A))</td>", r.taus[t] * 100) << cell(p.baseline_quantiles[t], s) << "</tr>\n";
    }
    body << "</table>\n";
    figure_html(body, block_figure(r, p, dir));
    body << "<table><tr><th>block code</th><th>M_b [" << unit << "]</th><th>95% CI</th><th>n</th><th>locations</th></tr>\n";
    for (const auto& b : p.blocks) body << "<tr><td>" << html_escape(b.code) << "</td>" << cell(b.mean, s) << "<td>" << b.locations << "</td></tr>\n";
    body << "</table>\n";
    figure_html(body, ulb_figure(r, p, dir));
    const bool has_depth = std::any_of(p.cells.begin(), p.cells.end(), [](const auto& c) { return c.cell.kind == profile::CellKind::depth; });
    if (has_depth) {
      figure_html(body, depth_figure(r, p, dir));
      body << "<table><tr><th>unit.depth</th><th>E[M | d] [" << unit << "]</th><th>95% CI</th><th>n</th><th>effect</th><th>95% CI</th><th>n</th></tr>\n";
      for (const auto& c : p.cells) {
        if (c.cell.kind == profile::CellKind::depth) body << "<tr><td>" << c.label << "</td>" << cell(c.mean, s) << cell(c.effect, s) << "</tr>\n";
      }
      body << "</table>\n";
    }
    body << "<details><summary>All cells (" << p.cells.size() << ")</summary><table><tr><th>cell</th><th>E[M] [" << unit
         << "]</th><th>95% CI</th><th>n</th><th>M_ulb</th><th>95% CI</th><th>n</th>";
    for (double tau : r.taus) body << fmt::format("<th>{:g}% effect</th><th>95% CI</th><th>n</th>", tau * 100);
    body << "</tr>\n";
    for (const auto& c : p.cells) {
      body << "<tr><td>" << html_escape(c.label) << "</td>" << cell(c.mean, s) << cell(c.effect, s);
      for (const auto& q : c.quantile_effects) body << cell(q, s);
      body << "</tr>\n";
    }
    body << "</table></details>\n";
  }
  const auto index = dir / "index.html";
  std::ofstream(index) << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Block profile of "
                       << html_escape(r.space.name) << "</title><style>" << kStyle << "</style></head><body>\n"
                       << body.str() << "</body></html>\n";
  return index;
}

}  // namespace hwnas::report
