// Uses the installed headers and countyleap::io: reads the bundled regions and framework and
// prints their sizes; exits non-zero when something is off.
#include <countyleap/countyleap.hpp>
#include <countyleap/io/json.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::string dir = argv[1];
  const auto regions = countyleap::io::read_regions_json(dir + "/regions.json");
  const auto framework = countyleap::io::read_framework_json(dir + "/framework.json");
  std::cout << "countyleap " << countyleap::version << ": " << regions.size() << " regions, "
            << framework.n_leaves() << " scored indicators\n";
  return regions.size() == 22 && framework.n_leaves() == 17 ? 0 : 1;
}
