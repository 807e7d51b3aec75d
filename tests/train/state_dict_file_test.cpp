// torch.save files as PyTorch writes them (tests/train/data/state_dict/, made by its
// make_state_dicts.py with python3-torch): the OrderedDict of `model.state_dict()`, the legacy
// format with OFA's {'state_dict': …} beside other entries, a one-entry dict, views sharing a
// storage, other dtypes and a Parameter at pickle protocol 4 — and damaged copies of them.
#include <gtest/gtest.h>

#include <typeinfo>

#include "hwnas/common/error.hpp"
#include "hwnas/common/source_dir.hpp"
#include "hwnas/train/pickle_reader.hpp"
#include "hwnas/train/state_dict_file.hpp"
#include "support/input_error.hpp"
#include "support/mutants.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::train {
namespace {

namespace fs = std::filesystem;
using hwnas::test::input_error_of;

fs::path data_file(const std::string& name) { return source_dir() / "tests/train/data/state_dict" / name; }

// The generator's values: arange(numel) * 0.5 + k.
torch::Tensor filled(std::vector<std::int64_t> shape, double k) {
  std::int64_t numel = 1;
  for (auto s : shape) numel *= s;
  return (torch::arange(numel, torch::kFloat64) * 0.5 + k).view(shape).to(torch::kFloat32);
}

void expect_small_model(const std::map<std::string, torch::Tensor>& state) {
  ASSERT_EQ(state.size(), 7u);
  EXPECT_TRUE(torch::equal(state.at("0.weight"), filled({3, 2, 3, 3}, 0)));
  EXPECT_TRUE(torch::equal(state.at("0.bias"), filled({3}, 1)));
  EXPECT_TRUE(torch::equal(state.at("1.weight"), filled({3}, 2)));
  EXPECT_TRUE(torch::equal(state.at("1.running_var"), filled({3}, 5)));
  EXPECT_EQ(state.at("1.num_batches_tracked").item<float>(), 0.0f);
}

TEST(StateDictFile, ReadsTheOrderedDictOfModelStateDict) {
  expect_small_model(read_state_dict(data_file("ordered_dict.pth")));
}

TEST(StateDictFile, ReadsTheLegacyFormatWithTheStateDictBesideOtherEntries) {
  expect_small_model(read_state_dict(data_file("legacy_wrapped.pth")));
}

TEST(StateDictFile, ReadsAOneEntryDict) {
  const auto state = read_state_dict(data_file("one_entry.pth"));
  ASSERT_EQ(state.size(), 1u);
  EXPECT_TRUE(torch::equal(state.at("only"), filled({2, 2}, 3)));
}

TEST(StateDictFile, ReadsViewsDtypesAndParametersAtProtocol4) {
  const auto state = read_state_dict(data_file("views_and_dtypes.pth"));
  const torch::Tensor base = filled({24}, 1);
  EXPECT_TRUE(torch::equal(state.at("base"), base));
  EXPECT_TRUE(torch::equal(state.at("odd"), base.slice(0, 1, 24, 2)));
  EXPECT_TRUE(torch::equal(state.at("transposed"), base.view({4, 6}).t()));
  EXPECT_TRUE(torch::equal(state.at("half"), filled({5}, 2)));
  EXPECT_TRUE(torch::equal(state.at("long"), torch::tensor({0.0f, 3.0f, 6.0f, 9.0f})));
  EXPECT_TRUE(torch::equal(state.at("mask"), torch::tensor({1.0f, 0.0f, 1.0f})));
  EXPECT_TRUE(torch::equal(state.at("parameter"), filled({3}, 4)));
  EXPECT_EQ(state.at("empty").sizes(), (std::vector<std::int64_t>{0, 3}));
  EXPECT_EQ(state.count("note"), 0u);  // not a tensor
}

TEST(StateDictFile, BadFilesAreInputErrorsNamingTheFile) {
  EXPECT_NE(input_error_of([] { read_state_dict(data_file("no_tensors.pth")); }).find("holds no tensors"),
            std::string::npos);
  EXPECT_NE(input_error_of([] { read_state_dict(data_file("absent.pth")); }).find("absent.pth"), std::string::npos);
  const hwnas::test::TempDir dir("state-dict-bad");
  hwnas::test::write_bytes((dir / "text.pth").string(), "name,value\n");
  EXPECT_NE(input_error_of([&] { read_state_dict(dir / "text.pth"); }).find("text.pth"), std::string::npos);
}

TEST(PickleReader, RefusesWhatTorchSaveDoesNotWrite) {
  // Cut short, an unknown opcode, a memo entry never stored, STOP with two values on the stack.
  // (A hex escape swallows the hex digits after it, so the literal is split before "ab".)
  for (const std::string bytes : {std::string("\x80\x02}q\x00(X\x05\x00\x00\x00" "ab", 13), std::string("\x80\x02\xff.", 4),
                                  std::string("\x80\x02h\x07.", 5), std::string("\x80\x02NN.", 5)}) {
    EXPECT_NE(input_error_of([&] { read_pickle(bytes, "t.pkl"); }).find("t.pkl: pickle byte"), std::string::npos)
        << testing::PrintToString(bytes);
  }
  // A list that contains itself is a value like any other (memo references are indices).
  const Pickle self = read_pickle(std::string("\x80\x02]q\x00h\x00\x61.", 9), "t.pkl");
  EXPECT_EQ(self.at(self.root).items, std::vector<std::size_t>{self.root});
}

// Damaged copies of every file: each loads or is one InputError. The legacy format has no CRCs,
// so its damage reaches the unpickler and the storage reader; the zip files' mostly stops at the
// CRC check.
TEST(StateDictFile, DamagedFilesLoadOrAreInputErrors) {
  const hwnas::test::TempDir dir("state-dict-damaged");
  const auto file = dir / "damaged.pth";
  std::uint64_t seed = 1;
  for (const char* name : {"legacy_wrapped.pth", "ordered_dict.pth", "views_and_dtypes.pth"}) {
    const std::size_t count = std::string(name) == "legacy_wrapped.pth" ? 600 : 60;
    for (const auto& bytes : hwnas::test::byte_mutants(hwnas::test::read_bytes(data_file(name).string()), seed++, count)) {
      hwnas::test::write_bytes(file.string(), bytes);
      try {
        read_state_dict(file);
      } catch (const InputError&) {
      } catch (const std::exception& e) {
        ADD_FAILURE() << name << ": " << typeid(e).name() << ": " << e.what();
      }
    }
  }
}

}  // namespace
}  // namespace hwnas::train
