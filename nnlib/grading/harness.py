"""The grader's agent inside the student's kernel: call a graded function on the hidden inputs, write plain results.

The grader writes a spec (JSON) and one ``.npz`` of inputs per test case into
the submission's scratch folder, then executes, in the student's kernel::

    import nnlib.grading.harness as h; h.run(globals(), "/scratch/…/spec.json")

For every case, :func:`run` calls the student's object through the question's
``call`` (the same code ``check`` uses), reduces the result to plain data
(:func:`~nnlib.grading.serialize.to_plain`) and writes it as ``.npz`` (arrays,
no pickle) plus ``.json`` (structure).  The JSON is written last, by an atomic
rename, so a half-written result is never read.  Nothing is compared here:
the grader compares in its own process, where the notebook cannot reach.

While the student's code runs, nnlib's reference implementations named by the
assignment are wrapped by *tripwires* that record a call; a submission that
reaches them is flagged.
"""

import contextlib
import difflib
import importlib
import inspect
import json
import os
import sys
import warnings

import numpy as np

from .assignments import QUESTIONS
from .compare import Case
from .serialize import Raised, encode, to_plain

__all__ = ["run"]


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


@contextlib.contextmanager
def tripwires(specs, calls, namespace=None):
    """Wrap ``(module, "Attr" or "Class.attr")`` so that each call appends its name to ``calls``.

    Names in ``namespace`` (the notebook's globals) bound to a wrapped function,
    such as ``ref = nnlib.sigmoid_prime``, are rebound to the wrapper as well.
    """
    undo = []

    def wrap(fn, label):
        def tripwire(*args, **kwargs):
            calls.append(label)
            return fn(*args, **kwargs)
        tripwire.__name__ = getattr(fn, "__name__", "tripwire")
        tripwire.__doc__ = getattr(fn, "__doc__", None)
        return tripwire

    try:
        for modname, attr in specs:
            try:
                owner = sys.modules.get(modname) or importlib.import_module(modname)
                *path, name = attr.split(".")
                for part in path:
                    owner = getattr(owner, part)
                raw = inspect.getattr_static(owner, name)
            except (ImportError, AttributeError):
                continue
            label = f"{modname}.{attr}"
            if isinstance(raw, staticmethod):
                new = staticmethod(wrap(raw.__func__, label))
            elif callable(raw):
                new = wrap(raw, label)
            else:
                continue
            setattr(owner, name, new)
            undo.append((owner, name, raw))
            if namespace is not None and not isinstance(raw, staticmethod):
                for key, value in list(namespace.items()):
                    if value is raw:
                        namespace[key] = new
                        undo.append((namespace, key, raw))
        yield
    finally:
        for owner, name, raw in reversed(undo):
            if isinstance(owner, dict):
                owner[name] = raw
            else:
                setattr(owner, name, raw)


def run(namespace, spec_path):
    """Run one question's cases against ``namespace[question]`` and write the results next to the spec."""
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    q = QUESTIONS[spec["question"]]
    out = spec["out"]
    obj = namespace.get(q.name)
    try:
        module = str(getattr(obj, "__module__", "") or "")[:100]
    except Exception:  # a hostile object's attribute lookup may raise anything
        module = "?"
    found = {"defined": q.name in namespace, "callable": callable(obj), "type": type(obj).__name__[:50],
             "module": module}
    if not callable(obj):
        candidates = [k for k, v in list(namespace.items()) if callable(v) and not k.startswith("_")]
        found["similar"] = difflib.get_close_matches(q.name, candidates, n=3, cutoff=0.6)
        _write_json(f"{out}found.json", found)
        return
    _write_json(f"{out}found.json", found)
    for k, c in enumerate(spec["cases"]):
        with np.load(c["arrays"], allow_pickle=False) as data:
            args = {key: data[key] for key in data.files}
        case = Case(c["label"], args, c["mode"])
        calls, caught = [], []
        try:
            with tripwires(spec["tripwires"], calls, namespace), warnings.catch_warnings(record=True) as caught, \
                    np.errstate(all="warn"):
                warnings.simplefilter("always")
                result = q.call(obj, case)
                plain = to_plain(result)
        except KeyboardInterrupt:
            raise
        except BaseException as err:  # SystemExit too: the student's code ended, the harness goes on
            plain = Raised(type(err).__name__, _text(err))
        document, arrays = encode(plain)
        np.savez(f"{out}case{k}.npz", **arrays)
        notes = sorted({f"{w.category.__name__}: {w.message}"[:200] for w in caught})[:5]
        _write_json(f"{out}case{k}.json", {"result": document, "calls": sorted(set(calls)), "warnings": notes})
