#include "hwnas/profile/profile_io.hpp"

#include <cmath>
#include <fstream>
#include <limits>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::profile {
namespace {

using nlohmann::json;

// NaN (an undefined estimate) is written as null.
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
double number_from(const json& j) { return j.is_null() ? std::numeric_limits<double>::quiet_NaN() : j.get<double>(); }

json estimate_json(const Estimate& e) { return {{"value", number(e.value)}, {"lo", number(e.lo)}, {"hi", number(e.hi)}, {"n", e.n}}; }
Estimate estimate_from(const json& j) {
  return Estimate{number_from(j.at("value")), number_from(j.at("lo")), number_from(j.at("hi")), j.at("n").get<int>()};
}

std::string csv_number(double v) { return std::isfinite(v) ? fmt::format("{:.10g}", v) : ""; }

}  // namespace

json to_json(const ProfileResult& r) {
  json space{{"name", r.space.name}, {"units", json::array()}, {"blocks", json::array()}};
  for (const auto& u : r.space.units) {
    space["units"].push_back({{"name", u.name}, {"min_layers", u.min_layers}, {"max_layers", u.max_layers}, {"width_names", u.width_names}});
  }
  for (const auto& b : r.space.blocks) {
    space["blocks"].push_back({{"name", b.name}, {"kind", b.kind}, {"kernel", b.kernel}, {"expand", b.expand}});
  }
  json out{{"format", "hwnas-profile"},
           {"version", kProfileFormatVersion},
           {"space", space},
           {"design", r.design},
           {"depth_rule", r.depth_rule},
           {"samples", r.samples},
           {"seed", r.seed},
           {"bootstrap", r.bootstrap},
           {"confidence", kConfidence},
           {"taus", r.taus},
           {"resolutions", r.resolutions},
           {"requested", r.requested},
           {"seconds", r.seconds},
           {"provenance", {{"command", r.provenance.command}, {"date", r.provenance.date}, {"version", r.provenance.version}}},
           {"profiles", json::array()}};
  for (const auto& p : r.profiles) {
    json jp{{"metric", p.metric}, {"unit", p.unit}, {"resolution", p.resolution}, {"evaluations", p.evaluations},
            {"missing", p.missing}, {"baseline", estimate_json(p.baseline)}, {"baseline_quantiles", json::array()},
            {"cells", json::array()}, {"blocks", json::array()}};
    for (const auto& q : p.baseline_quantiles) jp["baseline_quantiles"].push_back(estimate_json(q));
    for (const auto& c : p.cells) {
      json jc{{"kind", c.cell.kind == CellKind::block ? "block" : "depth"},
              {"unit", c.cell.unit + 1},
              {"label", c.label},
              {"mean", estimate_json(c.mean)},
              {"effect", estimate_json(c.effect)},
              {"quantile_effects", json::array()}};
      if (c.cell.kind == CellKind::block) {
        jc["layer"] = c.cell.layer + 1;
        jc["block"] = r.space.blocks[static_cast<std::size_t>(c.cell.block)].name;
        jc["code"] = c.code;
        if (c.cell.width >= 0) jc["width"] = r.space.units[static_cast<std::size_t>(c.cell.unit)].width_names[static_cast<std::size_t>(c.cell.width)];
      } else {
        jc["depth"] = c.cell.depth;
      }
      for (const auto& q : c.quantile_effects) jc["quantile_effects"].push_back(estimate_json(q));
      jp["cells"].push_back(jc);
    }
    for (const auto& b : p.blocks) jp["blocks"].push_back({{"code", b.code}, {"locations", b.locations}, {"mean", estimate_json(b.mean)}});
    out["profiles"].push_back(jp);
  }
  return out;
}

