#include "hwnas/predict/bayesian_ridge.hpp"

#include <cmath>
#include <stdexcept>

namespace hwnas::predict {

BayesianRidgeFit fit_bayesian_ridge(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, int max_iterations,
                                    double tolerance) {
  const auto n = x.rows();
  if (n < 2 || y.size() != n) throw std::invalid_argument("Bayesian ridge needs >= 2 rows and one target per row");
  const Eigen::RowVectorXd mean = x.colwise().mean();
  Eigen::RowVectorXd scale = ((x.rowwise() - mean).array().square().colwise().sum() / static_cast<double>(n)).sqrt();
  for (Eigen::Index j = 0; j < scale.size(); ++j) {
    if (scale(j) < 1e-12) scale(j) = 0;  // constant column: carries no information
  }
  Eigen::MatrixXd xs = x.rowwise() - mean;
  for (Eigen::Index j = 0; j < xs.cols(); ++j) xs.col(j) = scale(j) > 0 ? Eigen::VectorXd(xs.col(j) / scale(j)) : Eigen::VectorXd::Zero(n);
  const double y_mean = y.mean();
  const Eigen::VectorXd yc = y.array() - y_mean;

  const Eigen::BDCSVD<Eigen::MatrixXd> svd(xs, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const Eigen::VectorXd s = svd.singularValues();
  const Eigen::VectorXd s2 = s.array().square();
  const Eigen::VectorXd uty = svd.matrixU().transpose() * yc;
  constexpr double a1 = 1e-6, a2 = 1e-6, l1 = 1e-6, l2 = 1e-6;
  double variance = yc.squaredNorm() / static_cast<double>(n);
  double alpha = 1.0 / (variance > 0 ? variance : 1.0);
  double lambda = 1.0;
  Eigen::VectorXd coef = Eigen::VectorXd::Zero(xs.cols());
  BayesianRidgeFit fit;
  for (int it = 1; it <= max_iterations; ++it) {
    const Eigen::VectorXd shrink = (s.array() / (s2.array() + lambda / alpha)).matrix();
    const Eigen::VectorXd next = svd.matrixV() * shrink.cwiseProduct(uty);
    const double residual = (yc - xs * next).squaredNorm();
    const double gamma = (alpha * s2.array() / (lambda + alpha * s2.array())).sum();
    lambda = (gamma + 2 * l1) / (next.squaredNorm() + 2 * l2);
    alpha = (static_cast<double>(n) - gamma + 2 * a1) / (residual + 2 * a2);
    const double change = (next - coef).lpNorm<1>();
    coef = next;
    fit.iterations = it;
    if (it > 1 && change < tolerance) break;
  }
  fit.weights = Eigen::VectorXd::Zero(x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) fit.weights(j) = scale(j) > 0 ? coef(j) / scale(j) : 0.0;
  fit.intercept = y_mean - mean.dot(fit.weights);
  fit.alpha = alpha;
  fit.lambda = lambda;
  return fit;
}

}  // namespace hwnas::predict
