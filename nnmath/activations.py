"""Activation functions a[z] and their derivatives a'[z] (book section 3.1.1, Fig. 3.13).

Every function is elementwise: it takes an array_like ``z`` of pre-activations of any shape and
returns a float array of the same shape. Each ``name`` has a partner ``name_derivative``.
:class:`Activation` bundles a function, its derivative and its parameters so a network can
carry "which activation" as one value; :func:`get_activation` builds one from a name.

Conventions at kinks (where the derivative does not exist) follow the deep-learning libraries:
ReLU'(0) = 0, LeakyReLU'(0) = PReLU'(0) = alpha, ELU'(0) = alpha (= 1 for the default), and
the Heaviside step is 1 at z = 0 (heaviside(z) = 1 for z >= 0) with derivative 0 everywhere.
"""

from __future__ import annotations

import math
import types
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .checks import ParameterError, as_finite_scalar, closest

#: SELU constants lambda and alpha (Klambauer et al. 2017), to full double precision.
SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717


def _z(z) -> np.ndarray:
    return np.asarray(z, dtype=float)


# --- ReLU family: piecewise linear with one kink at z = 0 -------------------------------------


def relu(z):
    """ReLU[z] = max(0, z): the rectified linear unit of the book's shallow networks."""
    return np.maximum(_z(z), 0.0)


def relu_derivative(z):
    """ReLU'[z] = 1 for z > 0, else 0 (0 at the kink)."""
    return (_z(z) > 0).astype(float)


def leaky_relu(z, alpha: float = 0.1):
    """LeakyReLU[z] = z for z > 0, alpha z otherwise. Default alpha = 0.1 as in the book's Fig. 3.13."""
    z = _z(z)
    return np.where(z > 0, z, as_finite_scalar(alpha, "alpha") * z)


def leaky_relu_derivative(z, alpha: float = 0.1):
    """LeakyReLU'[z] = 1 for z > 0, alpha otherwise."""
    return np.where(_z(z) > 0, 1.0, as_finite_scalar(alpha, "alpha"))


def prelu(z, alpha: float = 0.25):
    """PReLU[z]: a leaky ReLU whose slope alpha is a learned parameter (default 0.25, He et al. 2015)."""
    return leaky_relu(z, alpha)


def prelu_derivative(z, alpha: float = 0.25):
    """PReLU'[z] = 1 for z > 0, alpha otherwise."""
    return leaky_relu_derivative(z, alpha)


def heaviside(z):
    """Heaviside step H[z] = 1 for z >= 0, else 0 (the step units of the XOR example)."""
    return (_z(z) >= 0).astype(float)


def heaviside_derivative(z):
    """H'[z] = 0 wherever it exists (everywhere except z = 0, where 0 is returned too)."""
    return np.zeros_like(_z(z))


# --- Smooth saturating functions ----------------------------------------------------------------


def sigmoid(z, steepness: float = 1.0):
    """Logistic sigmoid 1 / (1 + exp(-k z)) with steepness k (the book's Fig. 3.3 variant uses k = 5).

    Computed without overflow: exp is only ever taken of -|k z|.
    """
    kz = as_finite_scalar(steepness, "steepness") * _z(z)
    e = np.exp(-np.abs(kz))
    return np.where(kz >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z, steepness: float = 1.0):
    """d/dz sigmoid = k s (1 - s) with s = sigmoid(z, k)."""
    s = sigmoid(z, steepness)
    return float(steepness) * s * (1.0 - s)


def tanh(z):
    """Hyperbolic tangent tanh[z] = (e^z - e^-z) / (e^z + e^-z)."""
    return np.tanh(_z(z))


def tanh_derivative(z):
    """tanh'[z] = 1 - tanh^2[z]."""
    return 1.0 - np.tanh(_z(z)) ** 2


# --- Smooth ReLU relatives ----------------------------------------------------------------------


def softplus(z):
    """Softplus[z] = log(1 + e^z), computed as logaddexp(0, z) so large z do not overflow."""
    return np.logaddexp(0.0, _z(z))


def softplus_derivative(z):
    """Softplus'[z] = sigmoid(z)."""
    return sigmoid(z)


