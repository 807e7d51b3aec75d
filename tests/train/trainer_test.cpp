// Supernet training on a tiny data set: its folder, a resumed run equal to an uninterrupted one,
// evaluation into the store, the accuracy metric, and the CLI's errors for bad data.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/metric/metric_source.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/store/store.hpp"
#include "hwnas/train/checkpoint.hpp"
#include "hwnas/train/subnet_eval.hpp"
#include "hwnas/train/supernet_dir.hpp"
#include "hwnas/train/trainer.hpp"
#include "train_fixture.hpp"
#include "support/test_paths.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::train {
namespace {

TrainOptions tiny_options(const std::filesystem::path& data, const std::string& out) {
  TrainOptions o;
  o.data_dir = data;
  o.out_dir = hwnas::test::process_temp_dir().path() / ("hwnas_train_test_" + out);
  std::filesystem::remove_all(o.out_dir);
  o.validation_images = 16;
  o.batch_size = 16;
  o.epochs = 1;  // 80 training images: 5 steps
  o.threads = 1;
  o.checkpoint_every = 2;
  o.quiet = true;
  o.seed = 9;
  return o;
}

std::vector<torch::Tensor> state_of(const std::filesystem::path& dir) {
  const LoadedSupernet loaded = load_supernet(dir);
  std::vector<torch::Tensor> state;
  for (const auto& p : loaded.net->named_parameters()) state.push_back(p.value().clone());
  for (const auto& b : loaded.net->named_buffers()) state.push_back(b.value().clone());
  return state;
}

// How many parameter and buffer tensors differ between two runs' weights.
std::size_t tensors_differing(const std::filesystem::path& a_dir, const std::filesystem::path& b_dir) {
  const auto a = state_of(a_dir);
  const auto b = state_of(b_dir);
  EXPECT_EQ(a.size(), b.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) differ += torch::equal(a[i], b[i]) ? 0 : 1;
  return differ;
}

TEST(Trainer, InterruptedRunResumesToTheSameWeights) {
  const auto data = test::make_tiny_folder("trainer_resume");
  const space::Space space = space::load_space("ofa-mbv3-fmnist");
  const TrainOptions whole = tiny_options(data, "whole");
  const TrainOutcome a = train_supernet(space, whole);
  EXPECT_TRUE(a.finished);
  EXPECT_EQ(a.steps_done, 5);

  TrainOptions paused = tiny_options(data, "paused");
  paused.stop_after_steps = 3;
  const TrainOutcome first = train_supernet(space, paused);
  EXPECT_FALSE(first.finished);
  EXPECT_EQ(read_info(paused.out_dir).steps_done, 3);
  paused.stop_after_steps = 0;
  const TrainOutcome second = train_supernet(space, paused);
  EXPECT_TRUE(second.resumed);
  EXPECT_TRUE(second.finished);

  const auto sa = state_of(whole.out_dir);
  const auto sb = state_of(paused.out_dir);
  ASSERT_EQ(sa.size(), sb.size());
  for (std::size_t i = 0; i < sa.size(); ++i) EXPECT_TRUE(torch::allclose(sa[i], sb[i], 1e-6, 1e-7)) << "tensor " << i;

  // The log has one row per logged step, none duplicated by the resume.
  std::ifstream log(paused.out_dir / "log.csv");
  std::string line;
  std::vector<std::string> steps;
  std::getline(log, line);
  while (std::getline(log, line)) steps.push_back(line.substr(0, line.find(',')));
  EXPECT_EQ(steps, (std::vector<std::string>{"3", "5"}));

  // Different options in the same folder are refused rather than mixed.
  TrainOptions other = paused;
  other.learning_rate = 0.5;
  EXPECT_THROW(train_supernet(space, other), InputError);
}

// In-place distillation changes what the sandwich's other three subnets learn (so not what the
// plain sandwich computes), and needs the sandwich: alone it would have nobody to learn from.
TEST(Trainer, DistillationTeachesTheSandwichFromItsLargestSubnet) {
  const auto data = test::make_tiny_folder("trainer_distill");
  const space::Space space = space::load_space("ofa-mbv3-fmnist");
  TrainOptions sandwich = tiny_options(data, "sandwich");
  sandwich.sandwich = true;
  sandwich.stop_after_steps = 2;
  TrainOptions distilled = tiny_options(data, "distilled");
  distilled.sandwich = true;
  distilled.distill = true;
  distilled.stop_after_steps = 2;
  train_supernet(space, sandwich);
  train_supernet(space, distilled);
  EXPECT_GT(tensors_differing(sandwich.out_dir, distilled.out_dir), state_of(sandwich.out_dir).size() / 4);

  TrainOptions alone = tiny_options(data, "distill_alone");
  alone.distill = true;
  EXPECT_THROW(train_supernet(space, alone), InputError);
}

// Fair sampling and several paths a step each train something other than one uniform path a step
// with the same seed, and such a run paused and resumed draws the paths the uninterrupted one draws
// (the fair sampler replays its rounds).
TEST(Trainer, FairSamplingOfSeveralPathsResumesToTheSameWeights) {
  const auto data = test::make_tiny_folder("trainer_fair");
  const space::Space space = space::load_space("ofa-mbv3-fmnist");
  const auto fair_two_paths = [&](const std::string& name) {
    TrainOptions o = tiny_options(data, name);
    o.fair = true;
    o.paths_per_step = 2;
    return o;
  };
  const TrainOptions whole = fair_two_paths("fair_whole");
  train_supernet(space, whole);
  TrainOptions paused = fair_two_paths("fair_paused");
  paused.stop_after_steps = 3;
  train_supernet(space, paused);
  paused.stop_after_steps = 0;
  EXPECT_TRUE(train_supernet(space, paused).resumed);
  const auto sa = state_of(whole.out_dir);
  const auto sb = state_of(paused.out_dir);
  ASSERT_EQ(sa.size(), sb.size());
  for (std::size_t i = 0; i < sa.size(); ++i) EXPECT_TRUE(torch::allclose(sa[i], sb[i], 1e-6, 1e-7)) << "tensor " << i;

  TrainOptions uniform = fair_two_paths("fair_uniform");
  uniform.fair = false;
  train_supernet(space, uniform);
  EXPECT_GT(tensors_differing(whole.out_dir, uniform.out_dir), 0u);
  TrainOptions one_path = fair_two_paths("fair_one_path");
  one_path.paths_per_step = 1;
  train_supernet(space, one_path);
  EXPECT_GT(tensors_differing(whole.out_dir, one_path.out_dir), 0u);

  TrainOptions switched = uniform;  // the uniform run's folder, resumed as a fair one
  switched.fair = true;
  EXPECT_THROW(train_supernet(space, switched), InputError);
  TrainOptions progressive = fair_two_paths("fair_progressive");
  progressive.paths_per_step = 1;
  progressive.progressive = true;
  EXPECT_THROW(train_supernet(space, progressive), InputError);
  TrainOptions sandwich = fair_two_paths("fair_sandwich");  // the sandwich has its own four paths
  sandwich.sandwich = true;
  EXPECT_THROW(train_supernet(space, sandwich), InputError);
}

// A run started from a trained supernet (--init-from) starts from its weights and its input
// normalisation: with a learning rate of 0 the fine-tuned subnet's weights are the supernet's.
TEST(Trainer, FineTuningStartsFromTheSupernetsWeights) {
  const auto data = test::make_tiny_folder("trainer_init_from");
  const space::Space space = space::load_space("ofa-mbv3-fmnist");
  const TrainOptions source = tiny_options(data, "init_source");
  train_supernet(space, source);

  TrainOptions tuned = tiny_options(data, "init_tuned");
  tuned.init_from = source.out_dir;
  tuned.fixed_arch = arch::to_canonical(space, load_supernet(source.out_dir).net->smallest());
  tuned.train_images = 32;  // other images than the source's: their own statistics would differ
  tuned.learning_rate = 0;
  EXPECT_TRUE(train_supernet(space, tuned).finished);
  const auto parameters_of = [](const std::filesystem::path& dir) {
    std::vector<torch::Tensor> state;
    for (const auto& p : load_supernet(dir).net->named_parameters()) state.push_back(p.value().clone());
    return state;
  };
  const auto a = parameters_of(source.out_dir);
  const auto b = parameters_of(tuned.out_dir);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::equal(a[i], b[i])) << "tensor " << i;
  EXPECT_EQ(read_info(tuned.out_dir).normalisation.mean, read_info(source.out_dir).normalisation.mean);

