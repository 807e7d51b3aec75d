#include "hwnas/predict/xgb_model_json.hpp"

#include <charconv>
#include <vector>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::predict {
namespace {

// XGBoost writes its parameters as decimal strings ("num_nodes": "5").
long long parameter(const nlohmann::json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) throw InputError(fmt::format("{} has no parameter '{}'", where, key));
  const std::string& text = it->get_ref<const std::string&>();
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw InputError(fmt::format("{}'s '{}' is \"{}\", not a whole number", where, key, text));
  }
  return value;
}

const nlohmann::json& member(const nlohmann::json& object, const char* key, const std::string& where) {
  if (!object.is_object() || !object.contains(key)) throw InputError(fmt::format("{} has no '{}'", where, key));
  return object.at(key);
}

// The per-node array `key` of a tree: `nodes` numbers.
std::vector<long long> node_array(const nlohmann::json& tree, const char* key, long long nodes, const std::string& where) {
  const auto& array = member(tree, key, where);
  if (!array.is_array() || static_cast<long long>(array.size()) != nodes) {
    throw InputError(fmt::format("{}'s '{}' is not an array of its {} nodes", where, key, nodes));
  }
  std::vector<long long> values;
  for (const auto& v : array) {
    if (!v.is_number()) throw InputError(fmt::format("{}'s '{}' holds {}, not a number", where, key, v.dump()));
    if (v.is_number_integer()) values.push_back(v.get<long long>());
    else values.push_back(0);  // a float array (split conditions, weights): only its length matters
  }
  return values;
}

void check_tree(const nlohmann::json& tree, std::size_t features, const std::string& where) {
  const auto& param = member(tree, "tree_param", where);
  const long long nodes = parameter(param, "num_nodes", where);
  if (nodes < 1 || nodes > (1 << 24)) throw InputError(fmt::format("{} has {} nodes", where, nodes));
  if (parameter(param, "num_feature", where) != static_cast<long long>(features)) {
    throw InputError(fmt::format("{} is over {} features, not {}", where, parameter(param, "num_feature", where), features));
  }
  const auto left = node_array(tree, "left_children", nodes, where);
  const auto right = node_array(tree, "right_children", nodes, where);
  const auto split = node_array(tree, "split_indices", nodes, where);
  const auto split_type = node_array(tree, "split_type", nodes, where);
  const auto parents = node_array(tree, "parents", nodes, where);
  const auto default_left = node_array(tree, "default_left", nodes, where);
  for (const char* key : {"split_conditions", "base_weights", "loss_changes", "sum_hessian"}) {
    node_array(tree, key, nodes, where);
  }
  // The root's parent is XGBoost's "none" (2^31 - 1); every other node's parent is an earlier node
  // that has it as a child.
  constexpr long long kNoParent = 2147483647;
  if (parents[0] != kNoParent) throw InputError(fmt::format("{}'s root has the parent {}", where, parents[0]));
  for (long long i = 1; i < nodes; ++i) {
    const long long p = parents[i];
    if (p < 0 || p >= i || (left[p] != i && right[p] != i)) {
      throw InputError(fmt::format("{}'s node {} has the parent {}, which is not an earlier node with it as a child", where,
                                   i, p));
    }
  }
  for (long long i = 0; i < nodes; ++i) {
    if (default_left[i] != 0 && default_left[i] != 1) {
      throw InputError(fmt::format("{}'s node {} has default_left {}", where, i, default_left[i]));
    }
    const bool leaf = left[i] == -1 && right[i] == -1;
    if (leaf) continue;
    if (left[i] <= i || left[i] >= nodes || right[i] <= i || right[i] >= nodes) {
      throw InputError(fmt::format("{}'s node {} has children {} and {}, not later nodes of its {}", where, i, left[i],
                                   right[i], nodes));
    }
    if (split[i] < 0 || split[i] >= static_cast<long long>(features)) {
      throw InputError(fmt::format("{}'s node {} splits on feature {} of {}", where, i, split[i], features));
    }
    if (split_type[i] != 0) throw InputError(fmt::format("{}'s node {} has a categorical split", where, i));
  }
}

}  // namespace

void check_xgboost_model(const nlohmann::json& model, std::size_t features, const std::string& source) {
  const std::string where = source + ": xgboost_model";
  const auto& learner = member(model, "learner", where);
  const auto& model_param = member(learner, "learner_model_param", where + "/learner");
  if (parameter(model_param, "num_feature", where) != static_cast<long long>(features)) {
    throw InputError(fmt::format("{} is over {} features, not {}", where, parameter(model_param, "num_feature", where),
                                 features));
  }
  const auto& booster = member(learner, "gradient_booster", where + "/learner");
  if (member(booster, "name", where) != "gbtree") throw InputError(fmt::format("{}'s booster is not gbtree", where));
  const auto& gbtree = member(booster, "model", where);
  const auto& trees = member(gbtree, "trees", where);
  const auto& info = member(gbtree, "tree_info", where);
  if (!trees.is_array() || !info.is_array() || info.size() != trees.size() ||
      parameter(member(gbtree, "gbtree_model_param", where), "num_trees", where) != static_cast<long long>(trees.size())) {
    throw InputError(fmt::format("{}: its tree count, tree_info and trees disagree", where));
  }
  for (const auto& class_of_tree : info) {
    if (class_of_tree != 0) throw InputError(fmt::format("{}: tree_info names a class other than 0", where));
  }
  for (std::size_t t = 0; t < trees.size(); ++t) {
    const auto& tree = trees[t];
    for (const char* key : {"categories", "categories_nodes", "categories_segments", "categories_sizes"}) {
      if (tree.contains(key) && (!tree[key].is_array() || !tree[key].empty())) {
        throw InputError(fmt::format("{} tree {} has categorical splits", where, t));
      }
    }
    // XGBoost files each tree under its id: a repeated id leaves another tree's slot empty.
    if (member(tree, "id", where) != t) throw InputError(fmt::format("{} tree {} has the id {}", where, t, tree["id"].dump()));
    check_tree(tree, features, fmt::format("{} tree {}", where, t));
  }
}

}  // namespace hwnas::predict
