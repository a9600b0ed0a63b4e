# LLVM 19 through its C API, found with llvm-config (Debian's llvm-19-dev).
find_program(LLVM_CONFIG NAMES llvm-config-19 llvm-config
             HINTS /usr/lib/llvm-19/bin)
if(NOT LLVM_CONFIG)
  message(FATAL_ERROR "llvm-config (LLVM 19) not found: apt-get install llvm-19-dev")
endif()
execute_process(COMMAND ${LLVM_CONFIG} --version OUTPUT_VARIABLE LLVM_VERSION OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT LLVM_VERSION MATCHES "^19\\.")
  message(FATAL_ERROR "LLVM 19 required, found ${LLVM_VERSION} at ${LLVM_CONFIG}")
endif()
execute_process(COMMAND ${LLVM_CONFIG} --includedir OUTPUT_VARIABLE LLVM_INCLUDE_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${LLVM_CONFIG} --libdir OUTPUT_VARIABLE LLVM_LIB_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${LLVM_CONFIG} --bindir OUTPUT_VARIABLE LLVM_BIN_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
# One shared libLLVM keeps link times and binary sizes small.
find_library(LLVM_SHARED_LIB NAMES LLVM-19 LLVM HINTS ${LLVM_LIB_DIR} NO_DEFAULT_PATH REQUIRED)
add_library(llvm_c INTERFACE)
target_include_directories(llvm_c SYSTEM INTERFACE ${LLVM_INCLUDE_DIR})
target_link_libraries(llvm_c INTERFACE ${LLVM_SHARED_LIB})
message(STATUS "LLVM ${LLVM_VERSION}: ${LLVM_SHARED_LIB}")
