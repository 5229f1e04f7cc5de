"""Training networks: forward pass, backpropagation, losses, initialisers, gradient descent.

Serves the scenes and figures whose networks are fitted rather than given: the universal-
approximation fit of a 1-D curve (book section 3.2; the constructive fit and gradient descent,
with dead units shown), the space-warping 2-2-1 classifier, the backpropagation walk-through
(book section 7.4: every pre-activation, activation and gradient of every layer) and the
MNIST-1D depth experiment of the book's Fig. 20.2 (:class:`FullBatchTrainer`).

Notation follows :mod:`nnmath.deep` (book eqs. 4.13-4.15): K hidden layers,

    f_k     = beta_k + Omega_k h_k        (pre-activations, h_0 = x)
    h_{k+1} = a[f_k]                      (activations), k = 0..K-1
    output  = f_K = beta_K + Omega_K h_K

with ``omegas[k]`` of shape (D_{k+1}, D_k) and ``betas[k]`` of shape (D_{k+1},). Arrays are
batch first: x is (N, Di), every f_k and h_k is (N, D_k). Everything here is pure NumPy;
reading and writing checkpoints is the caller's job (see ``experiments.depth``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .activations import Activation, get_activation
from .checks import ParameterError, as_batch, as_finite_scalar, as_float_array, shape_text
from .deep import DeepNetwork, _check_activations
from .shallow import ShallowNetwork

# --- the model ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trace:
    """Every intermediate quantity of one forward pass (for drawing the walk-through).

    x: (N, Di); preactivations[k]: (N, D_{k+1}) = f_k for k = 0..K (the last one is the
    output); activations[k]: (N, D_{k+1}) = h_{k+1} = a[f_k] for the K hidden layers.
    """

    x: np.ndarray
    preactivations: list
    activations: list

    @property
    def output(self) -> np.ndarray:
        """The network output f_K, (N, Do)."""
        return self.preactivations[-1]


@dataclass(frozen=True)
class Gradients:
    """The derivatives of a loss L by backpropagation (book section 7.4.1), layer by layer.

    dbetas[k]: (D_{k+1},) = dL/dbeta_k; domegas[k]: (D_{k+1}, D_k) = dL/dOmega_k, k = 0..K;
    dpreactivations[k]: (N, D_{k+1}) = dL/df_k (the last one is dL/doutput);
    dactivations[k]: (N, D_{k+1}) = dL/dh_{k+1} for the K hidden layers; dx: (N, Di) = dL/dx.
    """

    dbetas: list
    domegas: list
    dpreactivations: list
    dactivations: list
    dx: np.ndarray


@dataclass(eq=False)
class MLP:
    """A trainable multi-layer perceptron: the mutable twin of :class:`nnmath.deep.DeepNetwork`.

    betas: K+1 arrays, betas[k] (D_{k+1},); omegas: K+1 arrays, omegas[k] (D_{k+1}, D_k).
    activation: one name/Activation for every hidden layer, or a sequence of K of them.
    The arrays are owned by the model and changed in place by the optimisers; build one with
    :func:`init_mlp`, :meth:`from_network` or from explicit arrays.
    """

    betas: list
    omegas: list
    activation: Activation | str | tuple = "relu"
    dtype: type = np.float64

    def __post_init__(self):
        # Reuse DeepNetwork's checks (shapes that chain, finite numbers), then own copies.
        checked = DeepNetwork(self.betas, self.omegas, self.activation)
        self.omegas = [np.array(o, dtype=self.dtype) for o in checked.omegas]
        self.betas = [np.array(b, dtype=self.dtype) for b in checked.betas]
        self.activations = _check_activations(self.activation, len(self.omegas) - 1)

    # --- sizes ---------------------------------------------------------------------------------

    @property
    def sizes(self) -> tuple[int, ...]:
        """(Di, D_1, ..., D_K, Do)."""
        return (self.omegas[0].shape[1],) + tuple(o.shape[0] for o in self.omegas)

    @property
    def num_parameters(self) -> int:
        """sum_k D_{k+1} (D_k + 1)."""
        return int(sum(o.size + b.size for o, b in zip(self.omegas, self.betas)))

    # --- conversion ----------------------------------------------------------------------------

    @classmethod
    def from_network(cls, network: ShallowNetwork | DeepNetwork, dtype=np.float64) -> MLP:
        """A trainable copy of a ShallowNetwork or DeepNetwork (e.g. one of the book's presets)."""
        if isinstance(network, ShallowNetwork):
            network = network.to_deep()
        if not isinstance(network, DeepNetwork):
            raise ParameterError(
                f"network must be a ShallowNetwork or DeepNetwork; got {type(network).__name__}."
            )
        return cls(list(network.betas), list(network.omegas), network.activations or
                   network.activation, dtype)

    def to_deep(self) -> DeepNetwork:
        """A frozen DeepNetwork with a copy of the current parameters (for the drawing code)."""
        activation = self.activations if self.activations else self.activation
        return DeepNetwork([b.copy() for b in self.betas], [o.copy() for o in self.omegas],
                           activation)

    def to_shallow(self) -> ShallowNetwork:
        """For K = 1: the ShallowNetwork with theta = [beta_0, Omega_0] and phi = [beta_1, Omega_1]."""
        if len(self.omegas) != 2:
            raise ParameterError(
                f"to_shallow needs exactly one hidden layer (K = 1); this MLP has sizes "
                f"{self.sizes}, K = {len(self.omegas) - 1}. Use to_deep() instead."
            )
        theta = np.column_stack([self.betas[0], self.omegas[0]])
        phi = np.column_stack([self.betas[1], self.omegas[1]])
        return ShallowNetwork(theta, phi[0] if phi.shape[0] == 1 else phi, self.activations[0])

    def copy(self) -> MLP:
        """An independent copy (parameters copied)."""
        return MLP([b.copy() for b in self.betas], [o.copy() for o in self.omegas],
                   self.activations or self.activation, self.dtype)

    def parameters(self) -> list[np.ndarray]:
        """The parameter arrays in order beta_0, Omega_0, ..., beta_K, Omega_K (live views)."""
        return [p for pair in zip(self.betas, self.omegas) for p in pair]

    # --- forward and backward ------------------------------------------------------------------

    def forward(self, x) -> Trace:
        """Run the network on x ((N, Di); (N,) when Di = 1), keeping every layer (Trace)."""
        h = as_batch(x, self.sizes[0]).astype(self.dtype, copy=False)
        x = h
        preactivations, activations = [], []
        for k, (beta, omega) in enumerate(zip(self.betas, self.omegas)):
            # f_k = beta_k + Omega_k h_k
            f = h @ omega.T + beta
            preactivations.append(f)
            if k < len(self.activations):
                # h_{k+1} = a[f_k]
                h = np.asarray(self.activations[k].fn(f), dtype=self.dtype)
                activations.append(h)
        return Trace(x, preactivations, activations)

    def __call__(self, x) -> np.ndarray:
        """The output f_K, (N, Do)."""
        return self.forward(x).output

    def backward(self, trace: Trace, doutput) -> Gradients:
        """Backpropagate dL/doutput ((N, Do)) through the layers of ``trace``.

        Book eqs. 7.22-7.24, for k = K..0 with g_K = dL/df_K:
            dL/dbeta_k  = sum_n g_k[n]                 (D_{k+1},)
            dL/dOmega_k = g_k^T h_k                    (D_{k+1}, D_k)
            dL/dh_k     = g_k Omega_k                  (N, D_k)
            g_{k-1}     = a'[f_{k-1}] * dL/dh_k        (elementwise)
        """
        g = np.asarray(doutput, dtype=self.dtype)
        if g.shape != trace.output.shape:
            raise ParameterError(
                f"doutput must have the output's shape (N, Do) = {shape_text(trace.output.shape)}; "
                f"got {shape_text(g.shape)}."
            )
        K = len(self.omegas) - 1
        dbetas, domegas = [None] * (K + 1), [None] * (K + 1)
        dpre, dact = [None] * (K + 1), [None] * K
        for k in range(K, -1, -1):
            dpre[k] = g
            h = trace.activations[k - 1] if k > 0 else trace.x
            dbetas[k] = g.sum(axis=0)
            domegas[k] = g.T @ h
            dh = g @ self.omegas[k]
            if k > 0:
                dact[k - 1] = dh
                g = dh * self.activations[k - 1].derivative(trace.preactivations[k - 1])
        return Gradients(dbetas, domegas, dpre, dact, dh)


# --- initialisers -------------------------------------------------------------------------------


def _he_uniform(rng, fan_in, fan_out, size):
    # U(-b, b), b = sqrt(6 / fan_in): variance 2 / fan_in (He et al. 2015; PyTorch kaiming_uniform_)
    bound = np.sqrt(6.0 / fan_in)
    return rng.uniform(-bound, bound, size)


def _he_normal(rng, fan_in, fan_out, size):
    # N(0, 2 / fan_in), book eq. 7.32
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size)


