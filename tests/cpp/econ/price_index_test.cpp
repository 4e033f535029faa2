// Tests for include/prevsim/econ/price_index.hpp: price-year conversion with
// the real values of SCB's KPI (scenarios/data/kpi_se.csv), and every error
// message of the table's validation and of a year outside it.

#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "prevsim/econ/price_index.hpp"

using Catch::Matchers::Message;
namespace econ = prevsim::econ;

namespace {
const double quiet_nan = std::numeric_limits<double>::quiet_NaN();

// SCB, KPI fixed annual means, 1980 = 100: a copy of scenarios/data/kpi_se.csv
// (sources per row there).
const std::vector<std::pair<int, double>> kpi_se{
    {1995, 254.8}, {1996, 256.0}, {1997, 257.3}, {1998, 257.0}, {1999, 258.1},
    {2000, 260.7}, {2001, 267.1}, {2002, 272.8}, {2003, 278.1}, {2004, 279.2},
    {2005, 280.4}, {2006, 284.22}, {2007, 290.51}, {2008, 300.61}, {2009, 299.66},
    {2010, 303.46}, {2011, 311.43}, {2012, 314.20}, {2013, 314.06}, {2014, 313.49},
    {2015, 313.35}, {2016, 316.43}, {2017, 322.11}, {2018, 328.40}, {2019, 334.26},
    {2020, 335.92}, {2021, 343.19}, {2022, 371.91}, {2023, 403.70},
};
}  // namespace

TEST_CASE("price_index: KPI conversions with SCB's values", "[econ][price_index]") {
  const econ::price_index kpi(kpi_se);
  CHECK(kpi.first_year() == 1995);
  CHECK(kpi.last_year() == 2023);
  CHECK(kpi.years().size() == 29u);
  CHECK(kpi.index(2015) == 313.35);
  CHECK(kpi.index(2023) == 403.70);
  CHECK(kpi.covers(2019));
  CHECK_FALSE(kpi.covers(2024));
  CHECK_FALSE(kpi.covers(1994));
  // 1000 SEK in 2015 prices is 1000·403.70/313.35 = 1288.3357… SEK in 2023 prices.
  CHECK(kpi.convert(1000, 2015, 2023) == Approx(1288.3357268230).epsilon(1e-12));
  // And back again.
  CHECK(kpi.convert(1288.3357268230413, 2023, 2015) == Approx(1000).epsilon(1e-12));
  // 500 SEK of 2019 in 2020 prices: 500·335.92/334.26 = 502.4831… (2019 is
  // 334.26, the annual mean, not the June value 334.47).
  CHECK(kpi.convert(500, 2019, 2020) == Approx(502.48309699).epsilon(1e-10));
  // Deflation year: 2009 below 2008, so 100 SEK of 2008 is 99.68 SEK of 2009.
  CHECK(kpi.convert(100, 2008, 2009) == Approx(100 * 299.66 / 300.61).epsilon(1e-14));
  // Same year: unchanged; zero and negative amounts convert too.
  CHECK(kpi.convert(1234.5, 2010, 2010) == 1234.5);
  CHECK(kpi.convert(0, 1995, 2023) == 0.0);
  CHECK(kpi.convert(-1000, 2015, 2023) == Approx(-1288.3357268230).epsilon(1e-12));
  // Whole range: 2023 prices are 403.70/254.8 = 1.5844… times 1995 prices.
  CHECK(kpi.convert(1, 1995, 2023) == Approx(403.70 / 254.8).epsilon(1e-15));
}

TEST_CASE("price_index: a table with gaps needs no consecutive years", "[econ][price_index]") {
  const econ::price_index index({{2000, 100}, {2010, 120}, {2020, 150}});
  CHECK(index.convert(10, 2000, 2020) == Approx(15.0).epsilon(1e-15));
  CHECK_THROWS_MATCHES(index.convert(10, 2005, 2020), std::domain_error,
                       Message("price_index::convert: from_year is 2005, but must be a year of "
                               "the price index, which covers 2000–2020 with gaps (no "
                               "interpolation or extrapolation)"));
}

TEST_CASE("price_index: every error message", "[econ][price_index][errors]") {
  CHECK_THROWS_MATCHES(econ::price_index({}), std::invalid_argument,
                       Message("price_index: needs at least one (year, index) pair, but has "
                               "none"));
  CHECK_THROWS_MATCHES(econ::price_index({{1995, 254.8}, {1997, 257.3}, {1996, 256.0}}),
                       std::domain_error,
                       Message("price_index: years[3] is 1996, but must be greater than the "
                               "previous year (1997)"));
  CHECK_THROWS_MATCHES(econ::price_index({{1995, 254.8}, {1995, 256.0}}), std::domain_error,
                       Message("price_index: years[2] is 1995, but must be greater than the "
                               "previous year (1995)"));
  CHECK_THROWS_MATCHES(econ::price_index({{1995, 254.8}, {1996, 0.0}}), std::domain_error,
                       Message("price_index: values[2] (year 1996) is 0, but must be finite "
                               "and > 0"));
  CHECK_THROWS_MATCHES(econ::price_index({{1995, -1.0}}), std::domain_error,
                       Message("price_index: values[1] (year 1995) is -1, but must be finite "
                               "and > 0"));
  CHECK_THROWS_MATCHES(econ::price_index({{1995, quiet_nan}}), std::domain_error,
                       Message("price_index: values[1] (year 1995) is nan, but must be finite "
                               "and > 0"));

  const econ::price_index kpi(kpi_se);
  // 2024 and 2025 are not in the bundled KPI: no extrapolation.
  CHECK_THROWS_MATCHES(kpi.convert(1000, 2015, 2024), std::domain_error,
                       Message("price_index::convert: to_year is 2024, but must be a year of "
                               "the price index, which covers 1995–2023 (no interpolation or "
                               "extrapolation)"));
  CHECK_THROWS_MATCHES(kpi.convert(1000, 1994, 2023), std::domain_error,
                       Message("price_index::convert: from_year is 1994, but must be a year of "
                               "the price index, which covers 1995–2023 (no interpolation or "
                               "extrapolation)"));
  CHECK_THROWS_MATCHES(kpi.convert(quiet_nan, 2015, 2023), std::domain_error,
                       Message("price_index::convert: amount is nan, but must be finite"));
  CHECK_THROWS_MATCHES(kpi.index(2025), std::domain_error,
                       Message("price_index::index: year is 2025, but must be a year of the "
                               "price index, which covers 1995–2023 (no interpolation or "
                               "extrapolation)"));
}
