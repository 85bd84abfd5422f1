"""The Gradescope autograder bundle, unpacked into a folder laid out like Gradescope's /autograder and run.

``python -m nnlib.grading gradescope 04 --out autograder.zip`` is built once; each test unpacks it into
``<tmp>/source``, puts an upload into ``<tmp>/submission``, and runs ``source/run_autograder`` with
``AUTOGRADER_ROOT=<tmp>`` and this venv's Python (``setup.sh`` is not run: it installs packages).
Every run must leave exactly one valid ``results/results.json``.  The hostile upload runs twice: in
the bubblewrap sandbox, and in the fallback for containers where bwrap cannot create namespaces (the
kernel as the unprivileged user ``nobody``).
"""

import json
import os
import pathlib
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile

import nbformat
import pytest
from test_grading_support import EXERCISES, ROOT, mutate, read

NAME = "04_recursive_delta"
SEED = 31337
HOSTILE = '''import os
import numpy as np

def sigmoid_prime(z):
    raise NotImplementedError

def hidden_delta(W_next, delta_next, z):
    raise NotImplementedError

ROOT = "@@ROOT@@"
gained = []
attempts = [
    lambda: open(ROOT + "/source/config.json").read(),
    lambda: os.listdir(ROOT + "/source"),
    lambda: open(ROOT + "/source/nnlib/activations.py").read(),
    lambda: open(ROOT + "/results/results.json", "w").write('{"score": 100, "tests": []}'),
    lambda: open(ROOT + "/results/planted.txt", "w").write("planted"),
]
for attempt in attempts:
    try:
        attempt()
        gained.append(1)
    except Exception:
        pass
if os.getuid() == 0 or os.geteuid() == 0:
    gained.append(1)
if gained:
    def sigmoid_prime(z):
        s = 1 / (1 + np.exp(-z))
        return s * (1 - s)

    def hidden_delta(W_next, delta_next, z):
        return (W_next.T @ delta_next) * sigmoid_prime(z)
'''


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    path = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    proc = subprocess.run([sys.executable, "-m", "nnlib.grading", "gradescope", "04", "--out", str(path),
                           "--seed", str(SEED)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert f"seed {SEED}" in proc.stdout
    return path


@pytest.fixture
def root():
    """An empty folder for /autograder that every user may enter, as /autograder is (pytest's tmp is 0700)."""
    path = pathlib.Path(tempfile.mkdtemp(prefix="nnlib-autograder-test-"))
    path.chmod(0o755)
    yield path / "autograder"
    shutil.rmtree(path, ignore_errors=True)


def _python_shim(command):
    """``command`` run so that the user ``nobody`` can run this Python, if it lives in a folder it cannot enter.

    Here the interpreter sits in ``/root/.pyenv`` and ``/root`` is 0700.  The command then runs in a
    private mount namespace where that folder is an empty world-readable tmpfs with only the Python
    installation bound back (Gradescope's ``setup.sh`` puts the venv in ``/autograder/venv`` instead).
    """
    base = pathlib.Path(sys.base_prefix).resolve()
    for parent in reversed(base.parents):
        if parent != pathlib.Path("/") and not parent.stat().st_mode & stat.S_IXOTH:
            keep = parent / base.relative_to(parent).parts[0]
            return ["unshare", "-m", "sh", "-c",
                    f'd=$(mktemp -d) && mount --bind "{keep}" "$d" && mount -t tmpfs -o mode=0755 tmpfs "{parent}" '
                    f'&& mkdir -p "{keep}" && mount --bind "$d" "{keep}" && exec "$@"', "sh", *command]
    return command


def run(bundle, root, upload, isolation=None):
    """Unpack ``bundle`` into ``root`` (Gradescope's layout), upload ``{name: bytes}``, run run_autograder."""
    root.mkdir()
    for sub in ("source", "submission", "results"):
        (root / sub).mkdir()
    with zipfile.ZipFile(bundle) as z:
        z.extractall(root / "source")
        for info in z.infolist():
            os.chmod(root / "source" / info.filename, (info.external_attr >> 16) & 0o777 or 0o644)
    for name, data in upload.items():
        (root / "submission" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "submission" / name).write_bytes(data.replace(b"@@ROOT@@", str(root).encode()))
    (root / "submission_metadata.json").write_text(json.dumps({"id": 1, "users": [{"id": 4242, "name": "A. Student"}]}))
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "NNLIB_AUTOGRADER_PYTHON": sys.executable,
           "OMP_NUM_THREADS": "1"}
    env.pop("NNLIB_AUTOGRADER_ISOLATION", None)
    command = [str(root / "source" / "run_autograder")]
    if isolation:
        env["NNLIB_AUTOGRADER_ISOLATION"] = isolation
        if isolation == "user":
            command = _python_shim(command)
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, cwd=root / "source")
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in (root / "results").iterdir()] == ["results.json"], list((root / "results").iterdir())
    doc = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    return doc, proc.stdout


def check_format(doc):
    assert set(doc) >= {"score", "output", "tests"}
    first, *questions = doc["tests"]
    assert first["visibility"] == "visible" and first["name"] == "Your notebook" and first["max_score"] == 0
    assert [t["name"] for t in questions] == ["Question 1: sigmoid_prime", "Question 2: hidden_delta"]
    assert [t["max_score"] for t in questions] == [1, 3]
    for t in questions:
        assert t["visibility"] == "after_published"
        assert 0 <= t["score"] <= t["max_score"]
    assert sum(t["score"] for t in doc["tests"]) == pytest.approx(doc["score"])
    return first["output"], {t["name"].split(": ")[1]: t for t in questions}


