# Link-time and profile-guided optimisation of the product's code (core/,
# sim/, apps/): the preset "release-pgo" turns both on (docs/performance.md,
# "Build optimisations"). Tests, benchmarks and fuzzers are compiled as
# usual and link the optimised libraries.
#
#   CHAINSIM_LTO  the product's libraries carry GCC's intermediate code beside
#                 their object code (-ffat-lto-objects): the programs marked by
#                 chainsim_link_optimised() are optimised across all of them
#                 at link time; every other program links the object code.
#   CHAINSIM_PGO  the build first makes an instrumented chainsim in
#                 <build>/pgo-training (this same source tree, configured with
#                 CHAINSIM_PGO_GENERATE), runs it over the training runs of
#                 tools/pgo_train.sh, and compiles the product with the
#                 profile they leave in <build>/pgo-profile. A change to any
#                 source makes a new profile, so the profile always matches
#                 the code (and the product recompiles). GCC only.
#   CHAINSIM_PGO_GENERATE  (set by the outer build, not by hand) the folder
#                 an instrumented build writes its profile to.
#
# Neither changes what the code computes: floating-point contraction stays as
# each file sets it, so every result is the same bit for bit (the golden runs
# and scenario fingerprints check it: `ctest --preset release-pgo`).
#
# Usage, in the top CMakeLists.txt: include this file, call
# chainsim_begin_product() before adding core/, sim/ and apps/ and
# chainsim_end_product() after; then chainsim_link_optimised(TARGET) for the
# programs whose whole-run speed matters: chainsim and scenario_timer. The
# Google Benchmark programs are not: they time one component each, and their
# recorded results (bench/results/) stay comparable.

option(CHAINSIM_LTO "Link-time optimisation of the product's code (programs marked for it)" OFF)
option(CHAINSIM_PGO "Profile-guided optimisation of the product's code (GCC; builds an instrumented chainsim first)" OFF)
set(CHAINSIM_PGO_GENERATE "" CACHE PATH
    "Internal: build an instrumented product writing its profile here (set by CHAINSIM_PGO)")

