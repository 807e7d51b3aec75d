// How good a predictor is, the same way for every kind (docs/predictors.md): errors against the
// measured values of networks it never saw, ranking agreement, and the worst cases. The noise floor
// is the same figures between two measurements of the same networks.
#pragma once

#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hwnas::predict {

struct WorstCase {
  std::string hash;
  double actual = 0;
  double predicted = 0;
  double relative_error = 0;  // (predicted - actual) / actual
};

struct Evaluation {
  std::size_t count = 0;
  double rmse = 0;              // in the target's unit
  double mape = 0;              // mean |relative error|, %
  double rmspe = 0;             // root mean squared relative error, %
  double within5 = 0, within10 = 0, within15 = 0;  // share of networks within ±5/10/15%, %
  double spearman = 0;          // rank correlation (average ranks for ties)
  double kendall = 0;           // Kendall tau-b
  std::vector<WorstCase> worst; // largest |relative error| first
  nlohmann::json to_json() const;
};

// predicted[i] and actual[i] belong to network hashes[i]; actual values must be > 0.
Evaluation evaluate(std::span<const double> predicted, std::span<const double> actual,
                    std::span<const std::string> hashes, std::size_t worst_count = 5);

double spearman(std::span<const double> a, std::span<const double> b);
double kendall_tau_b(std::span<const double> a, std::span<const double> b);

// One table row: "name  n  RMSE  MAPE  RMSPE  ±5%  ±10%  ±15%  Spearman  Kendall".
std::string evaluation_header();
std::string evaluation_row(const std::string& name, const Evaluation& e);

}  // namespace hwnas::predict
