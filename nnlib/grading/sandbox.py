"""Where a graded kernel runs: a bubblewrap sandbox, a withheld copy of nnlib, and limits for the whole submission.

Nothing that runs in a student's kernel is trusted, so the grader never asks the
kernel for more than the raw values of the student's functions.  This module
makes sure the kernel also cannot *reach* anything it could misuse:

* :func:`graded_nnlib` writes the nnlib a graded kernel imports: the course's
  library with the exercise's withheld functions emptied (their bodies raise
  :class:`~nnlib.grading.withheld.WithheldError`; no source or code object is
  left to copy), and of ``nnlib.grading`` only the call adapters, the
  serializer and the in-kernel agent, never a question, a reference or a seed;
* :class:`Sandbox` runs the kernel under ``bwrap`` (Debian's ``bubblewrap``):
  the Python installation and the venv read-only, the withheld nnlib read-only,
  the submission's own scratch folder as its home, a private ``/tmp``, its own
  PID, network, IPC and user namespaces, a cleared environment, no
  capabilities.  Classmates' notebooks, the course's sources and solutions, the
  output folder and the grader's command line, environment and files are not
  in its world at all;
* a memory cap and a process cap that hold for the whole submission, however
  many processes it starts (a cgroup, where one is writable: cgroup v2 or the
  v1 ``memory`` and ``pids`` controllers), plus per-process rlimits;
* when the submission is done, everything it started is killed: the PID
  namespace dies with the sandbox, and the cgroup is emptied and removed.

Without ``bwrap`` the grader refuses to grade unless told ``--no-sandbox``
(trusted work): then the kernel still imports the withheld nnlib and gets the
same limits, but it runs as the grader's user with the grader's file system.
"""

import ast
import os
import pathlib
import shutil
import signal
import sys
import time
import uuid

from .withheld import message, parse

__all__ = ["SandboxUnavailable", "Sandbox", "graded_nnlib", "bwrap_path", "cgroup_support"]

