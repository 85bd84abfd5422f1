"""pytest configuration shared by the unit tests and the nbval run on lessons/ and solutions/.

The options themselves live in pyproject.toml ([tool.pytest.ini_options]).
"""

import os

# Figures render into the notebook through `%matplotlib inline`; outside a
# kernel (unit tests) nothing may try to open a window.
os.environ.setdefault("MPLBACKEND", "Agg")

# One BLAS thread for the tests and for every kernel nbval starts (kernels inherit this
# environment).  A multi-threaded matrix product may add in a different order, and a training
# run amplifies that last-bit difference until the stored outputs no longer match.  The stored
# notebooks are executed the same way (tools/execute.py).
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"
# OpenBLAS picks its kernels by CPU (SkylakeX, Zen, Haswell, ...), and different kernels may round
# the last bit differently.  Pinning the AVX2 "Haswell" kernels, which every x86-64 machine of the
# last decade runs, keeps the stored outputs reproducible across machines.
os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")

# The Chinese solutions are the English ones with translated prose (tests/test_zh_edition.py holds their code and
# outputs to the English, which nbval runs): re-executing them would only repeat that run.  The Chinese lessons
# are re-executed like the English ones.
collect_ignore_glob = ["exercises/*", ".venv/*", "site/*", "benchmarks/*", "solutions/zh/*"]
