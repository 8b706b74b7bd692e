"""Write LaLonde's NSW participants with CPS-1 or PSID-1 as a two-year panel (1975, 1978)."""

import sys

import causaldata
import pandas as pd

which, out = sys.argv[1], sys.argv[2]
if which == "cps":
    nsw = causaldata.nsw_mixtape.load_pandas().data
    o = causaldata.cps_mixtape.load_pandas().data
    d = pd.concat([nsw[nsw.treat == 1], o], ignore_index=True)
else:
    from cbps import datasets

    nsw = datasets.load_lalonde(dehejia_wahba_only=True)
    _, o = datasets.load_lalonde_psid_combined(return_combined=False)
    d = pd.concat([nsw[nsw.treat == 1], o], ignore_index=True).rename(
        columns={"married": "marr", "nodegr": "nodegree"}
    )
d["u74"] = (d.re74 == 0) * 1
d["u75"] = (d.re75 == 0) * 1
d["person"] = [f"p{i}" for i in range(len(d))]
cov = ["age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75", "u74", "u75"]
rows = pd.concat([d.assign(year=1975, earnings=d.re75), d.assign(year=1978, earnings=d.re78)])
rows[["person", "year", "earnings", *cov]].to_csv(f"{out}/panel.csv", index=False)
d[d.treat == 1].assign(start_date="1976")[["person", "start_date"]].to_csv(
    f"{out}/participations.csv", index=False
)
