"""Expected values for tests/cpp/test_treat.cpp: COINr 1.1.14's default outlier treatment
(Treat(): winsorise / log_CT / check_SkewKurt, combine_treat = FALSE) re-implemented
independently from R/treat.R, with pandas' sample-adjusted skew() and kurt() (the G1/G2 forms
of e1071 type 2 that COINr's skew() and kurt() copy), applied to every indicator column of the
raw ASEM data (tests/data/asem/ASEM_iData.csv) for several winmax values.

Re-run from the repository root:  /usr/bin/python3 tests/data/treat/make_expected.py
(numpy 1.24, pandas 1.5). Writes asem_treated_winmax<W>.csv (treated values) and
asem_treat_details.csv (per column: outcome, nwin, winsorised rows, final skew/kurtosis).
"""
import os
import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ASEM = os.path.join(HERE, "..", "asem")


def passes(x, skew_thresh=2.0, kurt_thresh=3.5):
    s = pd.Series(x)  # NaN skipped
    return bool(abs(s.skew()) < skew_thresh or s.kurt() < kurt_thresh)


def winsorise(x, winmax):
    x = x.copy()
    imax, imin = [], []
    nwin = 0
    ok = passes(x)
    while (not ok) and nwin < winmax:
        if pd.Series(x).skew() >= 0:
            imax = list(np.flatnonzero(x == np.nanmax(x)))
            x[imax] = np.nanmax(np.delete(x, imax))
        else:
            imin = list(np.flatnonzero(x == np.nanmin(x)))
            x[imin] = np.nanmin(np.delete(x, imin))
        nwin = len(imax) + len(imin)  # COINr: length(imax) + length(imin), the latest of each side
        ok = passes(x)
    return x, nwin, imax, imin


def treat(x, winmax):
    if passes(x):
        return x, "pass", 0, [], []
    xw, nwin, imax, imin = winsorise(x, winmax)
    if passes(xw):
        return xw, "winsorised", nwin, imax, imin
    lo, hi = np.nanmin(x), np.nanmax(x)  # log_CT of the ORIGINAL column
    return np.log(x - lo + 0.01 * (hi - lo)), "log", nwin, imax, imin


def main():
    data = pd.read_csv(os.path.join(ASEM, "ASEM_iData.csv"))
    meta = pd.read_csv(os.path.join(ASEM, "ASEM_iMeta.csv"))
    codes = list(meta.loc[meta.Type == "Indicator", "iCode"])
    rows = []
    for winmax in (5, 2, 1, 0):
        out = pd.DataFrame({"uCode": data["uCode"]})
        for c in codes:
            x = data[c].to_numpy(dtype=float)
            xt, how, nwin, imax, imin = treat(x, winmax)
            out[c] = xt
            s = pd.Series(xt)
            rows.append({"winmax": winmax, "iCode": c, "outcome": how, "nwin": nwin,
                         "high_rows": ";".join(str(i) for i in sorted(imax)),
                         "low_rows": ";".join(str(i) for i in sorted(imin)),
                         "passed": passes(xt), "skew": s.skew(), "kurt": s.kurt()})
        out.to_csv(os.path.join(HERE, "asem_treated_winmax%d.csv" % winmax), index=False,
                   float_format="%.17g", na_rep="NA")
    pd.DataFrame(rows).to_csv(os.path.join(HERE, "asem_treat_details.csv"), index=False,
                              float_format="%.17g")


if __name__ == "__main__":
    main()