def _glorot_uniform(rng, fan_in, fan_out, size):
    # U(-b, b), b = sqrt(6 / (fan_in + fan_out)): variance 2 / (fan_in + fan_out)
    bound = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-bound, bound, size)


def _glorot_normal(rng, fan_in, fan_out, size):
    # N(0, 2 / (fan_in + fan_out)) (Glorot and Bengio 2010)
    return rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size)


#: Weight initialisers by name; each draws Omega_k (D_{k+1}, D_k) from fan_in = D_k, fan_out = D_{k+1}.
INITIALISERS: dict[str, Callable] = {
    "he_uniform": _he_uniform,
    "he_normal": _he_normal,
    "glorot_uniform": _glorot_uniform,
    "glorot_normal": _glorot_normal,
}


def init_mlp(sizes, *, init: str = "he_normal", seed=0, activation="relu", bias: float = 0.0,
             dtype=np.float64) -> MLP:
    """A fresh MLP with sizes (Di, D_1, ..., D_K, Do) and weights drawn by ``init``.

    init: a name from :data:`INITIALISERS` ("he_uniform", "he_normal", "glorot_uniform",
    "glorot_normal"), or a preset name from ``nnmath.presets.PRESETS`` (the book's fixed
    parameters; then ``sizes`` must match the preset, or be None). Biases are set to ``bias``.
    seed: an int or a np.random.Generator; the same seed gives the same network.
    """
    if isinstance(init, str) and init not in INITIALISERS:
        from .presets import PRESETS

        if init in PRESETS:
            model = MLP.from_network(PRESETS[init].factory(), dtype)
            if sizes is not None and tuple(sizes) != model.sizes:
                raise ParameterError(
                    f"preset {init!r} has sizes {model.sizes}; got sizes {tuple(sizes)}. Pass "
                    f"sizes=None (or the preset's sizes) with a preset initialisation."
                )
            return model
        from .checks import closest

        raise ParameterError(
            f"init must be one of {sorted(INITIALISERS)} or a preset name from "
            f"nnmath.presets.PRESETS; got {init!r}.{closest(init, list(INITIALISERS) + list(PRESETS))}"
        )
    sizes = _check_sizes(sizes)
    rng = make_rng(seed)
    draw = INITIALISERS[init]
    bias = as_finite_scalar(bias, "bias")
    omegas = [draw(rng, d_in, d_out, (d_out, d_in)) for d_in, d_out in zip(sizes[:-1], sizes[1:])]
    betas = [np.full(d_out, bias) for d_out in sizes[1:]]
    return MLP(betas, omegas, activation, dtype)


