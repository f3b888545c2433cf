// The uncertainty model (countyleap/uncertainty.hpp, class UncertaintyModel), compiled once: the
// precomputed data variants, leaf matrices and component transforms, the collapsed weighted
// sums and the per-thread run buffers. The class documentation in the header gives the rules.
#include "countyleap/uncertainty.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "countyleap/aggregate.hpp"
#include "countyleap/detail/parallel.hpp"
#include "countyleap/detail/stats.hpp"
#include "countyleap/detail/text.hpp"
#include "countyleap/hierarchy.hpp"
#include "countyleap/impl/pipeline/steps.hpp"
#include "countyleap/impl/uncertainty/apply_vary.hpp"
#include "countyleap/pipeline.hpp"
#include "countyleap/rank.hpp"
#include "countyleap/tier.hpp"
#include "countyleap/weight.hpp"

namespace countyleap {

class UncertaintyModel::Impl {
 public:
  Impl(const Panel& panel, const Framework& framework, const UncertaintySpec& spec, const RegionSet* regions, int year,
       const std::string& node)
      : panel_(panel), fw_(framework), spec_(spec), regions_ptr_(regions), year_(year), tree_evaluator_(framework) {
    spec_.validate(fw_);
    target_ = node.empty() ? fw_.root() : fw_.node_index(node);
    if (fw_.is_leaf(target_))
      throw validation_error("the target of an uncertainty analysis must be an aggregate node", Location{"", 0, 0, "", node});
    build_factors();
    build_tree();
    build_data_variants();
    build_weight_noise();
    schemes_.push_back(spec_.tiers ? *spec_.tiers : TierScheme{});
    for (const Factor& f : factors_)
      if (f.path->step == VaryStep::tiers)
        for (const VaryValue& v : entry(f).values) schemes_.push_back(std::get<TierScheme>(v));
    if (spec_.tiers)
      for (const TierBand& b : spec_.tiers->tiers) tier_labels_.push_back(b.label);

    ParameterLog nominal = empty_log(1);
    ModelRuns runs = run(nominal, 1);
    if (!runs.ok[0]) throw validation_error("the nominal pipeline fails: " + runs.failures.front().message);
    nominal_scores_ = runs.scores.col(0);
    nominal_ranks_ = runs.ranks.col(0);
    if (runs.tiers.size() != 0) nominal_tiers_ = runs.tiers.col(0);
  }

  const UncertaintySpec& spec() const noexcept { return spec_; }
  std::vector<std::string> factors() const {
    std::vector<std::string> out;
    for (const VaryEntry& e : spec_.vary) out.push_back(e.path);
    return out;
  }
  std::size_t n_factors() const noexcept { return factors_.size(); }
  const std::vector<std::string>& regions() const noexcept { return universe_; }
  const std::string& node() const { return fw_.nodes()[target_].id; }
  const Eigen::VectorXd& nominal_scores() const noexcept { return nominal_scores_; }
  const Eigen::VectorXd& nominal_ranks() const noexcept { return nominal_ranks_; }
  const Eigen::VectorXi& nominal_tiers() const noexcept { return nominal_tiers_; }
  const std::vector<std::string>& tier_labels() const noexcept { return tier_labels_; }
  std::size_t leaf_matrices() const noexcept { return leaves_.size(); }
  const Eigen::MatrixXd& weight_multipliers(std::size_t k) const { return noise_.at(k); }

  ParameterLog empty_log(std::size_t n) const {
    ParameterLog log;
    log.factors = factors();
    const auto rows = static_cast<Eigen::Index>(n), cols = static_cast<Eigen::Index>(factors_.size());
    log.u = Eigen::MatrixXd::Constant(rows, cols, detail::nan_value);
    log.index = Eigen::MatrixXi::Constant(rows, cols, -1);
    log.value = Eigen::MatrixXd::Constant(rows, cols, detail::nan_value);
    return log;
  }

  ParameterLog design(const Eigen::Ref<const Eigen::MatrixXd>& u) const {
    if (static_cast<std::size_t>(u.cols()) != factors_.size())
      throw validation_error("design: " + std::to_string(u.cols()) + " columns for " + std::to_string(factors_.size()) +
                             " factors");
    ParameterLog log = empty_log(static_cast<std::size_t>(u.rows()));
    for (Eigen::Index k = 0; k < u.cols(); ++k) {
      const VaryEntry& e = spec_.vary[static_cast<std::size_t>(k)];
      for (Eigen::Index r = 0; r < u.rows(); ++r) {
        const double x = u(r, k);
        if (!(x >= 0 && x < 1)) throw validation_error("design: u must lie in [0, 1), got " + detail::format_double(x));
        log.u(r, k) = x;
        if (e.kind == VaryKind::range) {
          log.value(r, k) = e.lo + x * (e.hi - e.lo);
          continue;
        }
        const auto n = static_cast<int>(e.size());
        const int i = std::min(n - 1, static_cast<int>(std::floor(x * n)));
        log.index(r, k) = i;
        if (e.kind == VaryKind::values && std::holds_alternative<double>(e.values[static_cast<std::size_t>(i)]))
          log.value(r, k) = std::get<double>(e.values[static_cast<std::size_t>(i)]);
      }
    }
    return log;
  }

