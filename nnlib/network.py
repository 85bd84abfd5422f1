"""A fully connected network trained by backpropagation (lessons 01–07).

Notation (COURSE.md): layers are ``l = 0 … L``; ``W^l`` has shape
``(n_l, n_{l-1})``; ``b^l`` has shape ``(n_l, 1)``; a batch ``X`` has shape
``(n_0, m)``, **examples are columns**.  The forward pass is

    z^l = W^l a^{l-1} + b^l,    a^l = σ(z^l),    a^0 = x,

and the backward pass is the four equations

    BP1  δ^L = ∇_a C ⊙ σ'(z^L)
    BP2  δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l)
    BP3  ∂C/∂b^l = δ^l
    BP4  ∂C/∂W^l = δ^l (a^{l-1})ᵀ

applied to all ``m`` columns at once.  Python lists are 0-based, so the
layer-``l`` objects sit at these positions:

    weights[l-1] = W^l    biases[l-1] = b^l    zs[l-1] = z^l
    deltas[l-1] = δ^l     activations[l] = a^l  (activations[0] = a^0 = x)
"""

import math

import numpy as np
from scipy.linalg.blas import dgemm, dgemv

from .activations import get_activation
from .checks import (
    as_batch,
    as_labels,
    as_targets,
    check_count,
    check_finite,
    check_positive,
    check_probability_targets,
    check_sizes,
)
from .costs import get_cost

__all__ = ["Network"]

_FLOAT64 = np.dtype(float)


