"""Writes test/fixtures/sobol-64x12.json: the first 64 points of SciPy's unscrambled 12-dimensional
Sobol' sequence, the reference for test/stats/sobolSequence.test.ts.

    python3 scripts/sobol-fixture.py
"""
import json
import pathlib

import scipy
from scipy.stats import qmc

POINTS, DIMENSIONS = 64, 12

points = qmc.Sobol(d=DIMENSIONS, scramble=False).random(POINTS)
fixture = {
    "generator": f"scipy.stats.qmc.Sobol(d={DIMENSIONS}, scramble=False).random({POINTS})",
    "scipy": scipy.__version__,
    "points": points.tolist(),
}
out = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures" / f"sobol-{POINTS}x{DIMENSIONS}.json"
out.write_text(json.dumps(fixture) + "\n")
print(f"wrote {out}")