ProfileResult profile_from_json(const json& j, const std::string& source) {
  if (!j.is_object() || j.value("format", "") != "hwnas-profile") {
    throw InputError(fmt::format("{}: not an hwnas profile (expected \"format\": \"hwnas-profile\")", source));
  }
  if (j.at("version").get<int>() != kProfileFormatVersion) {
    throw InputError(fmt::format("{}: profile format version {} (this hwnas reads version {})", source,
                                 j.at("version").get<int>(), kProfileFormatVersion));
  }
  try {
    ProfileResult r;
    const json& s = j.at("space");
    r.space.name = s.at("name").get<std::string>();
    for (const auto& u : s.at("units")) {
      r.space.units.push_back({u.at("name").get<std::string>(), u.at("min_layers").get<int>(), u.at("max_layers").get<int>(),
                               u.at("width_names").get<std::vector<std::string>>()});
    }
    for (const auto& b : s.at("blocks")) {
      r.space.blocks.push_back({b.at("name").get<std::string>(), b.at("kind").get<std::string>(), b.at("kernel").get<int>(),
                                b.at("expand").get<double>()});
    }
    r.design = j.at("design").get<std::string>();
    // Profiles written before the depth rule was an option used the clamp.
    r.depth_rule = j.value("depth_rule", std::string("clamp"));
    r.samples = j.at("samples").get<int>();
    r.seed = j.at("seed").get<std::uint64_t>();
    r.bootstrap = j.at("bootstrap").get<int>();
    r.taus = j.at("taus").get<std::vector<double>>();
    r.resolutions = j.at("resolutions").get<std::vector<int>>();
    r.requested = j.at("requested").get<std::size_t>();
    r.seconds = j.at("seconds").get<double>();
    const json& pv = j.at("provenance");
    r.provenance = {pv.at("command").get<std::string>(), pv.at("date").get<std::string>(), pv.at("version").get<std::string>()};
    auto block_index = [&](const std::string& name) {
      for (std::size_t i = 0; i < r.space.blocks.size(); ++i) {
        if (r.space.blocks[i].name == name) return static_cast<int>(i);
      }
      throw InputError(fmt::format("{}: cell names block '{}' not listed under space.blocks", source, name));
    };
    for (const auto& jp : j.at("profiles")) {
      MetricProfile p;
      p.metric = jp.at("metric").get<std::string>();
      p.unit = jp.at("unit").get<std::string>();
      p.resolution = jp.at("resolution").get<int>();
      p.evaluations = jp.at("evaluations").get<std::size_t>();
      p.missing = jp.at("missing").get<std::size_t>();
      p.baseline = estimate_from(jp.at("baseline"));
      for (const auto& q : jp.at("baseline_quantiles")) p.baseline_quantiles.push_back(estimate_from(q));
      for (const auto& jc : jp.at("cells")) {
        CellEstimate c;
        c.cell.unit = jc.at("unit").get<int>() - 1;
        c.label = jc.at("label").get<std::string>();
        if (jc.at("kind") == "block") {
          c.cell.kind = CellKind::block;
          c.cell.layer = jc.at("layer").get<int>() - 1;
          c.cell.block = block_index(jc.at("block").get<std::string>());
          c.code = jc.at("code").get<std::string>();
          if (jc.contains("width")) {
            const auto& names = r.space.units.at(static_cast<std::size_t>(c.cell.unit)).width_names;
            const auto it = std::find(names.begin(), names.end(), jc.at("width").get<std::string>());
            c.cell.width = static_cast<int>(it - names.begin());
          }
        } else {
          c.cell.kind = CellKind::depth;
          c.cell.depth = jc.at("depth").get<int>();
        }
        c.mean = estimate_from(jc.at("mean"));
        c.effect = estimate_from(jc.at("effect"));
        for (const auto& q : jc.at("quantile_effects")) c.quantile_effects.push_back(estimate_from(q));
        p.cells.push_back(std::move(c));
      }
      for (const auto& jb : jp.at("blocks")) {
        p.blocks.push_back({jb.at("code").get<std::string>(), estimate_from(jb.at("mean")), jb.at("locations").get<int>()});
      }
      r.profiles.push_back(std::move(p));
    }
    return r;
  } catch (const json::exception& e) {
    throw InputError(fmt::format("{}: malformed profile: {}", source, e.what()));
  }
}

void write_profile(const ProfileResult& r, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "profile.json") << to_json(r).dump(1) << "\n";

  std::ofstream cells(dir / "cells.csv");
  cells << "metric,unit,resolution,kind,label,u,l,width,block,code,depth,n,mean,mean_lo,mean_hi,effect,effect_lo,effect_hi";
  for (double tau : r.taus) {
    const auto t = fmt::format("q{:g}", tau * 100);
    cells << "," << t << "_effect," << t << "_effect_lo," << t << "_effect_hi";
  }
  cells << "\n";
  for (const auto& p : r.profiles) {
    for (const auto& c : p.cells) {
      const bool block = c.cell.kind == CellKind::block;
      cells << p.metric << "," << p.unit << "," << p.resolution << "," << (block ? "block" : "depth") << "," << c.label << ","
            << c.cell.unit + 1 << "," << (block ? std::to_string(c.cell.layer + 1) : "") << ","
            << (c.cell.width >= 0 ? r.space.units[static_cast<std::size_t>(c.cell.unit)].width_names[static_cast<std::size_t>(c.cell.width)] : "")
            << "," << (block ? r.space.blocks[static_cast<std::size_t>(c.cell.block)].name : "") << "," << c.code << ","
            << (block ? "" : std::to_string(c.cell.depth)) << "," << c.effect.n << "," << csv_number(c.mean.value) << ","
            << csv_number(c.mean.lo) << "," << csv_number(c.mean.hi) << "," << csv_number(c.effect.value) << ","
            << csv_number(c.effect.lo) << "," << csv_number(c.effect.hi);
      for (const auto& q : c.quantile_effects) cells << "," << csv_number(q.value) << "," << csv_number(q.lo) << "," << csv_number(q.hi);
      cells << "\n";
    }
  }
  std::ofstream blocks(dir / "blocks.csv");
  blocks << "metric,unit,resolution,code,locations,n,m_b,m_b_lo,m_b_hi,baseline_mean\n";
  for (const auto& p : r.profiles) {
    for (const auto& b : p.blocks) {
      blocks << p.metric << "," << p.unit << "," << p.resolution << "," << b.code << "," << b.locations << "," << b.mean.n << ","
             << csv_number(b.mean.value) << "," << csv_number(b.mean.lo) << "," << csv_number(b.mean.hi) << ","
             << csv_number(p.baseline.value) << "\n";
    }
  }
}

ProfileResult read_profile(const std::filesystem::path& dir_or_file) {
  const auto file = std::filesystem::is_directory(dir_or_file) ? dir_or_file / "profile.json" : dir_or_file;
  std::ifstream in(file);
  if (!in) throw InputError(fmt::format("--profile: cannot read '{}' (expected a `hwnas profile` output folder)", file.string()));
  json j;
  try {
    in >> j;
  } catch (const json::exception& e) {
    throw InputError(fmt::format("{}: not valid JSON: {}", file.string(), e.what()));
  }
  return profile_from_json(j, file.string());
}

}  // namespace hwnas::profile