class Network:
    """A fully connected feed-forward network with examples as columns.

    Parameters
    ----------
    sizes : list of int
        ``[n_0, n_1, …, n_L]``, the number of units in each layer.
    activations : str or list of str
        One name for every layer, or one name per layer ``1 … L``:
        ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"identity"``, ``"softmax"``.
    cost : {"quadratic", "cross_entropy"}
        ``C_x = ½||a^L − y||²``, or the cross-entropy (binary after a sigmoid
        output, categorical after a softmax output).
    lam : float
        L2 strength λ in ``J = (1/m) Σ_x C_x + (λ/2n) Σ_l ||W^l||²``, where ``n``
        is the size of the training set and defaults to the batch size ``m``
        (COURSE.md's ``λ/2m``); see :meth:`cost` and :meth:`fit`.
    bias : bool
        ``False`` builds bias-free layers (``z^l = W^l a^{l-1}``, seed 002);
        then ``biases`` is an empty list.
    seed : int, numpy.random.Generator or None
        Seeds the initial weights: ``W^l ~ N(0, 1/n_{l-1})``, ``b^l ~ N(0, 1)``.
    """

    def __init__(self, sizes, activations="sigmoid", cost="quadratic", lam=0.0, bias=True, seed=None):
        self.sizes = check_sizes(sizes)
        self.L = len(self.sizes) - 1
        names = [activations] * self.L if isinstance(activations, str) else list(activations)
        if len(names) != self.L:
            raise ValueError(
                f"activations lists {len(names)} names for a network with L = {self.L} layers after the input "
                f"(sizes {self.sizes}); give one name per layer 1…{self.L}, or a single name for all"
            )
        self.sigmas = [get_activation(name) for name in names]  # sigmas[l-1] is σ of layer l
        self.cost_function = get_cost(cost)
        if self.cost_function.name == "cross_entropy" and self.sigmas[-1].name not in self.cost_function.outputs:
            raise ValueError(
                f"the cross-entropy cost needs a sigmoid or softmax output layer (its a must lie in (0, 1)), "
                f"got {self.sigmas[-1].name!r}; use cost='quadratic' or change the last activation"
            )
        self.lam = check_positive(lam, "lam", allow_zero=True)
        if not isinstance(bias, (bool, np.bool_)):
            raise TypeError(f"bias must be True or False, got {bias!r}")
        self.bias = bool(bias)
        rng = np.random.default_rng(seed)
        self.weights = [rng.standard_normal((n, n_prev)) / np.sqrt(n_prev)
                        for n_prev, n in zip(self.sizes[:-1], self.sizes[1:])]
        self.biases = [rng.standard_normal((n, 1)) for n in self.sizes[1:]] if self.bias else []

    def __repr__(self):
        acts = [s.name for s in self.sigmas]
        return (f"Network(sizes={self.sizes}, activations={acts}, cost={self.cost_function.name!r}, "
                f"lam={self.lam}, bias={self.bias})")

    # ------------------------------------------------------------------ checks
    def _check_X(self, X):
        return as_batch(X, self.sizes[0], "X")

    def _check_XY(self, X, Y, name="Y"):
        X = as_batch(X, self.sizes[0], "X")
        Y = as_targets(Y, self.sizes[-1], X.shape[1], name)
        if self.cost_function.name == "cross_entropy":   # targets must be probabilities
            check_probability_targets(Y, self.sigmas[-1].name == "softmax", name)
        return X, Y

    def _check_n(self, n, m):
        return m if n is None else check_count(n, "n")

    # ------------------------------------------------------------ forward pass
    def _forward(self, X):
        zs, activations = [], [X]
        weights, biases, sigmas, bias = self.weights, self.biases, self.sigmas, self.bias
        a = X
        for l in range(1, self.L + 1):
            z = weights[l - 1].dot(a)                        # (n_l, m); .dot: less call overhead than @ or np.dot
            if bias:
                z += biases[l - 1]                           # b^l broadcasts over the m columns
            a = sigmas[l - 1].fn(z)
            zs.append(z)
            activations.append(a)
        return zs, activations

    def feedforward(self, X):
        """Return the output ``a^L`` for a batch.

        Parameters
        ----------
        X : array, shape (n_0, m)

        Returns
        -------
        array, shape (n_L, m)
        """
        return self._forward(self._check_X(X))[1][-1]

    def forward(self, X):
        """Return ``(zs, activations)``: ``zs[l-1] = z^l`` and ``activations[l] = a^l``.

        Parameters
        ----------
        X : array, shape (n_0, m)

        Returns
        -------
        zs : list of L arrays, shapes (n_l, m)
        activations : list of L + 1 arrays, shapes (n_l, m), starting with ``a^0 = X``
        """
        return self._forward(self._check_X(X))

    # ----------------------------------------------------------- backward pass
    def _deltas(self, zs, activations, Y):
        sigmas, weights, L = self.sigmas, self.weights, self.L
        deltas = [None] * L
        # BP1: δ^L = ∇_a C ⊙ σ'(z^L)  (the cost class folds in the simplification a − y for cross-entropy)
        deltas[L - 1] = self.cost_function.delta(zs[L - 1], activations[L], Y, sigmas[L - 1])
        for l in range(L - 1, 0, -1):
            # BP2: δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l)
            deltas[l - 1] = sigmas[l - 1].backward(zs[l - 1], activations[l], weights[l].T.dot(deltas[l]))
        return deltas

    def deltas(self, X, Y):
        """Return every layer's error ``δ^l = ∂C_x/∂z^l`` (BP1 and BP2, lessons 03–04).

        Parameters
        ----------
        X : array, shape (n_0, m)
        Y : array, shape (n_L, m)

        Returns
        -------
        list of L arrays, ``deltas[l-1] = δ^l`` of shape (n_l, m), one column per example
        """
        X, Y = self._check_XY(X, Y)
        zs, activations = self._forward(X)
        return self._deltas(zs, activations, Y)

    def _backprop(self, X, Y, n=None):
        m = X.shape[1]
        n = m if n is None else n
        zs, activations = self._forward(X)
        deltas = self._deltas(zs, activations, Y)
        # BP4, summed over the batch by the matrix product, then /m: Ng's D = Δ/m.  Plus (λ/n) W from the L2 term.
        nabla_w = [deltas[l - 1] @ activations[l - 1].T / m + (self.lam / n) * self.weights[l - 1]
                   for l in range(1, self.L + 1)]
        # BP3, averaged over the batch.
        nabla_b = [deltas[l - 1].mean(axis=1, keepdims=True) for l in range(1, self.L + 1)] if self.bias else []
        return nabla_b, nabla_w

    def backprop(self, X, Y, n=None):
        """Return ``(nabla_b, nabla_w)``, the gradient of the mean cost ``J`` of :meth:`cost` (lesson 05).

        ``nabla_w[l-1] = ∂J/∂W^l = (1/m) δ^l (A^{l-1})ᵀ + (λ/n) W^l`` and
        ``nabla_b[l-1] = ∂J/∂b^l``, the mean of ``δ^l`` over the columns.

        Parameters
        ----------
        X : array, shape (n_0, m)
        Y : array, shape (n_L, m)
        n : int, optional
            The size of the training set that the L2 term belongs to; the
            default ``n = m`` is COURSE.md's ``(λ/m) W`` of this batch's ``J``.

        Returns
        -------
        nabla_b : list of arrays, shapes (n_l, 1); empty when ``bias=False``
        nabla_w : list of arrays, shapes (n_l, n_{l-1})
        """
        X, Y = self._check_XY(X, Y)
        return self._backprop(X, Y, self._check_n(n, X.shape[1]))

    # ------------------------------------------------------------------ cost
    def _cost(self, X, Y, n=None):
        zs, activations = self._forward(X)
        m = X.shape[1]
        n = m if n is None else n
        data = self.cost_function.fn(zs[-1], activations[-1], Y, self.sigmas[-1]) / m
        penalty = 0.5 * self.lam / n * sum(float(np.vdot(W, W)) for W in self.weights)
        return data + penalty

    def cost(self, X, Y, n=None):
        """Return ``J = (1/m) Σ_x C_x + (λ/2n) Σ_l ||W^l||²`` for a batch (biases are not regularized).

        With the default ``n = m`` this is COURSE.md's ``J`` of the batch, with
        ``(λ/2m)``.  For a mini-batch drawn from a training set of ``n``
        examples, ``cost(X_batch, Y_batch, n)`` is the mini-batch estimate of
        that set's ``J``, the objective each step of :meth:`fit` descends.

        Parameters
        ----------
        X : array, shape (n_0, m)
        Y : array, shape (n_L, m)
        n : int, optional
            The number of examples the L2 term is shared by (default ``m``).
        """
        X, Y = self._check_XY(X, Y)
        return self._cost(X, Y, self._check_n(n, X.shape[1]))

    # -------------------------------------------------------------- training
    def update_mini_batch(self, X, Y, eta, n=None):
        """Take one gradient-descent step on a mini-batch: ``W^l ← W^l − η ∂J/∂W^l``, and the same for ``b^l``.

        ``J`` is :meth:`cost`'s ``(1/m) Σ_x C_x + (λ/2n) Σ_l ||W^l||²``, so the step is

            W^l ← (1 − ηλ/n) W^l − (η/m) δ^l (A^{l-1})ᵀ,    b^l ← b^l − (η/m) Σ_x δ^l_x.

        The batch is one matrix computation; Nielsen's loop over the examples
        of the batch is the sum that ``δ^l (A^{l-1})ᵀ`` already does (lesson 07).
        :meth:`fit` takes exactly this step on each of its mini-batches, with
        ``n`` the size of the training set.  The step replaces the parameter
        arrays with new ones, so arrays the caller handed in are never changed.

        Parameters
        ----------
        X : array, shape (n_0, m)
        Y : array, shape (n_L, m)
        eta : float
            The learning rate η.
        n : int, optional
            The size of the training set the batch was drawn from, which the L2
            term ``(λ/2n) Σ||W||²`` belongs to.  The default ``n = m`` descends
            the batch's own ``J`` (COURSE.md's ``λ/2m``), the ``J`` of
            :meth:`cost` and :meth:`backprop` on this batch.
        """
        # Shapes and values are checked here; NaN and inf after the step (below), with one check instead of two.
        # A float64 X and Y of the right shapes pass without a call; anything else gets the precise checks.
        if not (type(X) is np.ndarray and type(Y) is np.ndarray and X.dtype == _FLOAT64 and Y.dtype == _FLOAT64
                and X.ndim == 2 and X.shape[0] == self.sizes[0] and X.shape[1] and Y.shape == (self.sizes[-1], X.shape[1])):
            X = as_batch(X, self.sizes[0], "X", finite=False)
            Y = as_targets(Y, self.sizes[-1], X.shape[1], "Y", finite=False)
        if self.cost_function.name == "cross_entropy":   # targets must be probabilities
            check_probability_targets(Y, self.sigmas[-1].name == "softmax", "Y")
        if type(eta) is not float or not 0.0 < eta < math.inf:   # a positive float passes without a call
            eta = check_positive(eta, "eta")
        m = X.shape[1]
        n = m if n is None else check_count(n, "n")
        # The step that fit takes, writing its results into new arrays (in_place=False).
        _, weights, biases = self._train_batch(X, Y, eta, 1.0 - eta * self.lam / n, np.ones(m) if self.bias else None,
                                               False, False)
        # A NaN or inf anywhere in X or Y reaches the new W^1: BP4 multiplies X into it, and BP1 and BP2
        # carry a bad target through δ^L to δ^1 (NaN times anything, even 0, is NaN).  So one check of the
        # small W^1 replaces a pass over X and one over Y; if it fails, the precise error names the entry,
        # and the network is left as it was.
        w = weights[0].ravel()                       # W^1 is C-ordered: a view
        if not math.isfinite(w.dot(w)):              # Σ w² is NaN or inf if any entry is (or if it overflows)
            check_finite(X, "X")
            check_finite(Y, "Y")
        self.weights, self.biases = weights, biases

    def _train_batch(self, X, Y, eta, shrink, ones, with_cost=False, in_place=True):
        """One SGD step on a checked batch; returns ``(Σ_x C_x or None, weights, biases)``.

        ``shrink = 1 − ηλ/n`` applies the L2 term ``(λ/2n) Σ||W||²`` as weight
        decay; ``ones`` is a vector of at least ``m`` ones (unused without
        biases).  ``update_mini_batch`` and ``fit`` both call this, so both take
        the same step.  ``fit`` passes ``in_place=True`` after it has made
        C-ordered float copies of the parameters, so the in-place updates never
        touch an array the caller owns; ``update_mini_batch`` passes ``False``,
        and BLAS writes the results into new arrays, returned in new lists
        (``self`` is not changed then).
        """
        weights, biases = (self.weights, self.biases) if in_place else (list(self.weights), list(self.biases))
        sigmas, bias, L = self.sigmas, self.bias, self.L
        # The forward pass and BP1–BP2 exactly as _forward and _deltas compute them, written out here: on seed
        # 002's tiny XOR a whole step takes about 10 µs, and those two extra Python calls cost a tenth of it.
        zs, activations, a = [], [X], X
        for l in range(1, L + 1):
            z = weights[l - 1].dot(a)                        # (n_l, m)
            if bias:
                z += biases[l - 1]
            a = sigmas[l - 1].fn(z)
            zs.append(z)
            activations.append(a)
        batch_cost = self.cost_function.fn(zs[-1], activations[-1], Y, sigmas[-1]) if with_cost else None
        deltas = [None] * L
        deltas[L - 1] = self.cost_function.delta(zs[L - 1], activations[L], Y, sigmas[L - 1])        # BP1
        for l in range(L - 1, 0, -1):
            deltas[l - 1] = sigmas[l - 1].backward(zs[l - 1], activations[l], weights[l].T.dot(deltas[l]))   # BP2
        m = X.shape[1]
        step = eta / m
        for l in range(1, L + 1):
            delta, a_prev = deltas[l - 1], activations[l - 1]
            # BP4 summed over the batch, and the step, in one BLAS call:
            #     W^l ← shrink · W^l − (η/m) δ^l (a^{l-1})ᵀ
            # gemm computes C ← α A B + β C in place, so W is read and written once, with no gradient
            # array in between.  BLAS wants column-major (Fortran) arrays, so it is handed the transposes
            # (W^l)ᵀ and (δ^l)ᵀ, which are Fortran-ordered views of C-ordered arrays (no copies), and
            # computes (W^l)ᵀ ← β (W^l)ᵀ + α a^{l-1} (δ^l)ᵀ, the same update transposed.
            # Without overwrite_c, gemm first copies C (as a float64 Fortran array) and returns the copy.
            # Positional arguments (f2py parses them faster than keywords): beta, c, trans_a, trans_b, overwrite_c.
            W_T = dgemm(-step, a_prev, delta.T, shrink, weights[l - 1].T, 0, 0, in_place)
            if not in_place:
                weights[l - 1] = W_T.T                        # C-ordered (n_l, n_{l-1}): a new array
            if bias:
                # BP3 summed over the batch, and the step, in one BLAS call: b^l ← b^l − (η/m) δ^l 1
                # (δ times a vector of ones is its row sum), written into b^l through a 1-D view.
                b = dgemv(-step, delta.T, ones[:m], beta=1.0, y=biases[l - 1][:, 0], trans=1, overwrite_y=in_place)
                if not in_place:
                    biases[l - 1] = b.reshape(-1, 1)
        return batch_cost, weights, biases

    def fit(self, X, Y, epochs, batch_size, eta, validation=None, seed=None, progress=False):
        """Train by mini-batch stochastic gradient descent (lesson 07).

        Every epoch shuffles the examples with one permutation and walks
        through it ``batch_size`` columns at a time; each mini-batch is picked
        by index, so the data set is never copied.

        Parameters
        ----------
        X : array, shape (n_0, m)
        Y : array, shape (n_L, m)
        epochs, batch_size : int
        eta : float
            Learning rate η.  Each mini-batch step is ``update_mini_batch(X_batch,
            Y_batch, eta, n)`` with ``n`` the number of examples in ``X``: a step
            ``W ← W − η ∂J/∂W`` on ``J = cost(X_batch, Y_batch, n)``, whose L2 term
            ``(λ/2n) Σ||W||²`` is that of the whole training set (Nielsen's
            ``network2``), so a step decays the weights by ``ηλ/n``.
        validation : tuple (X_val, labels_val), optional
            Evaluated after every epoch: ``labels_val`` holds integer classes
            ``(m_val,)``, or targets ``(n_L, m_val)``.
        seed : int or None
            Seeds the shuffling.
        progress : bool
            Show a progress bar over the epochs (tqdm; in a notebook, a widget).

        Returns
        -------
        dict
            ``"cost"``: an estimate of the training ``J`` for each epoch, the mean
            of the mini-batch costs met during the epoch plus ``(λ/2n) Σ||W||²``;
            with ``validation``, also ``"val_cost"`` (when targets were given)
            and ``"val_accuracy"``.
        """
        # Shapes are checked here; NaN and inf after every epoch, through the parameters (below).
        X = as_batch(X, self.sizes[0], "X", finite=False)
        Y = as_targets(Y, self.sizes[-1], X.shape[1], "Y", finite=False)
        if self.cost_function.name == "cross_entropy":   # targets must be probabilities
            check_probability_targets(Y, self.sigmas[-1].name == "softmax", "Y")
        eta = check_positive(eta, "eta")
        epochs, batch_size = check_count(epochs, "epochs"), check_count(batch_size, "batch_size")
        m = X.shape[1]
        val = self._check_validation(validation) if validation is not None else None
        rng = np.random.default_rng(seed)
        start = (self.weights, self.biases)
        # Own C-ordered float64 copies of the parameters: the loop below updates them in place.
        self.weights = [np.array(W, dtype=float, order="C") for W in self.weights]
        self.biases = [np.array(b, dtype=float, order="C") for b in self.biases]
        # Gather each mini-batch as rows of Xᵀ.  For an X in Fortran order
        # (nnlib.data's layout) the rows of Xᵀ are contiguous examples, so the
        # gather copies whole blocks; for a C-ordered X it still works, strided.
        X_rows, Y_rows = X.T, Y.T
        ones = np.ones(batch_size)
        history = {"cost": []}
        if val is not None:
            history["val_accuracy"] = []
            if val[2] is not None:
                history["val_cost"] = []
        if progress:
            from .progress import epoch_bar  # tqdm is imported only when a bar is asked for
            epoch_iter = epoch_bar(epochs)
        else:
            epoch_iter = range(epochs)
        # The L2 term belongs to J of the whole training set, (λ/2n) Σ||W||² with n = m here, so every
        # mini-batch step decays W by ηλ/n (Nielsen's network2), the step update_mini_batch(..., n=m) takes:
        # fit descends the J that cost(X, Y) reports.
        shrink = 1.0 - eta * self.lam / m
        penalty_weight = 0.5 * self.lam
        for _ in epoch_iter:
            perm = rng.permutation(m)
            total = 0.0
            # Bad data or a diverging run is reported after the epoch, with a clear error, not as numpy warnings.
            with np.errstate(over="ignore", invalid="ignore"):
                for k in range(0, m, batch_size):
                    idx = perm[k:k + batch_size]
                    total += self._train_batch(X_rows[idx].T, Y_rows[idx].T, eta, shrink, ones, with_cost=True)[0]
            # A NaN or inf anywhere in X or Y reaches W^1 or b^L within the epoch that visits it
            # (BP4 multiplies it into W^1; BP1 carries a bad target into δ^L), so checking the
            # small parameter arrays here replaces a pass over the whole data set.
            if not (np.isfinite(total) and all(np.isfinite(p).all() for p in self.weights + self.biases)):
                self.weights, self.biases = start
                check_finite(X, "X")
                check_finite(Y, "Y")
                raise ValueError(
                    f"training diverged: the parameters became inf or NaN in epoch {len(history['cost']) + 1} "
                    f"with eta = {eta}; the network is left as it was before fit; try a smaller eta"
                )
            # Mean of the mini-batch costs over the epoch, plus the L2 term at the epoch's end.
            epoch_cost = total / m
            if self.lam:
                epoch_cost += penalty_weight / m * sum(float(np.vdot(W, W)) for W in self.weights)
            history["cost"].append(epoch_cost)
            if val is not None:
                Xv, labels, Yv = val
                history["val_accuracy"].append(self._accuracy(Xv, labels))
                if Yv is not None:
                    history["val_cost"].append(self._cost(Xv, Yv))
            if progress:
                epoch_iter.set_postfix(cost=f"{epoch_cost:.4f}")
        if progress:
            epoch_iter.close()
        return history

    def _check_validation(self, validation):
        try:
            Xv, target = validation
        except (TypeError, ValueError):
            raise TypeError("validation must be a pair (X_val, labels_val) or (X_val, Y_val)") from None
        Xv = as_batch(Xv, self.sizes[0], "X_val")
        target = np.asarray(target)
        if target.ndim == 2 and target.shape == (self.sizes[-1], Xv.shape[1]):
            Yv = self._check_XY(Xv, target, "Y_val")[1]
            labels = self._labels_from_targets(Yv)
            return Xv, labels, Yv
        return Xv, as_labels(target, Xv.shape[1], "labels_val"), None

    def _labels_from_targets(self, Y):
        if self.sizes[-1] == 1:
            return (Y[0] > 0.5).astype(int)
        return Y.argmax(axis=0)

    # ------------------------------------------------------------- evaluation
    def predict(self, X):
        """Return the predicted class of each column: ``argmax_j a^L_j``, or ``a^L > 0.5`` for one output unit."""
        a = self.feedforward(X)
        return (a[0] > 0.5).astype(int) if self.sizes[-1] == 1 else a.argmax(axis=0)

    def _accuracy(self, X, labels):
        a = self._forward(X)[1][-1]
        predicted = (a[0] > 0.5).astype(int) if self.sizes[-1] == 1 else a.argmax(axis=0)
        return float(np.mean(predicted == labels))

    def evaluate(self, X, labels):
        """Return the fraction of examples whose predicted class equals its label.

        Parameters
        ----------
        X : array, shape (n_0, m)
        labels : int array, shape (m,)
            Class indices (for one output unit: 0 or 1).

        Returns
        -------
        float in [0, 1]
        """
        X = self._check_X(X)
        return self._accuracy(X, as_labels(labels, X.shape[1]))

    # --------------------------------------------------------------- helpers
    def parameters(self):
        """Return ``[(name, array), …]``: ``("W1", W^1), ("b1", b^1), …`` in layer order."""
        params = []
        for l in range(1, self.L + 1):
            params.append((f"W{l}", self.weights[l - 1]))
            if self.bias:
                params.append((f"b{l}", self.biases[l - 1]))
        return params

    def copy(self):
        """Return an independent copy with the same architecture and parameters."""
        clone = object.__new__(Network)
        clone.__dict__.update(self.__dict__)
        clone.sizes = list(self.sizes)
        clone.sigmas = list(self.sigmas)
        clone.weights = [W.copy() for W in self.weights]
        clone.biases = [b.copy() for b in self.biases]
        return clone
