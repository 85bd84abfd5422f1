"""Exercise 06: a numerical gradient by central differences."""

import numpy as np

from ..compare import Case, Question, Variant, _named, compare_plain, same_plain
from ..i18n import t
from ..spec import Assignment

SEC_NUM = "lesson 06, “Two ways to a derivative” and “How wrong is a difference quotient? Taylor's theorem”"


def _num_variant(kind):
    def numerical_gradient(f, x, h=1e-5):
        grad = np.zeros_like(x)
        flat, g = x.reshape(-1), grad.reshape(-1)
        for i in range(flat.size):
            old = flat[i]
            if kind == "forward":
                base = f(x)
                flat[i] = old + h
                g[i] = (f(x) - base) / h
                flat[i] = old
            elif kind == "norestore":
                flat[i] = old + h
                fp = f(x)
                flat[i] = old - h
                fm = f(x)
                g[i] = (fp - fm) / (2 * h)
            else:
                flat[i] = old + h
                fp = f(x)
                flat[i] = old - h
                fm = f(x)
                flat[i] = old
                g[i] = (fp - fm) / h if kind == "no2" else (fp - fm) / 2 * h
        return grad
    return numerical_gradient


class NumericalGradient(Question):
    name = "numerical_gradient"
    section = SEC_NUM
    allowed = "numpy"
    title = "central differences of a scalar f at an array x"
    answer_forms = ("(f(x + h) − f(x − h)) / 2h", "(f(x + h) − f(x − h))/2h", "(f(x + h e_i) − f(x − h e_i)) / 2h",
                    "(f(x+h) - f(x-h)) / (2*h)", "(f_plus - f_minus) / (2 * h)", "(fp - fm) / (2 * h)", "/ (2 * h)",
                    "/(2 * h)", "/ (2*h)", "/(2*h)", "/ 2h", "/2h", "/ (2h)", "/(2h)", "divides by 2h", "instead of 2h",
                    "f(x + h) − f(x − h)", "f(x+h) - f(x-h)")
    lesson = "06_gradient_checking"
    parts = ("the gradient", "x")

    call_kind = "numerical"

    def solution(self, f, x, h=1e-5):
        from ...gradcheck import numerical_gradient
        return numerical_gradient(f, x, h)

    def cases(self, rng, public):
        shapes = [((3,), None), ((2, 3), None), ((4,), 1e-4)] if public else \
            [((int(rng.integers(3, 7)),), None), ((int(rng.integers(2, 4)), int(rng.integers(2, 4))), None), ((5,), 1e-4)]
        out = []
        for shape, h in shapes:
            n = int(np.prod(shape))
            B = rng.standard_normal((n, n))
            args = {"x": rng.uniform(-1, 1, shape), "c": rng.standard_normal(shape), "Q": B + B.T}
            label = f"x of shape {shape}" + (f", h = {h:g}" if h else ", default h")
            if h:
                args["h"] = np.array(h)
            out.append(Case(label, args))
        return out

    def compare(self, case, expected, got, reveal):
        if isinstance(got, list) and len(got) == 2:
            ok, msg = compare_plain(expected[1], got[1], reveal, 0.0, 0.0, "x")
            if not ok:
                return 0.0, t("x is not the same after your function returned: restore each entry after perturbing it "
                              "({message})", message=msg)
        ok, msg = _named(self.parts, expected, got, reveal, rtol=1e-7, atol=1e-8)
        return (1.0 if ok else 0.0), msg

    def matches(self, case, variant_result, got):
        return same_plain(variant_result, got, rtol=1e-7, atol=1e-8)

    variants = (
        Variant("a forward difference", _num_variant("forward"),
                "your gradient matches the one-sided (forward) difference (f(x + h) − f(x)) / h, whose error is "
                "proportional to h. The question asks for the central difference, which uses points on both "
                "sides of x and is accurate to h² (lesson 06 derives it from Taylor's theorem).", SEC_NUM),
        Variant("twice the derivative: the wrong divisor", _num_variant("no2"),
                "your gradient is twice the derivative: you divide by h, but the two points where you evaluate f "
                "are not h apart. Divide by their distance.", SEC_NUM),
        Variant("/ 2 * h: h multiplies instead of dividing", _num_variant("paren"),
                "Python reads a / 2 * h as (a / 2) · h, so your h multiplies the difference instead of dividing "
                "it: add parentheses.", SEC_NUM),
        Variant("x is not restored", _num_variant("norestore"),
                "after evaluating f at x ± h e_i, put the entry back to its old value; otherwise every later "
                "entry is differentiated at a shifted point and the caller's x is changed.", SEC_NUM),
    )




ASSIGNMENT = Assignment("06_gradient_checking", [("numerical_gradient", 3)],
                        withheld=["nnlib.gradcheck:numerical_gradient", "nnlib.gradcheck:network_numerical_gradient",
                                  "nnlib.gradcheck:gradient_report"])
QUESTIONS = (NumericalGradient(),)