def make_rng(seed) -> np.random.Generator:
    """np.random.default_rng(seed), passing an existing Generator through; refuses None."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ParameterError(
            f"seed must be an int (or a np.random.Generator) so that runs are repeatable; got "
            f"{seed!r}. Pass e.g. seed=0."
        )
    return np.random.default_rng(int(seed))


def _check_sizes(sizes) -> tuple[int, ...]:
    try:
        values = tuple(int(s) for s in sizes)
        ok = len(values) >= 2 and all(v >= 1 and v == s for v, s in zip(values, sizes))
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ParameterError(
            f"sizes must list the layer widths (Di, D_1, ..., D_K, Do), at least two positive "
            f"integers, e.g. (1, 8, 1); got {sizes!r}."
        )
    return values


def parameter_count(sizes) -> int:
    """Number of weights and biases of an MLP with sizes (Di, D_1, ..., D_K, Do): sum D_{k+1}(D_k+1)."""
    sizes = _check_sizes(sizes)
    return int(sum((d_in + 1) * d_out for d_in, d_out in zip(sizes[:-1], sizes[1:])))


# --- losses -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LossValue:
    """A loss and its gradient with respect to the network output.

    value: the loss (float); doutput: (N, Do) = dL/doutput; errors: number of misclassified
    examples for the classification losses, None for least squares.
    """

    value: float
    doutput: np.ndarray
    errors: int | None = None


def least_squares(output, target, reduction: str = "mean") -> LossValue:
    """L = sum_n ||f[x_n] - y_n||^2 (book eq. 5.12), divided by N when reduction = "mean".

    output: (N, Do); target: (N, Do), or (N,) when Do = 1. dL/df = 2 (f - y) (/ N).
    """
    output = _check_output(output)
    target = as_float_array(target, "target")
    if target.ndim == 1 and output.shape[1] == 1:
        target = target[:, None]
    if target.shape != output.shape:
        raise ParameterError(
            f"target must have the output's shape (N, Do) = {shape_text(output.shape)} (or (N,) "
            f"for one output); got {shape_text(target.shape)}. Give one target per example."
        )
    scale = _scale(reduction, len(output))
    residual = output - target
    return LossValue(float(scale * np.sum(residual**2)), (2.0 * scale) * residual)


def binary_cross_entropy(output, labels, reduction: str = "mean") -> LossValue:
    """L = sum_n -[y log sig(f) + (1 - y) log(1 - sig(f))] for labels y in {0, 1} (book eq. 5.20).

    output: (N, 1) logits f (or (N,)); labels: (N,) of 0/1. Computed stably as
    softplus(f) - y f; dL/df = sig(f) - y (/ N). errors counts sign(f) disagreeing with y.
    """
    output = _check_output(output)
    if output.shape[1] != 1:
        raise ParameterError(
            f"binary cross-entropy needs one output (N, 1); got {shape_text(output.shape)}. "
            f"Use softmax_cross_entropy for several classes."
        )
    labels = check_labels(labels, len(output), 2)
    f = output[:, 0]
    scale = _scale(reduction, len(output))
    # softplus(f) = max(f, 0) + log(1 + exp(-|f|))
    value = np.sum(np.maximum(f, 0.0) + np.log1p(np.exp(-np.abs(f))) - labels * f)
    p = get_activation("sigmoid").fn(f)
    errors = int(np.count_nonzero((f > 0) != (labels == 1)))
    return LossValue(float(scale * value), (scale * (p - labels))[:, None], errors)


def softmax_cross_entropy(output, labels, reduction: str = "mean") -> LossValue:
    """L = sum_n -log softmax(f_n)[y_n] (book eq. 5.24) for integer labels y_n in 0..Do-1.

    output: (N, Do) logits; labels: (N,). dL/df = softmax(f) - onehot(y) (/ N). errors counts
    examples whose largest logit is not the label's.
    """
    output = _check_output(output)
    labels = check_labels(labels, len(output), output.shape[1])
    scale = _scale(reduction, len(output))
    shifted = output - output.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    total = exp.sum(axis=1, keepdims=True)
    rows = np.arange(len(labels))
    # -log softmax(f)[y] = log sum_j exp(f_j - m) - (f_y - m)
    value = np.sum(np.log(total[:, 0]) - shifted[rows, labels])
    grad = exp / total
    grad[rows, labels] -= 1.0
    errors = int(np.count_nonzero(np.argmax(output, axis=1) != labels))
    return LossValue(float(scale * value), scale * grad, errors)


#: Losses by name.
LOSSES: dict[str, Callable] = {
    "least_squares": least_squares,
    "binary_cross_entropy": binary_cross_entropy,
    "softmax_cross_entropy": softmax_cross_entropy,
}


def get_loss(name) -> Callable:
    """The loss function called ``name`` (a key of :data:`LOSSES`), or ``name`` if callable."""
    if callable(name):
        return name
    if name not in LOSSES:
        from .checks import closest

        raise ParameterError(
            f"loss must be one of {sorted(LOSSES)}; got {name!r}.{closest(str(name), LOSSES)}"
        )
    return LOSSES[name]


def check_labels(labels, n: int, num_classes: int) -> np.ndarray:
    """Integer class labels (n,) in 0..num_classes-1, else ParameterError saying which one is bad."""
    raw = as_float_array(labels, "labels")
    if raw.shape != (n,):
        raise ParameterError(
            f"labels must have shape (N,) = ({n},), one class index per example; got "
            f"{shape_text(raw.shape)}."
        )
    bad = (raw != np.round(raw)) | (raw < 0) | (raw >= num_classes)
    if bad.any():
        i = int(np.argmax(bad))
        raise ParameterError(
            f"labels must be integers in 0..{num_classes - 1} (the network has {num_classes} "
            f"class{'es' if num_classes > 1 else ''}" + (" for binary cross-entropy" if num_classes == 2
                                                    else "") +
            f"); labels[{i}] is {raw[i]:g}. Relabel the classes as 0, 1, ... or widen the output layer."
        )
    return raw.astype(np.int64)


def _check_output(output) -> np.ndarray:
    output = np.asarray(output, dtype=float) if not isinstance(output, np.ndarray) else output
    if output.ndim == 1:
        output = output[:, None]
    if output.ndim != 2:
        raise ParameterError(f"output must have shape (N, Do); got {shape_text(output.shape)}.")
    return output


def _scale(reduction: str, n: int) -> float:
    if reduction == "mean":
        return 1.0 / n
    if reduction == "sum":
        return 1.0
    raise ParameterError(f"reduction must be 'mean' or 'sum'; got {reduction!r}.")


# --- optimiser ----------------------------------------------------------------------------------


@dataclass(eq=False)
class GradientDescent:
    """Gradient descent with optional momentum and L1/L2 penalties on the weights Omega_k.

    Objective: L + l2 sum_k ||Omega_k||^2 + l1 sum_k |Omega_k|_1 (biases are not penalised).
    Momentum follows the book's eq. 6.11:
        m <- momentum * m + (1 - momentum) * grad,     phi <- phi - lr * m
    (momentum = 0 is plain gradient descent, phi <- phi - lr * grad).
    """

    lr: float
    momentum: float = 0.0
    l1: float = 0.0
    l2: float = 0.0
    _velocity: list = field(default=None, repr=False)

    def __post_init__(self):
        self.lr = as_finite_scalar(self.lr, "lr")
        if self.lr <= 0:
            raise ParameterError(f"lr must be a positive learning rate; got {self.lr:g}.")
        self.momentum = as_finite_scalar(self.momentum, "momentum")
        if not 0.0 <= self.momentum < 1.0:
            raise ParameterError(f"momentum must be in [0, 1); got {self.momentum:g}.")
        for name in ("l1", "l2"):
            value = as_finite_scalar(getattr(self, name), name)
            if value < 0:
                raise ParameterError(f"{name} must be a non-negative penalty weight; got {value:g}.")
            setattr(self, name, value)

    def penalty(self, model: MLP) -> float:
        """l2 sum ||Omega_k||^2 + l1 sum |Omega_k|_1."""
        total = 0.0
        for omega in model.omegas:
            if self.l2:
                total += self.l2 * float(np.sum(omega**2))
            if self.l1:
                total += self.l1 * float(np.sum(np.abs(omega)))
        return total

    def step(self, model: MLP, grads: Gradients) -> None:
        """Update the model's parameters in place by one step along -grad (plus penalties)."""
        params = model.parameters()
        flat = [g for pair in zip(grads.dbetas, grads.domegas) for g in pair]
        if self._velocity is None:
            self._velocity = [np.zeros_like(p) for p in params]
        for i, (p, g) in enumerate(zip(params, flat)):
            is_weight = i % 2 == 1
            if is_weight and (self.l1 or self.l2):
                # d/dOmega [l2 ||Omega||^2 + l1 |Omega|_1] = 2 l2 Omega + l1 sign(Omega)
                g = g + 2.0 * self.l2 * p + self.l1 * np.sign(p)
            if self.momentum:
                v = self._velocity[i]
                v *= self.momentum
                v += (1.0 - self.momentum) * g
                g = v
            p -= self.lr * g


