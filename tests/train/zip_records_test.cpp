// The CRC-32 check every LibTorch archive passes before LibTorch reads it (train/zip_records.hpp):
// whole archives pass, stored (LibTorch's, zip64) and deflated (Python's zipfile) alike; a flipped
// byte in a record, a cut file or a file that is no zip at all is an InputError naming the file.
#include <gtest/gtest.h>

#include <cstdlib>

#include "hwnas/common/error.hpp"
#include "hwnas/train/checkpoint.hpp"
#include "hwnas/train/zip_records.hpp"
#include "support/input_error.hpp"
#include "support/mutants.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::train {
namespace {

using hwnas::test::read_bytes;
using hwnas::test::write_bytes;

std::string error_of(const std::filesystem::path& file) {
  return hwnas::test::input_error_of([&] { check_zip_records(file, "test archive"); });
}

TEST(ZipRecords, WholeLibTorchArchivePassesAndAFlippedByteOrACutDoesNot) {
  const hwnas::test::TempDir dir("zip-records");
  const auto file = dir / "weights.pt";
  CheckpointWriter().add("", *torch::nn::Linear(64, 32)).write(file);
  EXPECT_NO_THROW(check_zip_records(file, "test archive"));
  const std::string valid = read_bytes(file.string());

  // The last tensor's record sits well inside the file; flip one of its bytes.
  std::string flipped = valid;
  flipped[valid.size() / 3] ^= 0x10;
  write_bytes(file.string(), flipped);
  EXPECT_NE(error_of(file).find("CRC-32"), std::string::npos) << error_of(file);
  EXPECT_NE(error_of(file).find(file.string()), std::string::npos);

  write_bytes(file.string(), valid.substr(0, valid.size() - 30));
  EXPECT_NE(error_of(file).find("not a whole test archive"), std::string::npos) << error_of(file);
  write_bytes(file.string(), "plain text, no archive");
  EXPECT_NE(error_of(file).find("no end record"), std::string::npos) << error_of(file);
}

// LibTorch's reader throws from its constructor for these, leaking its zip state; they are refused
// before it sees them.
TEST(ZipRecords, ArchivesLibTorchRefusesAreRefusedFirst) {
  const hwnas::test::TempDir dir("zip-layout");
  const auto zip = [&](const std::string& name, const std::string& records) {
    const auto file = dir / name;
    const std::string cmd = "/usr/bin/python3 -c \"import zipfile; z = zipfile.ZipFile('" + file.string() +
                            "', 'w'); " + records + " z.close()\"";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    return file;
  };
  EXPECT_NE(error_of(zip("empty.pt", "")).find("holds no records"), std::string::npos);
  EXPECT_NE(error_of(zip("flat.pt", "z.writestr('version', '3');")).find("in no folder"), std::string::npos);
  EXPECT_NE(error_of(zip("unversioned.pt", "z.writestr('a/data.pkl', 'x');")).find("no version record"), std::string::npos);
  EXPECT_NE(error_of(zip("future.pt", "z.writestr('a/version', '11');")).find("no version record"), std::string::npos);
  EXPECT_NE(error_of(zip("text.pt", "z.writestr('a/version', 'three');")).find("no version record"), std::string::npos);
  EXPECT_NO_THROW(check_zip_records(zip("versioned.pt", "z.writestr('a/.data/version', '3\\n');"), "test archive"));
}

TEST(ZipRecords, DeflatedRecordsAreInflatedAndChecked) {
  const hwnas::test::TempDir dir("zip-deflated");
  const auto file = dir / "deflated.zip";
  const std::string cmd = "/usr/bin/python3 -c \"import zipfile; z = zipfile.ZipFile('" + file.string() +
                          "', 'w', zipfile.ZIP_DEFLATED); z.writestr('a/version', '3\\n'); z.writestr('a/data.pkl', 'tensor ' * 5000); z.close()\"";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_NO_THROW(check_zip_records(file, "test archive"));
  std::string damaged = read_bytes(file.string());
  damaged[damaged.size() / 3] ^= 0x01;  // inside data.pkl's compressed data
  write_bytes(file.string(), damaged);
  EXPECT_NE(error_of(file), "no InputError");
}

}  // namespace
}  // namespace hwnas::train
