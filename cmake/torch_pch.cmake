# LibTorch's <torch/torch.h> takes tens of seconds to parse per translation unit on a 2-core machine,
# and about 70 of hwnas's translation units include it. It is compiled once into a precompiled
# header and reused, once per set of compile flags, since GCC takes a precompiled header only when
# it was built with matching flags: one for the library's parts and the Python module (their
# warnings; position independent when the module is built), one for the programs (CLI, tests,
# benchmarks). Loading the header (over 600 MB) costs seconds too, so only the translation units
# that include LibTorch, directly or through the project's headers, use it.
# docs/benchmarks.md has the fresh-build minutes with and without it.
option(HWNAS_PRECOMPILE_TORCH "Precompile LibTorch's headers once and reuse them where they are included" ON)

set(HWNAS_TORCH_PCH_LIBRARY hwnas_torch_pch_library)
set(HWNAS_TORCH_PCH_PROGRAMS hwnas_torch_pch_programs)

# Sets `out` to ON when `file` includes LibTorch itself or through a header of this checkout
# (hwnas/… under src/, or a path relative to the file or to tests/). Memoised per file.
function(hwnas_includes_torch file out)
  get_property(known GLOBAL PROPERTY "HWNAS_TORCH:${file}" SET)
  if(known)
    get_property(result GLOBAL PROPERTY "HWNAS_TORCH:${file}")
    set(${out} ${result} PARENT_SCOPE)
    return()
  endif()
  set_property(GLOBAL PROPERTY "HWNAS_TORCH:${file}" OFF)  # while scanning: ends include cycles
  file(STRINGS ${file} lines REGEX "^[ \t]*#[ \t]*include")
  get_filename_component(dir ${file} DIRECTORY)
  set(result OFF)
  foreach(line ${lines})
    if(line MATCHES "<(torch|ATen|c10)/")
      set(result ON)
      break()
    endif()
    if(NOT line MATCHES "\"([^\"]+)\"")
      continue()
    endif()
    foreach(candidate ${dir}/${CMAKE_MATCH_1} ${CMAKE_SOURCE_DIR}/src/${CMAKE_MATCH_1}
                      ${CMAKE_SOURCE_DIR}/tests/${CMAKE_MATCH_1})
      if(EXISTS ${candidate})
        hwnas_includes_torch(${candidate} nested)
        if(nested)
          set(result ON)
        endif()
        break()
      endif()
    endforeach()
    if(result)
      break()
    endif()
  endforeach()
  set_property(GLOBAL PROPERTY "HWNAS_TORCH:${file}" ${result})
  set(${out} ${result} PARENT_SCOPE)
endfunction()

# Lets the sources of `target` that include LibTorch take it from the precompiled header of
# `owner`; the others skip it. Call it in the directory that defines `target`. -fpch-preprocess
# lets ccache hash such a translation unit (scripts/build.sh sets the sloppiness it needs).
function(hwnas_use_torch_pch target owner)
  if(NOT HWNAS_PRECOMPILE_TORCH)
    return()
  endif()
  get_target_property(sources ${target} SOURCES)
  set(users 0)
  foreach(source ${sources})
    get_source_file_property(batched ${source} HEADER_FILE_ONLY)
    if(NOT source MATCHES "\\.cpp$" OR batched)
      continue()
    endif()
    hwnas_includes_torch(${source} uses)
    if(uses)
      math(EXPR users "${users} + 1")
    else()
      set_source_files_properties(${source} PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
    endif()
  endforeach()
  if(users GREATER 0)
    target_precompile_headers(${target} REUSE_FROM ${owner})
    target_compile_options(${target} PRIVATE -fpch-preprocess -Winvalid-pch)
  endif()
endfunction()

function(hwnas_torch_pch_owner owner)
  cmake_parse_arguments(ARG "PIC" "" "OPTIONS" ${ARGN})
  add_library(${owner} OBJECT ${CMAKE_SOURCE_DIR}/cmake/torch_pch.cpp)
  target_precompile_headers(${owner} PRIVATE <torch/torch.h>)
  target_link_libraries(${owner} PRIVATE ${TORCH_LIBRARIES})
  target_compile_definitions(${owner} PRIVATE HWNAS_VERSION="${PROJECT_VERSION}")
  target_compile_options(${owner} PRIVATE -fpch-preprocess ${ARG_OPTIONS})
  if(ARG_PIC)
    set_target_properties(${owner} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  endif()
endfunction()

if(HWNAS_PRECOMPILE_TORCH)
  set(pic "")
  if(HWNAS_BUILD_PYTHON)
    set(pic PIC)
  endif()
  hwnas_torch_pch_owner(${HWNAS_TORCH_PCH_LIBRARY} ${pic} OPTIONS -Wall -Wextra -Wno-restrict)
  hwnas_torch_pch_owner(${HWNAS_TORCH_PCH_PROGRAMS} OPTIONS ${HWNAS_PROGRAM_OPTIMIZATION})
endif()
