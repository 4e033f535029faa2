# prevsim_set_warnings(target): the project's warning set, errors with PREVSIM_WERROR.
function(prevsim_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wconversion -Wshadow)
    if(PREVSIM_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()

# prevsim_set_sanitizers(target): ASan + UBSan with PREVSIM_SANITIZE; UB aborts the test.
function(prevsim_set_sanitizers target)
  if(PREVSIM_SANITIZE)
    # -O1: fast enough to run, quick to compile, and without the false
    # maybe-uninitialized warnings GCC gives at -O2 with sanitizers.
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-sanitize-recover=all
                           -fno-omit-frame-pointer -O1 -g)
    # The kernels for AVX2 and AVX-512 are the generic source compiled again
    # (simd/instruction_set.hpp); instrumenting all three copies of the
    # cohort engine took over 7 minutes per test file. The Release tests run
    # and compare all three; this build sanitizes the generic one.
    target_compile_definitions(${target} PRIVATE PREVSIM_ISA_DISPATCH=0)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
