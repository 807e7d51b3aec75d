#include "hwnas/arch/encoding.hpp"

#include <gtest/gtest.h>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::arch {
namespace {

TEST(Encoding, CanonicalAndJsonRoundTripInEverySpace) {
  for (const auto& name : space::list_spaces()) {
    const auto s = space::load_space(name);
    Rng rng(7);
    for (int i = 0; i < 200; ++i) {
      const Architecture a = sample_uniform(s, rng);
      const std::string text = to_canonical(s, a);
      EXPECT_EQ(parse_canonical(s, text), a) << name << " " << text;
      EXPECT_EQ(from_json(s, to_json(s, a)), a) << name << " " << text;
      EXPECT_EQ(parse_any(s, to_json(s, a).dump(), 0), a) << name;
      EXPECT_EQ(to_canonical(s, parse_canonical(s, text)), text);
    }
  }
}

TEST(Encoding, CanonicalTextIsReadable) {
  const auto s = space::load_space("ofa-mbv3");
  const Architecture a = parse_canonical(s, "r208|e3k3,e6k5|e4k3,e4k3,e6k7|e3k3,e3k3|e6k7,e6k7,e6k7,e6k7|e4k5,e4k5");
  EXPECT_EQ(a.resolution, 208);
  EXPECT_EQ(a.depth(3), 4);
  EXPECT_EQ(s.blocks[static_cast<std::size_t>(a.units[0].blocks[1])].name, "e6k5");
  const auto r = space::load_space("resnet50");
  const Architecture b = parse_canonical(r, "r224|stem_width=2|stem_out=1|stem_depth=1|C100:B20,B25|C65:B35,B35|"
                                            "C80:B20,B20,B20,B20|C100:B35,B35,B35,B35");
  EXPECT_EQ(b.units[0].width, 2);
  EXPECT_EQ(b.variables, (std::vector<int>{2, 1, 1}));
}

TEST(Encoding, BadTextNamesTheProblem) {
  const auto s = space::load_space("ofa-mbv3");
  auto message = [&](const std::string& text) {
    try {
      parse_canonical(s, text);
    } catch (const InvalidArchitecture& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("r224|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3|e3k3,zz"),
            "unit 5 layer 2: unknown block 'zz' in space 'ofa-mbv3'");
  EXPECT_EQ(message("r224|e3k3|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3"),
            "unit 1 (u1): 1 layers, the space allows 2 to 4");
  EXPECT_EQ(message("r100|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3"),
            "resolution 100 is not in space 'ofa-mbv3' (allowed: 128, 144, 160, 176, 192, 208, 224)");
  EXPECT_EQ(message("r224|e3k3,e3k3"), "space 'ofa-mbv3' has 5 units, the architecture lists 1");
}

TEST(Encoding, OfaDictsRoundTripAndIgnoreInactiveLayers) {
  for (const char* name : {"ofa-mbv3", "proxyless", "resnet50"}) {
    const auto s = space::load_space(name);
    Rng rng(3);
    for (int i = 0; i < 200; ++i) {
      const Architecture a = sample_uniform(s, rng);
      EXPECT_EQ(from_ofa_dict(s, to_ofa_dict(s, a)), a) << name << " " << to_canonical(s, a);
    }
  }
  const auto s = space::load_space("ofa-mbv3");
  nlohmann::json dict{{"ks", std::vector<int>(20, 7)}, {"e", std::vector<int>(20, 4)}, {"d", {2, 3, 4, 2, 2}}, {"r", 192}};
  dict["ks"][2] = 3;  // layer 3 of unit 1 is inactive at depth 2: ignored
  const Architecture a = from_ofa_dict(s, dict);
  EXPECT_EQ(to_canonical(s, a), "r192|e4k7,e4k7|e4k7,e4k7,e4k7|e4k7,e4k7,e4k7,e4k7|e4k7,e4k7|e4k7,e4k7");
  // ProxylessNAS: the last unit has one layer whatever d says (OFA takes min(depth, d)).
  const auto p = space::load_space("proxyless");
  nlohmann::json pdict{{"ks", std::vector<int>(21, 3)}, {"e", std::vector<int>(21, 6)}, {"d", {2, 2, 2, 2, 2, 4}}};
  EXPECT_EQ(from_ofa_dict(p, pdict).depth(5), 1);
  const auto r = space::load_space("resnet50");
  nlohmann::json rdict{{"d", {2, 0, 1, 2, 0}}, {"e", std::vector<double>(18, 0.25)}, {"w", {2, 0, 1, 1, 1, 2}}, {"r", 224}};
  const Architecture ra = from_ofa_dict(r, rdict);
  EXPECT_EQ(to_canonical(r, ra), "r224|stem_width=2|stem_out=0|stem_depth=1|C80:B25,B25|C80:B25,B25,B25|"
                                 "C80:B25,B25,B25,B25,B25,B25|C100:B25,B25");
  nlohmann::json bad{{"ks", std::vector<int>(20, 9)}, {"e", std::vector<int>(20, 4)}, {"d", {2, 2, 2, 2, 2}}};
  EXPECT_THROW(from_ofa_dict(s, bad), InvalidArchitecture);
}

TEST(Encoding, BlockProfileNetStr) {
  const auto s = space::load_space("ofa-mbv3");
  const std::string net = "mbconv3_e3_k3->mbconv3_e6_k5|mbconv3_e4_k3->mbconv3_e4_k3|mbconv3_e3_k7->mbconv3_e3_k7|"
                          "mbconv3_e6_k7->mbconv3_e6_k7->mbconv3_e6_k7|mbconv3_e4_k5->mbconv3_e4_k5";
  const Architecture a = from_net_str(s, net, 224);
  EXPECT_EQ(to_canonical(s, a), "r224|e3k3,e6k5|e4k3,e4k3|e3k7,e3k7|e6k7,e6k7,e6k7|e4k5,e4k5");
  EXPECT_EQ(to_net_str(s, a), net);
  EXPECT_EQ(parse_any(s, net, 176).resolution, 176);
  const auto p = space::load_space("proxyless");
  Rng rng(1);
  const Architecture pa = sample_uniform(p, rng);
  EXPECT_EQ(to_net_str(p, pa).substr(0, 7), "mbconv2");
  EXPECT_EQ(from_net_str(p, to_net_str(p, pa), pa.resolution), pa);
}

TEST(Encoding, HashIsStableAndDistinguishesSpaces) {
  const auto s = space::load_space("ofa-mbv3");
  const Architecture a = parse_canonical(s, "r224|e3k3,e6k5|e4k3,e4k3|e3k7,e3k7|e6k7,e6k7,e6k7|e4k5,e4k5");
  EXPECT_EQ(arch_hash(s, a).size(), 16u);
  EXPECT_EQ(arch_hash(s, a), arch_hash(s, parse_canonical(s, to_canonical(s, a))));
  space::Space renamed = s;
  renamed.name = "other";
  EXPECT_NE(arch_hash(renamed, a), arch_hash(s, a));
}

}  // namespace
}  // namespace hwnas::arch
