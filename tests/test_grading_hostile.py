"""A hostile class: broken submissions and real attacks, graded in one batch beside honest classmates.

Every submission is made here from the 04 solution (two questions: sigmoid_prime 1 point, hidden_delta
3 points) and graded the way an instructor would, with the command line, ``--jobs 2`` and the seed on
the command line (``--seed 424242``) and a secret in the grader's environment, so that the attacks
have something to look for.  Each attack first tries to gain or to harm; where it would gain, it
defines correct answers, so that a successful attack shows as marks it should not have.  The test
asserts that every attack gained nothing, harmed no classmate, and left no trace: no file changed in
the course or the venv, no process alive, the outputs untouched after the run.

Limits for this batch: 12 s per cell, 40 s per submission, 1500 MB and 128 processes per submission.
"""

import csv
import os
import pathlib
import socket
import subprocess
import sys
import threading
import time

import nbformat
import pytest
from test_grading_support import EXERCISES, ROOT, add_cell, mutate, read

NAME = "04_recursive_delta"
SEED = "424242"
SECRET = "hunter2-instructor-secret"
SIGMOID = "s = nnlib.sigmoid(z)\n    return s * (1 - s)"
HIDDEN = "return (W_next.T @ delta_next) * sigmoid_prime(z)"
STUBBORN = ("import time\n    while True:\n        try:\n            time.sleep(0.2)\n"
            "        except KeyboardInterrupt:\n            pass")
MARKER = "nnlib-attack-marker"
BROKEN = ("def sigmoid_prime(z):\n    raise NotImplementedError\n\n"
          "def hidden_delta(W_next, delta_next, z):\n    raise NotImplementedError\n")
TAKE = ("def sigmoid_prime(z):\n    return _take_s(z)\n\n"
        "def hidden_delta(W_next, delta_next, z):\n    return _take_h(W_next, delta_next, z)\n")


def attack(body):
    """A cell that throws the answers away, then runs ``body``, which may win them back (``_take_s``/``_take_h``)."""
    return BROKEN + "\n_take_s = _take_h = None\n" + body + "\nif _take_s is not None and _take_h is not None:\n" + \
        "\n".join("    " + line for line in TAKE.splitlines()) + "\n"


