# chainsim_warnings: the warning set every chainsim target links to.
add_library(chainsim_warnings INTERFACE)
target_compile_options(chainsim_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wnull-dereference
  -Wimplicit-fallthrough)
if(CHAINSIM_WERROR)
  target_compile_options(chainsim_warnings INTERFACE -Werror)
endif()
