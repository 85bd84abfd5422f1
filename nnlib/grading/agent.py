"""The grader's agent inside a graded kernel: call the student's code on the inputs it is given, write plain results.

The grader writes a spec (JSON) and one ``.npz`` of inputs per test case into
the submission's scratch folder, then executes, in the student's kernel::

    import nnlib.grading.agent as a; a.run(globals(), "/home/student/.grader/q0_spec.json")

For every case, :func:`run` calls the student's object through the question's
call kind (:mod:`.calls`, the same code ``check`` uses), reduces the result to
plain data (:func:`~nnlib.grading.serialize.to_plain`) and writes it as ``.npz``
(arrays, no pickle) plus ``.json`` (structure).  The JSON is written last, by
an atomic rename, so a half-written result is never read.

Nothing here is trusted, and nothing here could help a student: the agent
knows no answer, no seed and no other submission, and whatever it writes is
read by the grader as untrusted data about this one notebook.
"""

import difflib
import json
import os
import warnings

import numpy as np

from .calls import call
from .serialize import Raised, encode, to_plain

__all__ = ["run", "names_used"]


def names_used(obj, limit=200):
    """The global names a function (or a class's methods) refers to: which other graded answers it calls."""
    codes, names = [], set()
    try:
        if isinstance(obj, type):
            codes = [v.__code__ for v in vars(obj).values() if hasattr(v, "__code__")]
        elif hasattr(obj, "__code__"):
            codes = [obj.__code__]
        while codes and len(names) < limit:
            code = codes.pop()
            names.update(n for n in code.co_names + code.co_freevars if isinstance(n, str))
            codes += [c for c in code.co_consts if hasattr(c, "co_names")]
    except Exception:  # a hostile object may raise on any attribute
        return []
    return sorted(names)[:limit]


def _write_json(path, data):
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f)
    os.replace(tmp, path)


def _text(err):
    try:
        return str(err)
    except Exception:  # an exception whose __str__ raises
        return ""


def run(namespace, spec_path):
    """Run one question's cases against ``namespace[name]`` and write the results next to the spec."""
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    name, out = spec["name"], spec["out"]
    obj = namespace.get(name)
    found = {"defined": name in namespace, "callable": callable(obj), "type": type(obj).__name__[:50],
             "uses": [n for n in names_used(obj) if n in spec.get("graded", ())]}
    if not callable(obj):
        candidates = [k for k, v in list(namespace.items()) if callable(v) and not k.startswith("_")]
        found["similar"] = difflib.get_close_matches(name, candidates, n=3, cutoff=0.6)
    _write_json(f"{out}found.json", found)
    if not callable(obj):
        return
    for k, c in enumerate(spec["cases"]):
        with np.load(c["arrays"], allow_pickle=False) as data:
            args = {key: data[key] for key in data.files}
        caught = []
        try:
            with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
                warnings.simplefilter("always")
                plain = to_plain(call(spec["kind"], obj, args, c["mode"], **spec["options"]))
        except KeyboardInterrupt:
            raise
        except BaseException as err:  # SystemExit too: the student's code ended, the agent goes on
            plain = Raised(type(err).__name__, _text(err))
        document, arrays = encode(plain)
        np.savez(f"{out}case{k}.npz", **arrays)
        notes = sorted({f"{w.category.__name__}: {w.message}"[:200] for w in caught})[:5]
        _write_json(f"{out}case{k}.json", {"result": document, "warnings": notes})