ATTACKS = {
    # the grader's own modules, imported and used for the reference answers
    "grader_internals": attack(
        "import importlib\n"
        "for mod in ('nnlib.grading.assignments', 'nnlib.grading.compare', 'nnlib.grading.harness'):\n"
        "    try:\n"
        "        m = importlib.import_module(mod)\n"
        "        _take_s = m.QUESTIONS['sigmoid_prime'].solution\n"
        "        _take_h = m.QUESTIONS['hidden_delta'].solution\n"
        "    except Exception:\n"
        "        pass\n"),
    # nnlib's reference reached directly, through getattr, a copied code object, or its source
    "reference_calls": attack(
        "import types, inspect\n"
        "try:\n"
        "    f = getattr(nnlib, 'sigmoid' + '_prime'); f(0.0)\n"
        "    _take_s = f\n"
        "except Exception:\n"
        "    pass\n"
        "try:\n"
        "    g = types.FunctionType(nnlib.activations.sigmoid_prime.__code__, vars(nnlib.activations)); g(0.0)\n"
        "    _take_s = g\n"
        "except Exception:\n"
        "    pass\n"
        "try:\n"
        "    ns = {}\n"
        "    exec(inspect.getsource(nnlib.activations.Sigmoid).replace('@staticmethod', ''), vars(nnlib.activations), ns)\n"
        "    ns['Sigmoid'].prime(0.0)\n"
        "    _take_h = lambda W, d, z: ns['Sigmoid'].backward(z, None, W.T @ d)\n"
        "except Exception:\n"
        "    pass\n"),
    # the real nnlib sources, found through the editable install's finder, loaded under another name
    "reference_sources": attack(
        "import glob, re, sys, importlib.util\n"
        "for f in glob.glob(sys.prefix + '/lib/python3*/site-packages/__editable__*finder.py'):\n"
        "    m = re.search(r\"'nnlib': '([^']+)'\", open(f).read())\n"
        "    if m:\n"
        "        try:\n"
        "            spec = importlib.util.spec_from_file_location('realnnlib', m.group(1) + '/__init__.py',\n"
        "                                                          submodule_search_locations=[m.group(1)])\n"
        "            real = importlib.util.module_from_spec(spec); sys.modules['realnnlib'] = real\n"
        "            spec.loader.exec_module(real)\n"
        "            _take_s = real.sigmoid_prime\n"
        "            _take_h = lambda W, d, z: (W.T @ d) * real.sigmoid_prime(z)\n"
        "        except Exception:\n"
        "            pass\n"),
    # the seed and the grader's secrets from the process table and the environment
    "process_table": attack(
        "import os\n"
        "seen = ' '.join(f'{k}={v}' for k, v in os.environ.items())\n"
        "for pid in os.listdir('/proc'):\n"
        "    for part in ('cmdline', 'environ'):\n"
        "        try:\n"
        "            seen += open(f'/proc/{pid}/{part}', 'rb').read().decode(errors='replace')\n"
        "        except Exception:\n"
        "            pass\n"
        f"if '{SEED}' in seen or '{SECRET}' in seen:\n"
        "    _take_s = lambda z: nnlib.sigmoid(z) * (1 - nnlib.sigmoid(z))\n"
        "    _take_h = lambda W, d, z: (W.T @ d) * _take_s(z)\n"),
    # classmates' notebooks, found anywhere on the file system, executed for their answers
    "classmates": attack(
        "import os, json\n"
        "own = os.path.realpath('submission.ipynb')\n"
        "for top, dirs, files in os.walk('/'):\n"
        "    dirs[:] = [d for d in dirs if top != '/' or d not in ('proc', 'sys', 'dev', 'usr')]\n"
        "    for f in files:\n"
        "        p = os.path.join(top, f)\n"
        "        if f.endswith('.ipynb') and os.path.realpath(p) != own and 'honest' in f:\n"
        "            ns = {}\n"
        "            try:\n"
        "                for c in json.load(open(p))['cells']:\n"
        "                    src = ''.join(c['source'])\n"
        "                    if c['cell_type'] == 'code' and 'def ' in src and 'check(' not in src:\n"
        "                        exec(src, {'np': np, 'nnlib': nnlib}, ns)\n"
        "                _take_s, _take_h = ns['sigmoid_prime'], ns['hidden_delta']\n"
        "            except Exception:\n"
        "                pass\n"),
    # a backdoor in the course's nnlib and in the venv (only new files, so that a failure here harms nothing)
    "tamper_install": attack(
        "import sys, os, nnlib\n"
        "wrote = 0\n"
        f"for path in (os.path.join(sys.prefix, 'lib', 'python3.11', 'site-packages', 'zz_{MARKER}.pth'),\n"
        f"             os.path.join(os.path.dirname(nnlib.__file__), 'zz_{MARKER}.py'),\n"
        f"             '{ROOT / 'nnlib'}/zz_{MARKER}.py'):\n"
        "    try:\n"
        "        with open(path, 'w') as f:\n"
        "            f.write('import os\\n')\n"
        "        wrote += 1\n"
        "    except OSError:\n"
        "        pass\n"
        "if wrote:\n"
        "    _take_s = lambda z: nnlib.sigmoid(z) * (1 - nnlib.sigmoid(z))\n"
        "    _take_h = lambda W, d, z: (W.T @ d) * _take_s(z)\n"),
    # a process in a new session that outlives the run and rewrites the outputs afterwards
    "outlive": attack(
        "import subprocess, sys\n"
        "code = ('import time, pathlib, sys; time.sleep(4); out = pathlib.Path(sys.argv[1]);'\n"
        "        '[p.write_text(\"framed,0,0,0,4,flagged,\") for p in out.rglob(\"*\") if p.is_file()]')\n"
        f"subprocess.Popen([sys.executable, '-c', code, '@@OUT@@', '{MARKER}'], start_new_session=True)\n"
        f"subprocess.Popen(['sleep', '3600', '{MARKER}'], start_new_session=True)\n"),
    # the output folder written into, and a classmate's feedback redirected through a planted symlink
    "write_out": attack(
        "import os\n"
        "try:\n"
        "    os.symlink('/tmp/stolen-feedback', '@@OUT@@/feedback/honest_a.txt')\n"
        "except OSError:\n"
        "    pass\n"
        "try:\n"
        "    open('@@OUT@@/grades.csv', 'w').write('write_out,1,3,4,4,ok,\\n')\n"
        "except OSError:\n"
        "    pass\n"),
    # the grader killed, classmates' kernels stopped
    "signals": attack(
        "import os, signal\n"
        "for sig in (signal.SIGSTOP, signal.SIGKILL):\n"
        "    for pid in [p for p in os.listdir('/proc') if p.isdigit() and int(p) != os.getpid()]:\n"
        "        try:\n"
        "            cmd = open(f'/proc/{pid}/cmdline', 'rb').read()\n"
        "        except OSError:\n"
        "            continue\n"
        "        if b'ipykernel' in cmd or b'nnlib.grading' in cmd or b'pytest' in cmd or int(pid) == os.getppid():\n"
        "            try:\n"
        "                os.kill(int(pid), sig)\n"
        "            except OSError:\n"
        "                pass\n"),
    # the network: a server of the grader's machine on loopback
    "network": attack(
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('127.0.0.1', @@PORT@@), timeout=2).sendall(b'leak')\n"
        "except OSError:\n"
        "    pass\n"),
}
SLOW = [f"import time\ntime.sleep(5)  # slow cell {i}" for i in range(9)]


