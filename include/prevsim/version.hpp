#pragma once
/// @file
/// Library version.
namespace prevsim {
inline constexpr const char* version = "0.1.0";
}
