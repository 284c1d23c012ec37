add_test(NAME unit COMMAND unit_tests)
