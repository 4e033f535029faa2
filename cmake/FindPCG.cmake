# Find pcg-cpp (Melissa O'Neill's PCG random number generators, header-only).
# Debian ships it as libpcg-cpp-dev without a CMake package file.
# Defines the imported target PCG::PCG.
include(prevsim_header_package)
prevsim_header_package(PCG pcg_random.hpp PCG::PCG)
