# embed_text(TARGET FILE SYMBOL): compiles FILE's bytes into TARGET as
# `std::string_view SYMBOL()`, so the defaults ship inside the binary.
function(embed_text target file symbol)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${symbol}.cpp")
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DIN=${file} -DOUT=${out} -DSYMBOL=${symbol}
            -P "${PROJECT_SOURCE_DIR}/cmake/EmbedScript.cmake"
    DEPENDS "${file}" "${PROJECT_SOURCE_DIR}/cmake/EmbedScript.cmake")
  target_sources(${target} PRIVATE "${out}")
endfunction()