if((CHAINSIM_PGO OR CHAINSIM_PGO_GENERATE) AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  message(FATAL_ERROR "CHAINSIM_PGO needs GCC (its -fprofile-use format), not ${CMAKE_CXX_COMPILER_ID}")
endif()
if(CHAINSIM_PGO AND CHAINSIM_PGO_GENERATE)
  message(FATAL_ERROR "CHAINSIM_PGO and CHAINSIM_PGO_GENERATE exclude each other")
endif()

set(CHAINSIM_PGO_PROFILE_DIR ${CMAKE_BINARY_DIR}/pgo-profile)
set(CHAINSIM_PGO_STAMP ${CMAKE_BINARY_DIR}/pgo-profile.stamp)

if(CHAINSIM_PGO)
  include(ExternalProject)
  set(training_dir ${CMAKE_BINARY_DIR}/pgo-training)
  set(training_chainsim ${training_dir}/apps/cli/chainsim)
  # The same compiler, build type and launcher; only what the training needs.
  ExternalProject_Add(chainsim_pgo_training
    SOURCE_DIR ${PROJECT_SOURCE_DIR}
    BINARY_DIR ${training_dir}
    CMAKE_GENERATOR ${CMAKE_GENERATOR}
    CMAKE_ARGS
      -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
      -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
      -DCMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER}
      -DCMAKE_CXX_FLAGS=${CMAKE_CXX_FLAGS}
      -DCHAINSIM_PGO_GENERATE=${CHAINSIM_PGO_PROFILE_DIR}
      -DCHAINSIM_WITH_MPI=${CHAINSIM_WITH_MPI}
      -DCHAINSIM_BUILD_TESTS=OFF
      -DCHAINSIM_BUILD_BENCH=OFF
    BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> --target chainsim
    BUILD_BYPRODUCTS ${training_chainsim}
    INSTALL_COMMAND ""
    # Rebuilt (a no-op when nothing changed) whenever the outer build runs,
    # so that a source change reaches the profile.
    BUILD_ALWAYS ON)
  file(GLOB training_inputs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/scenarios/*.yaml
       ${PROJECT_SOURCE_DIR}/scenarios/scale/*.yaml)
  add_custom_command(
    OUTPUT ${CHAINSIM_PGO_STAMP}
    COMMAND ${CMAKE_COMMAND} -E rm -rf ${CHAINSIM_PGO_PROFILE_DIR}
    COMMAND ${PROJECT_SOURCE_DIR}/tools/pgo_train.sh ${training_chainsim} ${CMAKE_BINARY_DIR}/pgo-runs
    COMMAND ${CMAKE_COMMAND} -E touch ${CHAINSIM_PGO_STAMP}
    DEPENDS chainsim_pgo_training ${training_chainsim} ${PROJECT_SOURCE_DIR}/tools/pgo_train.sh
            ${training_inputs}
    COMMENT "Profile-guided optimisation: training runs of the instrumented chainsim"
    VERBATIM)
  add_custom_target(chainsim_pgo_profile DEPENDS ${CHAINSIM_PGO_STAMP})
endif()

# Compile options for the product's directories (added before them, cleared
# after them by chainsim_end_product).
function(chainsim_begin_product)
  get_property(options DIRECTORY PROPERTY COMPILE_OPTIONS)
  set_property(GLOBAL PROPERTY _chainsim_compile_options_before_product "${options}")
  get_property(options DIRECTORY PROPERTY LINK_OPTIONS)
  set_property(GLOBAL PROPERTY _chainsim_link_options_before_product "${options}")
  if(CHAINSIM_LTO)
    add_compile_options(-flto=auto -ffat-lto-objects)
  endif()
  if(CHAINSIM_PGO_GENERATE)
    # -fprofile-prefix-path names each profile file by the object's path in
    # its build folder, so that the outer build (another folder) finds it.
    add_compile_options(-fprofile-generate=${CHAINSIM_PGO_GENERATE}
                        -fprofile-prefix-path=${CMAKE_BINARY_DIR} -fprofile-update=single)
    add_link_options(-fprofile-generate=${CHAINSIM_PGO_GENERATE})
  endif()
  if(CHAINSIM_PGO)
    # Code the training did not run is optimised as without a profile. The
    # profile always comes from this very source, but files generated into
    # the build folder have another path in the training build, which GCC
    # reports as a mismatch (and then ignores their profile): not an error.
    add_compile_options(-fprofile-use=${CHAINSIM_PGO_PROFILE_DIR}
                        -fprofile-prefix-path=${CMAKE_BINARY_DIR} -fprofile-partial-training
                        -Wno-missing-profile -Wno-coverage-mismatch)
  endif()
endfunction()

# Ends the product's options, and makes every product target wait for (and
# recompile after) a new profile.
function(chainsim_end_product)
  get_property(options GLOBAL PROPERTY _chainsim_compile_options_before_product)
  set_property(DIRECTORY PROPERTY COMPILE_OPTIONS "${options}")
  get_property(options GLOBAL PROPERTY _chainsim_link_options_before_product)
  set_property(DIRECTORY PROPERTY LINK_OPTIONS "${options}")
  if(NOT CHAINSIM_PGO)
    return()
  endif()
  foreach(dir IN ITEMS core sim apps)
    _chainsim_profile_dependents(${PROJECT_SOURCE_DIR}/${dir})
  endforeach()
endfunction()

function(_chainsim_profile_dependents dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "INTERFACE_LIBRARY")
      continue()
    endif()
    add_dependencies(${target} chainsim_pgo_profile)
    get_target_property(sources ${target} SOURCES)
    get_target_property(source_dir ${target} SOURCE_DIR)
    foreach(source IN LISTS sources)
      if(source MATCHES "\\.cc$")
        # By absolute path: a relative one does not reach the generator.
        cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY ${source_dir})
        set_property(SOURCE ${source} DIRECTORY ${source_dir} APPEND
                     PROPERTY OBJECT_DEPENDS ${CHAINSIM_PGO_STAMP})
      endif()
    endforeach()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    _chainsim_profile_dependents(${subdir})
  endforeach()
endfunction()

# Links `target` (a program) with link-time optimisation across the product's
# libraries when CHAINSIM_LTO is on; nothing otherwise.
function(chainsim_link_optimised target)
  if(NOT CHAINSIM_LTO)
    return()
  endif()
  # One partition: the whole program is optimised as one unit (better
  # inlining across the layers; 1.4 % less CPU on the difficulty-1 copy of
  # bitcoin-6000 than -flto=auto's parallel partitions, for a 15 s link).
  target_link_options(${target} PRIVATE -flto=auto -flto-partition=one)
  # Inlined across files, GCC 12's std::string concatenations trip the same
  # false positives as at compile time (cmake/Warnings.cmake), and more:
  # -Wstringop-overflow on libstdc++'s char_traits::copy (GCC bug 105651).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_link_options(${target} PRIVATE -Wno-restrict -Wno-stringop-overflow)
  endif()
endfunction()
