// Measurement CSV (hwnas's and BlockProfile's), as `hwnas db import` reads it into a store.
#include <map>

#include "fuzz_input.hpp"
#include "hwnas/arch/encoding.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/store/csv_io.hpp"

namespace {

// The CLI's conversion (apps/hwnas/cmd_db.cpp): the net_str's block names say the space.
hwnas::store::ArchRecord from_net_str(const std::string& net_str, int resolution) {
  static const hwnas::space::Space mbv3 = hwnas::space::load_space("ofa-mbv3");
  static const hwnas::space::Space proxyless = hwnas::space::load_space("proxyless");
  const hwnas::space::Space* space = nullptr;
  if (net_str.find("mbconv3") != std::string::npos) space = &mbv3;
  else if (net_str.find("mbconv2") != std::string::npos) space = &proxyless;
  else throw hwnas::InputError("cannot tell the design space");
  const auto a = hwnas::arch::from_net_str(*space, net_str, resolution);
  return {space->name, "canonical", hwnas::arch::to_canonical(*space, a), hwnas::arch::arch_hash(*space, a),
          a.resolution};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = hwnas::fuzz::as_file(data, size, ".csv");
  try {
    auto store = hwnas::store::open_store(":memory:");
    hwnas::store::import_csv(*store, file, from_net_str);
  } catch (const hwnas::InputError&) {
  }
  return 0;
}
