# Find Random123 (counter-based random number generators, header-only).
# Debian ships it as librandom123-dev without a CMake package file.
# Defines the imported target Random123::Random123.
include(prevsim_header_package)
prevsim_header_package(Random123 Random123/philox.h Random123::Random123)