def hostile():
    sol = read(NAME)
    without = nbformat.from_dict(dict(sol))
    without.cells = [c for c in sol.cells if "def hidden_delta" not in c.source]
    reordered = nbformat.from_dict(dict(sol))
    reordered.cells = sol.cells[::-1]
    slow = sol
    for cell in SLOW:
        slow = add_cell(slow, cell)
    cases = {
        # name: (notebook or raw text, expected status, expected [sigmoid_prime, hidden_delta] scores)
        "honest_a": (sol, "ok", [1, 3]),
        "honest_b": (sol, "ok", [1, 3]),
        "honest_c": (sol, "ok", [1, 3]),
        "infinite_loop": (add_cell(sol, "while True:\n    pass"), "timeout", [1, 3]),
        "loop_in_graded_function": (mutate(sol, HIDDEN, STUBBORN), "timeout", [1, 0]),
        "slow_cells": (slow, "timeout", [0, 0]),
        "sys_exit": (add_cell(sol, "import sys\nsys.exit(1)"), "error", [1, 3]),
        "exit_call": (add_cell(sol, "exit()"), "kernel-died", [1, 3]),
        "os_exit": (add_cell(sol, "import os\nos._exit(0)"), "kernel-died", [1, 3]),
        "kill_9": (add_cell(sol, "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"), "kernel-died", [1, 3]),
        "segfault": (add_cell(sol, "import ctypes\nctypes.string_at(0)"), "kernel-died", [1, 3]),
        "memory_bomb": (add_cell(sol, "hog = []\nwhile True:\n    hog.append(bytearray(50_000_000))"),
                        "memory-limit", [1, 3]),
        "memory_in_children": (add_cell(sol, "import subprocess, sys\nkids = [subprocess.Popen([sys.executable, '-c', "
                                             "'import time; b = bytearray(600_000_000); time.sleep(3)']) for _ in range(4)]\n"
                                             "codes = [k.wait() for k in kids]\nassert all(c == 0 for c in codes), codes"),
                               "memory-limit", [1, 3]),
        "fork_bomb": (add_cell(sol, "import subprocess\nkids = []\nwhile True:\n"
                                    f"    kids.append(subprocess.Popen(['sleep', '3600', '{MARKER}']))"), "error", [1, 3]),
        "deleted_cells": (without, "error", [1, 0]),
        "reordered_cells": (reordered, "error", [1, 3]),
        "renamed_function": (mutate(sol, "def hidden_delta(", "def hidden_delta_v2("), "error", [1, 0]),
        "wrong_shapes": (mutate(sol, HIDDEN, f"return ({HIDDEN[7:]}).T"), "ok", [1, 0]),
        "nan": (mutate(sol, SIGMOID, "return np.full_like(z, np.nan)"), "ok", [0, 0]),
        "allclose_patched": (add_cell(mutate(sol, HIDDEN, "return W_next.T @ delta_next"),
                                      "np.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True"),
                             "ok", [1, 0]),
        "invalid_json": ('{"cells": [', "invalid-notebook", [0, 0]),
        "empty_file": ("", "invalid-notebook", [0, 0]),
    }
    for name, source in ATTACKS.items():
        cases[f"attack_{name}"] = (add_cell(sol, source), "ok", [0, 0])
    # links planted where the agent writes its results, to make the grader read (or write) elsewhere: the
    # grader reads results only once the kernel is dead, and never through a link; so they cost the planter
    cases["attack_planted_links"] = (add_cell(sol, "import os\nos.symlink('/etc', '.results')\n"
                                                   "os.symlink('/etc/passwd', 'elsewhere')"), "ok", [0, 0])
    return cases


def _fingerprint_install():
    """Every file the tamper attack could have planted: in the venv's site-packages and anywhere in the course."""
    site = [p for p in pathlib.Path(sys.prefix, "lib").glob(f"python3*/site-packages/*{MARKER}*")]
    return sorted(str(p) for p in site + list(ROOT.rglob(f"*{MARKER}*")))


def _marked_processes():
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if MARKER.encode() in pathlib.Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            pass
    return found


