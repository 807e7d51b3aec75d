# How the sources of a target compile, by the kind of code it holds:
#   LIBRARY  the library's parts and the Python module: the build type's optimisation (-O3 in
#            Release), LibTorch's precompiled header built with the library's flags;
#   PROGRAM  the CLI, the tests and the benchmarks: -O1 in Release. Their own code parses, calls and
#            prints (or asserts, or times); the work they call runs in the library, compiled as
#            above. -O1 compiles them in 58-70 % of -O3's time (docs/benchmarks.md).
# Either way the sources compile in unity batches (cmake/unity_batches.cmake), and those that
# include LibTorch take its precompiled header (cmake/torch_pch.cmake). Both wait for the end of the
# calling directory, so that every source property set after the target is defined
# (hwnas_skip_vptr_check's options) is seen.
set(HWNAS_PROGRAM_OPTIMIZATION $<$<CONFIG:Release>:-O1>)  # the programs' precompiled header too

include(${CMAKE_CURRENT_LIST_DIR}/torch_pch.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/unity_batches.cmake)

function(hwnas_compile_sources target kind)
  if(kind STREQUAL "LIBRARY")
    set(pch_owner ${HWNAS_TORCH_PCH_LIBRARY})
  elseif(kind STREQUAL "PROGRAM")
    set(pch_owner ${HWNAS_TORCH_PCH_PROGRAMS})
    target_compile_options(${target} PRIVATE ${HWNAS_PROGRAM_OPTIMIZATION})
  else()
    message(FATAL_ERROR "hwnas_compile_sources(${target} ${kind}): the kind is LIBRARY or PROGRAM")
  endif()
  cmake_language(EVAL CODE "cmake_language(DEFER CALL hwnas_compile_sources_now ${target} ${pch_owner})")
endfunction()

function(hwnas_compile_sources_now target pch_owner)
  hwnas_unity_batches(${target})
  hwnas_use_torch_pch(${target} ${pch_owner})
endfunction()
