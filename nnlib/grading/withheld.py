"""What an exercise withholds: the nnlib code that *is* the answer of one of its questions.

An assignment lists its withheld objects as ``"module:qualname"`` strings
(``"nnlib.activations:sigmoid_prime"``, ``"nnlib.network:Network.backprop"``,
``"nnlib.autodiff:*"`` for a whole module).  The rule is the same for
``check(...)`` and for the grader, so both give the same verdict:

* in a graded run, the kernel's copy of nnlib has those bodies removed
  (:mod:`.sandbox`): calling one raises :class:`WithheldError`, and there is no
  source or code object left to copy;
* in the learner's notebook, :func:`withhold` makes the live objects raise the
  same error while ``check`` runs the public tests.

This module runs inside graded kernels; it knows no answers.
"""

import contextlib
import importlib
import inspect
import sys

__all__ = ["WithheldError", "message", "parse", "withhold"]


class WithheldError(RuntimeError):
    """Raised by nnlib code that an exercise withholds, because it computes a graded answer."""


def message(dotted):
    """The one sentence a withheld call raises with, in check() and in a graded kernel alike."""
    return (f"{dotted} is not available in this exercise: it computes the answer to one of the exercise's "
            "questions. Write that part yourself; each question says which helpers it allows.")


def parse(entry):
    """``"nnlib.network:Network.backprop"`` → ``("nnlib.network", "Network.backprop")``."""
    module, _, qualname = entry.partition(":")
    if not module or not qualname:
        raise ValueError(f"a withheld entry is 'module:qualname', got {entry!r}")
    return module, qualname


def _raiser(text, staticmethod_=False):
    def withheld(*args, **kwargs):
        raise WithheldError(text)
    return staticmethod(withheld) if staticmethod_ else withheld


@contextlib.contextmanager
def withhold(entries, namespace=None):
    """While the block runs, every withheld function (and names in ``namespace`` bound to one) raises.

    Used by ``check``, in the learner's own kernel, to give the verdict the grader would give.
    """
    undo = []
    try:
        for entry in entries:
            modname, qualname = parse(entry)
            try:
                owner = sys.modules.get(modname) or importlib.import_module(modname)
            except ImportError:
                continue
            if qualname == "*":     # a whole package: everything defined in it and its loaded submodules
                text = message(modname)
                found = [(mod, k, v) for key, mod in list(sys.modules.items())
                         if mod is not None and (key == modname or key.startswith(modname + "."))
                         for k, v in list(vars(mod).items()) if not k.startswith("__")
                         and str(getattr(v, "__module__", "")).split(".")[0] == modname.split(".")[0]
                         and getattr(v, "__module__", "").startswith(modname)
                         and (inspect.isfunction(v) or inspect.isclass(v))]
            else:
                *path, name = qualname.split(".")
                for part in path:
                    owner = getattr(owner, part)
                text = message(f"{modname}.{qualname}")
                found = [(owner, name, inspect.getattr_static(owner, name))]
            targets = []
            for owner_, name_, raw in found:
                if inspect.isclass(raw):
                    targets += [(raw, k, v) for k, v in vars(raw).items()
                                if (not k.startswith("__") or k in ("__init__", "__call__"))
                                and (isinstance(v, staticmethod | classmethod) or inspect.isfunction(v))]
                else:
                    targets.append((owner_, name_, raw))
            for obj, key, value in targets:
                new = _raiser(text, isinstance(value, staticmethod))
                setattr(obj, key, new)
                undo.append((obj, key, value))
                if inspect.isfunction(value):       # aliases: nnlib.sigmoid_prime, `ref = nnlib.sigmoid_prime`
                    homes = [vars(m) for k, m in list(sys.modules.items()) if k.split(".")[0] == "nnlib" and m]
                    for home in homes + ([namespace] if namespace is not None else []):
                        for k, v in list(home.items()):
                            if v is value:
                                home[k] = new
                                undo.append((home, k, value))
        yield
    finally:
        for obj, key, value in reversed(undo):
            if isinstance(obj, dict):
                obj[key] = value
            else:
                setattr(obj, key, value)
