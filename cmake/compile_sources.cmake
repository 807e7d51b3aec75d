# How the sources of a library part or a program compile: in unity batches
# (cmake/unity_batches.cmake), and those that include LibTorch with its precompiled header built by
# `pch_owner` (cmake/torch_pch.cmake). Both wait for the end of the calling directory, so that every
# source property set after the target is defined (hwnas_skip_vptr_check's options) is seen.
include(${CMAKE_CURRENT_LIST_DIR}/torch_pch.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/unity_batches.cmake)

function(hwnas_compile_sources target pch_owner)
  cmake_language(EVAL CODE "cmake_language(DEFER CALL hwnas_compile_sources_now ${target} ${pch_owner})")
endfunction()

function(hwnas_compile_sources_now target pch_owner)
  hwnas_unity_batches(${target})
  hwnas_use_torch_pch(${target} ${pch_owner})
endfunction()
