#pragma once
/// @file
/// Random streams keyed by (seed, stream id, draw, substream): counter-based
/// (random_stream) and PCG64 started from such a key (pcg_stream); normal variates.
#include "prevsim/rng/pcg_stream.hpp"
#include "prevsim/rng/random_stream.hpp"
#include "prevsim/rng/standard_normal.hpp"
#include "prevsim/rng/stream_ids.hpp"
#include "prevsim/rng/ziggurat.hpp"
