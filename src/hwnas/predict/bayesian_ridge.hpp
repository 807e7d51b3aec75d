// Bayesian ridge regression (MacKay's evidence maximisation, as in scikit-learn's BayesianRidge):
// y = X·w + b + ε with ε ~ N(0, 1/α) and w ~ N(0, I/λ); α and λ (Gamma(1e-6, 1e-6) hyper-priors)
// are re-estimated from the data until the weights settle, so there is no regularisation strength
// to tune — what HURRICANE relies on when a device has few measurements.
#pragma once

#include <Eigen/Dense>

namespace hwnas::predict {

struct BayesianRidgeFit {
  Eigen::VectorXd weights;  // in the units of the raw (unscaled) features
  double intercept = 0;
  double alpha = 0;         // noise precision
  double lambda = 0;        // weight precision
  int iterations = 0;
};

// Columns are centred and scaled to unit variance for the fit (constant columns get weight 0);
// the returned weights and intercept apply to raw features. Needs at least 2 rows.
BayesianRidgeFit fit_bayesian_ridge(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, int max_iterations = 300,
                                    double tolerance = 1e-6);

}  // namespace hwnas::predict
