# cmake -DCOMMAND="bin;arg;..." -DOUT=file -P RunToFile.cmake: runs COMMAND
# and writes its standard output to OUT, failing the build when it fails.
execute_process(COMMAND ${COMMAND} OUTPUT_FILE "${OUT}.tmp" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE "${OUT}.tmp")
  message(FATAL_ERROR "${COMMAND} failed (${rc})")
endif()
file(RENAME "${OUT}.tmp" "${OUT}")
