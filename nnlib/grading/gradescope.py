"""A Gradescope autograder for one exercise: ``python -m nnlib.grading gradescope NN --out autograder.zip``.

The zip holds everything Gradescope needs (upload it as the assignment's autograder, on an Ubuntu
22.04 or 24.04 base image):

* ``setup.sh`` — run once when Gradescope builds the image: installs Python, ``bubblewrap`` and
  the course's pinned requirements into ``/autograder/venv``;
* ``run_autograder`` — run for each submission: grades the notebook in ``/autograder/submission``
  and writes exactly one ``/autograder/results/results.json``, whatever was uploaded (one notebook,
  several, none, a PDF, nothing at all), and even if the grader itself fails;
* ``nnlib/`` (the course's library, grader included), ``exercises/NN_slug.ipynb`` (the questions and
  their points), ``requirements.txt`` and ``config.json`` (the instructor's seed and limits).

In ``results.json``, each question's hidden tests are ``after_published`` (students see them when you
publish the grades); one ``visible`` test says at once which notebook was graded, whether it ran and
with what status.  Several notebooks: the one picked is the first by the rule of :mod:`.collect`
(a notebook whose name names the assignment, then the newest, then by name); the others are named.

Isolation.  ``run_autograder`` first tries bubblewrap.  Gradescope runs each submission in its own
container, but unprivileged containers often cannot create namespaces; then it says so in the log
and runs the kernel as the unprivileged user ``nobody`` instead, after making the autograder's source
(with the seed) and results folders readable by root only, so the kernel can neither read the seed
and the grader's files nor write the results.  ``NNLIB_AUTOGRADER_ISOLATION=bwrap|user|none`` forces
a mode (for tests).  ``AUTOGRADER_ROOT`` replaces ``/autograder`` (for tests).
"""

import json
import os
import pathlib
import secrets
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile

__all__ = ["bundle", "run_autograder", "bwrap_works"]

ROOT = pathlib.Path(__file__).resolve().parents[2]
KERNEL_USER = "nobody"

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu 22.04 or 24.04 base).
set -euo pipefail
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv python3-pip bubblewrap ca-certificates
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    # Ubuntu 22.04 ships Python 3.10; the course needs 3.11 or later.
    apt-get install -y --no-install-recommends software-properties-common
    add-apt-repository -y ppa:deadsnakes/ppa
    apt-get update
    apt-get install -y --no-install-recommends python3.11 python3.11-venv
    PYTHON=python3.11
else
    PYTHON=python3
fi
"$PYTHON" -m venv /autograder/venv
/autograder/venv/bin/pip install --no-cache-dir --upgrade pip
/autograder/venv/bin/pip install --no-cache-dir -r requirements.txt
chmod -R a+rX /autograder/venv
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for each submission.  It writes exactly one results/results.json, whatever happens.
ROOT="${AUTOGRADER_ROOT:-/autograder}"
PY="${NNLIB_AUTOGRADER_PYTHON:-$ROOT/venv/bin/python}"
mkdir -p "$ROOT/results"
rm -f "$ROOT/results/results.json"
cd "$ROOT/source" && PYTHONPATH="$ROOT/source" "$PY" -m nnlib.grading.gradescope "$ROOT"
if [ ! -s "$ROOT/results/results.json" ]; then
    MESSAGE="The autograder could not start; nothing was graded. Please tell your instructor."
    printf '{"score": 0, "output": "%s", "tests": [], "stdout_visibility": "hidden"}\\n' "$MESSAGE" \\
        > "$ROOT/results/results.json"
fi
exit 0
"""


# ----------------------------------------------------------------- building the bundle
def _requirements():
    """The course's pinned requirements without the editable install of itself (the bundle carries nnlib)."""
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if line.strip() and not line.lstrip().startswith(("-e", "#"))) + "\n"