  std::string describe_run(const ParameterLog& log, std::size_t r) const {
    std::string out;
    for (std::size_t k = 0; k < factors_.size(); ++k) {
      const VaryEntry& e = spec_.vary[k];
      const auto row = static_cast<Eigen::Index>(r), col = static_cast<Eigen::Index>(k);
      const int i = log.index(row, col);
      std::string v;
      if (e.kind == VaryKind::range) v = std::isnan(log.value(row, col)) ? "nominal" : detail::format_double(log.value(row, col));
      else if (i < 0) v = "nominal";
      else if (e.kind == VaryKind::noise) v = "set " + std::to_string(i);
      else v = describe(e.values[static_cast<std::size_t>(i)]) + (e.values.size() > 1 && e.path.find('.') == std::string::npos
                                                                          ? " (#" + std::to_string(i) + ")"
                                                                          : "");
      out += (out.empty() ? "" : "; ") + e.path + "=" + v;
    }
    return out;
  }

  ModelRuns run(const ParameterLog& log, unsigned threads) {
    if (static_cast<std::size_t>(log.index.cols()) != factors_.size() || log.value.cols() != log.index.cols() ||
        log.value.rows() != log.index.rows())
      throw validation_error("run: the parameter log must have one column per factor");
    threads = detail::resolve_threads(threads);
    const std::size_t n_runs = log.size();
    std::vector<Plan> plans(n_runs);
    for (std::size_t r = 0; r < n_runs; ++r) plans[r] = plan(log, r);
    build_leaves(plans, threads);
    build_transforms(plans, threads);

    ModelRuns out;
    const auto nu = static_cast<Eigen::Index>(universe_.size());
    out.scores.resize(nu, static_cast<Eigen::Index>(n_runs));
    out.ranks.resize(nu, static_cast<Eigen::Index>(n_runs));
    const bool with_tiers = spec_.tiers.has_value();
    if (with_tiers) out.tiers.resize(nu, static_cast<Eigen::Index>(n_runs));
    out.ok.assign(n_runs, 0);
    std::vector<std::string> errors(n_runs);
    // Batches: runs of one collapsed leaf matrix and mean go together, `batch` at a time, in run
    // order (one pass over the matrix serves them all); every other run is a batch of its own.
    // The batches are fixed before any thread starts and each run's arithmetic does not depend
    // on its batch, so the result does not depend on the threads.
    std::vector<std::vector<std::size_t>> batches;
    std::map<std::pair<std::size_t, int>, std::size_t> open;
    for (std::size_t r = 0; r < n_runs; ++r) {
      const Plan& p = plans[r];
      const LeafMatrix& m = leaves_[p.leaf];
      if (p.collapsed < 0 || !m.error.empty() || !m.complete || !m.valid[p.collapsed]) {
        batches.push_back({r});
        continue;
      }
      const auto key = std::make_pair(p.leaf, p.collapsed);
      const auto it = open.find(key);
      if (it == open.end() || batches[it->second].size() == batch) {
        open[key] = batches.size();
        batches.emplace_back();
      }
      batches[open[key]].push_back(r);
    }
    detail::parallel_items(
        batches.size(), threads, [&] { return Buffers(*this); },
        [&](std::size_t i, Buffers& b) {
          const std::vector<std::size_t>& runs = batches[i];
          if (plans[runs.front()].collapsed >= 0 && runs.size() >= 1 && leaves_[plans[runs.front()].leaf].complete &&
              leaves_[plans[runs.front()].leaf].error.empty() && leaves_[plans[runs.front()].leaf].valid[plans[runs.front()].collapsed])
            collapsed(plans, runs, b);
          for (std::size_t k = 0; k < runs.size(); ++k) {
            const std::size_t r = runs[k];
            const auto col = static_cast<Eigen::Index>(r);
            out.scores.col(col).setConstant(detail::nan_value);
            out.ranks.col(col).setConstant(detail::nan_value);
            if (with_tiers) out.tiers.col(col).setConstant(-1);
            try {
              run_one(plans[r], b, out, col, static_cast<Eigen::Index>(k));
              out.ok[r] = 1;
            } catch (const std::exception& e) {
              out.scores.col(col).setConstant(detail::nan_value);
              out.ranks.col(col).setConstant(detail::nan_value);
              if (with_tiers) out.tiers.col(col).setConstant(-1);
              errors[r] = e.what();
            }
          }
        });
    for (std::size_t r = 0; r < n_runs; ++r)
      if (!out.ok[r]) out.failures.push_back(ReplicationFailure{r, describe_run(log, r), errors[r]});
    return out;
  }

