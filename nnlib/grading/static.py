"""A static look at a submission's code: does a graded answer call nnlib's own reference?

The check reads the code cells with :mod:`ast` (IPython magics turned into
Python first) and, for each graded name, follows everything the graded
function or class can reach by name: other top-level functions, classes and
assignments of the notebook.  In that code it reports

* a use of a forbidden dotted name (``nnlib.sigmoid_prime``, also through an
  alias such as ``from nnlib import sigmoid_prime as s`` or ``A = nnlib.activations``);
* a call of a forbidden method on anything (``net.backprop(X, Y)``);
* ``getattr(…, "backprop")`` with a forbidden name, ``eval``/``exec``/
  ``__import__``/``importlib``, which would hide such a use.

Anywhere in the notebook it also reports touching the grader's internals
(``nnlib.grading`` other than ``check``).  Code outside graded answers may use
nnlib freely, for example to compare an answer with the reference.

The harness's tripwires catch at run time what this check cannot see.
"""

import ast

__all__ = ["analyze", "python_source"]

_DYNAMIC = {"eval", "exec", "compile", "__import__"}
_GRADING_OK = {"check", "check_report"}


def python_source(source):
    """Turn a cell's IPython source (magics, ``!cmd``) into plain Python, as IPython would run it."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        return TransformerManager().transform_cell(source)
    except Exception:  # fall back to commenting out the magic lines
        return "\n".join("pass  # " + line if line.lstrip()[:1] in ("%", "!") else line
                         for line in source.splitlines())


def _imports(trees):
    """Map every name bound by an import (anywhere) to the dotted path it stands for."""
    alias = {}
    for _, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.asname:
                        alias[a.asname] = a.name
                    else:
                        top = a.name.split(".")[0]
                        alias[top] = top
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for a in node.names:
                    if a.name != "*":
                        alias[a.asname or a.name] = f"{node.module}.{a.name}"
    # ``A = nnlib.activations`` (anywhere, also inside a function) makes A another alias.
    for _ in range(3):
        for _, tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Attribute | ast.Name):
                    path = _dotted(node.value, alias)
                    if path:
                        for t in node.targets:
                            if isinstance(t, ast.Name) and t.id not in alias:
                                alias[t.id] = path
    return alias


def _dotted(node, alias):
    """``nnlib.activations.sigmoid_prime`` for an Attribute/Name chain, resolving import aliases; else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in alias:
        return None
    return ".".join([alias[node.id], *reversed(parts)])


def _definitions(trees):
    """Top-level functions, classes and assignments, by the name they bind: name -> [(cell, node)]."""
    defs = {}
    for cell, tree in trees:
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                defs.setdefault(node.name, []).append((cell, node))
            elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    for n in ast.walk(t):
                        if isinstance(n, ast.Name):
                            defs.setdefault(n.id, []).append((cell, node))
    return defs


def _grading_paths(node, alias):
    """Dotted names under ``nnlib.grading`` that a node imports or uses."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.startswith("nnlib.grading")]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        if node.module == "nnlib":
            return [f"nnlib.{a.name}" for a in node.names if a.name == "grading"]
        if node.module.startswith("nnlib.grading"):
            return [f"{node.module}.{a.name}" for a in node.names]
    if isinstance(node, ast.Attribute):
        path = _dotted(node, alias)
        if path and path.startswith("nnlib.grading."):
            return [path]
    return []


def _matches(path, prefixes):
    return next((p for p in prefixes if path == p or path.startswith(p + ".")), None)


def _free_names(node):
    """Names a piece of code reads from the notebook's globals: loads that are not parameters or locals."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        a = node.args
        local = {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if x is not None}
        body = node.body if isinstance(node.body, list) else [node.body]
        for n in (m for stmt in body for m in ast.walk(stmt)):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store | ast.Del):
                local.add(n.id)
            elif isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                local.add(n.name)
        inner = set().union(*(_free_names(stmt) for stmt in body)) if body else set()
        outer = set().union(*(_free_names(d) for d in a.defaults + [d for d in a.kw_defaults if d is not None]),
                            *(_free_names(d) for d in getattr(node, "decorator_list", [])))
        return (inner - local) | outer
    if isinstance(node, ast.Name):
        return {node.id} if isinstance(node.ctx, ast.Load) else set()
    return set().union(*(_free_names(child) for child in ast.iter_child_nodes(node)))


def _reachable(name, defs):
    seen, todo, nodes = {name}, [name], []
    while todo:
        for cell, node in defs.get(todo.pop(), []):
            nodes.append((cell, node))
            for used in _free_names(node.value if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign)
                                    and node.value is not None else node):
                if used in defs and used not in seen:
                    seen.add(used)
                    todo.append(used)
    return nodes


def analyze(cells, assignment):
    """Look for forbidden references in a submission.

    Parameters
    ----------
    cells : list of (int, str)
        ``(cell number, source)`` of the code cells, in notebook order.
    assignment : nnlib.grading.spec.Assignment

    Returns
    -------
    dict
        ``{question name: [reason, …]}`` for each graded answer that uses a
        forbidden reference, and ``{"(notebook)": [reason, …]}`` for uses of the
        grader's internals anywhere.  Empty when nothing was found.
    """
    trees = []
    for number, source in cells:
        try:
            trees.append((number, ast.parse(python_source(source))))
        except (SyntaxError, ValueError):
            continue                    # a cell that does not parse defines nothing the grader can call
    alias = _imports(trees)
    defs = _definitions(trees)
    forbidden_leaves = {p.rsplit(".", 1)[-1] for p in assignment.paths} | set(assignment.methods)
    found = {}

    def report(key, cell, node, text):
        reason = f"cell {cell}, line {node.lineno}: {text}" if node is not None else text
        if reason not in found.setdefault(key, []):
            found[key].append(reason)

    for cell, tree in trees:
        for node in ast.walk(tree):
            for path in _grading_paths(node, alias):
                rest = path.split(".")[2:3]
                if rest and rest[0] not in _GRADING_OK:
                    report("(notebook)", cell, node, f"uses the grader's internals ({path})")

    for qname, _ in assignment.questions:
        if qname in alias and alias[qname].startswith("nnlib."):
            report(qname, "?", None, f"the graded name {qname} is imported from {alias[qname]}")
        for cell, top in _reachable(qname, defs):
            for node in ast.walk(top):
                # A name the notebook defines itself is the student's own, even if an import of the same name exists.
                if isinstance(node, ast.Attribute | ast.Name) and not (isinstance(node, ast.Name) and node.id in defs):
                    path = _dotted(node, alias)
                    hit = path and _matches(path, assignment.paths)
                    if hit:
                        report(qname, cell, node, f"uses {path}, nnlib's reference")
                if isinstance(node, ast.Attribute) and node.attr in assignment.methods and isinstance(node.ctx, ast.Load):
                    report(qname, cell, node, f"calls .{node.attr}, nnlib's reference")
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    fname = node.func.id
                    if fname in _DYNAMIC:
                        report(qname, cell, node, f"uses {fname}(), which hides what the code calls")
                    if fname == "getattr" and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) \
                            and node.args[1].value in forbidden_leaves:
                        report(qname, cell, node, f"uses getattr(…, {node.args[1].value!r}), nnlib's reference")
                if isinstance(node, ast.Import | ast.ImportFrom):
                    names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                    if any(n == "importlib" or n.startswith("importlib.") for n in names):
                        report(qname, cell, node, "uses importlib, which hides what the code calls")
    return found