def bundle(assignment, out, seed=None, timeout=60.0, total_timeout=300.0, memory_mb=2048, max_pids=256):
    """Write the Gradescope autograder zip for ``assignment`` (``NN``, ``NN_slug`` or a path) to ``out``.

    Returns the seed written into it (a fresh random one unless ``seed`` is given).
    """
    from .grader import find_assignment, prepare

    path = find_assignment(assignment)
    prepared = prepare(path, 0)                    # checks that the notebook and the grading spec agree
    seed = secrets.randbelow(2**31) if seed is None else int(seed)
    config = {"assignment": prepared.assignment.name, "seed": seed, "timeout": timeout,
              "total_timeout": total_timeout, "memory_mb": memory_mb, "max_pids": max_pids}
    import nnlib

    package = pathlib.Path(nnlib.__file__).resolve().parent
    out = pathlib.Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        def add(name, text, mode=0o644):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)

        add("setup.sh", SETUP_SH, 0o755)
        add("run_autograder", RUN_AUTOGRADER, 0o755)
        add("requirements.txt", _requirements())
        add("config.json", json.dumps(config, indent=1) + "\n", 0o600)
        add(f"exercises/{path.name}", path.read_bytes())
        for f in sorted(package.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc":
                add(f"nnlib/{f.relative_to(package).as_posix()}", f.read_bytes())
    os.replace(tmp, out)
    return seed


# ----------------------------------------------------------------- running on Gradescope
def bwrap_works():
    """``(True, "")`` if bubblewrap can create its namespaces here, else ``(False, why)``."""
    from .sandbox import bwrap_path

    if not bwrap_path():
        return False, "bubblewrap (bwrap) is not installed"
    try:
        proc = subprocess.run([bwrap_path(), "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as err:
        return False, f"bwrap could not run ({err})"
    if proc.returncode != 0:
        return False, (proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}"])[-1][:300]
    return True, ""


def _isolation(log):
    forced = os.environ.get("NNLIB_AUTOGRADER_ISOLATION", "")
    if forced:
        log(f"isolation forced by NNLIB_AUTOGRADER_ISOLATION={forced}")
        return forced
    ok, why = bwrap_works()
    if ok:
        log("isolation: bubblewrap sandbox (own namespaces, no network, read-only system, withheld nnlib)")
        return "bwrap"
    if os.geteuid() == 0:
        log(f"bubblewrap cannot create namespaces here ({why}); the kernel runs as the unprivileged user "
            f"{KERNEL_USER!r} instead, with the source (seed) and results folders readable by root only")
        return "user"
    log(f"WARNING: bubblewrap cannot create namespaces here ({why}) and the autograder is not root, so the "
        "kernel runs as the autograder's own user: it can reach the autograder's files")
    return "none"


def _student(root):
    """The student's id from Gradescope's submission_metadata.json (hidden inputs are drawn per student)."""
    from .collect import _safe

    try:
        meta = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8"))
        users = meta.get("users") or []
        user = users[0] if users else {}
        return _safe(str(user.get("id") or user.get("email") or meta.get("id") or "submission"))
    except (OSError, ValueError, AttributeError, IndexError, TypeError):
        return "submission"


def _status_test(text):
    return {"name": "Your notebook", "score": 0.0, "max_score": 0.0, "output": text, "visibility": "visible"}


def _write_results(root, doc):
    results = root / "results"
    results.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=results, prefix=".results.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, results / "results.json")


def run_autograder(root):
    """Grade ``root/submission`` and write ``root/results/results.json``; never raises."""
    root = pathlib.Path(root)

    def log(text):
        print(f"[nnlib autograder] {text}", flush=True)

    try:
        doc = _grade(root, log)
    except BaseException as err:  # the student must get a results.json even when the grader fails
        log("the grader failed:\n" + traceback.format_exc())
        doc = {"score": 0.0, "output": f"The grader failed on this submission ({type(err).__name__}); nothing was "
                                       "graded. Please tell your instructor.",
               "tests": [_status_test("not graded: the grader failed")], "stdout_visibility": "hidden"}
    _write_results(root, doc)
    return doc


def _grade(root, log):
    from .collect import _files, _is_notebook_name, pick, what_is
    from .grader import STATUSES, Options, QuestionResult, Result, grade_submission, gradescope_json, prepare
    from .sandbox import graded_nnlib

    source, results = root / "source", root / "results"
    config = json.loads((source / "config.json").read_text(encoding="utf-8"))
    mode = _isolation(log)
    if mode == "user" and os.geteuid() == 0:
        for d in (source, results):
            d.mkdir(parents=True, exist_ok=True)
            os.chown(d, 0, 0)
            os.chmod(d, 0o700)
    prepared = prepare(source / "exercises" / f"{config['assignment']}.ipynb", config["seed"])
    options = Options(seed=int(config["seed"]), timeout=float(config["timeout"]),
                      total_timeout=float(config["total_timeout"]), memory_mb=int(config["memory_mb"]),
                      max_pids=int(config["max_pids"]), jobs=1, sandbox=(mode == "bwrap"),
                      user=KERNEL_USER if mode == "user" else None)
    name = _student(root)
    files = _files([root / "submission"]) if (root / "submission").is_dir() else []
    notebooks = [(rel, p) for rel, p in files if _is_notebook_name(p)]
    log(f"assignment {prepared.assignment.name}; {len(files)} file(s) uploaded, {len(notebooks)} notebook(s)")
    if not notebooks:
        what = "; ".join(f"{rel} ({what_is(p)})" for rel, p in files[:10]) if files else "nothing"
        problem = f"no notebook (.ipynb) was found in your upload; it held: {what}"
        r = Result(name, "missing" if not files else "invalid-notebook", [problem])
        r.questions = [QuestionResult(q.name, pts, lines=[f"✗ not graded: {problem}"]) for q, pts in prepared.questions]
        chosen_note = problem
    else:
        ranked = pick(notebooks, prepared.assignment.name)
        (rel, chosen), others = ranked[0], [str(o) for o, _ in ranked[1:]]
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="nnlib-graded-") as tmp:
            if options.user:
                os.chmod(tmp, 0o755)
            prepared.nnlib_dir = graded_nnlib(prepared.assignment.withheld, tmp)
            r = grade_submission(prepared, name, chosen, options)
        log(f"graded {rel} in {time.monotonic() - started:.1f} s: {r.total:g}/{prepared.max_score:g}, {r.status}")
        if mode == "user" and any("could not start" in n for n in r.notes):
            log(f"the kernel did not start as {KERNEL_USER!r}: can that user run {sys.executable}? "
                "(every folder above the Python installation must be world-executable)")
        chosen_note = f"graded {rel}"
        if others:
            chosen_note += (f" (of {len(ranked)} notebooks: one named for the assignment first, then the newest; "
                            f"not graded: {', '.join(others)})")
            r.notes.insert(0, chosen_note)
    doc = gradescope_json(r)
    text = f"Status: {r.status} ({STATUSES[r.status]})"
    notes = r.notes if chosen_note in r.notes else [chosen_note, *r.notes]
    text += "\n" + "\n".join(f"- {n}" for n in notes)
    doc["tests"].insert(0, _status_test(text))
    return doc


if __name__ == "__main__":
    run_autograder(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("AUTOGRADER_ROOT", "/autograder"))