_erf = np.frompyfunc(math.erf, 1, 1)


def _normal_cdf(z: np.ndarray) -> np.ndarray:
    # Phi(z) = (1 + erf(z / sqrt 2)) / 2, erf from the standard library (double precision).
    return 0.5 * (1.0 + _erf(z / math.sqrt(2.0)).astype(float))


def gelu(z):
    """GELU[z] = z Phi(z), Phi the standard normal CDF (exact erf form, not the tanh approximation)."""
    z = _z(z)
    return z * _normal_cdf(z)


def gelu_derivative(z):
    """GELU'[z] = Phi(z) + z phi(z), phi the standard normal density."""
    z = _z(z)
    density = np.exp(-0.5 * z**2) / math.sqrt(2.0 * math.pi)
    return _normal_cdf(z) + z * density


def swish(z, beta: float = 1.0):
    """Swish[z] = z sigmoid(beta z) (Ramachandran et al. 2017); beta = 1 gives SiLU."""
    return _z(z) * sigmoid(z, beta)


def swish_derivative(z, beta: float = 1.0):
    """Swish'[z] = s + beta z s (1 - s) with s = sigmoid(beta z)."""
    z = _z(z)
    s = sigmoid(z, beta)
    return s + float(beta) * z * s * (1.0 - s)


def silu(z):
    """SiLU[z] = z sigmoid(z) (sigmoid linear unit; swish with beta = 1)."""
    return swish(z, 1.0)


def silu_derivative(z):
    """SiLU'[z] = s + z s (1 - s) with s = sigmoid(z)."""
    return swish_derivative(z, 1.0)


def elu(z, alpha: float = 1.0):
    """ELU[z] = z for z > 0, alpha (e^z - 1) otherwise (Clevert et al. 2015)."""
    z = _z(z)
    alpha = as_finite_scalar(alpha, "alpha")
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))


def elu_derivative(z, alpha: float = 1.0):
    """ELU'[z] = 1 for z > 0, alpha e^z otherwise."""
    z = _z(z)
    alpha = as_finite_scalar(alpha, "alpha")
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))


def selu(z):
    """SELU[z] = lambda ELU_alpha[z] with the self-normalising constants lambda ~ 1.0507, alpha ~ 1.6733."""
    return SELU_SCALE * elu(z, SELU_ALPHA)


def selu_derivative(z):
    """SELU'[z] = lambda ELU'_alpha[z]."""
    return SELU_SCALE * elu_derivative(z, SELU_ALPHA)


# --- Bundles ------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Activation:
    """One activation function a[z] with its derivative, ready to apply to pre-activations.

    ``fn`` and ``derivative`` are elementwise callables with the parameters already bound;
    ``params`` holds those parameters (read-only); ``piecewise_linear`` is True for the
    continuous piecewise-linear functions with a single kink at 0 (relu, leaky_relu, prelu),
    the ones whose networks have exact linear regions; ``latex`` typesets the name for
    equations, e.g. ``\\mathrm{ReLU}``. Two activations are equal when their name and
    parameters are.
    """

    name: str
    fn: Callable[[np.ndarray], np.ndarray] = field(repr=False)
    derivative: Callable[[np.ndarray], np.ndarray] = field(repr=False)
    piecewise_linear: bool
    params: types.MappingProxyType
    latex: str

    def __call__(self, z):
        """a[z], elementwise."""
        return self.fn(z)

    def __reduce__(self):
        """Pickled as its name and parameters (its bound functions are rebuilt), so results
        holding networks can be kept on disk (nnlecture.results)."""
        return _activation_from, (self.name, dict(self.params))

    def _key(self):
        return (self.name, tuple(sorted(self.params.items())))

    def __eq__(self, other):
        return isinstance(other, Activation) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())


@dataclass(frozen=True)
class _Spec:
    fn: Callable
    derivative: Callable
    piecewise_linear: bool
    defaults: dict
    latex: str


