#include <mestring/date.hpp>
#include <doctest/doctest.h>
TEST_CASE("placeholder") { CHECK(mestring::parse_iso_date("2025-02-17")); }
