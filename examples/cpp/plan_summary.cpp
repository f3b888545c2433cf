// Reads the bundled Shijiazhuang dataset and prints, for each phase of the plan, the tier counts
// it aims for and the units the plan names for each tier. Run: plan_summary <dataset folder>.
#include <countyleap/countyleap.hpp>
#include <countyleap/io/dataset.hpp>

#include <iostream>
#include <map>
#include <string>

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : countyleap::io::bundled_dataset_dir("shijiazhuang");
  try {
    const auto ds = countyleap::io::read_dataset(dir);
    if (!ds.plan) {
      std::cerr << "no plan.json in " << dir << "\n";
      return 1;
    }
    const auto& plan = *ds.plan;
    std::cout << plan.info().name_zh << "\n" << ds.regions.in_scope().size() << " units in scope\n";
    for (const auto& phase : plan.phases()) {
      std::cout << phase.id << " (evaluation " << phase.evaluation_year << ", published " << phase.publication_year
                << (phase.publication_year_inferred ? ", inferred" : "") << "):";
      for (const auto& tier : plan.tiers().tiers) std::cout << " " << tier.label << "=" << phase.tier_counts.at(tier.label);
      std::cout << "\n";
      std::map<std::string, std::string> named;  // tier -> names of the units with that goal
      for (const auto& goal : plan.goals())
        if (goal.evaluation_year == phase.evaluation_year) named[goal.tier] += ds.regions.at(goal.code).name_zh + " ";
      for (const auto& [tier, names] : named) std::cout << "  " << tier << ": " << names << "\n";
    }
  } catch (const countyleap::error& e) {
    std::cerr << "countyleap: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