  // The same seed without --init-from starts where the source started, not where it ended: the
  // equality above is the loaded weights, not a shared random initialisation.
  TrainOptions fresh = tiny_options(data, "init_fresh");
  fresh.fixed_arch = tuned.fixed_arch;
  fresh.learning_rate = 0;
  train_supernet(space, fresh);
  const auto c = parameters_of(fresh.out_dir);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) differ += torch::equal(a[i], c[i]) ? 0 : 1;
  EXPECT_GT(differ, a.size() / 2);

  TrainOptions progressive = tiny_options(data, "init_progressive");
  progressive.init_from = source.out_dir;
  progressive.progressive = true;
  EXPECT_THROW(train_supernet(space, progressive), InputError);
}

// A separately trained teacher (--teacher) changes what uniform sampling learns, lends the students
// its input normalisation, and is refused beside the recipes that bring their own teacher.
TEST(Trainer, SeparateTeacherTeachesEveryPath) {
  const auto data = test::make_tiny_folder("trainer_teacher");
  const space::Space space = space::load_space("ofa-mbv3-fmnist");
  const TrainOptions teacher = tiny_options(data, "teacher_source");  // the students' images and statistics
  train_supernet(space, teacher);

  TrainOptions plain = tiny_options(data, "teacher_plain");
  plain.stop_after_steps = 2;
  TrainOptions taught = plain;
  taught.out_dir = plain.out_dir.parent_path() / "hwnas_train_test_teacher_taught";
  std::filesystem::remove_all(taught.out_dir);
  taught.teacher = teacher.out_dir;
  train_supernet(space, plain);
  train_supernet(space, taught);
  EXPECT_GT(tensors_differing(plain.out_dir, taught.out_dir), state_of(plain.out_dir).size() / 10);

  TrainOptions other_images = tiny_options(data, "teacher_other_images");
  other_images.train_images = 48;
  train_supernet(space, other_images);
  TrainOptions student = tiny_options(data, "teacher_student");
  student.stop_after_steps = 1;
  student.teacher = other_images.out_dir;
  train_supernet(space, student);
  EXPECT_EQ(read_info(student.out_dir).normalisation.mean, read_info(other_images.out_dir).normalisation.mean);
  EXPECT_NE(read_info(student.out_dir).normalisation.mean, read_info(plain.out_dir).normalisation.mean);

  for (auto recipe : {&TrainOptions::distill, &TrainOptions::progressive}) {
    TrainOptions both = tiny_options(data, "teacher_refused");
    both.teacher = teacher.out_dir;
    both.sandwich = recipe == &TrainOptions::distill;
    both.*recipe = true;
    EXPECT_THROW(train_supernet(space, both), InputError);
  }
}

