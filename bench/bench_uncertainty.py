"""Runs the uncertainty benchmark: the C++ binary (both cases: COINr's ASEM example and the
synthetic 3,000 x 60 x 10,000 case) and the numpy baseline on the same synthetic case, in one
run, and prints both timings and how far apart their results are.

    python3 bench/bench_uncertainty.py BUILD/bench/bench_uncertainty [--threads 2] [--repeat 3]

The C++ binary writes the synthetic data, spec and its results to a temporary folder
(--write); numpy_uncertainty.py reads the same data, draws the same replications and its
results are compared with the C++ ones (ranks exactly, scores to rounding).
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy_uncertainty  # noqa: E402

KEYS = ["nominal_score", "nominal_rank", "mean_rank", "median_rank", "q5_rank", "q95_rank",
        "mean_score", "q5_score", "median_score", "q95_score"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", help="path of bench_uncertainty (built with -DCOUNTYLEAP_BUILD_BENCH=ON)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cpp = subprocess.run([args.binary, "--threads", str(args.threads), "--repeat", str(args.repeat), "--write", folder],
                             check=True, capture_output=True, text=True)
        print("C++ (countyleap):")
        print(cpp.stdout.rstrip())
        seconds, numpy_result = numpy_uncertainty.run(folder)
        print(f"numpy baseline, case (b): {seconds * 1000:.0f} ms (one run, numpy {np.__version__})")
        with open(os.path.join(folder, "cpp_results.csv")) as f:
            rows = list(csv.DictReader(f))
        worst = {"rank": 0.0, "score": 0.0}
        for key in KEYS:
            ours = np.array([float(r[key]) for r in rows])
            diff = np.max(np.abs(ours - numpy_result[key]) / np.maximum(1.0, np.abs(ours)))
            kind = "rank" if key.endswith("rank") else "score"
            worst[kind] = max(worst[kind], diff)
        print(f"C++ and numpy results agree: largest relative difference {worst['rank']:.1e} in the rank statistics "
              f"(type-7 interpolation rounding), {worst['score']:.1e} in the scores")
        worst = max(worst.values())
        return 0 if worst < 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