 private:
  // One factor: its table row and, for aggregate options, nothing more; its entry is spec_.vary[k].
  struct Factor {
    const VaryPath* path = nullptr;
    std::size_t k = 0;
  };
  // The data steps for one combination of their alternatives.
  struct DataVariant {
    detail::PreparedLeaves prepared;
    std::vector<Eigen::Index> rows;  // universe row of each kept region
    std::string error;
  };
  // A normalised leaf matrix (rows: the kept regions of its data variant; columns: the leaves)
  // and, per quasi-arithmetic mean, its components f(x) on the target's leaves (see collapse()).
  struct LeafMatrix {
    Eigen::MatrixXd x;
    std::size_t data = 0;  // its data variant
    bool built = false;
    bool complete = false;  // no value missing on the target's leaves
    Eigen::MatrixXd transform[3];    // arithmetic x, geometric ln x, harmonic 1/x (target's leaves)
    std::uint8_t made[3] = {0, 0, 0};   // transform[m] was computed
    std::uint8_t valid[3] = {0, 0, 0};  // ... and every value lies in the mean's domain (x > 0)
    std::string error;
  };
  // What one run uses, resolved before the parallel loop.
  struct Plan {
    std::size_t leaf = 0;
    std::size_t weights = 0;
    std::vector<int> noise_sets;  // per noise factor (in noise_factors_ order), −1 = none
    AggregateOptions rule;        // the default aggregation rule of the run
    int collapsed = -1;           // the shared quasi-arithmetic mean of the subtree (see collapse()), or −1
    std::size_t scheme = 0;       // index into schemes_
  };
  // Runs of one collapsed leaf matrix and mean computed together (see run()).
  static constexpr std::size_t batch = 8;

  // Per-thread buffers: sized once, reused for every run of the thread.
  struct Buffers {
    explicit Buffers(const Impl& m)
        : evaluator(m.tree_evaluator_),
          scores(m.max_rows_, static_cast<Eigen::Index>(m.fw_.size())),
          w(static_cast<Eigen::Index>(m.fw_.size())),
          sums(static_cast<Eigen::Index>(m.fw_.size())),
          e(static_cast<Eigen::Index>(m.subtree_leaves_.size()), static_cast<Eigen::Index>(batch)),
          batch_scores(m.max_rows_, static_cast<Eigen::Index>(batch)),
          score(m.max_rows_),
          ranks(m.max_rows_),
          tiers(static_cast<std::size_t>(m.max_rows_)),
          compact(static_cast<std::size_t>(m.max_rows_)) {
      for (auto* v : {&order.keys, &order.keys_tmp, &order.rows, &order.rows_tmp}) v->resize(static_cast<std::size_t>(m.max_rows_));
    }
    HierarchyEvaluator evaluator;
    HierarchyWorkspace workspace;
    Eigen::MatrixXd scores;
    Eigen::VectorXd w, sums;
    Eigen::MatrixXd e;             // collapsed: effective leaf weights, one column per run of a batch
    Eigen::MatrixXd batch_scores;  // collapsed: target scores, one column per run of a batch
    Eigen::VectorXd score, ranks;
    RankWorkspace order;
    std::vector<int> tiers;
    std::vector<double> compact;
  };

  const VaryEntry& entry(const Factor& f) const { return spec_.vary[f.k]; }

  void build_factors() {
    for (std::size_t k = 0; k < spec_.vary.size(); ++k) {
      Factor f{find_vary_path(spec_.vary[k].path), k};
      if (spec_.vary[k].kind == VaryKind::noise) noise_factors_.push_back(k);
      factors_.push_back(f);
    }
  }

  // The target's subtree: its leaves and, for each, the nodes on its path up to the target; and
  // how each aggregate's rule follows a run's default rule (PipelineSpec::aggregate_for()).
  void build_tree() {
    const std::size_t nl = fw_.n_leaves();
    path_offsets_.push_back(0);
    for (std::size_t j = 0; j < nl; ++j) {
      std::vector<std::size_t> path;
      std::size_t i = j;
      while (i != target_ && fw_.parent(i)) {
        path.push_back(i);
        i = *fw_.parent(i);
      }
      if (i != target_) continue;
      subtree_leaves_.push_back(static_cast<Eigen::Index>(j));
      path_nodes_.insert(path_nodes_.end(), path.begin(), path.end());
      path_offsets_.push_back(path_nodes_.size());
    }
    for (std::size_t i = nl; i < fw_.size(); ++i) {
      std::size_t a = i;
      while (a != target_ && fw_.parent(a)) a = *fw_.parent(a);
      if (a == target_) subtree_aggregates_.push_back(i);
      const Node& n = fw_.nodes()[i];
      const auto it = spec_.pipeline.nodes.find(n.id);
      NodeRule r;
      if (it != spec_.pipeline.nodes.end() && it->second.aggregate) {
        r.fixed = true;
        r.rule = *it->second.aggregate;
      } else if (!n.aggregation.empty()) {
        r.own_method = true;
        r.method = aggregation_method_from_string(n.aggregation);
      }
      node_rules_.push_back(r);
    }
  }

  std::vector<int> key_of(const std::vector<int>& choice, std::initializer_list<VaryStep> steps) const {
    std::vector<int> key(choice.size(), -1);
    for (std::size_t k = 0; k < factors_.size(); ++k)
      for (VaryStep s : steps)
        if (factors_[k].path->step == s) key[k] = choice[k];
    return key;
  }

  PipelineSpec spec_for(const std::vector<int>& choice) const {
    PipelineSpec s = spec_.pipeline;
    for (std::size_t k = 0; k < factors_.size(); ++k)
      if (choice[k] >= 0 && factors_[k].path->step != VaryStep::tiers && spec_.vary[k].kind == VaryKind::values)
        detail::apply_vary(s, spec_.vary[k].path, spec_.vary[k].values[static_cast<std::size_t>(choice[k])]);
    return s;
  }