# --- fitting ------------------------------------------------------------------------------------


@dataclass
class History:
    """What a training run records, for plots and animations.

    loss[e], errors[e]: the data loss and number of misclassified training examples (None for
    least squares) of the parameters after e epochs, e = 0..epochs; objective[e] adds the
    penalty. snapshots: copies of the model at the epochs in ``snapshot_epochs`` (the
    training trajectory to animate).
    """

    loss: list = field(default_factory=list)
    objective: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    num_examples: int = 0
    snapshot_epochs: list = field(default_factory=list)
    snapshots: list = field(default_factory=list)

    @property
    def error_percent(self) -> np.ndarray:
        """100 * errors / N per recorded epoch (classification losses)."""
        return 100.0 * np.asarray(self.errors, dtype=float) / self.num_examples


def fit(model: MLP, x, y, *, loss="least_squares", lr: float = 0.1, epochs: int = 100,
        batch_size: int | None = None, momentum: float = 0.0, l1: float = 0.0, l2: float = 0.0,
        seed=0, snapshot_every: int = 0, stop_at_zero_error: bool = False,
        callback: Callable | None = None) -> History:
    """Train ``model`` in place by (mini-batch) gradient descent; return its History.

    x: (N, Di) (or (N,) when Di = 1); y: targets (N, Do)/(N,) for least squares, class labels
    (N,) for the cross-entropies. batch_size None is full batch; otherwise each epoch visits a
    fresh permutation (drawn from ``seed``) in batches of ``batch_size``. snapshot_every > 0
    keeps a copy of the model every that many epochs (and at the start and end).
    callback(epoch, model, history) is called after each epoch; returning True stops.
    """
    x = as_batch(x, model.sizes[0])
    loss_fn = get_loss(loss)
    optimiser = GradientDescent(lr, momentum, l1, l2)
    rng = make_rng(seed)
    n = len(x)
    epochs = _check_count(epochs, "epochs", minimum=0)
    if batch_size is not None:
        batch_size = _check_count(batch_size, "batch_size", minimum=1)
    y = np.asarray(y)
    loss_fn(model(x[:1]), y[:1])  # check targets/labels against the output once, up front
    loss_fn(np.zeros((n, model.sizes[-1])), y)
    history = History(num_examples=n)

    def record(epoch: int, value: LossValue):
        history.loss.append(value.value)
        history.objective.append(value.value + optimiser.penalty(model))
        history.errors.append(value.errors)
        if snapshot_every and (epoch % snapshot_every == 0 or epoch == epochs):
            history.snapshot_epochs.append(epoch)
            history.snapshots.append(model.copy())

    for epoch in range(epochs + 1):
        trace = model.forward(x)
        full = loss_fn(trace.output, y)
        record(epoch, full)
        if epoch == epochs or (stop_at_zero_error and full.errors == 0):
            break
        if batch_size is None or batch_size >= n:
            optimiser.step(model, model.backward(trace, full.doutput))
        else:
            order = rng.permutation(n)
            for start in range(0, n, batch_size):
                batch = order[start:start + batch_size]
                batch_trace = model.forward(x[batch])
                value = loss_fn(batch_trace.output, y[batch])
                optimiser.step(model, model.backward(batch_trace, value.doutput))
        if callback is not None and callback(epoch + 1, model, history):
            final = loss_fn(model(x), y)
            record(epoch + 1, final)
            break
    if snapshot_every and (not history.snapshot_epochs or
                           history.snapshot_epochs[-1] != len(history.loss) - 1):
        history.snapshot_epochs.append(len(history.loss) - 1)
        history.snapshots.append(model.copy())
    return history


