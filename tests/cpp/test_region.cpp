#define BOOST_TEST_MODULE region
#include <boost/test/unit_test.hpp>
#include "countyleap/region.hpp"
BOOST_AUTO_TEST_CASE(placeholder_compiles) { BOOST_TEST(countyleap::is_gbt2260_code("130102")); }
