// The integrity of a LibTorch archive before LibTorch reads it. torch::save, torch.save and
// TorchScript files are zip archives whose records carry CRC-32s, but LibTorch is built with
// miniz's CRC checks off and trusts every record: a damaged file can crash its TorchScript parser
// (a segmentation fault in ScriptTypeParser on a garbled code record) instead of raising an error.
// Checking each record's CRC first, as `unzip -t` does, turns any accidental damage — a cut
// download, a flipped bit — into an InputError. (A file crafted with consistent CRCs still reaches
// LibTorch's own, unhardened parser: read only archives you trust.)
#pragma once

#include <filesystem>
#include <string>

namespace hwnas::train {

// Throws InputError naming `file` and `what` it should be unless it is a whole zip archive (zip64
// included) whose every record, stored or deflated, matches its CRC-32, laid out as every LibTorch
// archive is: records in the folder of the first one, which holds a version record of format 1–10.
void check_zip_records(const std::filesystem::path& file, const std::string& what);

}  // namespace hwnas::train