  // The nominal data steps and every combination of the data-step alternatives, each run once;
  // the regions reported are those kept by any of them.
  void build_data_variants() {
    std::vector<std::vector<int>> keys{std::vector<int>(factors_.size(), -1)};
    for (std::size_t k = 0; k < factors_.size(); ++k) {
      if (factors_[k].path->step != VaryStep::data) continue;
      std::vector<std::vector<int>> product;
      for (const auto& key : keys)
        for (std::size_t i = 0; i < spec_.vary[k].values.size(); ++i) {
          product.push_back(key);
          product.back()[k] = static_cast<int>(i);
        }
      keys = std::move(product);
    }
    if (keys.front() != std::vector<int>(factors_.size(), -1)) keys.insert(keys.begin(), std::vector<int>(factors_.size(), -1));
    for (const auto& key : keys) {
      DataVariant v;
      try {
        v.prepared = detail::prepare_leaves(panel_, fw_, spec_for(key), year_, regions_ptr_);
      } catch (const error& e) {
        if (key == keys.front()) throw;  // the nominal data steps must work
        v.error = e.what();
      }
      data_index_.emplace(key, data_.size());
      data_.push_back(std::move(v));
    }
    universe_row_.assign(static_cast<std::size_t>(panel_.n_regions()), -1);
    for (const DataVariant& v : data_)
      for (Eigen::Index r : v.prepared.kept) universe_row_[static_cast<std::size_t>(r)] = 0;
    for (std::size_t r = 0; r < universe_row_.size(); ++r)
      if (universe_row_[r] == 0) {
        universe_row_[r] = static_cast<Eigen::Index>(universe_.size());
        universe_.push_back(panel_.regions()[r]);
      }
    for (DataVariant& v : data_) set_rows(v);
  }

  void set_rows(DataVariant& v) {
    for (Eigen::Index r : v.prepared.kept) v.rows.push_back(universe_row_[static_cast<std::size_t>(r)]);
    max_rows_ = std::max(max_rows_, static_cast<Eigen::Index>(v.rows.size()));
  }

  // The data variant of a key: one of those run at construction, or (for a log whose data-step
  // inputs are partly nominal) run now; its regions outside the reported ones are left out.
  std::size_t data_variant(const std::vector<int>& key) {
    const auto it = data_index_.find(key);
    if (it != data_index_.end()) return it->second;
    DataVariant v;
    try {
      v.prepared = detail::prepare_leaves(panel_, fw_, spec_for(key), year_, regions_ptr_);
    } catch (const error& e) {
      v.error = e.what();
    }
    set_rows(v);
    data_index_.emplace(key, data_.size());
    data_.push_back(std::move(v));
    return data_.size() - 1;
  }

  // Noise multipliers, drawn once per noise entry and set (see the class description).
  void build_weight_noise() {
    for (std::size_t k = 0; k < factors_.size(); ++k) {
      const VaryEntry& e = spec_.vary[k];
      if (e.kind != VaryKind::noise) continue;
      Eigen::MatrixXd m = Eigen::MatrixXd::Ones(static_cast<Eigen::Index>(fw_.size()), e.sets);
      for (int s = 0; s < e.sets; ++s) {
        SplitMix64 g(stream_seed(spec_.seed, RandomStream::weight_sets, (static_cast<std::uint64_t>(k) << 32) + static_cast<std::uint64_t>(s)));
        for (std::size_t i = 0; i < fw_.size(); ++i)
          if (std::find(e.levels.begin(), e.levels.end(), fw_.level(i)) != e.levels.end())
            m(static_cast<Eigen::Index>(i), s) = 1 + e.noise * (2 * g.uniform() - 1);
      }
      noise_.emplace(k, std::move(m));
    }
  }

  // The framework weights of every node under a spec's weighting (relative to the siblings).
  Eigen::VectorXd base_weights(const PipelineSpec& s) const {
    Eigen::VectorXd w = framework_weights(fw_);
    for (std::size_t i = fw_.n_leaves(); i < fw_.size(); ++i) {
      const WeightOptions& o = s.weights_for(fw_.nodes()[i].id);
      if (o.method == WeightMethod::given) continue;
      const auto& kids = fw_.children(i);
      const auto k = static_cast<Eigen::Index>(kids.size());
      Eigen::VectorXd given(k);
      for (Eigen::Index c = 0; c < k; ++c) given[c] = w[static_cast<Eigen::Index>(kids[static_cast<std::size_t>(c)])];
      if (o.method != WeightMethod::equal && o.method != WeightMethod::ahp)
        throw validation_error(std::string("weights '") + to_string(o.method) +
                                   "' depend on each replication's data and are not supported in an uncertainty analysis",
                               Location{"", 0, 0, "", fw_.nodes()[i].id});
      Eigen::VectorXd v;
      try {
        v = node_weights(o, Eigen::MatrixXd(0, k), given);
      } catch (const validation_error& e) {
        throw validation_error(e.detail(), Location{"", 0, 0, "", fw_.nodes()[i].id});
      }
      for (Eigen::Index c = 0; c < k; ++c) w[static_cast<Eigen::Index>(kids[static_cast<std::size_t>(c)])] = v[c];
    }
    return w;
  }

