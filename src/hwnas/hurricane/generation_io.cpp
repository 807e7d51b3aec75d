#include "hwnas/hurricane/generation_io.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::hurricane {

void write_scores_csv(const GeneratedSpace& generated, const LayerProfile& profile, const std::filesystem::path& file) {
  std::ofstream out(file);
  if (!out) throw InputError(fmt::format("cannot write {}", file.string()));
  out << "# metric=" << profile.metric << " unit=" << profile.unit << " background=" << to_string(profile.background);
  if (!profile.background_arch.empty()) out << " background_arch=" << profile.background_arch;
  out << fmt::format(" alpha={} p={} explore={}\n", generated.options.alpha, generated.options.keep,
                     generated.options.explore_layers);
  out << "layer,unit,unit_layer,output,op,flops,params,latency,latency_lo,latency_hi,samples,score,rank,chosen\n";
  for (const LayerChoice& c : generated.layers) {
    for (std::size_t r = 0; r < c.ranked.size(); ++r) {
      const ScoredOperator& s = c.ranked[r];
      const bool kept = std::find(c.kept.begin(), c.kept.end(), static_cast<int>(r)) != c.kept.end();
      const char* chosen = kept ? "kept" : c.explorer == static_cast<int>(r) ? "explore" : "no";
      const graph::Shape& o = c.slot.out;
      out << fmt::format("{},{},{},{}x{}x{},{},{:.0f},{:.0f},{:.6g},{:.6g},{:.6g},{},{:.6g},{},{}\n", c.slot.index + 1,
                         c.slot.unit + 1, c.slot.layer + 1, o.c, o.h, o.w, s.measure.name, s.measure.flops,
                         s.measure.params, s.measure.latency.value, s.measure.latency.lo, s.measure.latency.hi,
                         s.measure.latency.n, s.score, s.rank, chosen);
    }
  }
}

std::filesystem::path scores_path(const std::filesystem::path& space_file) {
  std::filesystem::path p = space_file;
  p.replace_extension();
  return p.string() + ".scores.csv";
}

}  // namespace hwnas::hurricane