def notebook_bytes(nb):
    return nbformat.writes(nb).encode()


def test_the_bundle_holds_a_complete_autograder(bundle):
    with zipfile.ZipFile(bundle) as z:
        names = set(z.namelist())
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in z.infolist()}
        config = json.loads(z.read("config.json"))
        requirements = z.read("requirements.txt").decode().split()
        setup = z.read("setup.sh").decode()
        for script in ("setup.sh", "run_autograder"):
            assert modes[script] & 0o111, script
            assert subprocess.run(["bash", "-n"], input=z.read(script), capture_output=True).returncode == 0
    assert {"setup.sh", "run_autograder", "requirements.txt", "config.json", f"exercises/{NAME}.ipynb",
            "nnlib/__init__.py", "nnlib/grading/grader.py", "nnlib/grading/sandbox.py",
            "nnlib/grading/launcher.py"} <= names
    assert not any("__pycache__" in n for n in names)
    assert config["assignment"] == NAME and config["seed"] == SEED and modes["config.json"] == 0o600
    pinned = [line for line in (ROOT / "requirements.txt").read_text().split() if "==" in line]
    assert requirements == pinned and all("==" in r for r in requirements)
    assert "bubblewrap" in setup and "pip install --no-cache-dir -r requirements.txt" in setup


def test_a_correct_upload_with_a_draft_beside_it(bundle, root):
    upload = {"draft.ipynb": (EXERCISES / f"{NAME}.ipynb").read_bytes(),
              "hw04.ipynb": notebook_bytes(read(NAME))}
    doc, log = run(bundle, root, upload)
    status, questions = check_format(doc)
    assert doc["score"] == 4.0
    assert "Status: ok" in status and "graded hw04.ipynb" in status and "not graded: draft.ipynb" in status
    assert "isolation: bubblewrap sandbox" in log


def test_a_wrong_upload(bundle, root):
    nb = mutate(read(NAME), "return (W_next.T @ delta_next)", "return (W_next @ delta_next)")
    doc, _ = run(bundle, root, {"Exercise 04.IPYNB": notebook_bytes(nb)})
    status, questions = check_format(doc)
    assert doc["score"] == 1.0 and questions["hidden_delta"]["score"] == 0
    assert "Diagnosis: this looks like “W instead of Wᵀ”" in questions["hidden_delta"]["output"]
    assert "Status: ok" in status


@pytest.mark.parametrize("upload, words", [({}, ["Status: missing", "nothing"]),
                                           ({"answers.pdf": b"%PDF-1.5 ..."},
                                            ["Status: invalid-notebook", "answers.pdf (a PDF document)"])])
def test_an_upload_without_a_notebook(bundle, root, upload, words):
    doc, _ = run(bundle, root, upload)
    status, questions = check_format(doc)
    assert doc["score"] == 0
    for w in words:
        assert w in status
    assert all("no notebook (.ipynb) was found" in t["output"] for t in questions.values())


@pytest.mark.parametrize("isolation", ["bwrap", pytest.param("user", marks=pytest.mark.skipif(
    os.geteuid() != 0, reason="running the kernel as another user needs root"))])
def test_a_hostile_upload_gains_nothing(bundle, root, isolation):
    nb = read(NAME)
    nb.cells.append(nbformat.v4.new_code_cell(HOSTILE))
    doc, log = run(bundle, root, {"ex04.ipynb": notebook_bytes(nb)}, isolation=isolation)
    status, questions = check_format(doc)
    assert doc["score"] == 0, doc
    assert "Status: error" in status or "Status: ok" in status, status
    assert json.loads((root / "source" / "config.json").read_text())["seed"] == SEED
    assert not (root / "results" / "planted.txt").exists()
    if isolation == "user":
        assert stat.S_IMODE((root / "source").stat().st_mode) == 0o700
        assert stat.S_IMODE((root / "results").stat().st_mode) == 0o700
    assert f"NNLIB_AUTOGRADER_ISOLATION={isolation}" in log


def test_without_bwrap_and_not_root_the_log_says_so(monkeypatch):
    from nnlib.grading import gradescope

    monkeypatch.setattr(gradescope, "bwrap_works", lambda: (False, "No permissions to create new namespace"))
    monkeypatch.delenv("NNLIB_AUTOGRADER_ISOLATION", raising=False)
    lines = []
    mode = gradescope._isolation(lines.append)
    assert "No permissions to create new namespace" in lines[0]
    if os.geteuid() == 0:
        assert mode == "user" and "unprivileged user 'nobody'" in lines[0]
    else:
        assert mode == "none" and "WARNING" in lines[0]


@pytest.mark.skipif(os.geteuid() != 0, reason="dropping to another user needs root")
def test_the_launcher_drops_to_the_user_after_the_limits(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("instructor only")
    secret.chmod(0o600)
    launcher = ROOT / "nnlib" / "grading" / "launcher.py"
    script = f'id -u; id -g; ulimit -v; cat "{secret}" 2>/dev/null || echo denied'
    proc = subprocess.run([sys.executable, str(launcher), "--memory-mb", "700", "--user", "65534:65534", "--",
                           shutil.which("sh"), "-c", script], capture_output=True, text=True, timeout=30)
    assert proc.stdout.split() == ["65534", "65534", str(700 * 1024), "denied"], proc.stderr
