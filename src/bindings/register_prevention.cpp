// Bindings for include/prevsim/prevention/evaluate.hpp: a model description
// (plain Python data, made by prevsim.scenario.compile_scenario) is converted to
// prevention::model and evaluated on a matrix of parameter draws. No numerics here.
#include <string>
#include <tuple>
#include <vector>

#include "common.hpp"
#include "prevsim/prevention/evaluate.hpp"

namespace prevsim::bindings {
namespace {

namespace pv = prevention;

template <typename Enum, std::size_t N>
Enum to_enum(const py::handle& h, const std::array<const char*, N>& names, const char* what) {
  const auto s = h.cast<std::string>();
  for (std::size_t i = 0; i < N; ++i) {
    if (s == names[i]) return static_cast<Enum>(i);
  }
  throw py::value_error(std::string("unknown ") + what + " '" + s + "'");
}

pv::value_ref to_ref(const py::handle& h) {
  const auto [column, constant, scale] = h.cast<std::tuple<int, double, double>>();
  return {column, constant, scale};
}

std::vector<pv::value_ref> to_refs(const py::handle& h) {
  std::vector<pv::value_ref> out;
  for (const auto& item : h) out.push_back(to_ref(item));
  return out;
}

cohort::discount_schedule to_schedule(const py::handle& h) {
  auto [starts, rates] = h.cast<std::pair<std::vector<double>, std::vector<double>>>();
  return cohort::discount_schedule::stepped(std::move(starts), std::move(rates));
}

constexpr std::array<const char*, 2> outcome_kinds = {"state", "event"};
constexpr std::array<const char*, 2> combine_scales = {"odds", "risk"};
constexpr std::array<const char*, 3> sexes = {"female", "male", "both"};
constexpr std::array<const char*, 3> cost_kinds = {"resource", "production_loss", "transfer"};
constexpr std::array<const char*, 6> effect_types = {"d_probit", "d_cox", "odds_ratio",
                                                     "relative_risk", "risk_difference",
                                                     "rate_ratio"};
constexpr std::array<const char*, 4> trajectory_kinds = {"persistent", "stop", "exponential",
                                                         "two_age"};
constexpr std::array<const char*, 3> cost_types = {"start_up", "per_participant", "per_year"};
constexpr std::array<const char*, 3> rules = {"direct", "larger", "sum"};

pv::model to_model(const py::dict& d) {
  pv::model m;
  m.horizon = d["horizon"].cast<int>();
  m.start_age = d["start_age"].cast<double>();
  m.end_age = d["end_age"].cast<double>();
  m.timing = d["timing"].cast<double>();
  m.rule = to_enum<pv::double_counting>(d["double_counting"], rules, "double-counting rule");
  for (const auto& c : d["cohorts"]) {
    const auto t = c.cast<py::tuple>();
    m.cohorts.push_back({t[0].cast<int>(), to_ref(t[1])});
  }
  for (const auto& s : d["subgroups"]) {
    const auto sd = s.cast<py::dict>();
    pv::subgroup g;
    g.name = sd["name"].cast<std::string>();
    g.share = to_ref(sd["share"]);
    g.sex = to_enum<pv::sex>(sd["sex"], sexes, "sex");
    g.risk = to_refs(sd["risk"]);
    m.subgroups.push_back(std::move(g));
  }
  for (const auto& o : d["outcomes"]) {
    const auto od = o.cast<py::dict>();
    pv::outcome out;
    out.name = od["name"].cast<std::string>();
    out.kind = to_enum<pv::outcome_kind>(od["kind"], outcome_kinds, "outcome type");
    out.combine = to_enum<pv::combine_scale>(od["combine"], combine_scales, "combine scale");
    for (const auto& b : od["baseline"]) {
      const auto t = b.cast<py::tuple>();
      out.baseline.push_back({t[0].cast<double>(), t[1].cast<double>(), to_ref(t[2])});
    }
    for (const auto& c : od["costs"]) {
      const auto t = c.cast<py::tuple>();
      out.costs.push_back({t[0].cast<std::string>(),
                           to_enum<pv::payer>(t[1], pv::payer_names, "payer"),
                           to_enum<pv::payer>(t[2], pv::payer_names, "payer"),
                           to_enum<pv::cost_kind>(t[3], cost_kinds, "cost kind"), to_ref(t[4])});
    }
    out.excess_mortality = to_ref(od["excess_mortality"]);
    m.outcomes.push_back(std::move(out));
  }
  for (const auto& i : d["interventions"]) {
    const auto id = i.cast<py::dict>();
    pv::intervention iv;
    iv.name = id["name"].cast<std::string>();
    iv.cohorts = id["cohorts"].cast<std::vector<bool>>();
    iv.delivery_offset = id["delivery_offset"].cast<int>();
    iv.reach = to_refs(id["reach"]);
    for (const auto& c : id["costs"]) {
      const auto t = c.cast<py::tuple>();
      iv.costs.push_back({t[0].cast<std::string>(),
                          to_enum<pv::intervention_cost_type>(t[1], cost_types, "cost type"),
                          to_enum<pv::payer>(t[2], pv::payer_names, "payer"), to_ref(t[3]),
                          t[4].cast<int>(), t[5].cast<int>()});
    }
    for (const auto& e : id["effects"]) {
      const auto ed = e.cast<py::dict>();
      pv::effect ef;
      ef.outcome = ed["outcome"].cast<std::size_t>();
      ef.type = to_enum<pv::effect_type>(ed["type"], effect_types, "effect type");
      ef.value = to_ref(ed["value"]);
      ef.overlap = to_ref(ed["overlap"]);
      const auto td = ed["trajectory"].cast<py::dict>();
      auto& tr = ef.trajectory;
      tr.kind = to_enum<pv::trajectory_kind>(td["kind"], trajectory_kinds, "trajectory");
      tr.start = to_ref(td["start"]);
      tr.ramp_up = to_ref(td["ramp_up"]);
      tr.duration = to_ref(td["duration"]);
      tr.half_life = to_ref(td["half_life"]);
      tr.age1 = td["age1"].cast<double>();
      tr.age2 = td["age2"].cast<double>();
      tr.value2 = to_ref(td["value2"]);
      iv.effects.push_back(std::move(ef));
    }
    m.interventions.push_back(std::move(iv));
  }
  for (const auto& l : d["links"]) {
    const auto t = l.cast<py::tuple>();
    m.links.push_back({t[0].cast<std::size_t>(), t[1].cast<std::size_t>(), to_ref(t[2])});
  }
  m.death_female = d["death_female"].cast<std::vector<double>>();
  m.death_male = d["death_male"].cast<std::vector<double>>();
  m.male_share = to_ref(d["male_share"]);
  m.out_migration = to_ref(d["out_migration"]);
  m.deadweight = to_ref(d["deadweight"]);
  m.money_discount = to_schedule(d["money_discount"]);
  m.effects_discount = to_schedule(d["effects_discount"]);
  return m;
}

using row_matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace

void register_prevention(py::module_& m) {
  py::class_<pv::evaluator>(m, "PreventionModel",
                            "A compiled prevention model (made by prevsim.Scenario).")
      .def(py::init([](const py::dict& d, std::size_t columns) {
             return pv::evaluator(to_model(d), columns);
           }),
           py::arg("model"), py::arg("parameter_columns"))
      .def_property_readonly("columns", &pv::evaluator::columns)
      .def_property_readonly("horizon", [](const pv::evaluator& e) { return e.definition().horizon; })
      .def(
          "evaluate",
          [](const pv::evaluator& e, const Eigen::Ref<const row_matrix>& parameters, int threads,
             std::int64_t first_draw) {
            pv::evaluation_result r;
            {
              py::gil_scoped_release release;
              r = e.evaluate_draws(parameters, threads, first_draw);
            }
            py::dict out;
            out["columns"] = r.columns;
            out["values"] = std::move(r.values);
            out["paths"] = std::move(r.paths);
            out["mean_flows"] = std::move(r.mean_flows);
            out["flow_chunk_sums"] = std::move(r.flow_chunk_sums);
            return out;
          },
          py::arg("parameters"), py::arg("threads") = 0, py::arg("first_draw") = 0,
          "Evaluates every row of a draws × parameters matrix; returns a dict of "
          "columns, values (draws × columns), paths (draws × perspectives·years), "
          "mean_flows (flow rows × years) and flow_chunk_sums (flow rows·years × "
          "chunks of 256 draws: the sums behind mean_flows, to be added in order when "
          "a run is evaluated in pieces).");
  py::register_exception<pv::draw_error>(m, "DrawError", PyExc_ValueError);
}

}  // namespace prevsim::bindings
