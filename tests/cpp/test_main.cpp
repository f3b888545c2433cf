// The main() of one area's test executable: BOOST_TEST_MODULE (the area's name) comes from
// tests/CMakeLists.txt. Each tests/cpp/test_<concept>.cpp of the area is a test suite of the same
// name, run by CTest as its own test (cpp.test_<concept>).
#include <boost/test/unit_test.hpp>
