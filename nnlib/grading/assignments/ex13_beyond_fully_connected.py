"""Exercise 13: the backward passes of batch normalization (symbolic, then vectorized) and of a 2-D convolution."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..compare import ArgsFunction, Case, Symbolic, Variant
from ..spec import Assignment
from .ex12_reverse_mode_autodiff import AUTODIFF_WITHHELD, _Pair

SEC_BN = "lesson 13, section “Batch normalization”"
SEC_BN_MISTAKES = "lesson 13, section “The classic mistakes”"
SEC_CONV = "lesson 13, section “2-D convolution”"


# ----------------------------------------------------------------- batch norm, symbolic
def _bn_parts(x1, x2, x3, g1, g2, g3, gamma, epsilon):
    import sympy as sp
    x, g, m = [x1, x2, x3], [g1, g2, g3], 3
    mu = sum(x) / m
    var = sum((xk - mu) ** 2 for xk in x) / m
    s = sp.sqrt(var + epsilon)
    return x, g, m, mu, var, s


def _bn_sym(hold):
    """∂L/∂x1 of L = Σ g_k y_k, by sympy.diff, with μ and/or σ² frozen while differentiating (then put back)."""
    def derivative(x1, x2, x3, g1, g2, g3, gamma, epsilon):
        import sympy as sp
        x, g, m, mu, var, _ = _bn_parts(x1, x2, x3, g1, g2, g3, gamma, epsilon)
        mu_c, var_c = sp.Symbol("mu_frozen"), sp.Symbol("var_frozen")
        mu_ = mu_c if "mu" in hold else mu
        var_ = var_c if "var" in hold else sum((xk - mu_) ** 2 for xk in x) / m
        L = sum(gk * gamma * (xk - mu_) / sp.sqrt(var_ + epsilon) for gk, xk in zip(g, x))
        return sp.diff(L, x1).subs({mu_c: mu, var_c: var})
    return derivative


def _bn_sym_staged(scale_m=True, with_gamma=True):
    """The staged sum of the three paths (direct, through σ², through μ), optionally without its 1/m or γ."""
    def derivative(x1, x2, x3, g1, g2, g3, gamma, epsilon):
        x, g, m, mu, _, s = _bn_parts(x1, x2, x3, g1, g2, g3, gamma, epsilon)
        c = gamma if with_gamma else 1
        d_xhat = [c * gk for gk in g]
        d_var = -sum(d * (xk - mu) for d, xk in zip(d_xhat, x)) / (2 * s**3)
        d_mu = -sum(d_xhat) / s
        k = m if scale_m else 1
        return d_xhat[0] / s + d_var * 2 * (x1 - mu) / k + d_mu / k
    return derivative


class BatchNormDxSymbolic(Symbolic):
    name = "batch_norm_dx_symbolic"
    title = "∂L/∂x₁ for a batch norm over three entries, L = Σ_k g_k y_k, derived with SymPy"
    lesson = "13_beyond_fully_connected"
    allowed = "sympy"
    symbols = ("x1", "x2", "x3", "g1", "g2", "g3", "gamma", "epsilon")
    ranges = {"x1": (-2.0, 2.0), "x2": (-2.0, 2.0), "x3": (-2.0, 2.0), "g1": (-2.0, 2.0), "g2": (-2.0, 2.0),
              "g3": (-2.0, 2.0), "gamma": (0.5, 2.0), "epsilon": (0.01, 0.5)}

    answer_forms = ("m g − Σ", "m*g - ", "m * g - ", "Σ g x̂", "Σ_k g_k x̂_k", "γ/(m", "γ / (m", "γ/(3", "3 g₁ − ")
    expected = staticmethod(_bn_sym(set()))
    solution = expected

    variants = (
        Variant("μ treated as a constant", _bn_sym({"mu"}),
                "the mean μ is computed from x₁ too, so x₁ also reaches L through μ (and through every x̂_k, not "
                "only x̂₁). Your derivative leaves that path out, as if μ were a number given in advance.",
                SEC_BN_MISTAKES),
        Variant("σ² treated as a constant", _bn_sym({"var"}),
                "the variance σ² is computed from x₁ too, so x₁ also reaches L through σ², which scales every "
                "x̂_k. Your derivative leaves that path out, as if σ² were a number given in advance.",
                SEC_BN_MISTAKES),
        Variant("the 1/m forgotten", _bn_sym_staged(scale_m=False),
                "μ and σ² are means over the m = 3 entries, so their slopes with respect to x₁ carry a factor 1/m; "
                "your paths through μ and σ² are m times too large.", SEC_BN_MISTAKES),
        Variant("μ and σ² both treated as constants", _bn_sym({"mu", "var"}),
                "you kept only the direct path from x₁ to x̂₁. Every output y_k depends on x₁ through the batch's "
                "mean and variance, so two more paths add to it.", SEC_BN),
    )


# ----------------------------------------------------------------- batch norm, vectorized
def _bn_variant(kind):
    def batch_norm_backward(g, x, gamma, eps):
        axis = 0 if kind == "axis" else 1
        m = x.shape[axis]
        mu = x.mean(axis=axis, keepdims=True)
        s = np.sqrt(x.var(axis=axis, keepdims=True) + eps)
        xh = (x - mu) / s
        sg, sgx = g.sum(axis=axis, keepdims=True), (g * xh).sum(axis=axis, keepdims=True)
        c = 1.0 if kind == "no_gamma" else gamma
        if kind == "mu_const":
            dx = c / (m * s) * (m * g - xh * sgx)
        elif kind == "var_const":
            dx = c / (m * s) * (m * g - sg)
        elif kind == "no_m":
            dx = c / s * (g - sg - xh * sgx)
        else:
            dx = c / (m * s) * (m * g - sg - xh * sgx)
        if kind == "axis":
            return dx, (g * ((x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + eps))
                        ).sum(axis=1, keepdims=True), g.sum(axis=1, keepdims=True)
        return dx, sgx, sg
    return batch_norm_backward


class BatchNormBackward(ArgsFunction):
    name = "batch_norm_backward"
    title = "the backward pass of batch normalization: (∂J/∂x, ∂J/∂γ, ∂J/∂β) from g = ∂J/∂y"
    lesson = "13_beyond_fully_connected"
    allowed = "numpy"
    arg_names = ("g", "x", "gamma", "eps")
    numbers = ("eps",)
    parts = ("dx", "dgamma", "dbeta")
    answer_forms = ("m g − Σ", "m * g - ", "m*g - ", "Σ g x̂", "γ/(m", "γ / (m", "gamma / (m", "(g * x_hat).sum",
                    "sum_g_xhat")

    def solution(self, g, x, gamma, eps):
        from ...autodiff import Tensor
        from ...layers import batch_norm
        tx, tg, tb = Tensor(x), Tensor(gamma), Tensor(np.zeros_like(gamma))
        (batch_norm(tx, tg, tb, eps) * g).sum().backward()
        return tx.grad, tg.grad, tb.grad

    def cases(self, rng, public):
        if public:
            plans = [(3, 5, 1e-5), (2, 8, 1e-5), (4, 4, 0.1), (1, 6, 1e-3)]
        else:
            n, m = (int(v) for v in rng.choice(np.arange(2, 9), size=2, replace=False))
            plans = [(n, m, 1e-5), (m, n + 1, float(rng.uniform(1e-3, 0.1))), (1, m + 2, 1e-5), (n, n, 1e-5)]
        out = []
        for n, m, eps in plans:
            x = rng.standard_normal((n, m)) * rng.uniform(0.5, 3.0) + rng.uniform(-2, 2)
            args = {"g": rng.standard_normal((n, m)), "x": x, "gamma": rng.uniform(0.5, 2.0, (n, 1)),
                    "eps": np.array(eps)}
            out.append(Case(f"x of shape ({n}, {m})" + (f", ε = {eps:g}" if public else ""), args))
        return out

    variants = (
        Variant("μ treated as a constant", _bn_variant("mu_const"),
                "every x of a feature changes that feature's mean μ, and μ enters every x̂ of the batch; your ∂J/∂x "
                "leaves out the path through μ, as if μ were given in advance.", SEC_BN_MISTAKES),
        Variant("σ² treated as a constant", _bn_variant("var_const"),
                "every x of a feature changes that feature's variance σ², which scales every x̂ of the batch; your "
                "∂J/∂x leaves out the path through σ², as if σ² were given in advance.", SEC_BN_MISTAKES),
        Variant("the 1/m forgotten", _bn_variant("no_m"),
                "μ and σ² are means over the m examples, so their slopes with respect to one x carry a factor 1/m; "
                "your paths through μ and σ² are m times too large.", SEC_BN_MISTAKES),
        Variant("γ left out of ∂J/∂x", _bn_variant("no_gamma"),
                "y = γ x̂ + β: every path from x to the cost passes through the multiplication by γ, so ∂J/∂x "
                "carries γ as a factor.", SEC_BN),
        Variant("the statistics taken over the features (axis 0)", _bn_variant("axis"),
                "examples are columns: each feature (a row) is normalized over the m examples of the batch, "
                "along axis 1, and so are the sums of its backward pass.", SEC_BN),
    )


# ----------------------------------------------------------------- convolution
def _valid(A, B):
    """Valid cross-correlation of the 2-D array A with the smaller B."""
    return np.einsum("ijpq,pq->ij", sliding_window_view(A, B.shape), B)


def _conv_variant(kind):
    def conv2d_backward(G, X, K):
        kh, kw = K.shape
        ph, pw = (1, 1) if kind == "pad1" else (kh - 1, kw - 1)
        padded = G if kind == "no_pad" else np.pad(G, ((ph, ph), (pw, pw)))
        dX = _valid(padded, K if kind == "no_flip" else K[::-1, ::-1])
        dK = _valid(X, G)
        return dX, (dK[::-1, ::-1] if kind == "dK_rotated" else dK)
    return conv2d_backward


class Conv2dBackward(_Pair):
    name = "conv2d_backward"
    title = "the backward pass of a 2-D valid cross-correlation Y = X ⋆ K: (∂J/∂X, ∂J/∂K) from G = ∂J/∂Y"
    lesson = "13_beyond_fully_connected"
    allowed = "numpy"
    arg_names = ("G", "X", "K")
    parts = ("dX", "dK")
    answer_forms = ("[::-1, ::-1]", "np.pad(G", "kh − 1", "kh - 1", "k_h − 1", "k_h - 1", "correlate(X, G)", "X ⋆ G",
                    "rotated by 180° for ∂J/∂X")

    def solution(self, G, X, K):
        from ...autodiff import Tensor
        from ...layers import conv2d
        tx, tk = Tensor(X[None, :, :, None]), Tensor(K[None, None])
        (conv2d(tx, tk) * G[None, :, :, None]).sum().backward()
        return tx.grad[0, :, :, 0], tk.grad[0, 0]

    def cases(self, rng, public):
        if public:
            plans = [((4, 4), (2, 2)), ((5, 6), (3, 3)), ((6, 5), (2, 3)), ((5, 5), (1, 3))]
        else:
            kh, kw = (int(v) for v in rng.choice(np.arange(2, 5), size=2, replace=False))
            H, W = (int(v) for v in rng.integers(5, 9, size=2))
            plans = [((H, W), (kh, kw)), ((W + 1, H), (kw, kh)), ((H, W), (3, 3)), ((W, W), (1, kw))]
        out = []
        for (H, W), (kh, kw) in plans:
            X, K = rng.standard_normal((H, W)), rng.standard_normal((kh, kw))
            G = rng.standard_normal((H - kh + 1, W - kw + 1))
            out.append(Case(f"X {X.shape}, K {K.shape}, G {G.shape}", {"G": G, "X": X, "K": K}))
        return out

    variants = (
        Variant("the kernel not flipped", _conv_variant("no_flip"),
                "pixel X[a, b] meets weight K[p, q] in the output at (a − p, b − q): the index of the output runs "
                "the opposite way to the kernel's. Derive one interior pixel's gradient with SymPy and compare the "
                "order in which the weights appear in it with the order in which yours uses them.", SEC_CONV),
        Variant("the δ padding wrong: one zero on each side whatever the kernel", _conv_variant("pad1"),
                "∂J/∂X has the shape of X, and a border pixel is covered by fewer kernel positions than an "
                "interior one. How many rows and columns of zeros G needs around it depends on the kernel's "
                "height and width, each on its own; yours is right only for a 2 × 2 kernel.", SEC_CONV),
        Variant("G not padded: a valid correlation for ∂J/∂X", _conv_variant("no_pad"),
                "∂J/∂X must have the shape of X; without zeros around G the border pixels, which fewer output "
                "positions use, get no gradient at all, and the result is too small.", SEC_CONV),
        Variant("∂J/∂K rotated by 180°", _conv_variant("dK_rotated"),
                "weight K[p, q] multiplies X[i + p, j + q] at output (i, j), in the forward order, so its "
                "gradient collects the products in that same order, not read backwards.", SEC_CONV),
    )


ASSIGNMENT = Assignment("13_beyond_fully_connected", [("batch_norm_dx_symbolic", 2), ("batch_norm_backward", 4),
                                                      ("conv2d_backward", 4)],
                        withheld=AUTODIFF_WITHHELD)
QUESTIONS = (BatchNormDxSymbolic(), BatchNormBackward(), Conv2dBackward())
