# The one place for compile policy: every findata target links findata_policy.
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
endif()

set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

add_library(findata_policy INTERFACE)
target_compile_features(findata_policy INTERFACE cxx_std_20)
target_compile_options(findata_policy INTERFACE -Wall -Wextra -Wpedantic)
target_compile_definitions(findata_policy INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CONTEXTLESS_CONNECT QT_NO_KEYWORDS
  FINDATA_VERSION="${PROJECT_VERSION}")
target_include_directories(findata_policy INTERFACE ${PROJECT_SOURCE_DIR})

set(FINDATA_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined")
if(FINDATA_SANITIZE)
  target_compile_options(findata_policy INTERFACE -fsanitize=${FINDATA_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(findata_policy INTERFACE -fsanitize=${FINDATA_SANITIZE})
endif()

option(FINDATA_WERROR "Treat warnings as errors" OFF)
if(FINDATA_WERROR)
  target_compile_options(findata_policy INTERFACE -Werror)
endif()
