# chainsim_warnings: the warning set every chainsim target links to.
add_library(chainsim_warnings INTERFACE)
target_compile_options(chainsim_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
# Not -Wnull-dereference: at -O3 GCC 12 reports "potential null pointer
# dereference" inside nlohmann/json.hpp code inlined into ours (false
# positives in a system header that cannot be fixed or silenced locally).
if(CHAINSIM_WERROR)
  target_compile_options(chainsim_warnings INTERFACE -Werror)
endif()
# GCC 12 reports -Wrestrict on plain `"text" + std::string` concatenations
# once they are inlined at -O2 (a false positive of libstdc++'s
# basic_string::insert, GCC bug 105651, fixed in GCC 13); which call sites
# trip it changes with unrelated edits, so it is off for GCC 12 only.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
   AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(chainsim_warnings INTERFACE -Wno-restrict)
endif()