  Plan plan(const ParameterLog& log, std::size_t r) {
    const auto row = static_cast<Eigen::Index>(r);
    std::vector<int> choice(factors_.size(), -1);
    for (std::size_t k = 0; k < factors_.size(); ++k) choice[k] = log.index(row, static_cast<Eigen::Index>(k));
    Plan p;
    const std::vector<int> leaf_key = key_of(choice, {VaryStep::data, VaryStep::treat, VaryStep::normalise});
    auto it = leaf_index_.find(leaf_key);
    if (it == leaf_index_.end()) {
      it = leaf_index_.emplace(leaf_key, leaves_.size()).first;
      leaves_.emplace_back();
      leaves_.back().data = data_variant(key_of(leaf_key, {VaryStep::data}));
      leaf_keys_.push_back(leaf_key);
    }
    p.leaf = it->second;
    std::vector<int> weight_key = key_of(choice, {VaryStep::weights});
    for (std::size_t k : noise_factors_) weight_key[k] = -1;
    auto wt = weight_index_.find(weight_key);
    if (wt == weight_index_.end()) {
      wt = weight_index_.emplace(weight_key, weights_.size()).first;
      try {
        weights_.push_back(base_weights(spec_for(weight_key)));
        weight_errors_.emplace_back();
      } catch (const error& e) {
        weights_.emplace_back();
        weight_errors_.push_back(e.what());
      }
    }
    p.weights = wt->second;
    for (std::size_t k : noise_factors_) p.noise_sets.push_back(choice[k]);
    p.rule = spec_.pipeline.aggregate;
    std::size_t scheme_offset = 1;
    for (std::size_t k = 0; k < factors_.size(); ++k) {
      const VaryEntry& e = spec_.vary[k];
      const VaryStep step = factors_[k].path->step;
      if (step == VaryStep::aggregate) {
        const double x = log.value(row, static_cast<Eigen::Index>(k));
        if (e.kind == VaryKind::range && !std::isnan(x)) detail::apply_vary_aggregate(p.rule, e.path, VaryValue(x));
        else if (e.kind == VaryKind::values && choice[k] >= 0)
          detail::apply_vary_aggregate(p.rule, e.path, e.values[static_cast<std::size_t>(choice[k])]);
      }
      if (step == VaryStep::tiers) {
        if (choice[k] >= 0) p.scheme = scheme_offset + static_cast<std::size_t>(choice[k]);
        scheme_offset += e.values.size();
      }
    }
    p.collapsed = collapse(p.rule);
    return p;
  }

  // The leaf matrices the plans use that are not built yet: treatment once per distinct
  // (data, treatment) choice, normalisation once per distinct leaf matrix.
  void build_leaves(const std::vector<Plan>& plans, unsigned threads) {
    std::vector<std::size_t> pending;
    std::vector<std::uint8_t> seen(leaves_.size(), 0);
    for (const Plan& p : plans)
      if (!seen[p.leaf] && !leaves_[p.leaf].built) {
        seen[p.leaf] = 1;
        pending.push_back(p.leaf);
      }
    // group by treatment choice: one treated matrix per group, shared by its normalisations
    std::map<std::vector<int>, std::vector<std::size_t>> groups;
    for (std::size_t id : pending) groups[key_of(leaf_keys_[id], {VaryStep::data, VaryStep::treat})].push_back(id);
    std::vector<std::pair<std::vector<int>, std::vector<std::size_t>>> group_list(groups.begin(), groups.end());
    std::vector<Eigen::MatrixXd> treated(group_list.size());
    std::vector<std::string> treat_errors(group_list.size());
    detail::parallel_items(group_list.size(), threads, [] { return 0; }, [&](std::size_t g, int&) {
      const std::vector<int>& key = group_list[g].first;
      const DataVariant& d = data_[leaves_[group_list[g].second.front()].data];
      if (!d.error.empty()) {
        treat_errors[g] = d.error;
        return;
      }
      try {
        treated[g] = d.prepared.x;
        PipelineLog log;
        detail::treat_leaves(treated[g], fw_, spec_for(key), log);
      } catch (const std::exception& e) {
        treat_errors[g] = e.what();
      }
    });
    std::vector<std::pair<std::size_t, std::size_t>> items;  // (group, leaf id)
    for (std::size_t g = 0; g < group_list.size(); ++g)
      for (std::size_t id : group_list[g].second) items.emplace_back(g, id);
    detail::parallel_items(items.size(), threads, [] { return 0; }, [&](std::size_t i, int&) {
      const auto [g, id] = items[i];
      LeafMatrix& m = leaves_[id];
      const DataVariant& d = data_[m.data];
      m.built = true;
      if (!treat_errors[g].empty()) {
        m.error = treat_errors[g];
        return;
      }
      try {
        m.x = treated[g];
        detail::normalise_leaves(m.x, fw_, spec_for(leaf_keys_[id]), d.prepared.regions);
        m.complete = true;
        for (Eigen::Index j : subtree_leaves_) m.complete = m.complete && !m.x.col(j).hasNaN();
      } catch (const std::exception& e) {
        m.error = e.what();
      }
    });
  }

