// Bindings for include/prevsim/dist/: each distribution with its constructors,
// moments, quantile, cdf and pdf. Numerics stay in C++.
#include <string>

#include "common.hpp"
#include "prevsim/dist.hpp"

namespace prevsim::bindings {
namespace {

// The members every univariate distribution shares.
template <class D, class Class>
void add_common(Class& cls) {
  cls.def_property_readonly("mean", &D::mean, "Expected value.")
      .def_property_readonly("sd", &D::sd, "Standard deviation.")
      .def_property_readonly("lower", &D::lower, "Lower end of the support.")
      .def_property_readonly("upper", &D::upper, "Upper end of the support.")
      .def_property_readonly("name", &D::name, "Kind of distribution, e.g. 'beta'.")
      .def(
          "quantile",
          [](const D& d, py::array_t<double> p) {
            return py::vectorize([&d](double v) { return d.quantile(v); })(std::move(p));
          },
          py::arg("p"), "Quantile (inverse cdf) at probability p in [0, 1]; vectorised.")
      .def(
          "cdf",
          [](const D& d, py::array_t<double> x) {
            return py::vectorize([&d](double v) { return d.cdf(v); })(std::move(x));
          },
          py::arg("x"), "Cumulative distribution function P(X <= x); vectorised.")
      .def("__repr__", &D::describe);
}

template <class D, class Class>
void add_pdf(Class& cls) {
  cls.def(
      "pdf",
      [](const D& d, py::array_t<double> x) {
        return py::vectorize([&d](double v) { return d.pdf(v); })(std::move(x));
      },
      py::arg("x"), "Probability density at x; vectorised.");
}

}  // namespace

dist::distribution to_distribution(py::handle obj, const char* what) {
  if (py::isinstance<dist::fixed>(obj)) return obj.cast<dist::fixed>();
  if (py::isinstance<dist::normal>(obj)) return obj.cast<dist::normal>();
  if (py::isinstance<dist::lognormal>(obj)) return obj.cast<dist::lognormal>();
  if (py::isinstance<dist::beta>(obj)) return obj.cast<dist::beta>();
  if (py::isinstance<dist::gamma>(obj)) return obj.cast<dist::gamma>();
  if (py::isinstance<dist::uniform>(obj)) return obj.cast<dist::uniform>();
  if (py::isinstance<dist::triangular>(obj)) return obj.cast<dist::triangular>();
  if (py::isinstance<dist::pert>(obj)) return obj.cast<dist::pert>();
  if (py::isinstance<dist::truncated_normal>(obj)) return obj.cast<dist::truncated_normal>();
  if (py::isinstance<dist::empirical>(obj)) return obj.cast<dist::empirical>();
  throw py::type_error(std::string(what) + " must be a prevsim distribution (Normal, Beta, ...), " +
                       "but is " + std::string(py::str(py::type::of(obj).attr("__name__"))));
}

void register_dist(py::module_& m) {
  using namespace dist;

  py::class_<fixed> fixed_cls(m, "Fixed", "A value that is not uncertain.");
  fixed_cls.def(py::init<double>(), py::arg("value"))
      .def_property_readonly("value", &fixed::value);
  add_common<fixed>(fixed_cls);

  py::class_<normal> normal_cls(m, "Normal", "Normal distribution N(mean, sd²).");
  normal_cls.def(py::init<double, double>(), py::arg("mean"), py::arg("sd"))
      .def_static("from_mean_se", &normal::from_mean_se, py::arg("mean"), py::arg("se"),
                  "From an estimate and its standard error.")
      .def_static("from_interval", &normal::from_interval, py::arg("lower"), py::arg("upper"),
                  py::arg("level") = 0.95, "From a symmetric interval holding probability level.");
  add_common<normal>(normal_cls);
  add_pdf<normal>(normal_cls);

  py::class_<lognormal> lognormal_cls(
      m, "LogNormal",
      "Lognormal distribution, log X ~ N(meanlog, sdlog²). from_mean_se preserves the mean; "
      "from_median_se and from_interval preserve the median.");
  lognormal_cls
      .def(py::init([](double meanlog, double sdlog) { return lognormal(meanlog, sdlog); }),
           py::arg("meanlog"), py::arg("sdlog"))
      .def_static("from_mean_se", &lognormal::from_mean_se, py::arg("mean"), py::arg("se"),
                  "Mean-preserving: E[X] = mean, SD[X] = se.")
      .def_static("from_median_se", &lognormal::from_median_se, py::arg("median"), py::arg("se"),
                  "Median-preserving: median = median, SD[X] = se.")
      .def_static("from_interval", &lognormal::from_interval, py::arg("lower"), py::arg("upper"),
                  py::arg("level") = 0.95,
                  "Median-preserving, from an interval symmetric on the log scale (e.g. a "
                  "relative risk's 95 % CI).")
      .def_property_readonly("meanlog", &lognormal::meanlog)
      .def_property_readonly("sdlog", &lognormal::sdlog)
      .def_property_readonly("median", &lognormal::median)
      .def_property_readonly("preserves", [](const lognormal& d) {
        switch (d.preserves()) {
          case lognormal::preserving::mean: return "mean";
          case lognormal::preserving::median: return "median";
          default: return "log-scale parameters";
        }
      });
  add_common<lognormal>(lognormal_cls);
  add_pdf<lognormal>(lognormal_cls);

  py::class_<beta> beta_cls(m, "Beta", "Beta(alpha, beta) on [0, 1], for probabilities and shares.");
  beta_cls.def(py::init<double, double>(), py::arg("alpha"), py::arg("beta"))
      .def_static("from_mean_se", &beta::from_mean_se, py::arg("mean"), py::arg("se"),
                  "Method of moments; an impossible spread is an error.")
      .def_static("from_interval", &beta::from_interval, py::arg("lower"), py::arg("upper"),
                  py::arg("level") = 0.95, "The beta whose central interval is [lower, upper].")
      .def_property_readonly("alpha", &beta::alpha)
      .def_property_readonly("beta", &beta::beta_shape);
  add_common<beta>(beta_cls);
  add_pdf<beta>(beta_cls);

  py::class_<gamma> gamma_cls(m, "Gamma", "Gamma(shape, scale) on [0, ∞), for costs and rates.");
  gamma_cls.def(py::init<double, double>(), py::arg("shape"), py::arg("scale"))
      .def_static("from_mean_se", &gamma::from_mean_se, py::arg("mean"), py::arg("se"),
                  "Method of moments: shape = mean²/se², scale = se²/mean.")
      .def_static("from_interval", &gamma::from_interval, py::arg("lower"), py::arg("upper"),
                  py::arg("level") = 0.95, "The gamma whose central interval is [lower, upper].")
      .def_property_readonly("shape", &gamma::shape)
      .def_property_readonly("scale", &gamma::scale);
  add_common<gamma>(gamma_cls);
  add_pdf<gamma>(gamma_cls);

  py::class_<uniform> uniform_cls(m, "Uniform", "Uniform on [lower, upper].");
  uniform_cls.def(py::init<double, double>(), py::arg("lower"), py::arg("upper"))
      .def_static("from_mean_se", &uniform::from_mean_se, py::arg("mean"), py::arg("se"),
                  "mean ± √3·se.");
  add_common<uniform>(uniform_cls);
  add_pdf<uniform>(uniform_cls);

  py::class_<triangular> triangular_cls(m, "Triangular", "Triangular(lower, mode, upper).");
  triangular_cls
      .def(py::init<double, double, double>(), py::arg("lower"), py::arg("mode"), py::arg("upper"))
      .def_property_readonly("mode", &triangular::mode);
  add_common<triangular>(triangular_cls);
  add_pdf<triangular>(triangular_cls);

  py::class_<pert> pert_cls(m, "Pert", "PERT(lower, mode, upper, lambda=4): a rescaled beta.");
  pert_cls
      .def(py::init<double, double, double, double>(), py::arg("lower"), py::arg("mode"),
           py::arg("upper"), py::arg("lam") = 4.0)
      .def_property_readonly("mode", &pert::mode)
      .def_property_readonly("lam", &pert::lambda);
  add_common<pert>(pert_cls);
  add_pdf<pert>(pert_cls);

  py::class_<truncated_normal> tn_cls(
      m, "TruncatedNormal",
      "N(mu, sigma²) restricted to [lower, upper]; mu and sigma are the untruncated "
      "parameters.");
  tn_cls
      .def(py::init<double, double, double, double>(), py::arg("mu"), py::arg("sigma"),
           py::arg("lower") = -std::numeric_limits<double>::infinity(),
           py::arg("upper") = std::numeric_limits<double>::infinity())
      .def_property_readonly("mu", &truncated_normal::mu)
      .def_property_readonly("sigma", &truncated_normal::sigma);
  add_common<truncated_normal>(tn_cls);
  add_pdf<truncated_normal>(tn_cls);

  py::class_<empirical> empirical_cls(
      m, "Empirical", "Resamples the supplied values with replacement (mass 1/n each).");
  empirical_cls.def(py::init<std::vector<double>>(), py::arg("values"))
      .def_property_readonly("values", &empirical::sorted_values, "The values, sorted.");
  add_common<empirical>(empirical_cls);

  py::class_<dirichlet>(m, "Dirichlet", "Dirichlet(alpha): uncertain shares that sum to 1.")
      .def(py::init<std::vector<double>>(), py::arg("alpha"))
      .def_static("from_shares", &dirichlet::from_shares, py::arg("shares"),
                  py::arg("sample_size"), "alpha = shares × sample_size.")
      .def_property_readonly("alpha", &dirichlet::alpha)
      .def_property_readonly("mean",
                             [](const dirichlet& d) {
                               std::vector<double> v(d.size());
                               for (std::size_t i = 0; i < d.size(); ++i) v[i] = d.mean(i);
                               return v;
                             })
      .def_property_readonly("sd",
                             [](const dirichlet& d) {
                               std::vector<double> v(d.size());
                               for (std::size_t i = 0; i < d.size(); ++i) v[i] = d.sd(i);
                               return v;
                             })
      .def("__len__", &dirichlet::size)
      .def("__repr__", &dirichlet::describe);
}

}  // namespace prevsim::bindings
