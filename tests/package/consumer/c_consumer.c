/* A C program outside countyleap's tree that links the installed C interface (countyleap::c)
 * and nothing of C++: opens the installed Shijiazhuang dataset, evaluates 2020 and classifies it.
 * The plan's 2020 tiers are A 8, B 4, C 9 (the illustrative panel is calibrated to give them). */
#include <countyleap/countyleap.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  cl_dataset* ds = NULL;
  cl_result* r = NULL;
  size_t n = 0, i, a = 0, b = 0, c = 0;
  const char* tier = NULL;
  int ok;
  if (argc != 2) return 2;
  if (cl_dataset_open(argv[1], &ds) != CL_OK || cl_evaluate(ds, 2020, &r) != CL_OK || cl_classify(r, ds) != CL_OK ||
      cl_result_count(r, &n) != CL_OK) {
    fprintf(stderr, "c_consumer: %s\n", cl_last_error());
    return 1;
  }
  for (i = 0; i < n; ++i) {
    if (cl_result_tier(r, i, &tier) != CL_OK) return 1;
    a += strcmp(tier, "A") == 0;
    b += strcmp(tier, "B") == 0;
    c += strcmp(tier, "C") == 0;
  }
  printf("countyleap C API %d (library %s): %lu units scored in 2020, tiers A %lu, B %lu, C %lu (illustrative panel)\n",
         cl_api_version(), cl_version(), (unsigned long)n, (unsigned long)a, (unsigned long)b, (unsigned long)c);
  ok = cl_api_version() == CL_API_VERSION && n == 21 && a == 8 && b == 4 && c == 9;
  cl_result_close(r);
  cl_dataset_close(ds);
  return ok ? 0 : 1;
}