_SPECS: dict[str, _Spec] = {
    "relu": _Spec(relu, relu_derivative, True, {}, r"\mathrm{ReLU}"),
    "leaky_relu": _Spec(leaky_relu, leaky_relu_derivative, True, {"alpha": 0.1},
                        r"\mathrm{LReLU}"),
    "prelu": _Spec(prelu, prelu_derivative, True, {"alpha": 0.25}, r"\mathrm{PReLU}"),
    "heaviside": _Spec(heaviside, heaviside_derivative, False, {}, r"\mathrm{heaviside}"),
    "sigmoid": _Spec(sigmoid, sigmoid_derivative, False, {"steepness": 1.0}, r"\mathrm{sig}"),
    "tanh": _Spec(tanh, tanh_derivative, False, {}, r"\tanh"),
    "softplus": _Spec(softplus, softplus_derivative, False, {}, r"\mathrm{softplus}"),
    "gelu": _Spec(gelu, gelu_derivative, False, {}, r"\mathrm{GELU}"),
    "silu": _Spec(silu, silu_derivative, False, {}, r"\mathrm{SiLU}"),
    "swish": _Spec(swish, swish_derivative, False, {"beta": 1.0}, r"\mathrm{swish}"),
    "elu": _Spec(elu, elu_derivative, False, {"alpha": 1.0}, r"\mathrm{ELU}"),
    "selu": _Spec(selu, selu_derivative, False, {}, r"\mathrm{SELU}"),
}


def _normalise_name(name: str) -> str:
    return str(name).strip().lower().replace("-", "_").replace(" ", "_")


def get_activation(name_or_activation, **params) -> Activation:
    """Return the :class:`Activation` called ``name_or_activation`` with ``params`` bound.

    ``name_or_activation`` is a name from :data:`ACTIVATIONS` (case, '-' and '_' do not
    matter: "Leaky-ReLU" works) or an Activation, which is returned as is, or rebuilt with
    ``params`` overriding its own. Parameters not given take their defaults, e.g.
    ``get_activation("sigmoid", steepness=5)`` is the book's 1 / (1 + exp(-5z)).
    """
    if isinstance(name_or_activation, Activation):
        if not params:
            return name_or_activation
        params = {**name_or_activation.params, **params}
        name_or_activation = name_or_activation.name
    if not isinstance(name_or_activation, str):
        raise ParameterError(
            f"activation must be a name such as 'relu' or an Activation; got "
            f"{name_or_activation!r} ({type(name_or_activation).__name__}). "
            f"Valid names: {', '.join(_SPECS)}."
        )
    name = _normalise_name(name_or_activation)
    if name not in _SPECS:
        raise ParameterError(
            f"unknown activation {name_or_activation!r}; valid names are "
            f"{', '.join(_SPECS)}.{closest(name, _SPECS)}"
        )
    spec = _SPECS[name]
    bound = dict(spec.defaults)
    for key, value in params.items():
        if key not in spec.defaults:
            allowed = ", ".join(spec.defaults) or "none"
            raise ParameterError(
                f"activation {name!r} has no parameter {key!r}; its parameters are: {allowed}."
                f"{closest(key, spec.defaults)}"
            )
        bound[key] = as_finite_scalar(value, f"{name} parameter {key!r}")

    def fn(z):
        return spec.fn(z, **bound)

    def derivative(z):
        return spec.derivative(z, **bound)

    return Activation(
        name=name,
        fn=fn,
        derivative=derivative,
        piecewise_linear=spec.piecewise_linear,
        params=types.MappingProxyType(bound),
        latex=spec.latex,
    )


def _activation_from(name: str, params: dict) -> Activation:
    return get_activation(name, **params)


#: Every activation by name, with its default parameters.
ACTIVATIONS: dict[str, Activation] = {name: get_activation(name) for name in _SPECS}


# --- The activations lecture: saturation, tanh from the sigmoid, the zoo (Fig. 3.13) --------------


def sigmoid_saturation(threshold: float) -> float:
    """z* > 0 with sig'(z) < ``threshold`` exactly where |z| > z* (the sigmoid "saturates").

    sig'(z) = sig(z)(1 - sig(z)) = 1 / (4 cosh^2(z/2)), so sig'(z) < t <=> cosh(z/2) > 1/(2 sqrt t)
    <=> |z| > 2 arccosh(1 / (2 sqrt t)). ``threshold`` in (0, 1/4) (sig' peaks at 1/4, at z = 0):
    0.01 gives z* = 4.585.
    """
    t = as_finite_scalar(threshold, "threshold")
    if not 0 < t < 0.25:
        raise ParameterError(f"threshold must lie between 0 and 0.25 (the sigmoid's derivative "
                             f"peaks at 1/4, at z = 0); got {t:g}. Try threshold = 0.01.")
    return float(2.0 * np.arccosh(1.0 / (2.0 * math.sqrt(t))))