def _check_count(value, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ParameterError(f"{name} must be an integer >= {minimum}; got {value!r}.")
    return int(value)


# --- 1-D fits with a shallow ReLU network (universal approximation, book section 3.2) ----------


def constructive_fit(target: Callable, interval=(0.0, 1.0), hidden: int = 3) -> ShallowNetwork:
    """The shallow ReLU network that linearly interpolates ``target`` at hidden+1 equally spaced
    knots of ``interval``: one joint per region boundary, ``hidden`` linear regions (Fig. 3.5).

    target: a vectorised function of x; returns a ShallowNetwork (theta (D, 2), phi (D+1,)),
    D <= hidden (units with no change of slope are left out). As hidden grows, the maximum
    error shrinks like O(1/hidden^2) for a smooth target: the universal approximation theorem
    made visible.
    """
    hidden = _check_count(hidden, "hidden", minimum=1)
    lo, hi = (as_finite_scalar(v, "interval") for v in interval)
    if not lo < hi:
        raise ParameterError(f"interval must be (lo, hi) with lo < hi; got {interval!r}.")
    knots = np.linspace(lo, hi, hidden + 1)
    values = as_float_array(target(knots), "target(x)")
    if values.shape != knots.shape:
        raise ParameterError(
            f"target must map an array of x values (n,) to values (n,); got {shape_text(values.shape)} "
            f"for n = {len(knots)}."
        )
    return ShallowNetwork.through_points(knots, values)


@dataclass
class ShallowFit:
    """A gradient-descent fit of a 1-D target by a shallow net, with its trajectory.

    networks[i]: the ShallowNetwork after epochs[i] epochs (theta (D, 2), phi (D+1,));
    loss[e]: the loss after e epochs; dead: the final DeadUnits report.
    """

    epochs: list
    networks: list
    loss: list
    dead: DeadUnits


def fit_shallow_1d(x, y, hidden: int, *, init: str = "he_uniform", lr: float = 0.05,
                   epochs: int = 2000, batch_size: int | None = None, momentum: float = 0.0,
                   seed=0, snapshot_every: int = 50, bias: float = 0.0,
                   activation="relu", joints=None) -> ShallowFit:
    """Fit y ~ f[x] with a 1-input, ``hidden``-unit shallow network by gradient descent on the
    mean least-squares loss, recording the trajectory every ``snapshot_every`` epochs.

    x, y: (N,). Units that die (pre-activation <= 0 for every x) stop learning; the returned
    ``dead`` report names them, which is the informative failure the lecture wants to show.
    The weights are drawn by ``init``; the biases are all ``bias``, so with the default 0 every
    joint -theta_d0 / theta_d1 starts at x = 0. ``joints`` = (lo, hi) instead draws each
    unit's joint uniformly in [lo, hi] and sets theta_d0 = -theta_d1 * joint_d.
    """
    x = as_float_array(x, "x")
    y = as_float_array(y, "y")
    if x.ndim != 1 or y.shape != x.shape:
        raise ParameterError(
            f"x and y must be 1-D arrays of the same length (N,); got x {shape_text(x.shape)} "
            f"and y {shape_text(y.shape)}."
        )
    rng = make_rng(seed)
    model = init_mlp((1, _check_count(hidden, "hidden", 1), 1), init=init, seed=rng, bias=bias,
                     activation=activation)
    if joints is not None:
        lo, hi = (as_finite_scalar(v, "joints") for v in joints)
        if not lo <= hi:
            raise ParameterError(f"joints must be an interval (lo, hi) with lo <= hi; got {joints!r}.")
        # theta_d0 = -theta_d1 * joint_d puts unit d's joint at joint_d
        model.betas[0][:] = -model.omegas[0][:, 0] * rng.uniform(lo, hi, hidden)
    history = fit(model, x, y, loss="least_squares", lr=lr, epochs=epochs, batch_size=batch_size,
                  momentum=momentum, seed=rng, snapshot_every=max(1, snapshot_every))
    return ShallowFit(history.snapshot_epochs, [m.to_shallow() for m in history.snapshots],
                      history.loss, dead_units(model, x))


# --- dead units ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadUnits:
    """Which ReLU units are dead (never active) or never off on the data.

    dead[k], always_on[k]: (D_{k+1},) booleans for hidden layer k. A dead unit's
    pre-activation is <= 0 for every input, so it outputs 0 and receives zero gradient: it
    cannot recover. An always-on unit has no joint inside the data, so it only adds a linear term.
    """

    dead: list
    always_on: list

    @property
    def num_dead(self) -> int:
        return int(sum(d.sum() for d in self.dead))

    def report(self) -> str:
        """A one-paragraph, human-readable summary."""
        total = sum(d.size for d in self.dead)
        if not self.num_dead and not any(a.any() for a in self.always_on):
            return f"All {total} hidden units are active on part of the data."
        lines = []
        for k, (dead, on) in enumerate(zip(self.dead, self.always_on)):
            if dead.any():
                lines.append(f"layer {k + 1}: unit(s) {', '.join(map(str, np.flatnonzero(dead)))} "
                             f"dead (pre-activation <= 0 for every input, zero gradient)")
            if on.any():
                lines.append(f"layer {k + 1}: unit(s) {', '.join(map(str, np.flatnonzero(on)))} "
                             f"always on (no joint inside the data)")
        return f"{self.num_dead} of {total} hidden units are dead; " + "; ".join(lines) + "."


def dead_units(model: MLP, x) -> DeadUnits:
    """Find the dead and always-on hidden units of ``model`` on the inputs x (N, Di)."""
    trace = model.forward(x)
    dead = [np.all(f <= 0, axis=0) for f in trace.preactivations[:-1]]
    always_on = [np.all(f > 0, axis=0) for f in trace.preactivations[:-1]]
    return DeadUnits(dead, always_on)


# --- fast full-batch classifier training (book Fig. 20.2) ---------------------------------------


class _Shard:
    """Buffers and forward/backward pass for the rows [lo, hi) of the training set.

    inputs[k] is the row slice of the trainer's [1, h_k] (contiguous, no copy); grads[k]
    receives this shard's dW_k = [1, h_k]^T G_k.
    """

    def __init__(self, inputs, labels, sizes, lo, hi, dtype, grads=None):
        n = hi - lo
        self.inputs = [a[lo:hi] for a in inputs]
        self.labels = labels[lo:hi]
        self.pre = [np.empty((n, d), dtype=dtype) for d in sizes[1:]]
        self.dhidden = [np.empty((n, d), dtype=dtype) for d in sizes[1:-1]]
        self.mask = [np.empty((n, d), dtype=dtype) for d in sizes[1:-1]]
        self.grads = grads if grads is not None else [
            np.empty((d_in + 1, d_out), dtype=dtype) for d_in, d_out in zip(sizes[:-1], sizes[1:])]
        self.rowmax = np.empty((n, 1), dtype=dtype)
        self.rowsum = np.empty((n, 1), dtype=dtype)
        self.predicted = np.empty(n, dtype=np.int64)
        # flat positions of the label logits f_K[n, y_n] in the (n, Do) output
        self.label_at = np.arange(n) * sizes[-1] + self.labels

    def forward_backward(self, weights) -> tuple[float, int]:
        """Fill self.grads; return (sum_n loss_n, number of errors) of these rows."""
        K = len(weights) - 1
        inputs, pre = self.inputs, self.pre
        for k in range(K):
            np.matmul(inputs[k], weights[k], out=pre[k])           # f_k = [1, h_k] W_k
            np.maximum(pre[k], 0, out=inputs[k + 1][:, 1:])         # h_{k+1} = ReLU[f_k]
        logits = pre[K]
        np.matmul(inputs[K], weights[K], out=logits)
        # predicted class argmax_j f_Knj (the first one on ties, as np.argmax)
        np.argmax(logits, axis=1, out=self.predicted)
        errors = len(self.labels) - int(np.count_nonzero(self.predicted == self.labels))
        # softmax with the row maximum subtracted: f - m <= 0, exp never overflows
        np.max(logits, axis=1, keepdims=True, out=self.rowmax)
        logits -= self.rowmax
        flat = logits.reshape(-1)
        label_logit = flat[self.label_at]                           # f_y - m (<= 0)
        np.exp(logits, out=logits)
        np.sum(logits, axis=1, keepdims=True, out=self.rowsum)
        # sum_n [log sum_j exp(f_nj - m_n) - (f_ny - m_n)]
        loss = float(np.log(self.rowsum, dtype=np.float64).sum()
                     - label_logit.sum(dtype=np.float64))
        logits /= self.rowsum                                       # softmax(f_K)
        flat[self.label_at] -= 1.0                                  # G_K = softmax - onehot
        g = logits
        for k in range(K, -1, -1):
            np.matmul(inputs[k].T, g, out=self.grads[k])            # dW_k = [1, h_k]^T G_k
            if k:
                dh = self.dhidden[k - 1]
                np.matmul(g, weights[k][1:].T, out=dh)              # dL/dh_k = G_k Omega_k
                np.greater(pre[k - 1], 0, out=self.mask[k - 1])     # ReLU'[f_{k-1}]
                np.multiply(dh, self.mask[k - 1], out=dh)
                g = dh
        return loss, errors


class FullBatchTrainer:
    """Full-batch gradient descent on the mean softmax cross-entropy of a ReLU MLP, fast.

    Serves Fig. 20.2 (MNIST-1D, 4000 examples, ~10^5-10^6 epochs). The same maths as
    ``fit(model, x, labels, loss="softmax_cross_entropy", lr=lr)`` with no momentum or
    penalty, computed in ``dtype`` (float32 by default) with preallocated buffers, in-place
    updates and one matrix product per layer and direction: the bias is folded into the
    weights, W_k = [beta_k; Omega_k^T] of shape (D_k + 1, D_{k+1}), acting on [1, h_k].

    Forward:  f_k = [1, h_k] W_k,   h_{k+1} = ReLU[f_k]
    Loss:     L = (1/N) sum_n log sum_j exp(f_Knj) - f_Kn,y_n
    Backward: G_K = softmax(f_K) - onehot(y)   (N times dL/df_K)
              dW_k = [1, h_k]^T G_k,   G_{k-1} = (G_k Omega_k) * [f_{k-1} > 0]
    Update:   W_k <- W_k - (lr / N) dW_k

    threads > 1 splits the N examples into that many row blocks, each run by its own Python
    thread (NumPy and BLAS release the GIL), and adds their dW_k: the same gradient up to
    float rounding. Use it with a single-threaded BLAS (e.g. threadpoolctl.threadpool_limits(1)),
    since NumPy's elementwise work is single-threaded and BLAS threads on these small matrices
    scale poorly. threads = 1 (the default) is the exact order of sums of the stored book run.

    ``epoch`` counts the updates done; :meth:`step` returns the loss and the number of
    misclassified examples (argmax of the logits not the label) of the parameters before its
    update.
    """

    def __init__(self, model: MLP, x, labels, lr: float, dtype=np.float32, threads: int = 1):
        if any(a.name != "relu" for a in model.activations):
            raise ParameterError(
                "FullBatchTrainer supports ReLU hidden units only; got "
                f"{[a.name for a in model.activations]}. Use fit() for other activations."
            )
        self.lr = as_finite_scalar(lr, "lr")
        if self.lr <= 0:
            raise ParameterError(f"lr must be a positive learning rate; got {self.lr:g}.")
        sizes = model.sizes
        x = as_batch(x, sizes[0])
        n = len(x)
        threads = _check_count(threads, "threads", minimum=1)
        if threads > n:
            raise ParameterError(f"threads must be at most N = {n} (one example each); got {threads}.")
        self.labels = check_labels(labels, n, sizes[-1])
        self.activations = model.activations
        self.dtype = np.dtype(dtype)
        self.sizes = sizes
        self.epoch = 0
        self.num_examples = n
        dt = self.dtype
        # W_k = [beta_k; Omega_k^T], (D_k + 1, D_{k+1})
        self.weights = [np.ascontiguousarray(np.vstack([b[None, :], o.T]), dtype=dt)
                        for b, o in zip(model.betas, model.omegas)]
        self.grads = [np.empty_like(w) for w in self.weights]
        # [1, h_k], (N, D_k + 1); column 0 holds the ones that multiply the bias row
        self.inputs = [np.ones((n, d + 1), dtype=dt) for d in sizes[:-1]]
        self.inputs[0][:, 1:] = x
        bounds = np.linspace(0, n, threads + 1).astype(int)
        self._shards = [_Shard(self.inputs, self.labels, sizes, lo, hi, dt,
                               self.grads if i == 0 else None)
                        for i, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:]))]
        self._pool = None
        if threads > 1:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(threads - 1, thread_name_prefix="nnmath-train")

    def step(self) -> tuple[float, int]:
        """One epoch: forward, loss, backward, update. Returns (loss, errors) before the update."""
        weights = self.weights
        first, *others = self._shards
        futures = [self._pool.submit(s.forward_backward, weights) for s in others]
        loss, errors = first.forward_backward(weights)
        for shard, future in zip(others, futures):
            shard_loss, shard_errors = future.result()
            loss += shard_loss
            errors += shard_errors
            for total, part in zip(self.grads, shard.grads):
                total += part                                       # dW_k summed over rows
        scale = self.dtype.type(-self.lr / self.num_examples)
        for w, dw in zip(weights, self.grads):
            np.multiply(dw, scale, out=dw)
            w += dw                                                 # W_k -= (lr / N) dW_k
        self.epoch += 1
        return loss / self.num_examples, errors

    def close(self) -> None:
        """Stop the worker threads (threads > 1); the trainer cannot step afterwards."""
        if self._pool is not None:
            self._pool.shutdown()

    def evaluate(self) -> tuple[float, int]:
        """(loss, errors) of the current parameters, without updating them."""
        model = self.to_mlp()
        model_x = self.inputs[0][:, 1:].astype(np.float64)
        value = softmax_cross_entropy(model(model_x), self.labels)
        return value.value, value.errors

    def to_mlp(self) -> MLP:
        """The current parameters as an MLP (float64 copy)."""
        betas = [w[0].astype(np.float64) for w in self.weights]
        omegas = [w[1:].T.astype(np.float64) for w in self.weights]
        return MLP(betas, omegas, self.activations)

    def state(self) -> dict:
        """{'epoch': int, 'W0'..'WK': arrays}: everything a checkpoint needs to resume exactly."""
        state = {"epoch": self.epoch}
        state.update({f"W{k}": w.copy() for k, w in enumerate(self.weights)})
        return state

    def load_state(self, state: dict) -> None:
        """Restore parameters and epoch count saved by :meth:`state`."""
        for k, w in enumerate(self.weights):
            saved = np.asarray(state[f"W{k}"])
            if saved.shape != w.shape:
                raise ParameterError(
                    f"checkpoint W{k} has shape {shape_text(saved.shape)}; this model needs "
                    f"{shape_text(w.shape)}. The checkpoint belongs to a different model: delete it "
                    f"or point to the right folder."
                )
            w[...] = saved
        self.epoch = int(state["epoch"])