INNER_HOME = "/home/student"          # the scratch folder, as the kernel sees it
INNER_NNLIB = "/opt/graded"           # the withheld nnlib, as the kernel sees it
INNER_INPUTS = "/grader"              # the hidden inputs and the agent's specs, read-only
KERNEL_FILES = ("calls.py", "serialize.py", "withheld.py", "agent.py")   # all of nnlib.grading a kernel gets
GRADED_INIT = '''"""nnlib.grading in a graded run: the hidden tests run outside this kernel, so check() does nothing here."""


def check(obj, name=None):
    print("check() does not run while your notebook is graded; the grader runs its own tests.")


def check_report(obj, name=None):
    return "check() does not run while your notebook is graded."
'''


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create its namespaces here."""


def bwrap_path():
    return shutil.which("bwrap")


# ----------------------------------------------------------------- the withheld nnlib
def _stub_body(text):
    """``raise WithheldError(text)`` as statements."""
    return ast.parse(f"from nnlib.grading.withheld import WithheldError as _W\nraise _W({text!r})").body


def _withhold_source(source, modname, qualnames):
    """The module's source with the named functions' (or classes' methods') bodies replaced by a raise."""
    tree = ast.parse(source)
    if "*" in qualnames:
        return ast.unparse(ast.Module(body=_stub_body(message(modname)), type_ignores=[])) + "\n"
    for qualname in qualnames:
        body, node = tree.body, None
        for part in qualname.split("."):
            node = next((n for n in body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                         and n.name == part), None)
            if node is None:
                raise ValueError(f"withheld {modname}:{qualname} does not exist (stale assignment spec?)")
            body = node.body
        text = message(f"{modname}.{qualname}")
        functions = [node] if not isinstance(node, ast.ClassDef) else \
            [n for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        for fn in functions:
            fn.body = _stub_body(text)
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def graded_nnlib(withheld, dest):
    """Write ``dest/nnlib``: the installed nnlib with ``withheld`` emptied and nnlib.grading cut to what a kernel needs.

    Returns ``dest``, the folder to put first on the kernel's ``sys.path``.
    """
    import nnlib

    src = pathlib.Path(nnlib.__file__).resolve().parent
    dest = pathlib.Path(dest)
    by_module = {}
    for entry in withheld:
        modname, qualname = parse(entry)
        by_module.setdefault(modname, []).append(qualname)
    for modname in [m for m in by_module if m.split(".")[0] != "nnlib"]:   # another package, e.g. sklearn
        if by_module.pop(modname) != ["*"] or "." in modname:
            raise ValueError(f"only a whole top-level package can be withheld outside nnlib, got {modname}")
        (dest / modname).mkdir(parents=True, exist_ok=True)
        (dest / modname / "__init__.py").write_text(_withhold_source("", modname, ["*"]), encoding="utf-8")
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src)
        if rel.parts[0] == "grading" and (len(rel.parts) > 2 or rel.name not in KERNEL_FILES):
            continue
        modname = ".".join(("nnlib", *rel.with_suffix("").parts)).removesuffix(".__init__")
        text = path.read_text(encoding="utf-8")
        if modname in by_module:
            text = _withhold_source(text, modname, by_module.pop(modname))
        out = dest / "nnlib" / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    (dest / "nnlib" / "grading" / "__init__.py").write_text(GRADED_INIT, encoding="utf-8")
    if by_module:
        raise ValueError(f"withheld modules not found in nnlib: {', '.join(sorted(by_module))}")
    return dest


# ----------------------------------------------------------------- limits for a whole submission
def _cgroup_roots():
    """``{"memory": dir, "pids": dir}`` where this process may create cgroups, or ``{}``."""
    base = pathlib.Path("/sys/fs/cgroup")
    if (base / "cgroup.controllers").is_file():                       # cgroup v2, unified
        own = pathlib.Path(open("/proc/self/cgroup").read().strip().split("::")[-1].lstrip("/"))
        root = base / own
        wanted = {"memory", "pids"}
        if wanted <= set((root / "cgroup.controllers").read_text().split()) and os.access(root, os.W_OK):
            return {"v2": root}
        return {}
    roots = {c: base / c for c in ("memory", "pids")}
    if all(r.is_dir() and os.access(r, os.W_OK) for r in roots.values()):
        return roots
    return {}


def cgroup_support():
    """A short phrase for logs: how the whole-submission caps are enforced here."""
    roots = _cgroup_roots()
    if "v2" in roots:
        return "cgroup v2 (memory.max, pids.max)"
    if roots:
        return "cgroup v1 (memory, pids)"
    return "no writable cgroup: memory capped per process only, no process cap"


class _Cgroup:
    """A fresh cgroup (v2, or v1 memory + pids) with a memory and a process cap; ``close()`` kills and removes it."""

    def __init__(self, memory_mb, max_pids):
        roots = _cgroup_roots()
        self.dirs = []
        if not roots:
            return
        name = f"nnlib-grade-{uuid.uuid4().hex[:12]}"
        try:
            if "v2" in roots:
                d = roots["v2"] / name
                d.mkdir()
                self.dirs = [d]
                (d / "memory.max").write_text(str(memory_mb * 2**20))
                (d / "memory.swap.max").write_text("0") if (d / "memory.swap.max").exists() else None
                (d / "pids.max").write_text(str(max_pids))
            else:
                mem, pids = roots["memory"] / name, roots["pids"] / name
                mem.mkdir()
                self.dirs.append(mem)
                pids.mkdir()
                self.dirs.append(pids)
                (mem / "memory.limit_in_bytes").write_text(str(memory_mb * 2**20))
                (pids / "pids.max").write_text(str(max_pids))
        except OSError:
            self.close()
            self.dirs = []

    @property
    def procs_files(self):
        return [str(d / "cgroup.procs") for d in self.dirs]

    def oom_kills(self):
        """How many processes the memory cap has killed so far."""
        for d in self.dirs:
            for name in ("memory.events", "memory.oom_control"):
                f = d / name
                if f.is_file():
                    for line in f.read_text().splitlines():
                        key, _, value = line.partition(" ")
                        if key == "oom_kill":
                            return int(value)
        return 0

    def pids(self):
        found = set()
        for d in self.dirs:
            try:
                found |= {int(p) for p in (d / "cgroup.procs").read_text().split()}
            except OSError:
                pass
        return found

    def kill_all(self):
        for _ in range(50):
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            time.sleep(0.02)

    def close(self):
        self.kill_all()
        for d in self.dirs:
            for _ in range(50):
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.05)
        self.dirs = []


# ----------------------------------------------------------------- the sandbox
LAUNCHER = pathlib.Path(__file__).with_name("launcher.py")


class Sandbox:
    """One submission's world: a scratch folder, its cgroup, and how to start a kernel inside bwrap.

    Parameters
    ----------
    nnlib_dir : path
        The folder holding the withheld ``nnlib`` (:func:`graded_nnlib`).
    memory_mb, max_pids : int
        Caps for the whole submission (all its processes together).
    isolated : bool
        ``False`` only for ``--no-sandbox`` (trusted work): same nnlib and limits, no bwrap.
    user : str or int, optional
        Without bwrap only: run the kernel as this unprivileged user (a name or a uid), which owns
        the scratch folder and nothing else; the launcher drops to it after joining the cgroup and
        setting the limits.  This is the fallback where bwrap cannot create namespaces (e.g. an
        unprivileged container): the kernel then cannot read or write what only the grader's user
        may, but it sees the rest of the file system as that user does, including the scratch
        folders of other kernels running as the same user at the same time.
    """

    def __init__(self, nnlib_dir, memory_mb=2048, max_pids=256, isolated=True, user=None):
        import pwd
        import tempfile

        self.nnlib_dir = pathlib.Path(nnlib_dir)
        self.memory_mb, self.isolated = int(memory_mb), isolated
        if isolated and not bwrap_path():
            raise SandboxUnavailable("bubblewrap (bwrap) is not installed: apt-get install bubblewrap, "
                                     "or grade trusted work with --no-sandbox")
        self.root = pathlib.Path(tempfile.mkdtemp(prefix="nnlib-grade-"))
        self.work = self.root / "home"          # the kernel's own folder: its notebook, its results
        self.work.mkdir()
        self.inputs = self.root / "grader"      # the hidden inputs: the kernel may read them, never write
        self.inputs.mkdir()
        self.user = None
        if user is not None and not isolated:
            entry = pwd.getpwuid(int(user)) if str(user).isdigit() else pwd.getpwnam(str(user))
            if entry.pw_uid == 0:
                raise ValueError("--user must be an unprivileged user, not root")
            self.user = (entry.pw_uid, entry.pw_gid)
            os.chmod(self.root, 0o711)                       # the user may pass through, not list
            for sub in (self.work, self.work / ".kernel", self.work / ".tmp"):
                sub.mkdir(exist_ok=True)
                self.give(sub)
        self.cgroup = _Cgroup(self.memory_mb, max_pids)

    def give(self, path):
        """Make ``path`` the kernel user's (with ``user``; otherwise nothing to do)."""
        if self.user is not None:
            if pathlib.Path(path).is_symlink():
                raise OSError(f"{pathlib.Path(path).name} in the scratch folder is a symbolic link")
            os.chown(path, *self.user, follow_symlinks=False)

    # paths as the kernel sees them
    def inner(self, path):
        path = pathlib.Path(path)
        if not self.isolated:
            return str(path)
        if path.is_relative_to(self.inputs):
            return str(pathlib.PurePosixPath(INNER_INPUTS) / path.relative_to(self.inputs))
        return str(pathlib.PurePosixPath(INNER_HOME) / path.relative_to(self.work))

    def env(self):
        home = INNER_HOME if self.isolated else str(self.work)
        tmp = "/tmp" if self.isolated else str(self.work / ".tmp")
        env = {"HOME": home, "PATH": f"{pathlib.Path(sys.executable).parent}:/usr/bin:/bin", "LANG": "C.UTF-8",
               "PYTHONPATH": INNER_NNLIB if self.isolated else str(self.nnlib_dir), "PYTHONHASHSEED": "0",
               "PYTHONDONTWRITEBYTECODE": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
               "MKL_NUM_THREADS": "1", "MPLCONFIGDIR": f"{tmp}/matplotlib", "IPYTHONDIR": f"{tmp}/ipython",
               "JUPYTER_PLATFORM_DIRS": "1", "JUPYTER_RUNTIME_DIR": f"{tmp}/jupyter", "TMPDIR": tmp,
               "PYDEVD_DISABLE_FILE_VALIDATION": "1", "NNLIB_GRADED_RUN": "1"}
        for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):     # see the machine notes: old OpenBLAS kernels
            if name in os.environ:
                env[name] = os.environ[name]
        if not self.isolated:
            (self.work / ".tmp").mkdir(exist_ok=True)
        return env

    def command(self, argv, file_mb=256):
        """The full command that starts ``argv`` (a kernel) in this sandbox, under the submission's limits."""
        limits = [sys.executable, str(LAUNCHER), "--memory-mb", str(self.memory_mb), "--file-mb", str(file_mb)]
        for f in self.cgroup.procs_files:
            limits += ["--cgroup", f]
        if self.user is not None:
            limits += ["--user", f"{self.user[0]}:{self.user[1]}"]
        if not self.isolated:
            return [*limits, "--", *argv]
        python_dirs = {pathlib.Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
        box = [bwrap_path(), "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
               "--clearenv", "--hostname", "sandbox", "--uid", "65534", "--gid", "65534",
               # The private /tmp first: a later mount on top of it (a venv or Python under /tmp, as in a CI
               # checkout there) must not be hidden by it.
               "--tmpfs", "/tmp"]
        for top in ("usr", "bin", "lib", "lib64", "sbin"):
            p = pathlib.Path("/") / top
            if p.is_symlink():
                box += ["--symlink", os.readlink(p), str(p)]
            elif p.is_dir():
                box += ["--ro-bind", str(p), str(p)]
        for name in ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "fonts", "alternatives",
                     "ssl", "mime.types", "nsswitch.conf"):
            p = pathlib.Path("/etc") / name
            if p.exists():
                box += ["--ro-bind", str(p), str(p)]
        for p in sorted(python_dirs):
            box += ["--ro-bind", str(p), str(p)]
        box += ["--ro-bind", str(self.nnlib_dir), INNER_NNLIB, "--bind", str(self.work), INNER_HOME,
                "--ro-bind", str(self.inputs), INNER_INPUTS,
                "--proc", "/proc", "--dev", "/dev", "--chdir", INNER_HOME]
        for key, value in self.env().items():
            box += ["--setenv", key, value]
        return [*limits, "--", *box, "--", *argv]

    def oom_kills(self):
        return self.cgroup.oom_kills()

    def kill_all(self):
        self.cgroup.kill_all()

    def close(self):
        """Kill everything the submission started and remove its cgroup and scratch folder."""
        self.cgroup.close()
        shutil.rmtree(self.root, ignore_errors=True)