// Progressive shrinking across its stage boundaries (the teacher taken after the full stage, the
// channels sorted before the expansion stages): a paused run resumes to the same weights, and the
// folder says the supernet uses OFA's kernel transformation.
TEST(Trainer, ProgressiveShrinkingResumesAcrossItsStages) {
  const auto data = test::make_tiny_folder("trainer_progressive");
  const space::Space space = space::load_space("ofa-mbv3-fmnist");
  TrainOptions whole = tiny_options(data, "progressive_whole");
  whole.progressive = true;
  EXPECT_TRUE(train_supernet(space, whole).finished);
  TrainOptions paused = tiny_options(data, "progressive_paused");
  paused.progressive = true;
  for (const std::int64_t stop : {2, 4, 0}) {  // 5 steps: full 0, kernel 1, depth 2, expand 3-4
    paused.stop_after_steps = stop;
    train_supernet(space, paused);
  }
  EXPECT_TRUE(std::filesystem::exists(paused.out_dir / "teacher.pt"));
  EXPECT_TRUE(read_info(paused.out_dir).network.kernel_transform());
  const auto a = state_of(whole.out_dir);
  const auto b = state_of(paused.out_dir);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::allclose(a[i], b[i], 1e-6, 1e-7)) << "tensor " << i;

  // The teacher is the supernet as the full stage (step 0) left it.
  TrainOptions full = tiny_options(data, "progressive_full");
  full.progressive = true;
  full.stop_after_steps = 1;
  train_supernet(space, full);
  Supernet teacher(space, SupernetOptions().kernel_transform(true));
  CheckpointReader(paused.out_dir / "teacher.pt", "teacher").read("", *teacher);
  const auto after_full = state_of(full.out_dir);
  std::size_t i = 0;
  for (const auto& p : teacher->named_parameters()) {
    EXPECT_TRUE(torch::equal(p.value(), after_full[i++])) << p.key();
  }

  TrainOptions mixed = tiny_options(data, "progressive_sandwich");
  mixed.progressive = true;
  mixed.sandwich = true;
  EXPECT_THROW(train_supernet(space, mixed), InputError);
}

