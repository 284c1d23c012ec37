// The unit test program: doctest's own main, and one reporter of ours.
//
// `unit_tests --list-test-cases --reporters=ctest` prints one line per test
// case, its suite and its name separated by a tab, for
// cmake/DoctestTests.cmake to register each case as its own ctest test
// (doctest's console listing names the case but not its suite).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <ostream>

namespace {

struct CtestListReporter : doctest::IReporter {
  std::ostream &out;
  explicit CtestListReporter(const doctest::ContextOptions &options) : out(*options.cout) {}

  void report_query(const doctest::QueryData &query) override {
    for (unsigned i = 0; i < query.num_data; ++i)
      out << query.data[i]->m_test_suite << '\t' << query.data[i]->m_name << '\n';
  }
  // A listing runs nothing: the rest has nothing to say.
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats &) override {}
  void test_case_start(const doctest::TestCaseData &) override {}
  void test_case_reenter(const doctest::TestCaseData &) override {}
  void test_case_end(const doctest::CurrentTestCaseStats &) override {}
  void test_case_exception(const doctest::TestCaseException &) override {}
  void subcase_start(const doctest::SubcaseSignature &) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData &) override {}
  void log_message(const doctest::MessageData &) override {}
  void test_case_skipped(const doctest::TestCaseData &) override {}
};

} // namespace

REGISTER_REPORTER("ctest", 1, CtestListReporter);