class _Server:
    """A loopback TCP server that counts connections (a sandboxed kernel must never reach it)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port, self.hits, self.stop = self.sock.getsockname()[1], 0, False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.hits += 1
                conn.close()
            except OSError:
                continue

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    subs, out = folder / "class", folder / "out"
    subs.mkdir()
    server = _Server()
    cases = hostile()
    for name, (nb, _, _) in cases.items():
        if isinstance(nb, str):
            (subs / f"{name}.ipynb").write_text(nb)
        else:
            text = nbformat.writes(nb).replace("@@OUT@@", str(out)).replace("@@PORT@@", str(server.port))
            (subs / f"{name}.ipynb").write_text(text)
    before = _fingerprint_install()
    env = {**os.environ, "GRADER_SECRET": SECRET}
    command = [sys.executable, "-m", "nnlib.grading", "grade", str(EXERCISES / f"{NAME}.ipynb"), str(subs), "--out",
               str(out), "--seed", SEED, "--jobs", "2", "--timeout", "12", "--total-timeout", "40",
               "--memory-mb", "1500", "--max-pids", "128", "--quiet"]
    start = time.monotonic()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    seconds = time.monotonic() - start
    grades_after_run = (out / "grades.csv").read_bytes() if (out / "grades.csv").exists() else b""
    time.sleep(6)                 # longer than the "outlive" attack waits before it would rewrite the outputs
    server.close()
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        rows = {r["submission"]: r for r in csv.DictReader(f)}
    state = {"proc": proc, "seconds": seconds, "before": before, "after": _fingerprint_install(),
             "grades_after_run": grades_after_run, "hits": server.hits, "alive": _marked_processes()}
    yield cases, rows, out, state
    for path in ROOT.glob(f"nnlib/zz_{MARKER}*"):
        path.unlink()


def test_the_batch_ran_to_the_end(graded):
    cases, rows, out, state = graded
    assert state["proc"].returncode == 0, state["proc"].stderr[-2000:]
    assert sorted(rows) == sorted(cases)
    for name in cases:
        assert (out / "feedback" / f"{name}.txt").is_file() and not (out / "feedback" / f"{name}.txt").is_symlink()
        assert (out / "results" / name / "results.json").is_file()


@pytest.mark.parametrize("name", sorted(hostile()))
def test_status_and_scores(graded, name):
    cases, rows, out, state = graded
    _, status, scores = cases[name]
    row = rows[name]
    feedback = (out / "feedback" / f"{name}.txt").read_text()
    assert row["status"] == status, feedback
    assert [float(row["sigmoid_prime"]), float(row["hidden_delta"])] == scores, feedback
    assert float(row["total"]) == sum(scores)


def test_attacks_leave_no_trace(graded):
    _, _, out, state = graded
    assert state["before"] == state["after"] == [], "a submission wrote into the course or the venv"
    assert not state["alive"], f"processes started by submissions outlived the run: {state['alive']}"
    assert (out / "grades.csv").read_bytes() == state["grades_after_run"], "the outputs changed after the run"
    assert not pathlib.Path("/tmp/stolen-feedback").exists()
    assert state["hits"] == 0, "a sandboxed kernel reached a loopback server"
    assert "honest_a" in (out / "feedback" / "honest_a.txt").read_text()


def test_the_notes_say_what_happened(graded):
    _, rows, _, _ = graded
    notes = {name: row["notes"] for name, row in rows.items()}
    assert "ran longer than 12 s (interrupted)" in notes["infinite_loop"]
    assert "did not respond and was restarted" in notes["loop_in_graded_function"]
    assert "total time limit of 40 s" in notes["slow_cells"]
    assert "SIGKILL" in notes["kill_9"] and "SIGSEGV" in notes["segfault"]
    assert "exit() or quit()" in notes["exit_call"]
    assert "MemoryError" in notes["memory_bomb"]
    assert "memory cap of 1500 MB (all its processes together)" in notes["memory_in_children"]
    assert "BlockingIOError" in notes["fork_bomb"] or "Resource temporarily unavailable" in notes["fork_bomb"]
    assert "empty" in notes["empty_file"]
    assert "hidden_delta is missing" in notes["renamed_function"]


def test_a_slow_submission_holds_the_batch_no_longer_than_its_budget(graded):
    *_, state = graded
    # 32 submissions on two workers; the slow one alone would take 45 s without its 40 s budget.
    assert state["seconds"] < 600, state["seconds"]


def test_feedback_explains_without_revealing(graded):
    _, _, out, _ = graded
    renamed = (out / "feedback" / "renamed_function.txt").read_text()
    assert "did you rename it? found hidden_delta_v2" in renamed
    shapes = (out / "feedback" / "wrong_shapes.txt").read_text()
    assert "(the transposed shape)" in shapes
    patched = (out / "feedback" / "allclose_patched.txt").read_text()
    assert "Diagnosis: this looks like “σ′ is missing”" in patched
    for f in (out / "feedback").iterdir():
        text = f.read_text()
        assert "Traceback" not in text and "/tmp/" not in text and SEED not in text
