# Each doctest case of a test program as its own ctest test, named
# <prefix>/<suite>/<case> ("unit/date/an ISO date parses and prints back
# unchanged"), so that a failure names its case, `ctest -R unit` runs them
# all and ctest counts them.
#
#   mestring_doctest_tests(<target> <prefix>)
#
# The cases are read from the program itself, by its `ctest` reporter
# (tests/unit/main.cpp), when ctest starts and the program is newer than the
# list it made last: a new TEST_CASE needs no cmake run. Each test runs its
# one case by suite and name, and fails unless exactly one case ran (doctest
# passes a filter that matches nothing). This file is also the script ctest
# runs for that: included with MESTRING_DOCTEST_PROGRAM set, it writes the list.

if(DEFINED MESTRING_DOCTEST_PROGRAM)
  set(program "${MESTRING_DOCTEST_PROGRAM}")
  set(prefix "${MESTRING_DOCTEST_PREFIX}")
  set(list_file "${MESTRING_DOCTEST_LIST}")
  if(NOT EXISTS "${program}")
    # A test that fails, saying the program is missing.
    add_test("${prefix}/not-built" "${program}")
    return()
  endif()
  if(NOT EXISTS "${list_file}" OR NOT "${list_file}" IS_NEWER_THAN "${program}")
    execute_process(COMMAND "${program}" --list-test-cases --reporters=ctest
                    WORKING_DIRECTORY "${MESTRING_DOCTEST_DIR}" OUTPUT_VARIABLE listing RESULT_VARIABLE status)
    set(script "")
    if(NOT status EQUAL 0 OR listing STREQUAL "")
      set(script "add_test([==[${prefix}/listing]==] [==[${program}]==] --list-test-cases --reporters=ctest)\n")
    else()
      # One list item per line; ; [ and ] (which a CMake list would read)
      # stand in for themselves as bytes 1 to 3 until the line is split.
      string(ASCII 1 semicolon_mark)
      string(ASCII 2 open_mark)
      string(ASCII 3 close_mark)
      string(REGEX REPLACE "\n$" "" listing "${listing}")
      string(REPLACE ";" "${semicolon_mark}" listing "${listing}")
      string(REPLACE "[" "${open_mark}" listing "${listing}")
      string(REPLACE "]" "${close_mark}" listing "${listing}")
      string(REPLACE "\n" ";" cases "${listing}")
      foreach(line IN LISTS cases)
        string(REPLACE "${semicolon_mark}" ";" line "${line}")
        string(REPLACE "${open_mark}" "[" line "${line}")
        string(REPLACE "${close_mark}" "]" line "${line}")
        string(FIND "${line}" "\t" tab)
        string(SUBSTRING "${line}" 0 ${tab} suite)
        math(EXPR start "${tab} + 1")
        string(SUBSTRING "${line}" ${start} -1 name)
        # doctest splits a filter at commas unless escaped with a backslash.
        foreach(part IN ITEMS suite name)
          string(REPLACE "\\" "\\\\" ${part}_filter "${${part}}")
          string(REPLACE "," "\\," ${part}_filter "${${part}_filter}")
        endforeach()
        if(suite STREQUAL "")
          set(test "${prefix}/${name}")
        else()
          set(test "${prefix}/${suite}/${name}")
        endif()
        string(APPEND script
               "add_test([==[${test}]==] [==[${program}]==] [==[--test-suite=${suite_filter}]==]"
               " [==[--test-case=${name_filter}]==])\n"
               "set_tests_properties([==[${test}]==] PROPERTIES WORKING_DIRECTORY [==[${MESTRING_DOCTEST_DIR}]==]"
               " LABELS unit FAIL_REGULAR_EXPRESSION [==[test cases: +([02-9]|[0-9][0-9]+) \\|]==])\n")
      endforeach()
    endif()
    file(WRITE "${list_file}" "${script}")
  endif()
  include("${list_file}")
  return()
endif()

function(mestring_doctest_tests target prefix)
  set(include_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_include.cmake")
  file(GENERATE OUTPUT "${include_file}" CONTENT
       "set(MESTRING_DOCTEST_PROGRAM [==[$<TARGET_FILE:${target}>]==])
set(MESTRING_DOCTEST_PREFIX [==[${prefix}]==])
set(MESTRING_DOCTEST_LIST [==[${CMAKE_CURRENT_BINARY_DIR}/${target}_tests.cmake]==])
set(MESTRING_DOCTEST_DIR [==[${CMAKE_CURRENT_BINARY_DIR}]==])
include([==[${CMAKE_CURRENT_FUNCTION_LIST_FILE}]==])
")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${include_file}")
endfunction()
