"""The repository's own promises: lint-clean code and the pinned, installable environment."""

import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_ruff_is_clean():
    ruff = shutil.which("ruff", path=str(pathlib.Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is pinned in requirements.txt; install it with pip install -r requirements.txt"
    result = subprocess.run([ruff, "check", str(ROOT)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def _requirements(name):
    lines = [line.strip() for line in (ROOT / name).read_text().splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def _names(packages):
    return {p.split("==")[0].lower() for p in packages if "==" in p}


# Packages only the tests, the site and the browser checks need: never in a learner's install.
DEV_ONLY = {"pytest", "pytest-xdist", "nbval", "ruff", "playwright", "django-static-mathjax", "nbclient", "nbconvert",
            "jupytext"}


def test_requirements_pin_everything_and_install_nnlib():
    course, dev = _requirements("requirements.txt"), _requirements("requirements-dev.txt")
    assert "-e ." in course
    assert dev[0] == "-r requirements.txt", "requirements-dev.txt builds on the course's requirements"
    unpinned = [p for p in course + dev[1:] if p != "-e ." and "==" not in p]
    assert unpinned == [], f"unpinned requirements: {unpinned}"
    for needed in ("numpy", "scipy", "sympy", "matplotlib", "jupyterlab", "ipykernel", "scikit-learn", "mlxtend"):
        assert needed in _names(course), f"{needed} is not pinned in requirements.txt"
    for needed in ("nbval", "pytest", "pytest-xdist", "ruff", "playwright"):
        assert needed in _names(dev), f"{needed} is not pinned in requirements-dev.txt"


def test_a_learners_install_has_no_maintainer_tools():
    assert _names(_requirements("requirements.txt")) & DEV_ONLY == set()
    assert not _names(_requirements("requirements.txt")) & _names(_requirements("requirements-dev.txt")), \
        "a package is pinned twice"
    makefile = (ROOT / "Makefile").read_text()
    assert "lab: $(COURSE)" in makefile and "test: $(DEV)" in makefile
    assert "requirements-dev.txt" in makefile and "bubblewrap" in (ROOT / ".ci" / "run").read_text()


def test_readme_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text()
    first_block = text.split("```")[1]
    assert "make lab" in first_block and "make test" in first_block
