"""The course's symbols print readably as plain text, as Unicode and as LaTeX (issue 12).

SymPy's own printers turn a hand-written name such as ``a^{4}_{1}`` into ``a_{1}__{4}``
in plain text; these tests pin what the lessons' outputs show instead.
"""

import pickle

import pytest
import sympy as sp

from nnlib.symbolic import Label, Lines, SymbolicNetwork, symbol


@pytest.mark.parametrize("args, text, unicode, latex", [
    (("w", 1, "12"), "w^1_12", "w¹₁₂", "w^{1}_{12}"),
    (("a", 4, 1), "a^4_1", "a⁴₁", "a^{4}_{1}"),
    (("a", 2, (1, 2)), "a^2_{1,2}", "a²₁,₂", "a^{2}_{1,2}"),           # unit 1 of example 2
    (("delta", 3, 11), "delta^3_11", "δ³₁₁", r"\delta^{3}_{11}"),        # the 11 stays below, the 3 above
    (("delta", "L", "j"), "delta^L_j", "δᴸⱼ", r"\delta^{L}_{j}"),
    (("x", None, (1, 2)), "x_{1,2}", "x₁,₂", "x_{1,2}"),
    (("w", "(1)", "10"), "w^(1)_10", "w⁽¹⁾₁₀", "w^{(1)}_{10}"),          # Ng's numbering
    (("W", 2), "W^2", "W²", "W^{2}"),
])
def test_symbol_prints_in_every_printer(args, text, unicode, latex):
    s = symbol(*args)
    assert str(s) == text
    assert sp.pretty(s, use_unicode=True) == unicode
    assert sp.pretty(s, use_unicode=False) == text
    assert sp.latex(s) == latex
    assert "__" not in sp.pretty(s) and "{" not in sp.pretty(s)


def test_symbol_without_a_unicode_form_falls_back_to_plain_text():
    s = symbol("v", "n", "p")                      # no Unicode superscript n / subscript p in the tables
    assert sp.pretty(s) == "v^n_p" and sp.latex(s) == "v^{n}_{p}"


def test_powers_and_products_print_unambiguously():
    w, a = symbol("w", 1, "12"), symbol("a", 2, (1, 2))
    assert sp.latex(w ** 2) == r"\left(w^{1}_{12}\right)^{2}"           # not the double superscript w^{1}_{12}^{2}
    assert str(w * a) == "a^2_{1,2}*w^1_12"
    assert sp.pretty(w * a) == "a²₁,₂⋅w¹₁₂"


def test_label_has_separate_latex_and_plain_text():
    lhs = Label("∂C/∂W^2", r"\frac{\partial C}{\partial W^{2}}")
    eq = sp.Eq(lhs, sp.Matrix([[symbol("a", 1, 1)]]), evaluate=False)
    assert sp.latex(eq).startswith(r"\frac{\partial C}{\partial W^{2}} = ")
    assert sp.pretty(eq) == "∂C/∂W^2 = [a¹₁]"
    assert pickle.loads(pickle.dumps(lhs)).latex_text == lhs.latex_text


def test_symbolic_network_symbols_are_course_symbols():
    net = SymbolicNetwork([2, 3, 2], m=2)
    assert str(net.W[1][0, 1]) == "w^1_12" and sp.latex(net.b[2][1]) == "b^{2}_{2}"
    assert str(net.X[1, 0]) == "x_{2,1}"                            # input unit 2 of example 1
    assert sp.pretty(net.a_sym[2][1, 1]) == "a²₂,₂"
    single = SymbolicNetwork([2, 2])
    assert str(single.X[0, 0]) == "x_1" and sp.pretty(single.z_sym[1][1]) == "z¹₂"
    assert all("__" not in sp.pretty(e) for e in net.compact(net.grad_W[1]))


def test_lines_break_a_long_sum_one_term_per_line():
    a, b, c = (symbol("a", 1, j) for j in (1, 2, 3))
    shown = Lines(Label("S"), a - 2 * b + c)
    latex = shown._repr_latex_()
    assert latex.startswith(r"$\displaystyle \begin{aligned}S &= ") and latex.endswith(r"\end{aligned}$")
    assert latex.count(r"\\") == 2                                  # three terms, three lines
    assert r"&\quad - 2 a^{1}_{2}" in latex                          # a negative term keeps its sign
    assert repr(shown).splitlines() == ["S = a¹₁", "    - 2⋅a¹₂", "    + a¹₃"]
    assert shown.expr == a - 2 * b + c                               # the value is untouched
    assert repr(Lines(Label("T"), a * b)) == "T = a¹₁⋅a¹₂"             # a product stays on one line
