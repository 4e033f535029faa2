# prevsim_header_package(<name> <header> <target>): finds a header-only library
# that Debian ships without a CMake package file, by one of its headers, and
# defines the imported INTERFACE target <target>. Its include directory is
# marked SYSTEM: its headers are not ours to keep free of -Wconversion or
# -Wpedantic warnings. Called by the Find<name>.cmake modules.
include(FindPackageHandleStandardArgs)
macro(prevsim_header_package name header target)
  find_path(${name}_INCLUDE_DIR NAMES ${header})
  find_package_handle_standard_args(${name} REQUIRED_VARS ${name}_INCLUDE_DIR)
  if(${name}_FOUND AND NOT TARGET ${target})
    add_library(${target} INTERFACE IMPORTED)
    set_target_properties(${target} PROPERTIES
      INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${${name}_INCLUDE_DIR}"
      INTERFACE_INCLUDE_DIRECTORIES "${${name}_INCLUDE_DIR}")
  endif()
  mark_as_advanced(${name}_INCLUDE_DIR)
endmacro()