TEST(SubnetEval, WritesAccuracyToTheStoreAndTheMetricReadsIt) {
  const auto data = test::make_tiny_folder("trainer_eval");
  const space::Space space = space::load_space("proxyless-fmnist");
  TrainOptions o = tiny_options(data, "eval");
  o.id = "tiny";
  train_supernet(space, o);

  EvalOptions eval;
  eval.calibration_images = 32;
  eval.threads = 1;
  SubnetEvaluator evaluator(o.out_dir, eval);
  EXPECT_EQ(evaluator.metric_source(), "accuracy:tiny");
  arch::Rng rng(1);
  const std::vector<arch::Architecture> archs{arch::sample_uniform(space, rng), arch::sample_uniform(space, rng)};
  const auto db = hwnas::test::process_temp_dir().path() / "hwnas_train_test_eval.db";
  std::filesystem::remove(db);
  const auto store = store::open_store(db.string());
  const auto values = evaluate_into_store(evaluator, archs, *store, false, true);
  ASSERT_EQ(values.size(), 2u);
  for (const SubnetAccuracy& v : values) {
    EXPECT_GE(v.top1, 0.0);
    EXPECT_LE(v.top1, v.top5);
    EXPECT_LE(v.top5, 100.0);
  }
  EXPECT_EQ(store->metrics("accuracy:tiny").size(), 2u);
  EXPECT_EQ(store->metrics("accuracy:tiny:top5").size(), 2u);

  // accuracy:<id> reads the store; accuracy:<folder> without a store evaluates and agrees.
  const auto stored = metric::open_metric("accuracy:tiny", {db.string(), false})->evaluate(space, archs);
  const auto evaluated = metric::open_metric("accuracy:" + o.out_dir.string())->evaluate(space, archs);
  for (std::size_t i = 0; i < archs.size(); ++i) {
    ASSERT_TRUE(stored[i] && evaluated[i]);
    EXPECT_DOUBLE_EQ(*stored[i], values[i].top1);
  }
  EXPECT_THROW(metric::open_metric("accuracy:not-a-folder-or-store"), InputError);
}

TEST(SupernetCli, MissingOrCorruptDataIsOneClearLineAndExitCode2) {
  const auto data = test::make_tiny_folder("cli_errors");
  std::ofstream(data / "train-images-idx3-ubyte.gz") << "garbage";
  const auto out = hwnas::test::process_temp_dir().path() / "hwnas_train_test_cli_out";
  const auto err = hwnas::test::process_temp_dir().path() / "hwnas_train_test_cli_err.txt";
  const std::string cmd = hwnas::test::cli_path() + " supernet train --space ofa-mbv3-fmnist --data " +
                          data.string() + " --out " + out.string() + " 2> " + err.string();
  const int status = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  std::ifstream in(err);
  std::string message((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(message.find((data / "train-images-idx3-ubyte.gz").string()), std::string::npos) << message;
  EXPECT_NE(message.find("not an IDX file"), std::string::npos) << message;
}

}  // namespace
}  // namespace hwnas::train
