# Builds SRC (a ';'-separated list with FLAGS) with nvcc -cudart shared and runs it on
# ptxvm's libraries (LIBDIR first on LD_LIBRARY_PATH); fails on a build error or a
# non-zero exit status.
string(REPLACE "," ";" SRC "${SRC}")
separate_arguments(FLAGS)
execute_process(COMMAND ${NVCC} -cudart shared ${FLAGS} -o ${OUT} ${SRC}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nvcc failed (${rc}):\n${out}${err}")
endif()
# RUN_ENV: NAME=VALUE items joined by '|' for the program only (a sanitized build's runtime).
string(REPLACE "|" ";" RUN_ENV "${RUN_ENV}")
execute_process(COMMAND ${CMAKE_COMMAND} -E env "LD_LIBRARY_PATH=${LIBDIR}:$ENV{LD_LIBRARY_PATH}" ${RUN_ENV} ${OUT}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "program failed with status ${rc}")
endif()
