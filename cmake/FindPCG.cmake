# Find pcg-cpp (Melissa O'Neill's PCG random number generators, header-only).
# Debian ships it as libpcg-cpp-dev without a CMake package file.
# Defines the imported target PCG::PCG.
find_path(PCG_INCLUDE_DIR NAMES pcg_random.hpp)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(PCG REQUIRED_VARS PCG_INCLUDE_DIR)
if(PCG_FOUND AND NOT TARGET PCG::PCG)
  add_library(PCG::PCG INTERFACE IMPORTED)
  # SYSTEM: its headers use __int128 and are not ours to keep free of -Wpedantic warnings.
  set_target_properties(PCG::PCG PROPERTIES
    INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${PCG_INCLUDE_DIR}"
    INTERFACE_INCLUDE_DIRECTORIES "${PCG_INCLUDE_DIR}")
endif()
mark_as_advanced(PCG_INCLUDE_DIR)
