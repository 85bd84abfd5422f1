"""pytest configuration shared by the unit tests and the nbval run on lessons/ and solutions/.

The options themselves live in pyproject.toml ([tool.pytest.ini_options]).
"""

import os

# Figures render into the notebook through `%matplotlib inline`; outside a
# kernel (unit tests) nothing may try to open a window.
os.environ.setdefault("MPLBACKEND", "Agg")

collect_ignore_glob = ["exercises/*", ".venv/*", "site/*", "benchmarks/*"]