def tanh_saturation(threshold: float) -> float:
    """z* > 0 with tanh'(z) < ``threshold`` exactly where |z| > z*: tanh' = 1 / cosh^2 z, so
    z* = arccosh(1 / sqrt t), ``threshold`` in (0, 1); 0.01 gives 2.993."""
    t = as_finite_scalar(threshold, "threshold")
    if not 0 < t < 1:
        raise ParameterError(f"threshold must lie between 0 and 1 (tanh' peaks at 1, at z = 0); "
                             f"got {t:g}. Try threshold = 0.01.")
    return float(np.arccosh(1.0 / math.sqrt(t)))


#: The three moves that turn sig(z) into tanh(z) = 2 sig(2z) - 1, one per unit of ``t``.
MORPH_STAGES = ("squeeze z by 2: sig(2z)", "stretch by 2: 2 sig(2z)", "shift down by 1: 2 sig(2z) - 1")


def sigmoid_to_tanh(z, t: float):
    """The curve t of the morph sig(z) -> tanh(z): s(t) sig(k(t) z) - c(t), elementwise in z.

    t in [0, 3]: on [0, 1] the input is squeezed (k from 1 to 2), on [1, 2] the output is
    stretched (s from 1 to 2), on [2, 3] it is shifted down (c from 0 to 1). t = 0 is sig(z),
    t = 3 is 2 sig(2z) - 1, which equals tanh(z): (1 - e^{-2z}) / (1 + e^{-2z}).
    """
    t = as_finite_scalar(t, "t")
    if not 0 <= t <= 3:
        raise ParameterError(f"t must lie between 0 (the sigmoid) and 3 (tanh); got {t:g}.")
    k = 1.0 + min(t, 1.0)
    s = 1.0 + min(max(t - 1.0, 0.0), 1.0)
    c = min(max(t - 2.0, 0.0), 1.0)
    return s * sigmoid(_z(z) * k) - c


@dataclass(frozen=True)
class ZooPanel:
    """One family of the book's zoo (Fig. 3.13): a heading and its activations, in order."""

    heading: str
    members: tuple[Activation, ...]


def activation_zoo(leaky_alpha: float = 0.1, prelu_alpha: float = 0.25,
                   elu_alphas=(0.5, 1.0), swish_betas=(0.4, 1.0, 1.4)) -> tuple[ZooPanel, ...]:
    """The book's zoo of Fig. 3.13 in four families (default: the book's parameters).

    ReLU with leaky ReLU and PReLU (piecewise linear, one kink at 0); softplus, GELU and SiLU
    (smooth); ELU for each alpha and SELU (exponential for z < 0: a kink at 0 unless the slope
    there is 1, i.e. ELU with alpha = 1); Swish z sig(beta z) for each beta (smooth).
    """
    return (
        ZooPanel("ReLU and leaky kin", (get_activation("relu"),
                                         get_activation("leaky_relu", alpha=leaky_alpha),
                                         get_activation("prelu", alpha=prelu_alpha))),
        ZooPanel("smooth ReLU-like", (get_activation("softplus"), get_activation("gelu"),
                                      get_activation("silu"))),
        ZooPanel("exponential for z < 0", (*(get_activation("elu", alpha=a) for a in elu_alphas),
                                           get_activation("selu"))),
        ZooPanel("Swish z sig(beta z)", tuple(get_activation("swish", beta=b) for b in swish_betas)),
    )


def has_kink(activation: Activation, eps: float = 1e-7) -> bool:
    """True when the derivative jumps at z = 0 (one-sided slopes differ by more than 1e-4)."""
    below, at, above = activation(np.array([-eps, 0.0, eps]))
    return bool(abs((above - at) / eps - (at - below) / eps) > 1e-4)
