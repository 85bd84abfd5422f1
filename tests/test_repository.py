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


def test_requirements_pin_everything_and_install_nnlib():
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    packages = [line for line in lines if line and not line.startswith("#")]
    assert "-e ." in packages
    unpinned = [p for p in packages if p != "-e ." and "==" not in p]
    assert unpinned == [], f"unpinned requirements: {unpinned}"
    names = {p.split("==")[0].lower() for p in packages if "==" in p}
    for needed in ("numpy", "scipy", "sympy", "matplotlib", "jupyterlab", "nbval", "pytest", "scikit-learn", "mlxtend"):
        assert needed in names, f"{needed} is not pinned in requirements.txt"


def test_readme_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text()
    first_block = text.split("```")[1]
    assert "make lab" in first_block and "make test" in first_block
