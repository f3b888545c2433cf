# countyleap_set_warnings(target): the project's warning flags for code we compile ourselves.
function(countyleap_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                             -Wnon-virtual-dtor -Wno-missing-field-initializers)
    if(COUNTYLEAP_WARNINGS_AS_ERRORS)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
    if(COUNTYLEAP_SANITIZE)
      target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
      target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    endif()
  endif()
endfunction()

# The project's own compiled targets (countyleap::io, the Python module, tests, examples,
# benchmarks) take Eigen's eigenvalue solvers from the one instantiation in countyleap::io
# (src/eigen_solvers.cpp) instead of compiling them in every file, about 20 s each: see
# include/countyleap/detail/eigen_solvers.hpp. Users of the installed library are unaffected.
function(countyleap_share_eigen_solvers target)
  if(TARGET countyleap_io)
    target_compile_definitions(${target} PRIVATE COUNTYLEAP_EXTERN_EIGEN_SOLVERS)
  endif()
endfunction()
