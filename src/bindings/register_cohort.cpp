// Bindings for include/prevsim/cohort/: a model description (plain Python data,
// built by prevsim.cohort.CohortModel) is converted, compiled against a
// parameter set, and simulated. No numerics here.
#include <string>
#include <tuple>
#include <vector>

#include "common.hpp"
#include "prevsim/cohort.hpp"

namespace prevsim::bindings {
namespace {

using pairs = std::vector<std::pair<std::string, std::string>>;

cohort::discount_schedule to_schedule(const py::handle& h) {
  auto [starts, rates] = h.cast<std::pair<std::vector<double>, std::vector<double>>>();
  return cohort::discount_schedule::stepped(std::move(starts), std::move(rates));
}

std::vector<cohort::transition> to_transitions(const py::handle& h) {
  std::vector<cohort::transition> out;
  for (const auto& [from, to, e] :
       h.cast<std::vector<std::tuple<std::string, std::string, std::string>>>()) {
    out.push_back({from, to, e});
  }
  return out;
}
std::vector<cohort::state_value> to_state_values(const py::handle& h) {
  std::vector<cohort::state_value> out;
  for (const auto& [r, s, e] :
       h.cast<std::vector<std::tuple<std::string, std::string, std::string>>>()) {
    out.push_back({r, s, e});
  }
  return out;
}
std::vector<cohort::transition_value> to_transition_values(const py::handle& h) {
  std::vector<cohort::transition_value> out;
  for (const auto& [r, f, t, e] :
       h.cast<std::vector<std::tuple<std::string, std::string, std::string, std::string>>>()) {
    out.push_back({r, f, t, e});
  }
  return out;
}

cohort::model to_model(const py::dict& d) {
  cohort::model m;
  m.states = d["states"].cast<std::vector<std::string>>();
  for (const auto& [name, is_cost] : d["rewards"].cast<std::vector<std::pair<std::string, bool>>>()) {
    m.rewards.push_back({name, is_cost});
  }
  m.start = d["start"].cast<pairs>();
  m.transitions = to_transitions(d["transitions"]);
  m.state_values = to_state_values(d["state_values"]);
  m.transition_values = to_transition_values(d["transition_values"]);
  for (const auto& s : d["strategies"]) {
    const auto sd = s.cast<py::dict>();
    cohort::strategy st;
    st.name = sd["name"].cast<std::string>();
    st.start = sd["start"].cast<pairs>();
    st.transitions = to_transitions(sd["transitions"]);
    st.state_values = to_state_values(sd["state_values"]);
    st.transition_values = to_transition_values(sd["transition_values"]);
    m.strategies.push_back(std::move(st));
  }
  m.derived = d["derived"].cast<pairs>();
  for (const auto& [name, x, v] :
       d["tables"].cast<std::vector<std::tuple<std::string, std::vector<double>, std::vector<double>>>>()) {
    m.tables.emplace_back(name, x, v);
  }
  m.time_in_state = d["time_in_state"].cast<std::vector<std::pair<std::string, int>>>();
  m.cycles = d["cycles"].cast<int>();
  m.cycle_length = d["cycle_length"].cast<double>();
  m.start_age = d["start_age"].cast<double>();
  const auto counting = d["counting"].cast<std::string>();
  if (counting == "beginning") m.counting_method = cohort::counting::beginning;
  else if (counting == "end") m.counting_method = cohort::counting::end;
  else if (counting == "half_cycle") m.counting_method = cohort::counting::half_cycle;
  else if (counting == "simpson") m.counting_method = cohort::counting::simpson;
  else if (counting == "darth") m.counting_method = cohort::counting::darth;
  else throw std::invalid_argument("cohort model: counting is '" + counting +
                                   "', but must be 'beginning', 'end', 'half_cycle', 'simpson' or 'darth'");
  const auto timing = d["discount_timing"].cast<std::string>();
  if (timing == "start") m.timing = cohort::discount_timing::start;
  else if (timing == "middle") m.timing = cohort::discount_timing::middle;
  else if (timing == "end") m.timing = cohort::discount_timing::end;
  else throw std::invalid_argument("cohort model: discount_timing is '" + timing +
                                   "', but must be 'start', 'middle' or 'end'");
  m.cost_discount = to_schedule(d["cost_discount"]);
  m.effect_discount = to_schedule(d["effect_discount"]);
  return m;
}

}  // namespace

void register_cohort(py::module_& m) {
  py::class_<cohort::compiled_model>(m, "CompiledCohortModel",
                                     "A cohort model validated and compiled against its parameters.")
      .def(py::init([](const py::dict& description, const parameter_set& parameters) {
             return cohort::compiled_model(to_model(description), parameters);
           }),
           py::arg("description"), py::arg("parameters"))
      .def(
          "evaluate",
          [](const cohort::compiled_model& self, const std::vector<double>& values,
             const std::string& context) {
            py::gil_scoped_release release;
            return cohort::evaluate_at(self, values, context);
          },
          py::arg("values"), py::arg("context") = "with the given parameter values",
          "(discounted, undiscounted) totals, strategies × rewards, at one set of parameter values.")
      .def(
          "trace",
          [](const cohort::compiled_model& self, const std::vector<double>& values,
             std::size_t strategy) {
            Eigen::MatrixXd trace;
            cohort::evaluate_at(self, values, "with the given parameter values", &trace, strategy);
            return trace;
          },
          py::arg("values"), py::arg("strategy"),
          "(cycles + 1) × states occupancy of one strategy (row 0 = start distribution).")
      .def(
          "simulate",
          [](const cohort::compiled_model& self, const parameter_set& parameters,
             std::int64_t draws, std::uint64_t seed, std::int64_t first_draw,
             const std::string& method, std::int64_t design_draws, int threads) {
            sampling_method how;
            if (method == "monte_carlo") {
              how = sampling_method::monte_carlo;
            } else if (method == "latin_hypercube") {
              how = sampling_method::latin_hypercube;
            } else {
              throw std::invalid_argument("simulate: method is '" + method +
                                          "', but must be 'monte_carlo' or 'latin_hypercube'");
            }
            if (draws < 1) {
              err::throw_domain_error("simulate", "draws", static_cast<double>(draws), ">= 1");
            }
            const std::int64_t design = design_draws > 0 ? design_draws : first_draw + draws;
            cohort::psa_result r;
            {
              py::gil_scoped_release release;
              parameter_sampler sampler(parameters, seed, how, design);
              r = cohort::simulate(self, sampler, first_draw, draws, threads);
            }
            py::dict out;
            out["discounted"] = std::move(r.discounted);
            out["undiscounted"] = std::move(r.undiscounted);
            out["parameters"] = std::move(r.parameter_draws);
            out["strategies"] = r.strategies;
            out["rewards"] = r.rewards;
            out["reward_is_cost"] = r.reward_is_cost;
            out["parameter_names"] = r.parameters;
            out["first_draw"] = r.first_draw;
            return out;
          },
          py::arg("parameters"), py::arg("draws"), py::arg("seed"), py::arg("first_draw") = 0,
          py::arg("method") = "monte_carlo", py::arg("design_draws") = 0, py::arg("threads") = 0,
          "Probabilistic sensitivity analysis: per-draw totals of every reward and strategy.");

  m.def(
      "parameter_means",
      [](const parameter_set& set) { return cohort::internal::parameter_means(set); },
      py::arg("parameters"), "The mean of every parameter column.");
}

}  // namespace prevsim::bindings
