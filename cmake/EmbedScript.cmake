# Writes a C++ file holding IN's bytes as a hex array (no escaping pitfalls).
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" len)
math(EXPR size "${len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
file(WRITE "${OUT}" "// Generated from ${IN}; do not edit.\n#include <string_view>\nnamespace mestring {\nstatic const char data[] = {${bytes}};\nstd::string_view ${SYMBOL}() { return {data, ${size}}; }\n}\n")
