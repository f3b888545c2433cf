# countyleap_set_warnings(target): the project's warning flags for code we compile ourselves,
# and the sanitizers of the build (COUNTYLEAP_SANITIZE, COUNTYLEAP_TSAN, COUNTYLEAP_FUZZ).
#
# A sanitizer report stops the program (-fno-sanitize-recover): UBSan otherwise prints and goes
# on, and a test whose code has undefined behaviour would still pass.
set(_cl_sanitize_flags)
if(COUNTYLEAP_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "COUNTYLEAP_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  set(COUNTYLEAP_SANITIZE ON)
endif()
if(COUNTYLEAP_SANITIZE AND COUNTYLEAP_TSAN)
  message(FATAL_ERROR "COUNTYLEAP_TSAN cannot be combined with COUNTYLEAP_SANITIZE or COUNTYLEAP_FUZZ (use two build folders)")
endif()
if(COUNTYLEAP_SANITIZE)
  set(_cl_sanitize_flags -fsanitize=address,undefined)
elseif(COUNTYLEAP_TSAN)
  set(_cl_sanitize_flags -fsanitize=thread)
endif()
# The flags a program that loads an instrumented library must be built with too (tests/c).
set(COUNTYLEAP_SANITIZE_FLAGS ${_cl_sanitize_flags})
if(_cl_sanitize_flags)
  list(APPEND _cl_sanitize_flags -fno-sanitize-recover=all -fno-omit-frame-pointer)
endif()

function(countyleap_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                             -Wnon-virtual-dtor -Wno-missing-field-initializers)
    if(COUNTYLEAP_WARNINGS_AS_ERRORS)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
    if(_cl_sanitize_flags)
      target_compile_options(${target} PRIVATE ${_cl_sanitize_flags})
      target_link_options(${target} PRIVATE ${_cl_sanitize_flags})
    endif()
    if(COUNTYLEAP_FUZZ)  # libFuzzer's coverage feedback in all our code, its main() only in fuzz/
      target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
    endif()
  endif()
endfunction()
