// OFA's lookup-table YAML files (e.g. its Note10 tables): one entry per layer configuration,
//   "<layer key>": {count: N, mean: <ms>, var: V}
// with keys in layer_key's naming. Only the mean is used.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace hwnas::predict {

// Layer key -> mean latency in ms. Throws InputError naming the file and the entry for a file that
// is not such a table.
std::map<std::string, double> read_ofa_lut_yaml(const std::filesystem::path& file);

}  // namespace hwnas::predict