  // The rule of aggregate node i (canonical index) in a run whose default rule is `rule`.
  AggregateOptions node_rule(std::size_t i, const AggregateOptions& rule) const {
    const NodeRule& r = node_rules_[i - fw_.n_leaves()];
    if (r.fixed) return r.rule;
    AggregateOptions out = rule;
    if (r.own_method) out.method = r.method;
    return out;
  }

  // The quasi-arithmetic mean shared by every aggregate of the target's subtree in a run whose
  // default rule is `rule`, as an index (0 arithmetic, 1 geometric, 2 harmonic), or −1 when the
  // rules differ, another method is used, or a geometric or harmonic mean has a shift.
  int collapse(const AggregateOptions& rule) const {
    int method = -1;
    for (std::size_t i : subtree_aggregates_) {
      const AggregateOptions r = node_rule(i, rule);
      const int m = r.method == AggregationMethod::arithmetic  ? 0
                    : r.method == AggregationMethod::geometric ? 1
                    : r.method == AggregationMethod::harmonic  ? 2
                                                               : -1;
      if (m < 0 || (m > 0 && r.shift != 0) || (method >= 0 && m != method)) return -1;
      method = m;
    }
    return method;
  }

  // The components f(x) of the target's leaves for the collapsed means the plans use: x, ln x
  // or 1/x, each once per leaf matrix.
  void build_transforms(const std::vector<Plan>& plans, unsigned threads) {
    std::vector<std::pair<std::size_t, int>> pending;
    for (const Plan& p : plans) {
      if (p.collapsed < 0) continue;
      const LeafMatrix& m = leaves_[p.leaf];
      if (!m.error.empty() || !m.complete || m.made[p.collapsed]) continue;
      const auto item = std::make_pair(p.leaf, p.collapsed);
      if (std::find(pending.begin(), pending.end(), item) == pending.end()) pending.push_back(item);
    }
    detail::parallel_items(pending.size(), threads, [] { return 0; }, [&](std::size_t i, int&) {
      LeafMatrix& m = leaves_[pending[i].first];
      const int f = pending[i].second;
      Eigen::MatrixXd& t = m.transform[f];
      t.resize(m.x.rows(), static_cast<Eigen::Index>(subtree_leaves_.size()));
      bool valid = true;
      for (Eigen::Index q = 0; q < t.cols(); ++q) {
        t.col(q) = m.x.col(subtree_leaves_[static_cast<std::size_t>(q)]);
        valid = valid && (f == 0 || t.col(q).minCoeff() > 0);
      }
      if (f == 1 && valid) t = t.array().log().matrix();
      if (f == 2 && valid) t = t.array().inverse().matrix();
      m.valid[f] = valid;
    });
    for (const auto& [leaf, f] : pending) leaves_[leaf].made[f] = 1;
  }

  // The collapsed tree: when every aggregate of the target's subtree uses the same
  // quasi-arithmetic mean M_f(x; w) = f⁻¹(Σ w f(x) / Σ w) (f = x, ln x or 1/x: arithmetic,
  // geometric, harmonic) and no value is missing, nesting the means is one mean of the leaves,
  // f(target) = Σ_j e_j f(x_j) with e_j the product, along the path from leaf j to the target,
  // of each node's weight over the sum of its siblings' (f(M_f) is linear in the children's
  // f-values; G. H. Hardy, J. E. Littlewood & G. Pólya, Inequalities, 1934, §3.1-3.2 on
  // quasi-arithmetic means). So a run is one weighted sum over the precomputed f(x) and one f⁻¹
  // per region. Equal to the node-by-node evaluation up to rounding.
  // A batch of runs of one leaf matrix and mean: column k of b.batch_scores is run runs[k]'s
  // target score. The sums run over row tiles of 64, so that a tile of f(x) is read once for the
  // whole batch; each score is Σ_q e_q f(x_q) accumulated in leaf order, whatever the batch.
  void collapsed(const std::vector<Plan>& plans, const std::vector<std::size_t>& runs, Buffers& b) const {
    const Plan& first = plans[runs.front()];
    const LeafMatrix& m = leaves_[first.leaf];
    const int f = first.collapsed;
    const Eigen::MatrixXd& t = m.transform[f];
    const Eigen::Index n = t.rows(), nq = t.cols(), nb = static_cast<Eigen::Index>(runs.size());
    for (Eigen::Index k = 0; k < nb; ++k) {
      run_weights(plans[runs[static_cast<std::size_t>(k)]], b);
      for (std::size_t i : subtree_aggregates_) {
        double total = 0;
        for (std::size_t c : fw_.children(i)) total += b.w[static_cast<Eigen::Index>(c)];
        b.sums[static_cast<Eigen::Index>(i)] = total;
      }
      for (std::size_t q = 0; q < subtree_leaves_.size(); ++q) {
        double e = 1;
        for (std::size_t j = path_offsets_[q]; j < path_offsets_[q + 1]; ++j) {
          const std::size_t node = path_nodes_[j];
          e *= b.w[static_cast<Eigen::Index>(node)] / b.sums[static_cast<Eigen::Index>(*fw_.parent(node))];
        }
        b.e(static_cast<Eigen::Index>(q), k) = e;
      }
    }
    constexpr Eigen::Index tile = 8;  // rows summed in registers; their f(x) stay in L1 for the whole batch
    for (Eigen::Index i0 = 0; i0 < n; i0 += tile) {
      const Eigen::Index rows = std::min(tile, n - i0);
      for (Eigen::Index k = 0; k < nb; ++k) {
        const double* e = b.e.data() + k * b.e.rows();
        double* out = b.batch_scores.data() + k * b.batch_scores.rows() + i0;
        if (rows == tile) {
          Eigen::Matrix<double, tile, 1> acc = Eigen::Matrix<double, tile, 1>::Zero();
          for (Eigen::Index q = 0; q < nq; ++q) acc += e[q] * Eigen::Map<const Eigen::Matrix<double, tile, 1>>(t.data() + q * n + i0);
          Eigen::Map<Eigen::Matrix<double, tile, 1>> result(out);
          result = acc;
        } else {
          double acc[tile] = {};
          for (Eigen::Index q = 0; q < nq; ++q) {
            const double* x = t.data() + q * n + i0;
            for (Eigen::Index i = 0; i < rows; ++i) acc[i] += e[q] * x[i];
          }
          std::copy(acc, acc + rows, out);
        }
      }
    }
    for (Eigen::Index k = 0; k < nb; ++k) {
      auto score = b.batch_scores.col(k).head(n);
      if (f == 1) score = score.array().exp().matrix();
      if (f == 2) score = score.array().inverse().matrix();
    }
  }

