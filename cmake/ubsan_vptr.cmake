# UBSan's vptr check (part of -fsanitize=undefined: scripts/test.sh --sanitize) refers to the typeinfo
# of each polymorphic class it checks, and LibTorch 1.13 does not export that of c10::DynamicType,
# which TorchScript graph code meets: such sources build without that one check, or nothing links.
# hwnas_skip_vptr_check(<source>...) does that when the build sanitizes undefined behaviour.
function(hwnas_skip_vptr_check)
  if(CMAKE_CXX_FLAGS MATCHES "fsanitize=[^ ]*undefined")
    set_property(SOURCE ${ARGN} APPEND PROPERTY COMPILE_OPTIONS -fno-sanitize=vptr)
  endif()
endfunction()
