// profile_and_save, the profile `hwnas profile` and hwnas.profile make: run_profile's estimates,
// stamped with the command and written to the folder.
#include "hwnas/profile/profile_job.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "hwnas/profile/profile_io.hpp"
#include "hwnas/space/space_loader.hpp"
#include "support/temp_dir.hpp"
#include "synthetic_metric.hpp"

namespace hwnas::profile {
namespace {

namespace fs = std::filesystem;

TEST(ProfileJob, StampsTheRunAndWritesTheFilesReadBackAsRun) {
  const auto space = space::load_space("ofa-mbv3");
  ProfileOptions options;
  options.samples = 10;
  options.bootstrap = 10;
  test::SyntheticAdditiveMetric direct_metric(0.0, 1), saved_metric(0.0, 1);
  const ProfileResult direct = run_profile(space, {&direct_metric}, options);

  const test::TempDir dir("profile-job");
  const fs::path out = dir / "profile";
  const ProfileResult saved = profile_and_save(space, {&saved_metric}, options, "hwnas profile --test", out);
  EXPECT_EQ(saved.provenance.command, "hwnas profile --test");
  EXPECT_EQ(saved.provenance.version, HWNAS_VERSION);
  EXPECT_TRUE(std::regex_match(saved.provenance.date, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
      << saved.provenance.date;
  EXPECT_EQ(to_json(saved).at("profiles"), to_json(direct).at("profiles"));
  for (const char* f : {"profile.json", "cells.csv", "blocks.csv"}) EXPECT_TRUE(fs::exists(out / f)) << f;
  EXPECT_EQ(to_json(read_profile(out)).at("profiles"), to_json(saved).at("profiles"));
}

TEST(ProfileJob, WithoutAFolderWritesNothing) {
  const auto space = space::load_space("ofa-mbv3");
  ProfileOptions options;
  options.samples = 4;
  options.bootstrap = 10;
  test::SyntheticAdditiveMetric metric(0.0, 1);
  const fs::path before = fs::current_path();
  const ProfileResult result = profile_and_save(space, {&metric}, options, "python: test", {});
  EXPECT_EQ(result.provenance.command, "python: test");
  EXPECT_FALSE(result.profiles.empty());
  EXPECT_FALSE(fs::exists(before / "profile.json"));
}

}  // namespace
}  // namespace hwnas::profile
