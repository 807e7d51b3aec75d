# The fuzz harnesses that need LibTorch code compiled as C++20, which Debian 12's clang cannot do
# (fuzz/CMakeLists.txt builds the others with clang). Defined only in a gcc build with AddressSanitizer
# (scripts/test.sh --sanitize's build-sanitize/) and only when clang's libFuzzer engine is installed;
# bench/fuzz.sh builds them by name, so the sanitized suite's build never does. The harness compiles
# its own copy of the part it fuzzes with -fsanitize-coverage=trace-cmp (libFuzzer's value profile is
# its feedback), and links the parts before it as the sanitized build made them.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU" OR NOT CMAKE_CXX_FLAGS MATCHES "fsanitize=[^ ]*address")
  return()
endif()
find_program(HWNAS_CLANGXX clang++)
if(NOT HWNAS_CLANGXX)
  return()
endif()
execute_process(COMMAND ${HWNAS_CLANGXX} -print-file-name=libclang_rt.fuzzer-x86_64.a
  OUTPUT_VARIABLE HWNAS_LIBFUZZER_ENGINE OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT IS_ABSOLUTE "${HWNAS_LIBFUZZER_ENGINE}" OR NOT EXISTS "${HWNAS_LIBFUZZER_ENGINE}")
  return()
endif()

# fuzz_<format> from fuzz/fuzz_<format>.cpp and a copy of part <part>'s sources.
function(hwnas_gcc_fuzz_harness format part)
  get_target_property(sources hwnas_${part} SOURCES)
  list(FILTER sources INCLUDE REGEX "\\.cpp$")
  list(FILTER sources EXCLUDE REGEX "/unity/")  # its own copy compiles the sources one by one
  get_target_property(libraries hwnas_${part} LINK_LIBRARIES)
  add_executable(fuzz_${format} EXCLUDE_FROM_ALL ${CMAKE_SOURCE_DIR}/fuzz/fuzz_${format}.cpp ${sources})
  target_compile_options(fuzz_${format} PRIVATE -fsanitize-coverage=trace-cmp)
  target_link_libraries(fuzz_${format} PRIVATE ${libraries} ${HWNAS_LIBFUZZER_ENGINE})
endfunction()

hwnas_gcc_fuzz_harness(predictor_json predict)