  // The run's weights of every node into b.w: the base weights times its noise multipliers.
  void run_weights(const Plan& p, Buffers& b) const {
    if (!weight_errors_[p.weights].empty()) throw validation_error(weight_errors_[p.weights]);
    b.w = weights_[p.weights];
    for (std::size_t f = 0; f < noise_factors_.size(); ++f)
      if (p.noise_sets[f] >= 0) b.w.array() *= noise_.at(noise_factors_[f]).col(p.noise_sets[f]).array();
  }

  // One run into column `col` of `out`: its target score is column `k` of b.batch_scores when
  // it was collapsed (see collapsed()), else HierarchyEvaluator runs every node with the run's
  // rules (and reports, e.g., a geometric mean of a value <= 0 as COINr's a_gmean does); then
  // the ranks and tiers.
  void run_one(const Plan& p, Buffers& b, ModelRuns& out, Eigen::Index col, Eigen::Index k) const {
    const LeafMatrix& m = leaves_[p.leaf];
    if (!m.error.empty()) throw validation_error(m.error);
    const Eigen::Index n = m.x.rows();
    auto score = b.score.head(n);
    if (p.collapsed >= 0 && m.complete && m.valid[p.collapsed]) {
      score = b.batch_scores.col(k).head(n);
    } else {
      run_weights(p, b);
      Eigen::Map<Eigen::MatrixXd> s(b.scores.data(), n, static_cast<Eigen::Index>(fw_.size()));
      for (std::size_t i = fw_.n_leaves(); i < fw_.size(); ++i) b.evaluator.set_rule(i, node_rule(i, p.rule));
      b.evaluator.evaluate(m.x, b.w, s, b.workspace);
      score = s.col(static_cast<Eigen::Index>(target_));
    }
    auto rank_out = b.ranks.head(n);
    rank(score, rank_out, RankOptions{}, b.order);
    const std::vector<Eigen::Index>& rows = data_[m.data].rows;
    for (Eigen::Index i = 0; i < n; ++i) {
      const Eigen::Index row = rows[static_cast<std::size_t>(i)];
      if (row < 0) continue;
      out.scores(row, col) = score[i];
      out.ranks(row, col) = rank_out[i];
    }
    if (spec_.tiers) {
      assign_tiers(schemes_[p.scheme], score, rank_out, b);
      for (Eigen::Index i = 0; i < n; ++i)
        if (rows[static_cast<std::size_t>(i)] >= 0) out.tiers(rows[static_cast<std::size_t>(i)], col) = b.tiers[static_cast<std::size_t>(i)];
    }
  }

  // Tiers of the scored regions, as classify() assigns them: fixed and relative_to_mean compare
  // the score with the bounds (× the mean score of the scored regions), quota takes the best
  // count regions by rank (ties share the better tier, as classify()), natural_breaks calls
  // classify() (which allocates). Unscored regions get −1.
  void assign_tiers(const TierScheme& scheme, const Eigen::Ref<const Eigen::VectorXd>& score,
                    const Eigen::Ref<const Eigen::VectorXd>& ranks, Buffers& b) const {
    const Eigen::Index n = score.size();
    const std::size_t k = scheme.tiers.size();
    double total = 0;
    std::size_t scored = 0;
    for (Eigen::Index i = 0; i < n; ++i)
      if (!std::isnan(score[i])) {
        total += score[i];
        b.compact[scored++] = score[i];
      }
    if (scheme.rule == TierRule::natural_breaks) {
      const Classification c =
          classify(Eigen::Map<const Eigen::VectorXd>(b.compact.data(), static_cast<Eigen::Index>(scored)), scheme);
      std::size_t j = 0;
      for (Eigen::Index i = 0; i < n; ++i) b.tiers[static_cast<std::size_t>(i)] = std::isnan(score[i]) ? -1 : static_cast<int>(c.regions[j++].tier);
      return;
    }
    const double mean = scored ? total / static_cast<double>(scored) : 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      int& tier = b.tiers[static_cast<std::size_t>(i)];
      if (std::isnan(score[i])) {
        tier = -1;
        continue;
      }
      std::size_t t = 0;
      if (scheme.rule == TierRule::quota) {
        std::size_t taken = 0;
        for (; t + 1 < k; ++t) {
          const double q = scheme.tiers[t].bound;
          const auto count = static_cast<std::size_t>(scheme.quota_share ? std::floor(q * static_cast<double>(scored) + 1e-9) : q);
          taken = std::min(scored, taken + count);
          if (ranks[i] <= static_cast<double>(taken)) break;
        }
      } else {
        for (; t + 1 < k; ++t) {
          const TierBand& band = scheme.tiers[t];
          const double bound = scheme.rule == TierRule::relative_to_mean && band.relative ? band.bound * mean : band.bound;
          if (band.inclusive ? score[i] >= bound : score[i] > bound) break;
        }
      }
      tier = static_cast<int>(t);
    }
  }

