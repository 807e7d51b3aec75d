// SearchJob, the run `hwnas search` and hwnas.search drive: checkpoints, resume and result files.
#include "hwnas/search/search_job.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "hwnas/common/error.hpp"
#include "search_fixture.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::test {
namespace {

namespace fs = std::filesystem;

search::SearchRequest toy_request(const fs::path& out, int generations) {
  search::SearchRequest r;
  r.algorithm = "nsga2";
  r.objectives = {"max:toy:quality", "min:toy:cost"};
  r.generations = generations;
  r.seed = 5;
  r.out = out;
  return r;
}

nlohmann::json run_to_end(search::SearchJob& job) {
  while (job.step()) {
  }
  return job.finish().front_json;
}

TEST(SearchJob, WritesTheCheckpointAndTheResultFiles) {
  const TempDir dir("search-job");
  const fs::path out = dir / "files";
  search::SearchJob job(ofa_space(), {}, toy_request(out, 2), toy_opener());
  ASSERT_TRUE(job.step());
  EXPECT_TRUE(fs::exists(job.checkpoint_file())) << "written after every generation";
  const nlohmann::json front = run_to_end(job);
  EXPECT_EQ(job.stop_reason(), search::StopReason::generations);
  std::ifstream in(out / "front.json");
  EXPECT_EQ(nlohmann::json::parse(in), front);
  for (const char* f : {"evaluated.csv", "front.csv"}) EXPECT_TRUE(fs::exists(out / f)) << f;

  // Without a folder nothing is written, and the run is the same.
  search::SearchJob in_memory(ofa_space(), {}, toy_request({}, 2), toy_opener());
  EXPECT_EQ(run_to_end(in_memory), front);
}

// A run stopped after its first generation and resumed from the checkpoint ends where an
// uninterrupted run with the same seed ends.
TEST(SearchJob, ResumedRunEqualsAnUninterruptedOne) {
  const TempDir dir("search-job");
  search::SearchJob straight(ofa_space(), {}, toy_request(dir / "straight", 4), toy_opener());
  const nlohmann::json expected = run_to_end(straight);

  const fs::path out = dir / "interrupted";
  {
    search::SearchJob interrupted(ofa_space(), {}, toy_request(out, 4), toy_opener());
    ASSERT_TRUE(interrupted.step());
    ASSERT_TRUE(interrupted.step());
  }
  search::SearchRequest again = toy_request(out, 4);
  again.resume = true;
  search::SearchJob resumed(ofa_space(), {}, again, toy_opener());
  ASSERT_TRUE(resumed.resumed_at().has_value());
  EXPECT_GT(*resumed.resumed_at(), 0u);
  EXPECT_EQ(run_to_end(resumed), expected);
}

TEST(SearchJob, RefusesToOverwriteOrResumeWhatIsNotThere) {
  const TempDir dir("search-job");
  const fs::path out = dir / "refuse";
  search::SearchRequest resume = toy_request(out, 1);
  resume.resume = true;
  EXPECT_THROW(search::SearchJob(ofa_space(), {}, resume, toy_opener()), InputError) << "no checkpoint yet";
  {
    search::SearchJob first(ofa_space(), {}, toy_request(out, 1), toy_opener());
    first.step();
  }
  EXPECT_THROW(search::SearchJob(ofa_space(), {}, toy_request(out, 1), toy_opener()), InputError)
      << "a checkpoint exists and resume is not set";
  resume.out.clear();
  EXPECT_THROW(search::SearchJob(ofa_space(), {}, resume, toy_opener()), InputError) << "resume without a folder";
  search::SearchRequest neither = toy_request({}, 0);
  EXPECT_THROW(search::SearchJob(ofa_space(), {}, neither, toy_opener()), InputError) << "no budget, no generations";
}

}  // namespace
}  // namespace hwnas::test
