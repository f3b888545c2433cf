// Uses the installed package as a municipal system would: the umbrella header, countyleap::io to
// read the bundled dataset, and the compiled library to evaluate it and classify the units.
// Prints what it found; exits non-zero when something is off.
#include <countyleap/countyleap.hpp>
#include <countyleap/io/dataset.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const countyleap::io::Dataset ds = countyleap::io::read_dataset(argv[1]);
  const countyleap::Scores scores = countyleap::evaluate(*ds.panel, *ds.framework, countyleap::PipelineSpec{}, 2020);
  const countyleap::Classification tiers = countyleap::classify(scores.composite(), ds.plan->tiers());
  std::cout << "countyleap " << countyleap::version << ": " << ds.regions.size() << " regions, "
            << ds.framework->n_leaves() << " scored indicators, " << scores.regions.size() << " units scored in "
            << scores.year << ", tiers of " << tiers.regions.size() << " (illustrative panel)\n";
  // 22 regions (21 units and 辛集市, out of scope), 17 indicators, 21 units in the panel.
  return ds.regions.size() == 22 && ds.framework->n_leaves() == 17 && scores.regions.size() == 21 &&
                 tiers.regions.size() == 21
             ? 0
             : 1;
}