  struct NodeRule {
    bool fixed = false;       // a per-node override in the spec
    bool own_method = false;  // the node's Framework aggregation method
    AggregationMethod method = AggregationMethod::arithmetic;
    AggregateOptions rule;
  };

  const Panel& panel_;
  const Framework& fw_;
  UncertaintySpec spec_;
  const RegionSet* regions_ptr_ = nullptr;
  int year_ = 0;
  std::size_t target_ = 0;
  std::vector<Factor> factors_;
  std::vector<std::size_t> noise_factors_;
  std::map<std::size_t, Eigen::MatrixXd> noise_;
  // the tree
  HierarchyEvaluator tree_evaluator_;
  std::vector<NodeRule> node_rules_;            // per aggregate (canonical index − n_leaves)
  std::vector<Eigen::Index> subtree_leaves_;    // leaves under the target
  std::vector<std::size_t> subtree_aggregates_;  // aggregates under the target, and the target
  std::vector<std::size_t> path_nodes_;         // per subtree leaf: the nodes from it up to the target (excluded)
  std::vector<std::size_t> path_offsets_;
  // data variants, leaf matrices, weights, tier schemes
  std::map<std::vector<int>, std::size_t> data_index_;
  std::vector<DataVariant> data_;
  std::vector<std::string> universe_;
  std::vector<Eigen::Index> universe_row_;  // per panel region: its reported row, or −1
  Eigen::Index max_rows_ = 0;
  std::map<std::vector<int>, std::size_t> leaf_index_;
  std::vector<std::vector<int>> leaf_keys_;
  std::vector<LeafMatrix> leaves_;
  std::map<std::vector<int>, std::size_t> weight_index_;
  std::vector<Eigen::VectorXd> weights_;
  std::vector<std::string> weight_errors_;
  std::vector<TierScheme> schemes_;
  std::vector<std::string> tier_labels_;
  Eigen::VectorXd nominal_scores_, nominal_ranks_;
  Eigen::VectorXi nominal_tiers_;
};

UncertaintyModel::UncertaintyModel(const Panel& panel, const Framework& framework, const UncertaintySpec& spec,
                                   const RegionSet* regions, int year, const std::string& node)
    : impl_(std::make_unique<Impl>(panel, framework, spec, regions, year, node)) {}
UncertaintyModel::~UncertaintyModel() = default;
UncertaintyModel::UncertaintyModel(UncertaintyModel&&) noexcept = default;
UncertaintyModel& UncertaintyModel::operator=(UncertaintyModel&&) noexcept = default;

const UncertaintySpec& UncertaintyModel::spec() const noexcept { return impl_->spec(); }
std::vector<std::string> UncertaintyModel::factors() const { return impl_->factors(); }
std::size_t UncertaintyModel::n_factors() const noexcept { return impl_->n_factors(); }
const std::vector<std::string>& UncertaintyModel::regions() const noexcept { return impl_->regions(); }
const std::string& UncertaintyModel::node() const { return impl_->node(); }
const Eigen::VectorXd& UncertaintyModel::nominal_scores() const noexcept { return impl_->nominal_scores(); }
const Eigen::VectorXd& UncertaintyModel::nominal_ranks() const noexcept { return impl_->nominal_ranks(); }
const Eigen::VectorXi& UncertaintyModel::nominal_tiers() const noexcept { return impl_->nominal_tiers(); }
const std::vector<std::string>& UncertaintyModel::tier_labels() const noexcept { return impl_->tier_labels(); }
std::size_t UncertaintyModel::leaf_matrices() const noexcept { return impl_->leaf_matrices(); }
const Eigen::MatrixXd& UncertaintyModel::weight_multipliers(std::size_t k) const { return impl_->weight_multipliers(k); }
ParameterLog UncertaintyModel::empty_log(std::size_t n) const { return impl_->empty_log(n); }
ParameterLog UncertaintyModel::design(const Eigen::Ref<const Eigen::MatrixXd>& u) const { return impl_->design(u); }
std::string UncertaintyModel::describe_run(const ParameterLog& log, std::size_t r) const { return impl_->describe_run(log, r); }
ModelRuns UncertaintyModel::run(const ParameterLog& log, unsigned threads) { return impl_->run(log, threads); }

}  // namespace countyleap
