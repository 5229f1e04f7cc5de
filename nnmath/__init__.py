"""nnmath: the mathematics of the lectures on shallow and deep networks, in pure NumPy.

Batch-first arrays: inputs (N, Di) (1-D when Di = 1), outputs (N, Do) (1-D when Do = 1).
No plotting and no file I/O: scenes and figures draw what these functions compute.
"""

from .activations import ACTIVATIONS, Activation, get_activation
from .approximation import approximation_ladder, demo_target, fitting_race
from .build_up import BuildUp, build_up, two_layer_through_points
from .checks import ParameterError
from .compose import as_deep, compose, psi
from .counting import (
    FIG3_9_POINT, FIG4_7_DEPTHS, FIG4_7_EXAMPLES, FIG4_7_WIDTHS, LayerTerm, RegionCurve,
    UniformCount, deep_curve, equal_parameter_width, max_regions_deep,
    max_regions_product, max_regions_shallow, num_parameters, parameter_terms, shallow_curve,
    uniform_count, leading_digits, fig4_7_units,
)
from .deep import DeepNetwork, DeepTrace
from .efficiency import EqualNets, equal_nets
from .folding import Composition, Fold, FoldCopy, FoldingMap, fold_copies, folding_map, shared_level
from .level_sets import LevelCuts, crossed_regions, crossings_by_level, level_cuts, value_ranges
from .piecewise import PiecewiseConstant, PiecewiseLinear, piecewise_linear, step_pieces
from .pixelmap import PatternMap, pattern_map
from .presets import PRESETS, Preset, random_relu_network
from .regions import Partition2D, regions_2d
from .shallow import ShallowNetwork, ShallowTrace
from .train import (
    MLP, FullBatchTrainer, GradientDescent, constructive_fit, dead_units, fit, fit_shallow_1d, init_mlp,
)
from .svd import (
    RotationScaleRotation, Untangling, bent_bands, rotation_scale_rotation, scaled_activation, untangle,
)

__all__ = [
    "ACTIVATIONS", "Activation", "Composition", "DeepNetwork", "DeepTrace", "Fold", "FoldCopy", "FoldingMap",
    "PRESETS", "ParameterError", "PiecewiseLinear", "Preset", "ShallowNetwork", "ShallowTrace",
    "as_deep", "compose", "fold_copies", "folding_map", "get_activation", "max_regions_deep",
    "max_regions_shallow", "num_parameters", "piecewise_linear", "psi", "shared_level",
    "RotationScaleRotation", "Untangling", "bent_bands", "rotation_scale_rotation",
    "scaled_activation", "untangle", "MLP", "FullBatchTrainer", "GradientDescent",
    "constructive_fit", "dead_units", "fit", "fit_shallow_1d", "init_mlp", "Partition2D",
    "PatternMap", "pattern_map", "random_relu_network", "regions_2d", "approximation_ladder",
    "demo_target", "fitting_race", "PiecewiseConstant", "step_pieces", "LevelCuts",
    "crossed_regions", "crossings_by_level", "level_cuts", "value_ranges", "BuildUp", "build_up",
    "two_layer_through_points",
    "LayerTerm", "RegionCurve",
    "UniformCount", "deep_curve", "equal_parameter_width", "max_regions_product", "parameter_terms",
    "shallow_curve", "uniform_count", "Composition", "FIG3_9_POINT", "FIG4_7_DEPTHS",
    "FIG4_7_EXAMPLES", "FIG4_7_WIDTHS", "leading_digits", "fig4_7_units", "EqualNets", "equal_nets",
]

# --- group views: functional vs representation view --------------------------------------------
from .representation import TwoViews, two_views  # noqa: E402

__all__ += ["TwoViews", "two_views"]

# --- group playground: the 2-3-1 classifier of the offline playground page ------------------
from .playground import Dataset, Start, descend, disc_and_ring, find_starts  # noqa: E402

__all__ += ["Dataset", "Start", "descend", "disc_and_ring", "find_starts"]

# --- group gradients: cross-entropy and backpropagation ---
from .backprop import Backprop, backprop, finite_differences, loss_of  # noqa: E402
from .cross_entropy import (  # noqa: E402
    BinaryLoss, ClassLoss, binary_cross_entropy_of, binary_curves, cross_entropy, log_loss, softmax,
)

__all__ += ["Backprop", "backprop", "finite_differences", "loss_of", "BinaryLoss", "ClassLoss",
            "binary_cross_entropy_of", "binary_curves", "cross_entropy", "log_loss", "softmax"]

# --- group neurons: activations lecture, one neuron, XOR ---------------------------------------
from .activations import (  # noqa: E402
    MORPH_STAGES, ZooPanel, activation_zoo, has_kink, sigmoid_saturation, sigmoid_to_tanh,
    tanh_saturation,
)
from .neuron import (  # noqa: E402
    LogisticFit, PerceptronRun, TwoClassData, fit_logistic, logistic_gradient, logistic_loss,
    logistic_output, perceptron, perceptron_output, two_class_data, weighted_sum,
)
from .xor import (  # noqa: E402
    XOR_INPUTS, XOR_TARGETS, StepNetwork, cover_count, gate_name, line_labellings, line_mistakes,
    or_nand_and, separation_certificate,
)

__all__ += [
    "MORPH_STAGES", "ZooPanel", "activation_zoo", "has_kink", "sigmoid_saturation",
    "sigmoid_to_tanh", "tanh_saturation", "LogisticFit", "PerceptronRun", "TwoClassData",
    "fit_logistic", "logistic_gradient", "logistic_loss", "logistic_output", "perceptron",
    "perceptron_output", "two_class_data", "weighted_sum", "XOR_INPUTS", "XOR_TARGETS",
    "StepNetwork", "cover_count", "gate_name", "line_labellings", "line_mistakes", "or_nand_and",
    "separation_certificate",
]
