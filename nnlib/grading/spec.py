"""The assignments: which questions each exercise notebook grades, their points, and what counts as cheating.

Points are stated twice on purpose: here, and in each notebook's question
headings (``## Question 2: `output_delta` (2 points)``).  The grader reads
them from the assignment notebook it is given; ``build`` and the self-tests
fail when the two disagree.

``withheld`` lists the nnlib code an exercise takes away, because it computes
the answer of one of its questions (``"nnlib.activations:sigmoid_prime"``; see
:mod:`nnlib.grading.withheld`): in a graded kernel it does not exist, and while
``check`` runs it raises, so both give the same verdict.  Each question states
what an answer may use (``Question.allowed``).
"""

import re
from dataclasses import dataclass, field

__all__ = ["Assignment", "get_assignment", "get_question", "parse_points", "HEADING"]

@dataclass
class Assignment:
    """One exercise notebook: its questions in order with their points, and its forbidden references."""

    name: str
    questions: list
    withheld: list = field(default_factory=list)

    @property
    def points(self):
        return dict(self.questions)

    @property
    def max_score(self):
        return sum(p for _, p in self.questions)


def get_question(name):
    """The question graded under a function (or class) name, or ``KeyError`` naming the known ones."""
    from .assignments import QUESTIONS

    try:
        return QUESTIONS[name]
    except KeyError:
        raise KeyError(f"no graded question named {name!r}; known: {', '.join(sorted(QUESTIONS))}") from None


def get_assignment(name):
    """The assignment called ``NN_slug`` (or just ``NN``), or ``KeyError`` listing the known ones."""
    from .assignments import ASSIGNMENTS

    if name in ASSIGNMENTS:
        return ASSIGNMENTS[name]
    matches = [a for key, a in ASSIGNMENTS.items() if key.split("_", 1)[0] == name]
    if len(matches) == 1:
        return matches[0]
    raise KeyError(f"no assignment named {name!r}; known: {', '.join(ASSIGNMENTS)}")


# ``## Question 2: `output_delta` (2 points)``: the one heading format the grader reads points from, and
# its Chinese form ``## 第 2 题：`output_delta`（2 分）`` (full-width colon and parentheses; ASCII ones also read).
HEADING = re.compile(r"^#{1,4}\s*(?:Question\s+(\d+)\s*:|第\s*(\d+)\s*题\s*[:：])\s*`([A-Za-z_]\w*)`.*"
                     r"(?:\((\d+(?:\.\d+)?)\s+points?\)|[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)])\s*$", re.M)


def parse_points(nb):
    """``[(name, points), …]`` from the question headings of a notebook's Markdown cells, in order."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for _, _, name, pts_en, pts_zh in HEADING.findall(cell.source):
                value = float(pts_en or pts_zh)
                found.append((name, int(value) if value.is_integer() else value))
    return found
