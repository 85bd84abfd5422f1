"""Class statistics: where the class went wrong, by name (``summary.md`` and ``summary.csv`` of a grading run).

* status counts (every status, ``missing`` included);
* per question and for the total: points, mean, standard deviation (population), median, minimum,
  maximum, how many got full marks and how many got nothing — over the submissions handed in (a
  ``missing`` student is counted in the statuses, not in the scores);
* how many students made each named classic mistake (the ``Diagnosis`` of the feedback, counted from
  :attr:`~nnlib.grading.grader.QuestionResult.variant`), and who;
* notebooks that look like another exercise, and files that match no student on the roster;
* the slowest submissions, with the share of their time spent starting kernels.

The CSV is long and tidy: ``section, item, statistic, value``, one number per line.
"""

import csv
import io
import re
import statistics

__all__ = ["class_statistics", "summary_markdown", "summary_csv"]

SLOWEST = 5
WRONG_EXERCISE = re.compile(r"looks like exercise (\S+), not|看起来是练习 (\S+)，")


def _stats(values, points):
    values = list(values)
    if not values:
        return {"points": points, "n": 0}
    return {"points": points, "n": len(values), "mean": statistics.fmean(values), "sd": statistics.pstdev(values),
            "median": statistics.median(values), "min": min(values), "max": max(values),
            "full_marks": sum(v >= points for v in values), "zero": sum(v == 0 for v in values)}


def class_statistics(prepared, results):
    """The numbers of the summary, as a dict (also what the tests check)."""
    from .grader import STATUSES

    graded = [r for r in results if r.status != "missing"]
    questions = {}
    for i, (q, points) in enumerate(prepared.questions):
        questions[q.name] = _stats((r.questions[i].score for r in graded), points)
    questions["total"] = _stats((r.total for r in graded), prepared.max_score)
    mistakes = {}
    for r in graded:
        for qr in r.questions:
            if qr.variant:
                mistakes.setdefault((qr.name, qr.variant), []).append(r.student.get("id", r.name))
    wrong = {}
    for r in graded:
        for note in r.notes:
            m = WRONG_EXERCISE.search(note)
            if m:
                wrong[r.student.get("id", r.name)] = m.group(1) or m.group(2)
    timed = sorted((r for r in graded if r.seconds > 0), key=lambda r: -r.seconds)
    return {"rows": len(results), "graded": len(graded),
            "statuses": {s: sum(r.status == s for r in results) for s in STATUSES},
            "questions": questions,
            "mistakes": dict(sorted(mistakes.items(), key=lambda kv: (-len(kv[1]), kv[0]))),
            "wrong_exercise": wrong,
            "seconds": sum(r.seconds for r in graded), "kernel_seconds": sum(r.kernel_seconds for r in graded),
            "slowest": [(r.student.get("id", r.name), r.status, r.seconds, r.kernel_seconds) for r in timed[:SLOWEST]]}


def _g(x, digits=2):
    return f"{x:.{digits}f}".rstrip("0").rstrip(".") if isinstance(x, float) else str(x)


def summary_markdown(prepared, results, unmatched=()):
    from .grader import STATUSES

    s = class_statistics(prepared, results)
    name = prepared.assignment.name
    missing = s["statuses"]["missing"]
    lines = [f"# Class summary: {name}", ""]
    if missing or any(r.student for r in results):
        lines.append(f"{s['rows']} students on the roster: {s['graded']} handed something in, {missing} did not. "
                     "Scores are over what was handed in.")
    else:
        lines.append(f"{s['rows']} submissions.")
    lines += ["", "## Statuses", "", "| status | count | meaning |", "|---|---|---|"]
    lines += [f"| `{k}` | {v} | {STATUSES[k]} |" for k, v in s["statuses"].items() if v]
    lines += ["", "## Scores", "", "| question | points | mean | sd | median | min | max | full marks | zero |",
              "|---|---|---|---|---|---|---|---|---|"]
    for q, st in s["questions"].items():
        if st["n"]:
            lines.append(f"| {'**total**' if q == 'total' else f'`{q}`'} | {_g(st['points'])} | {_g(st['mean'])} | "
                         f"{_g(st['sd'])} | {_g(st['median'])} | {_g(st['min'])} | {_g(st['max'])} | "
                         f"{st['full_marks']} | {st['zero']} |")
    lines += ["", "## Classic mistakes, by name", ""]
    if s["mistakes"]:
        lines += ["| question | mistake | students | who |", "|---|---|---|---|"]
        for (q, variant), who in s["mistakes"].items():
            shown = ", ".join(who[:12]) + (f", … ({len(who) - 12} more)" if len(who) > 12 else "")
            lines.append(f"| `{q}` | {variant} | {len(who)} | {shown} |")
    else:
        lines.append("No classic mistake was recognised.")
    if s["wrong_exercise"] or unmatched:
        lines += ["", "## Files to look at", ""]
        lines += [f"- {who}: the notebook looks like exercise {ex}, not {name}" for who, ex in s["wrong_exercise"].items()]
        lines += [f"- {p}: matches no student on the roster (not graded)" for p in unmatched]
    lines += ["", "## Slowest submissions", ""]
    if s["slowest"]:
        share = s["kernel_seconds"] / s["seconds"] if s["seconds"] else 0.0
        lines += [f"Grading took {s['seconds']:.1f} s of worker time in all, {share:.0%} of it starting kernels.", "",
                  "| submission | status | seconds | starting kernels |", "|---|---|---|---|"]
        lines += [f"| {who} | `{status}` | {sec:.1f} | {ks:.1f} |" for who, status, sec, ks in s["slowest"]]
    else:
        lines.append("No timings (nothing was graded in this run's records).")
    return "\n".join(lines) + "\n"


def summary_csv(prepared, results):
    s = class_statistics(prepared, results)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["section", "item", "statistic", "value"])
    for k, v in s["statuses"].items():
        w.writerow(["status", k, "count", v])
    for q, st in s["questions"].items():
        for stat in ("points", "n", "mean", "sd", "median", "min", "max", "full_marks", "zero"):
            if stat in st:
                value = st[stat]
                w.writerow(["score", q, stat, f"{value:.4g}" if isinstance(value, float) else value])
    for (q, variant), who in s["mistakes"].items():
        w.writerow(["mistake", f"{q}: {variant}", "students", len(who)])
    for who, ex in s["wrong_exercise"].items():
        w.writerow(["wrong_exercise", who, "looks_like", ex])
    for who, _status, sec, ks in s["slowest"]:
        w.writerow(["slowest", who, "seconds", f"{sec:.2f}"])
        w.writerow(["slowest", who, "kernel_start_seconds", f"{ks:.2f}"])
    return buf.getvalue()
