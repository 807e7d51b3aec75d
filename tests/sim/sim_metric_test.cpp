// latency:sim:<device> through open_metric: the same values as the simulator, presets and files,
// values stored with the device file's hash, and the CLI's per-layer latency.
#include <filesystem>
#include <fstream>

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../cli/cli_run.hpp"
#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/measure/latency_measurer.hpp"
#include "hwnas/metric/metric_source.hpp"
#include "hwnas/sim/arch_simulator.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/store/store.hpp"
#include "support/temp_dir.hpp"
#include "support/test_paths.hpp"

namespace hwnas::sim {
namespace {

std::vector<arch::Architecture> sample(const space::Space& space, int n, std::uint64_t seed) {
  arch::Rng rng(seed);
  std::vector<arch::Architecture> out;
  for (int i = 0; i < n; ++i) out.push_back(arch::sample_uniform(space, rng));
  return out;
}

TEST(SimMetric, OpensPresetsAndFilesAndAgreesWithTheSimulator) {
  const space::Space space = space::load_space("ofa-mbv3");
  const auto archs = sample(space, 12, 1);
  auto metric = metric::open_metric("latency:sim:myriad-vpu-like");
  EXPECT_EQ(metric->spec(), "latency:sim:myriad-vpu-like");
  EXPECT_EQ(metric->unit(), "ms");
  const auto values = metric->evaluate(space, archs);
  ASSERT_EQ(values.size(), archs.size());
  ArchSimulator simulator(load_device("myriad-vpu-like"));
  for (std::size_t i = 0; i < archs.size(); ++i) {
    ASSERT_TRUE(values[i].has_value());
    EXPECT_DOUBLE_EQ(*values[i], simulator.simulate(space, archs[i]).total_s * 1e3);
  }
  const auto path = (devices_dir() / "myriad-vpu-like.yaml").string();
  auto by_path = metric::open_metric("latency:sim:" + path);
  EXPECT_EQ(by_path->evaluate(space, archs), values);
}

TEST(SimMetric, BadDeviceIsAnInputErrorNotAStoreLookup) {
  try {
    metric::open_metric("latency:sim:no-such-npu");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown simulated device 'no-such-npu'"), std::string::npos) << e.what();
  }
}

TEST(SimMetric, StoresValuesWithTheDeviceFileHash) {
  const space::Space space = space::load_space("ofa-mbv3");
  const auto archs = sample(space, 5, 2);
  test::TempDir dir("sim");
  const std::string url = (dir / "p.db").string();
  // A copy of a preset in a file of our own, edited later.
  const auto device_file = dir / "npu.yaml";
  std::filesystem::copy_file(devices_dir() / "kirin-npu-like.yaml", device_file);
  const std::string spec = "latency:sim:" + device_file.string();
  std::vector<std::optional<double>> first;
  {
    auto metric = metric::open_metric(spec, {.store_url = url});
    first = metric->evaluate(space, archs);
  }
  const std::string hash = load_device_file(device_file).content_hash;
  auto store = store::open_store(url);
  for (std::size_t i = 0; i < archs.size(); ++i) {
    const auto got = store->find_metric(measure::arch_record(space, archs[i]).hash, spec);
    ASSERT_TRUE(got);
    EXPECT_DOUBLE_EQ(got->value, *first[i]);
    EXPECT_EQ(got->provenance.value("device_hash", ""), hash);
    EXPECT_EQ(got->provenance.value("kind", ""), "simulation");
  }
  // Edit the device: the stored values are replaced, with the new hash.
  {
    std::ofstream(device_file, std::ios::app) << "# slower DRAM\n";
    auto metric = metric::open_metric(spec, {.store_url = url});
    metric->evaluate(space, archs);
  }
  const std::string new_hash = load_device_file(device_file).content_hash;
  EXPECT_NE(new_hash, hash);
  EXPECT_EQ(store->metrics(spec).size(), archs.size());
  for (const auto& m : store->metrics(spec)) EXPECT_EQ(m.provenance.value("device_hash", ""), new_hash);
}

TEST(SimMetric, StatsPrintsPerLayerLatencyAndJson) {
  const std::string arch =
      R"('{"ks":[7,3,5,3,3,3,3,3,5,5,5,5,7,7,7,7,3,5,7,3],"e":[3,4,6,3,4,6,3,4,6,3,4,6,3,4,6,3,4,6,3,4],"d":[2,3,4,2,3],"r":208}')";
  const auto json_run = test::run_cli("stats --space ofa-mbv3 --arch " + arch + " --device sim:kirin-npu-like --json");
  ASSERT_EQ(json_run.exit_code, 0) << json_run.output;
  const auto j = nlohmann::json::parse(json_run.output);
  ASSERT_TRUE(j.contains("latency_ms"));
  double sum = j.at("latency_fixed_ms").get<double>();
  for (const auto& layer : j.at("layers")) {
    ASSERT_TRUE(layer.contains("latency_ms")) << layer.dump();
    EXPECT_GT(layer.at("latency_ms").get<double>(), 0);
    sum += layer.at("latency_ms").get<double>();
  }
  EXPECT_NEAR(sum, j.at("latency_ms").get<double>(), 1e-9);
  EXPECT_EQ(j.at("resolution").get<int>(), 208);  // the network's; the device padded it to 224
  EXPECT_EQ(j.at("simulated_resolution").get<int>(), 224);
  EXPECT_TRUE(j.at("latency_is_simulated").get<bool>());
  EXPECT_GT(j.at("kernels").get<int>(), 20);

  const auto table = test::run_cli("stats --space ofa-mbv3 --arch " + arch + " --device sim:kirin-npu-like");
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("sim ms"), std::string::npos) << table.output;
  EXPECT_NE(table.output.find("padding 208 to 224"), std::string::npos) << table.output;
  EXPECT_NE(table.output.find("not a measurement"), std::string::npos) << table.output;

  const auto plain = test::run_cli("stats --space ofa-mbv3 --arch " + arch + " --json");
  EXPECT_FALSE(nlohmann::json::parse(plain.output).contains("latency_ms"));

  const auto bad = test::run_cli("stats --space ofa-mbv3 --arch " + arch + " --device sim:nope");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("unknown simulated device 'nope'"), std::string::npos) << bad.output;
  const std::string malformed = hwnas::test::data_dir() + "/malformed_device.yaml";
  const auto broken = test::run_cli("stats --space ofa-mbv3 --arch " + arch + " --device sim:" + malformed);
  EXPECT_EQ(broken.exit_code, 2) << broken.output;
  EXPECT_NE(broken.output.find("malformed_device.yaml:11: efficiency.depthwise.5: expected a number in (0, 1], found '1.7'"),
            std::string::npos)
      << broken.output;
  const auto not_sim = test::run_cli("stats --space ofa-mbv3 --arch " + arch + " --device kirin");
  EXPECT_EQ(not_sim.exit_code, 2) << not_sim.output;
}

TEST(SimMetric, DevicesCommandListsThePresets) {
  const auto run = test::run_cli("devices --json");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto j = nlohmann::json::parse(run.output);
  std::vector<std::string> names;
  for (const auto& d : j) {
    names.push_back(d.at("name").get<std::string>());
    EXPECT_TRUE(d.at("simulated").get<bool>());
    EXPECT_EQ(d.at("content_hash").get<std::string>(), load_device(names.back()).content_hash);
  }
  EXPECT_EQ(names, list_devices());
}

}  // namespace
}  // namespace hwnas::sim
