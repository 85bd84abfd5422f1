"""The assignments, one module per exercise notebook: its questions, their cases, classic mistakes and points.

Each module ``exNN_slug`` defines ``ASSIGNMENT`` (an :class:`~nnlib.grading.spec.Assignment`)
and ``QUESTIONS`` (its :class:`~nnlib.grading.compare.Question` objects, in order).  A question
graded in several exercises (``sigmoid_prime``) is defined once and imported by the others.
"""

from . import (
    ex01_forward_pass,
    ex02_computation_graphs,
    ex03_output_delta,
    ex04_recursive_delta,
    ex05_weight_gradients,
    ex06_gradient_checking,
    ex07_minibatch_sgd,
    ex08_xor_eleven_lines,
    ex09_digits,
    ex10_sentiment_network,
    ex11_beyond_sigmoid,
    ex12_reverse_mode_autodiff,
    ex13_beyond_fully_connected,
)

__all__ = ["ASSIGNMENTS", "QUESTIONS", "MODULES", "withheld_for"]

MODULES = (ex01_forward_pass, ex02_computation_graphs, ex03_output_delta, ex04_recursive_delta, ex05_weight_gradients,
           ex06_gradient_checking, ex07_minibatch_sgd, ex08_xor_eleven_lines, ex09_digits,
           ex10_sentiment_network, ex11_beyond_sigmoid, ex12_reverse_mode_autodiff, ex13_beyond_fully_connected)
ASSIGNMENTS = {m.ASSIGNMENT.name: m.ASSIGNMENT for m in MODULES}
QUESTIONS = {q.name: q for m in MODULES for q in m.QUESTIONS}


def withheld_for(question):
    """What ``check(question)`` withholds: everything withheld by an exercise that grades ``question``.

    A graded kernel withholds its exercise's whole list from every answer, so check does the same.
    """
    return sorted({w for a in ASSIGNMENTS.values() if question in a.points for w in a.withheld})
