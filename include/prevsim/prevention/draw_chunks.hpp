#pragma once
/// @file
/// The parallel driver shared by the prevention engines (evaluate.hpp,
/// microsim.hpp): draws are evaluated in fixed chunks (the unit of the yearly
/// flow sums), chunks are spread over threads with oneTBB, a failing draw
/// stops its chunk, and the lowest failing draw is reported. Since every
/// draw depends only on its own row and the chunk sums are added in chunk
/// order, results are bit-identical for any number of threads.
///
/// \test tests/cpp/prevention/evaluate_test.cpp, tests/cpp/prevention/microsim_test.cpp

#include <algorithm>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>

#include <Eigen/Core>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "prevsim/prevention/draw_inputs.hpp"

namespace prevsim::prevention::internal {

/// Runs @p evaluate_draw(workspace, chunk, draw) for draws 0 … draws − 1 in
/// chunks of @p chunk draws on @p threads threads (0: all), one workspace per
/// task from @p make_workspace().
/// @throw draw_error "draw N: …" for the lowest failing draw (N counted from
///   @p first_draw), after every chunk has stopped
template <class MakeWorkspace, class EvaluateDraw>
void for_each_draw_in_chunks(Eigen::Index draws, Eigen::Index chunk, int threads, std::int64_t first_draw,
                             MakeWorkspace make_workspace, EvaluateDraw evaluate_draw) {
  const Eigen::Index chunks = (draws + chunk - 1) / chunk;
  std::mutex failure_mutex;
  std::int64_t failed_draw = -1;
  std::string failure;
  auto body = [&](const oneapi::tbb::blocked_range<Eigen::Index>& range) {
    auto w = make_workspace();
    for (Eigen::Index k = range.begin(); k != range.end(); ++k) {
      const Eigen::Index end = std::min(draws, (k + 1) * chunk);
      for (Eigen::Index d = k * chunk; d < end; ++d) {
        try {
          evaluate_draw(w, k, d);
        } catch (const std::exception& e) {
          std::lock_guard<std::mutex> lock(failure_mutex);
          if (failed_draw < 0 || d < failed_draw) {
            failed_draw = d;
            failure = e.what();
          }
          break;
        }
      }
    }
  };
  oneapi::tbb::task_arena arena(threads > 0 ? threads : oneapi::tbb::task_arena::automatic);
  arena.execute([&] {
    oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<Eigen::Index>(0, chunks, 1), body);
  });
  if (failed_draw >= 0) {
    throw draw_error("draw " + std::to_string(first_draw + failed_draw) + ": " + failure);
  }
}

/// The mean over @p draws of the yearly flows from their per-chunk sums
/// (rows·H × chunks, year-major within a column), added in chunk order:
/// rows × H.
inline Eigen::MatrixXd mean_flows_from_chunks(const Eigen::MatrixXd& chunk_sums, Eigen::Index draws,
                                              Eigen::Index rows, Eigen::Index horizon) {
  Eigen::VectorXd total = Eigen::VectorXd::Zero(rows * horizon);
  for (Eigen::Index k = 0; k < chunk_sums.cols(); ++k) total += chunk_sums.col(k);
  if (draws > 0) total /= static_cast<double>(draws);
  Eigen::MatrixXd mean(rows, horizon);
  for (Eigen::Index t = 0; t < horizon; ++t) {
    for (Eigen::Index r = 0; r < rows; ++r) mean(r, t) = total[t * rows + r];
  }
  return mean;
}

}  // namespace prevsim::prevention::internal
