#pragma once
/// @file
/// Random streams: counter-based, keyed by (seed, stream id, draw, substream).
#include "prevsim/rng/random_stream.hpp"
#include "prevsim/rng/standard_normal.hpp"
#include "prevsim/rng/stream_ids.hpp"
