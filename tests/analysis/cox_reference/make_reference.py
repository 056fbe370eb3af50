"""Write the Cox reference data (``spells.csv``) and R's estimates on them (``r_survival.json``).

Run by hand, not by the tests: ``python tests/analysis/cox_reference/make_reference.py`` (needs ``Rscript``
with the ``survival`` package; Debian: ``apt-get install r-base-core r-cran-survival``). The tests read the
two files, so they depend neither on numpy's random streams nor on R.

The data: 40 directed dyads in two patron strata, one to three spells each, entering late (years 0-4) and
observed in yearly rows (``start``, ``stop``] until they end or year 20, so failures are heavily tied. A
dyad's spells share a log-normal frailty (sd 1) and a dyad-level covariate ``client`` (plus row noise);
``shock`` is an independent row-level indicator. True log hazard ratios: ``shock`` 0.7, ``client`` 0.3.
Clustering matters for ``client`` (its score contributions are correlated within a dyad), little for
``shock``.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent

# R's coxph with Efron ties and cluster(dyad); every matrix is written as a CSV for Python to read
R_SCRIPT = """
library(survival)
d <- read.csv("{csv}")
out <- "{out}"
forms <- list(stratified = Surv(start, stop, event) ~ shock + client + strata(patron),
              pooled = Surv(start, stop, event) ~ shock + client)
for (s in names(forms)) {{
  f <- coxph(forms[[s]], data = d, ties = "efron", cluster = dyad)
  write.csv(t(coef(f)), file.path(out, paste0(s, "-coef.csv")), row.names = FALSE)
  write.csv(f$naive.var, file.path(out, paste0(s, "-naive_var.csv")), row.names = FALSE)
  write.csv(vcov(f), file.path(out, paste0(s, "-robust_var.csv")), row.names = FALSE)
  u <- rowsum(residuals(f, type = "score"), d$dyad, reorder = TRUE)
  write.csv(u, file.path(out, paste0(s, "-cluster_score.csv")), row.names = FALSE)
}}
writeLines(as.character(packageVersion("survival")), file.path(out, "version.txt"))
"""


def spells(seed: int = 20261206) -> pd.DataFrame:
    """The reference spell-years (see the module docstring)."""
    rng = np.random.default_rng(seed)
    rows = []
    spell = 0
    for dyad in range(40):
        frailty, client = rng.normal(0.0, 1.0), rng.normal()
        patron = dyad % 2
        for _ in range(int(rng.integers(1, 4))):
            year = int(rng.integers(0, 5))
            while True:
                shock = float(rng.random() < 0.2)
                x = round(client + rng.normal(0.0, 0.5), 6)
                hazard = 0.08 * np.exp(0.7 * shock + 0.3 * x + frailty + 0.3 * patron)
                ended = bool(rng.random() < 1 - np.exp(-hazard))
                rows.append((dyad, spell, patron, year, year + 1, int(ended), shock, x))
                year += 1
                if ended or year >= 20:
                    break
            spell += 1
    columns = ["dyad", "spell_id", "patron", "start", "stop", "event", "shock", "client"]
    return pd.DataFrame(rows, columns=columns)


def main() -> None:
    csv = HERE / "spells.csv"
    spells().to_csv(csv, index=False)
    reference: dict[str, object] = {
        "source": "R survival::coxph(ties = 'efron', cluster = dyad) on spells.csv (make_reference.py); "
        "robust_var has no small-sample factor; cluster_score rows are the dyads in sorted order",
    }
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["Rscript", "-e", R_SCRIPT.format(csv=csv, out=tmp)], check=True)
        reference["survival_version"] = (Path(tmp) / "version.txt").read_text().strip()
        for model in ("stratified", "pooled"):
            reference[model] = {
                part: pd.read_csv(Path(tmp) / f"{model}-{part}.csv").to_numpy().tolist()
                for part in ("coef", "naive_var", "robust_var", "cluster_score")
            }
    (HERE / "r_survival.json").write_text(json.dumps(reference, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
