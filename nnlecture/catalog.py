"""The catalog: one short entry per scene and figure.

It drives ``render.py list``, the CLI, the tests and the docs. Adding a scene is one module in
``scenes/`` plus one entry in ``ENTRIES`` below: its name, where it lives, a one-line summary,
what a lecturer may override with ``--params FILE.toml`` (slots of ``nnlecture.slots``, whose
defaults come from nnmath presets) and the work limits of ``nnlecture.limits``. A parameter
file is validated the same way for every entry, without importing Manim.
"""

from __future__ import annotations

import difflib
from typing import Any

import nnmath
from nnlecture.limits import (
    MAX_POLYGONS, composed_regions_limit, domain_limit, equal_parameters_limit, folding_limit,
    interval_limit, regions_limit, scene_domain_limit, stretch_limit, training_limit,
)
from nnlecture.slots import (
    BuildUpSlot, ChoiceSlot, DiagramNetworkSlot, Entry, FolderSlot, IntegerSlot, IntervalSlot,
    MatrixSlot, NetworkSlot, NumberSlot, NumbersSlot, PointSlot, ScalesSlot, StepNetworkSlot,
    VariantOption, VectorSlot,
)
from nnmath import presets as _presets
from nnmath import regression as _regression
from nnmath import regularization as _regularization


def scene(name: str, target: str, summary: str, **more: Any) -> Entry:
    """A scene entry; ``target`` is ``"scenes.module:Class"``, ``more`` the params, options
    and limits."""
    return Entry(name, "scene", summary, target, **more)


def figure(name: str, summary: str, **more: Any) -> Entry:
    """A figure entry, drawn by ``draw()`` of ``figures/<name>.py``."""
    return Entry(name, "figure", summary, f"figures.{name}:draw", **more)


# --- Parameters that several entries share --------------------------------------------------

#: Why a drawing bounds a network's hidden units (NetworkSlot.why_units).
EQUATION_ROOM = "the scene writes its equation on one line, which has room for"
UNIT_PANELS = "this draws one panel per hidden unit, laid out for"


def kinked(preset: str, doc: str, **more: Any) -> NetworkSlot:
    """A network whose exact linear pieces are drawn: its activation must have a kink."""
    return NetworkSlot(preset, doc, piecewise_linear=True, **more)


def folded(preset: str, doc: str) -> NetworkSlot:
    """A network of the folding scene, written out in its one-line equation."""
    return kinked(preset, doc, units=(1, 4), why_units=EQUATION_ROOM)


def x_interval(lo: float, hi: float) -> IntervalSlot:
    return IntervalSlot((lo, hi), "the input interval of x")


#: The two networks of Fig. 4.1 and their interval (the folding scene, composition, fold_view).
FOLDING = {"net1": folded("fig4_1_net1", "network 1, x -> y"),
           "net2": folded("fig4_1_net2", "network 2, y -> y'"),
           "interval": x_interval(-1.0, 1.0)}


def random_net(widths: tuple[int, ...], seed: int) -> dict[str, IntegerSlot]:
    """The slots of a random He-initialised ReLU net: its hidden widths and its seed."""
    return {"widths": IntegerSlot(widths, "hidden widths of the random He-initialised net", 1,
                                  1_000_000),
            "seed": IntegerSlot(seed, "seed of its weights")}


#: Fig. 3.3's 3-unit net on [0, 2], one panel per unit, and its activation variants.
SHALLOW = {
    "net": NetworkSlot("fig3_3", "the shallow network, x -> y", units=(3, 3),
                       why_units=UNIT_PANELS),
    "interval": x_interval(0.0, 2.0),
}
SHALLOW_VARIANTS = VariantOption(
    "net", {"relu": "fig3_3", "sigmoid": "fig3_3_sigmoid", "heaviside": "fig3_3_heaviside"},
    "The book's variants of Fig. 3.3 (sigmoid: 1/(1+exp(-5z)) with its own phi).")

#: Which stored run of the depth experiment (MNIST-1D, Fig. 20.2) is drawn.
DEPTH = {
    "mode": ChoiceSlot("book", ("book", "quick"), "which run of 'render.py train depth' to draw"),
    "out_dir": FolderSlot("folder holding depth_<mode>.npz (default: out/ beside render.py, "
                          "then, for book mode, the repository's stored run)"),
}

#: The fits of Fig. 3.5: constructive ones, then the gradient-descent race.
FITTING = {
    "hidden": IntegerSlot((3, 5, 10, 20), "hidden units of each constructive fit", 1, 200,
                          max_items=6),
    "fit_hidden": IntegerSlot(10, "hidden units of the gradient-descent fits", 1, 200),
    "epochs": IntegerSlot(30000, "epochs of gradient descent", 1, 100_000),
    "seed": IntegerSlot(6, "seed of the initial weights"),
}

#: Fig. 4.2: the Fig. 3.8 net, the second net its output is fed into, and the domain.
LEVEL_ROOM = "the scene writes its equations in its text column and counts each region, with room for"
FOLDING_2D = {
    "net": kinked("fig3_8", "the 2-input shallow network, x -> y", input_dim=2, units=(1, 4),
                  why_units=LEVEL_ROOM),
    "second": kinked("fig4_2_second", "the network its output is fed into, y -> y'", units=(1, 3),
                     why_units=LEVEL_ROOM),
    "xlim": IntervalSlot((-1.0, 1.0), "the input range of x1"),
    "ylim": IntervalSlot((-1.0, 1.0), "the input range of x2"),
}

#: Fig. 4.5: the two-layer net by the points of its pre-activations, and the interval.
BUILD_UP = {
    "net": BuildUpSlot("the two-layer net of Fig. 4.5, by the points its second-layer "
                       "pre-activations pass through"),
    "interval": x_interval(0.0, 2.0),
}

#: The example network of the notation scene (Fig. 4.6), within what fits across the screen.
NOTATION_NET = {
    "input_dim": IntegerSlot(3, "inputs D_i of the example network", 1, 6),
    "widths": IntegerSlot((4, 2, 3), "hidden widths D_1..D_K (each drawn as a column of squares; "
                          "at most 3 layers of 6 fit across the slide)", 1, 6, max_items=3),
    "output_dim": IntegerSlot(2, "outputs D_o", 1, 6),
}
NOTATION = {
    **NOTATION_NET,
    "depth": IntegerSlot(5, "K of the term-by-term count (1 input, 1 output)", 1, 100),
    "width": IntegerSlot(10, "D of the term-by-term count", 1, 10_000),
}

#: The random deep net of depth_efficiency; its shallow rival gets as many parameters.
EQUAL_NETS = random_net((6, 6, 6), seed=3)
DEEP_ROWS = "the scene writes the deep net's widths in one line and has room for"

#: Why a regions drawing bounds its number of layers (regions_limit's why_layers).
TABLE_ROWS = "the scene writes one row of its table per layer and has room for"
LAYER_COLOURS = "the figure gives each layer's edges their own colour and has"


#: Fig. 3.6's net: 1 input, one panel per hidden unit, 2 outputs.
TWO_OUTPUTS = {
    "net": kinked("fig3_6", "the shallow network, x -> (y_1, y_2)", output_dim=2, units=(1, 4),
                  why_units=UNIT_PANELS),
    "interval": x_interval(0.0, 2.0),
}
#: Fig. 3.8's net with a second output: 2 inputs, few units (each a plane drawn in 3-D).
PLANE_PANELS = "this draws every unit as its own plane in 3-D and has room for"
SHALLOW_2D = {
    "net": kinked("fig3_8_two_outputs", "the 2-input shallow network, (x1, x2) -> (y_1, y_2)",
                  input_dim=2, output_dim=2, units=(1, 4), why_units=PLANE_PANELS),
    "xlim": IntervalSlot((-1.0, 1.0), "the input range of x1"),
    "ylim": IntervalSlot((-1.0, 1.0), "the input range of x2"),
}


# --- The entries, in the order 'render.py list' shows them -------------------------------------

ENTRIES: tuple[Entry, ...] = (
    scene("folding", "scenes.folding:Folding",
          "Two 3-unit ReLU nets composed: the first folds [-1,1] three times, "
          "the second is copied into each fold (UDL Fig. 4.1, 4.3)",
          params=FOLDING, limits=(interval_limit("interval"), folding_limit)),
    scene("regions", "scenes.regions:Regions",
          "A random 2-input ReLU net cuts the square into linear regions layer by layer, "
          "with the count against the bound (UDL Figs. 3.8, 4.7)",
          params=random_net((6, 6, 6), seed=3), limits=(regions_limit(150_000, 4, TABLE_ROWS),)),
    scene("joints", "scenes.joints:Joints",
          "A 3-unit shallow net built step by step: lines, clipping at the joints, "
          "weighting, summing into linear regions; then parameters move (UDL Figs. 3.2-3.3)",
          params=SHALLOW, options={"activation": SHALLOW_VARIANTS},
          limits=(interval_limit("interval"),)),
    figure("shallow_build_up",
           "A 3-unit ReLU net in four steps: lines, clipped, weighted, summed; joints, "
           "inactive regions shaded, slope per region (UDL Fig. 3.3)",
           params=SHALLOW),
    figure("region_maps",
           "The output of the Fig. 3.8 net, exact per pixel, over its 7 regions (one flat), "
           "and of it fed into a second net (UDL Figs. 3.8, 4.2)",
           params={"net": kinked("fig3_8", "the 2-input shallow network", input_dim=2,
                                 units=(1, 50)),
                   "second": kinked("fig4_2_second", "the network its output is fed into, y -> y'"),
                   "xlim": IntervalSlot((-1.0, 1.0), "the input range of x1"),
                   "ylim": IntervalSlot((-1.0, 1.0), "the input range of x2")},
           limits=(domain_limit, composed_regions_limit)),
    figure("regions_exact_vs_grid",
           "A random 3x20 ReLU net: every exact region, edges by layer, beside what a "
           "100 x 100 grid of samples sees (the regions it misses marked)",
           params={**random_net((20, 20, 20), seed=1),
                   "grid": IntegerSlot(100, "pixels per side of the sampled grid", 2, 2000)},
           limits=(regions_limit(MAX_POLYGONS, 4, LAYER_COLOURS),)),
    figure("depth_training",
           "MNIST-1D, random labels: deeper nets reach 0 % training error in fewer epochs "
           "(UDL Fig. 20.2; stored book-mode run)",
           params=DEPTH),
    scene("depth_race", "scenes.depth_training:DepthTraining",
          "MNIST-1D, random labels: the four curves of UDL Fig. 20.2 drawn as the epochs "
          "run, each marked at 0 % error (stored book-mode run)",
          params=DEPTH),
    figure("regions_vs_parameters",
           "Most linear regions against parameters, shallow vs deep, 1 and 10 inputs "
           "(UDL Figs. 3.9, 4.7; 161,051 and 1.8e41, not the slides' typos)"),
    scene("svd", "scenes.svd:SVD",
          "The representation view: Theta as rotation, scaling, rotation (SVD); ReLU(Sx) "
          "and tanh(Sx) warp the plane; a trained 2-2-1 net untangles two classes",
          params={"theta": MatrixSlot(((0.19, 1.84), (-0.97, -0.93)), "the 2x2 linear map Theta",
                                      hint="[[0.19, 1.84], [0.97, 0.93]] (det < 0) shows one "
                                           "reflection")},
          limits=(stretch_limit,)),
    figure("universal_approximation",
           "A 1-D curve fitted by shallow ReLU nets: constructive fits with 3-20 units, and "
           "gradient descent failing from zero biases, working with spread joints (UDL Fig. 3.5)",
           params=FITTING, limits=(training_limit(FITTING),)),
    scene("fitting", "scenes.fitting:Fitting",
          "Universal approximation: constructive fits with more and more units, then "
          "gradient descent stuck from zero biases and fitting from spread joints (UDL Fig. 3.5)",
          params=FITTING, limits=(training_limit(FITTING),)),
    # --- planes: two outputs (Fig. 3.6), two inputs (Fig. 3.8) --------------------------------
    scene("two_outputs", "scenes.two_outputs:TwoOutputs",
          "1 input, 4 ReLU units, 2 outputs: each output weights the same clipped units, so "
          "both share the joints but not the slopes (UDL Fig. 3.6)",
          params=TWO_OUTPUTS, limits=(interval_limit("interval"),)),
    figure("shared_joints",
           "The 4 clipped units of a 1-input, 2-output net and both outputs, with the shared "
           "joints dotted through every panel and each output's slopes (UDL Fig. 3.6)",
           params=TWO_OUTPUTS, limits=(interval_limit("interval"),)),
    scene("shallow2d", "scenes.shallow2d:Shallow2D",
          "2 inputs, 3 units in 3-D: three planes clipped along their joint lines, weighted, "
          "summed into 7 convex polygons (one flat); the activation-pattern map; a second "
          "output on the same regions (UDL Fig. 3.8)",
          params=SHALLOW_2D, limits=(domain_limit,)),
    figure("planes_2d",
           "The Fig. 3.8 net as 3-D surfaces: three clipped planes, the summed surface of 7 "
           "exact polygons, and the map of the regions' activation patterns (UDL Fig. 3.8)",
           params=SHALLOW_2D, limits=(domain_limit,)),
)

# --- diagrams: network diagrams and merging two networks into one (issue 14) -----------------
def input_limit(net_key: str, x_key: str, side: str = "input", example: float = 0.5):
    """The forward pass's input ``x_key`` holds one number per input of ``net_key`` (with
    ``side = "output"``: one target per output)."""

    def check(params: dict[str, Any]) -> None:
        deep = nnmath.as_deep(params[net_key])
        count = deep.input_dim if side == "input" else deep.output_dim
        what = "number per input" if side == "input" else "target per output"
        if len(params[x_key]) != count:
            raise nnmath.ParameterError(
                f"'{x_key}' must give one {what} of '{net_key}', which has {count}; got "
                f"{len(params[x_key])}: {list(params[x_key])}. Write {x_key} = "
                f"{[example] * count if count > 1 else example}.")

    return check


DIAGRAM = {
    "net": DiagramNetworkSlot("fig3_3", "the network drawn first, with a forward pass"),
    "x": PointSlot((0.8,), "the input of the forward pass (one number per input)"),
    "deep": DiagramNetworkSlot("fig4_6", "the deep network drawn last, in matrix notation"),
}
#: Why the merge bounds the units of its two networks.
MERGE_ROOM = "the derivation writes one line per unit and the diagram labels every arrow, with room for"
MERGE = {
    "net1": kinked("fig4_1_net1", "network 1, x -> y", units=(1, 3), why_units=MERGE_ROOM),
    "net2": kinked("fig4_1_net2", "network 2, y -> y'", units=(1, 3), why_units=MERGE_ROOM),
}

ENTRIES += (
    scene("diagram", "scenes.diagram:Diagram",
          "Network diagrams from the network itself: one arrow per parameter with its symbol or "
          "value, bias nodes, a forward pass with real numbers, a deep net in matrix notation "
          "(UDL Figs. 3.4, 4.4, 4.6)",
          params=DIAGRAM, limits=(input_limit("net", "x"),)),
    figure("network_diagrams",
           "The shallow net of Fig. 3.3 as a diagram with bias nodes and symbols, beside the deep "
           "3-4-2-3-2 net of Fig. 4.6 with its matrix labels (UDL Figs. 3.4, 4.6)",
           params={key: DIAGRAM[key] for key in ("net", "deep")}),
    scene("merge", "scenes.merge:Merge",
          "Two composed networks become one two-layer network: substitute y, expand, collect "
          "psi_i0 and psi_ij, the merged diagram, and the check that it equals the composition "
          "(UDL Figs. 4.1, 4.4)",
          params=MERGE),
    figure("merged_network",
           "The psi derivation with the Fig. 4.1 numbers, the merged two-layer network's "
           "diagram, and its graph over the composition's (UDL Figs. 4.1, 4.4)",
           params=MERGE),
    # --- group folding2d: Fig. 4.2 (level sets) and Fig. 4.5 (clipping) ------------------------
    scene("folding2d", "scenes.folding2d:Folding2D",
          "Fig. 3.8's 7 regions fed into a 2-unit second net: each of its joints is a level "
          "set of y cutting regions, 7 + 2 + 4 = 13 (UDL Fig. 4.2)",
          params=FOLDING_2D, limits=(scene_domain_limit,)),
    figure("folding_2d",
           "Fig. 3.8's output, the second net's joints as its level sets cutting 2 + 4 regions, "
           "and the composition's 13 regions (UDL Fig. 4.2)",
           params=FOLDING_2D, limits=(domain_limit,)),
    scene("clipping", "scenes.clipping:Clipping",
          "Two layers, one input: the second layer's pre-activations share layer 1's joints, "
          "clipping adds a joint at each zero crossing, 12 regions in all (UDL Fig. 4.5)",
          params=BUILD_UP, limits=(interval_limit("interval"),)),
    figure("deep_build_up",
           "Two layers, one input: pre-activations sharing layer 1's joints, clipped (new "
           "joints at zero crossings), weighted, summed into 12 regions (UDL Fig. 4.5)",
           params=BUILD_UP, limits=(interval_limit("interval"),)),
    # --- group D: notation, depth efficiency, the composition figures ----------------------
    scene("notation", "scenes.notation:Notation",
          "Hyperparameters K and D_k; scalar equations -> vectors -> matrices -> "
          "h_{k+1} = a[beta_k + Omega_k h_k]; every beta_k, Omega_k of the Fig. 4.6 net drawn "
          "to shape; the parameter count term by term (UDL Fig. 4.6)",
          params=NOTATION),
    figure("layer_shapes",
           "The Fig. 4.6 net (3 -> 4, 2, 3 -> 2): every beta_k and Omega_k as a block of its "
           "shape with its values, and the 43 parameters layer by layer (UDL Fig. 4.6)",
           params=NOTATION_NET),
    scene("depth_efficiency", "scenes.depth_efficiency:DepthEfficiency",
          "Shallow vs deep at equal parameters: Figs. 3.9 and 4.7 growing (51,001 parameters, "
          "> 10^107 regions; 471 / 161,051; 10,801 / 1.8e41), 20 vs 19 parameters, and two random "
          "nets' exact counts against their bounds",
          params=EQUAL_NETS, limits=(equal_parameters_limit(2_000), regions_limit(2_000, 4, DEEP_ROWS))),
    figure("depth_counts",
           "A random deep net (2-6-6-6-1) and a shallow net with as many parameters (2-27-1): "
           "their exact regions, each count against its bounds (eq. 4.17 a lower bound, "
           "Zaslavsky exact)",
           params=EQUAL_NETS, limits=(equal_parameters_limit(2_000), regions_limit(2_000, 4, DEEP_ROWS))),
    figure("composition",
           "Two 3-unit nets composed: network 1 folds [-1,1] three times, the composition has 9 "
           "regions from 20 parameters; x = -0.5, 0.3, 0.8 share one y (UDL Fig. 4.1)",
           params=FOLDING, limits=(interval_limit("interval"), folding_limit)),
    figure("fold_view",
           "Composition as folding: fold the x-line at network 1's turns, apply network 2 to "
           "the folded line, unfold into the composition (UDL Fig. 4.3)",
           params=FOLDING, limits=(interval_limit("interval"), folding_limit)),
)

# --- group views: functional vs representation view; the svd scene's figures ---------------
#: The slides' linear map (svd_factors; the svd scene has its own entry).
SVD_THETA = MatrixSlot(((0.19, 1.84), (-0.97, -0.93)), "the 2x2 linear map Theta",
                       hint="[[0.19, 1.84], [0.97, 0.93]] (det < 0) shows one reflection")
#: The 2-2-1 ReLU classifier of the representation scene and the two_views figure.
VIEWS = {"seed": IntegerSlot(3, "seed of the 2-2-1 network's initial weights"),
         "epochs": IntegerSlot(2000, "epochs of gradient descent on the bent bands", 1, 20_000)}

ENTRIES += (
    scene("representation", "scenes.representation:Representation",
          "Functional vs representation view: one trained 2-2-1 ReLU classifier, its bent "
          "boundary y(x) = 0 in x, and the straight line it is in h (deck 002)",
          params=VIEWS),
    figure("two_views",
           "One trained 2-2-1 ReLU classifier two ways: y(x) with its exact bent boundary in x, "
           "and the straight line y = 0 in its hidden representation h (deck 002)",
           params=VIEWS),
    figure("svd_factors",
           "The slide's Theta = U S V^T as a grid and the unit circle after V^T, S and U, with "
           "the factors' values: two rotations (det +1), not a reflection (deck 002)",
           params={"theta": SVD_THETA}, limits=(stretch_limit,)),
    figure("warping",
           "ReLU(Sx) and tanh(Sx) of the grid Theta makes, for two scales S, each on its own "
           "axes; the svd scene's 2-2-1 tanh net separating two bands, in x and in h (deck 002)",
           params={"scales": ScalesSlot((0.5, 2.0), "the two scale factors S of a[S x]")}),
)

# --- group playground: the offline interactive page (a new kind of entry) -------------------
def page(name: str, summary: str, **more: Any) -> Entry:
    """A page entry: one self-contained HTML file, written by ``write(params, theme, out)``
    of ``nnlecture/<name>.py`` (its ``page()`` gives the text)."""
    return Entry(name, "page", summary, f"nnlecture.{name}:write", **more)


def relu_only(key: str):
    """The page's JavaScript computes ReLU units only."""

    def check(params: dict[str, Any]) -> None:
        name = params[key].activation.name
        if name != "relu":
            raise nnmath.ParameterError(
                f"{key}.activation must be \"relu\": the page computes ReLU units only; got "
                f"activation = {name!r}. Write activation = \"relu\" or leave it out.")

    return check


PLAYGROUND = {
    "net": kinked("fig3_8", "the network the page opens with (2 inputs, 3 ReLU units)",
                  input_dim=2, units=(3, 3), why_units="the page has sliders for exactly"),
    "seed": IntegerSlot(0, "seed of the data set (a disc of 30 points inside a ring of 30)",
                        0, 2**32 - 1),
}

ENTRIES += (
    page("playground",
         "An offline page: a 2-3-1 ReLU net with a slider per parameter, its output map, exact "
         "linear regions and their count live; gradient descent on a disc-and-ring data set from "
         "starts that get stuck and starts that succeed (decks 000, 001)",
         params=PLAYGROUND, limits=(relu_only("net"),)),
    figure("playground_starts",
           "The playground's classifier after gradient descent from a stuck start (a dead unit, "
           "two lines) and a good one (three lines fence in the disc), and every start's loss",
           params={"seed": PLAYGROUND["seed"]}),
)

# --- group gradients: cross-entropy and backpropagation (issue 15) ---------------------------


def class_limit(params: dict[str, Any]) -> None:
    """The true class is one of the logits' classes."""
    classes = len(params["logits"])
    if params["true_class"] > classes:
        raise nnmath.ParameterError(
            f"'true_class' must be a class of 'logits', 1 to {classes}; got {params['true_class']}. "
            f"Give true_class = 1 .. {classes}, or one logit per class.")


def relu_limit(net_key: str):
    """The backward pass on screen writes the ReLU's slope I[f > 0]: ReLU hidden units only."""

    def check(params: dict[str, Any]) -> None:
        names = sorted({a.name for a in nnmath.as_deep(params[net_key]).activations})
        if names and names != ["relu"]:
            raise nnmath.ParameterError(
                f"'{net_key}' must have ReLU hidden units: the backward pass is written with the "
                f"ReLU's slope I[f > 0]; got activation {', '.join(map(repr, names))}. Write "
                f'activation = "relu" in [{net_key}].')

    return check


CROSS_ENTROPY = {
    "logits": VectorSlot(_presets.CROSS_ENTROPY_LOGITS, "the network's outputs z for one example, "
                         "one per class", count=(2, 5)),
    "true_class": IntegerSlot(_presets.CROSS_ENTROPY_CLASS + 1, "the true class y, 1 = the first "
                              "logit", 1, 5),
    "predictions": VectorSlot(_presets.CROSS_ENTROPY_PREDICTIONS, "probabilities three predictions "
                              "give the true class (marked on the loss curve)", count=(1, 3),
                              above=0.02, below=1.0),
    "logit": NumberSlot(_presets.BINARY_LOGIT, "the single neuron's output f of the binary case"),
}
BACKPROP = {
    "net": DiagramNetworkSlot("backprop_example", "the ReLU network (one unit is off at the "
                              "example)", max_units=4, max_hidden=2),
    "x": PointSlot(_presets.BACKPROP_X, "the example's input (one number per input)"),
    "y": PointSlot((_presets.BACKPROP_Y,), "the example's target (one number per output)"),
}
BACKPROP_LIMITS = (input_limit("net", "x"), input_limit("net", "y", "output", 1.0), relu_limit("net"))

ENTRIES += (
    scene("cross_entropy", "scenes.cross_entropy:CrossEntropy",
          "The logarithmic loss of deck 001: logits as bars, softmax into probabilities summing "
          "to 1, -log p_y against p with three predictions, dL/dz = p - onehot(y), the binary case",
          params=CROSS_ENTROPY, limits=(class_limit,)),
    figure("log_loss",
           "Cross-entropy for one example: logits and softmax probabilities as bars, -log p with "
           "three predictions and the tangent -1/p_y, the gradient p - onehot(y)",
           params=CROSS_ENTROPY, limits=(class_limit,)),
    scene("backprop", "scenes.backprop:Backprop",
          "Backpropagation with real numbers on the diagram: the forward pass layer by layer, the "
          "loss, then dl/df, dl/dbeta, dl/dOmega, dl/dh backward layer by layer, an off ReLU "
          "passing 0 back, checked against finite differences (UDL section 7.4)",
          params=BACKPROP, limits=BACKPROP_LIMITS),
    figure("backprop_graph",
           "Backpropagation on one example: the diagram with dl/dparameter on every arrow, an off "
           "unit greyed, the forward and backward pass, the finite-difference check (UDL section 7.4)",
           params=BACKPROP, limits=BACKPROP_LIMITS),
)

# --- group neurons: activation functions, one neuron, XOR (issue 15) ---------------------------
ACTIVATION_ZOO = {
    "threshold": NumbersSlot(0.01, "sig'(z) below this counts as saturated (shaded)", 1e-4, 0.2),
    "leaky_alpha": NumbersSlot(0.1, "leaky ReLU's slope for z < 0", 0.0, 1.0),
    "prelu_alpha": NumbersSlot(0.25, "PReLU's slope for z < 0 (learned; the book draws 0.25)", 0.0, 1.0),
    "elu_alphas": NumbersSlot((0.5, 1.0), "ELU's alpha, one curve each (beside SELU)", 0.05, 3.0,
                              max_items=2),
    "swish_betas": NumbersSlot((0.4, 1.0, 1.4), "Swish's beta, one curve each", 0.05, 5.0,
                               max_items=3),
}
NEURON = {
    "seed": IntegerSlot(3, "seed of the two-class data set"),
    "points": IntegerSlot(8, "points per class", 2, 20),
    "start": NumbersSlot((-0.5, 0.5, 0.3), "w1, w2, b of the perceptron's first line", -5.0, 5.0,
                         length=3),
    "rate": NumbersSlot(0.5, "the perceptron's step: w <- w + rate y x, b <- b + rate y", 0.01, 10.0),
    "logistic_steps": IntegerSlot(100, "gradient-descent steps of logistic regression", 1, 20_000),
}
XOR_ROOM = "the scene writes its equation and the values at the four corners, with room for"
XOR = {
    "step_net": StepNetworkSlot("the 2-2-1 network of step units (OR, NAND, then AND)"),
    "relu_net": kinked("xor_relu", "the ReLU network drawn last, (x1, x2) -> y", input_dim=2,
                       units=(1, 4), why_units=XOR_ROOM),
}

ENTRIES += (
    scene("activations", "scenes.activations:Activations",
          "Sigmoid, tanh and ReLU with their derivatives, where the sigmoid saturates, ReLU' = 1 "
          "when active; sig morphing into tanh(z) = 2 sig(2z) - 1; the zoo (UDL Fig. 3.13)",
          params=ACTIVATION_ZOO),
    figure("activation_zoo",
           "Sigmoid, tanh and ReLU with their derivatives (saturation shaded), and the book's zoo "
           "in four families with their parameters (UDL Fig. 3.13)",
           params=ACTIVATION_ZOO),
    scene("neuron", "scenes.neuron:Neuron",
          "One neuron: z = w . x + b, a threshold; perceptron (sign) and logistic regression "
          "(sigmoid); its boundary is a line with normal w, moved by the perceptron rule",
          params=NEURON),
    figure("neuron_boundary",
           "A neuron's decision line w . x + b = 0 on two classes: the perceptron rule's lines "
           "update by update, and logistic regression's probability map",
           params=NEURON),
    scene("xor", "scenes.xor:XOR",
          "XOR: no line separates it (tried lines, the proof); a 2-2-1 step network, OR and NAND "
          "then AND, its truth tables; the same with ReLU units and its linear regions",
          params=XOR),
    figure("xor_network",
           "XOR: the OR and NAND half-planes of a 2-2-1 step network with its truth table, and a "
           "2-unit ReLU network's output over its exact linear regions",
           params=XOR),
)


# --- group learning: linear regression (book ch. 2) --------------------------------------------
def regression_limit(params: dict[str, Any]) -> None:
    """The learning rate lets gradient descent converge on the data (checked before any step)."""
    if params["noise"] < 0:
        raise nnmath.ParameterError(f"'noise' is a standard deviation and must be >= 0; got "
                                    f"{params['noise']:g}. Write e.g. noise = {_presets.REGRESSION_NOISE}.")
    data = _regression.regression_data(params["points"], params["seed"], *params["line"], params["noise"])
    bound = _regression.learning_rate_bound(data)
    if not 0 < params["lr"] < bound:
        raise nnmath.ParameterError(
            f"'lr' must be between 0 and {bound:.4g} (2 / the largest curvature of the loss on these "
            f"data) for gradient descent to converge; got {params['lr']:g}. Write e.g. "
            f"lr = {bound / 3:.3g}.")


REGRESSION = {
    "points": IntegerSlot(_presets.REGRESSION_POINTS, "how many data points", 2, 200),
    "seed": IntegerSlot(_presets.REGRESSION_SEED, "the seed the data are drawn with", 0, 2**31 - 1),
    "line": VectorSlot(_presets.REGRESSION_LINE, "the line (intercept, slope) the data lie near",
                       count=(2, 2)),
    "noise": NumberSlot(_presets.REGRESSION_NOISE, "the standard deviation of the data's noise"),
    "start": VectorSlot(_presets.REGRESSION_START, "gradient descent's start (phi_0, phi_1)",
                        count=(2, 2)),
    "lr": NumberSlot(_presets.REGRESSION_LR, "gradient descent's learning rate (on the summed loss)"),
    "steps": IntegerSlot(_presets.REGRESSION_STEPS, "gradient descent's steps", 1, 500),
}

ENTRIES += (
    scene("regression", "scenes.regression:Regression",
          "1-D linear regression (UDL ch. 2): data, the line's residuals and least-squares loss, the "
          "loss surface over (phi_0, phi_1) with exact contours, gradient descent's path and the line "
          "moving in step, the normal equations' minimum",
          params=REGRESSION, limits=(regression_limit,)),
    figure("loss_surface",
           "Linear regression's loss surface (UDL Figs. 2.3-2.4): the data with the line at four "
           "steps of gradient descent, the surface over (phi_0, phi_1) with exact contours, the path "
           "and the least-squares minimum",
           params=REGRESSION, limits=(regression_limit,)),
)


# --- group learning: parameter-norm penalties (deck 001) ---------------------------------------
#: The largest lambda a path may run to (beyond ||H w*||_inf the L1 minimum is the origin).
MAX_LAMBDA = 100.0


def regularization_limit(params: dict[str, Any]) -> None:
    """H is a bowl, and 0 <= compare_lambda <= largest_lambda <= MAX_LAMBDA."""
    _regularization.QuadraticLoss(params["minimum"], params["curvature"])  # checks H
    largest, compare = params["largest_lambda"], params["compare_lambda"]
    if not 0 < largest <= MAX_LAMBDA:
        raise nnmath.ParameterError(
            f"'largest_lambda' must be greater than 0 and at most {MAX_LAMBDA:g}; got {largest:g}. "
            f"Write e.g. largest_lambda = {_presets.REGULARIZATION_LARGEST:g}.")
    if not 0 <= compare <= largest:
        raise nnmath.ParameterError(
            f"'compare_lambda' must be from 0 to largest_lambda ({largest:g}); got {compare:g}. "
            f"Write e.g. compare_lambda = {largest / 2:g}.")


REGULARIZATION = {
    "minimum": VectorSlot(_presets.REGULARIZATION_MINIMUM, "w*, the minimum of the loss without a "
                          "penalty", count=(2, 2)),
    "curvature": MatrixSlot(_presets.REGULARIZATION_CURVATURE, "H of L(w) = 1/2 (w - w*)^T H (w - w*), "
                            "symmetric positive definite", hint="[[1, 0], [0, 1]] gives circles"),
    "largest_lambda": NumberSlot(_presets.REGULARIZATION_LARGEST, "lambda grows from 0 to this"),
    "compare_lambda": NumberSlot(_presets.REGULARIZATION_COMPARE, "the lambda at which both "
                                 "penalties' minima are compared"),
}

ENTRIES += (
    scene("regularization", "scenes.regularization:Regularization",
          "Parameter-norm penalties on two weights (deck 001): loss contours, L2 circles and L1 "
          "diamonds, the regularised minimum moving toward the origin (L2) or onto an axis (L1, an "
          "exact 0) as lambda grows, the touching contour and level set, both at one lambda",
          params=REGULARIZATION, limits=(regularization_limit,)),
    figure("penalties",
           "L2 and L1 penalties on two weights (deck 001): loss contours with circles and diamonds, "
           "each penalty's path of minima and the touching sets at one lambda, and both weights "
           "against lambda (L1's reach exactly 0, L2's only shrink)",
           params=REGULARIZATION, limits=(regularization_limit,)),
)

# --- group learning: capacity and overfitting (decks 001, 002) ---------------------------------
#: The most hidden units a model may have (beyond the points, least squares interpolates).
MAX_CAPACITY = 60


def capacity_limit(params: dict[str, Any]) -> None:
    """Capacities increase from 1 to MAX_CAPACITY; the noise is a standard deviation."""
    shown = params["capacities"]
    if any(b <= a for a, b in zip(shown, shown[1:])) or shown[0] < 1 or shown[-1] > MAX_CAPACITY:
        raise nnmath.ParameterError(
            f"'capacities' must be increasing numbers of hidden units from 1 to {MAX_CAPACITY}; got "
            f"{list(shown)}. Write e.g. capacities = {list(_presets.CAPACITY_SHOWN)}.")
    if not 0 <= params["noise"] <= 2:
        raise nnmath.ParameterError(
            f"'noise' is the standard deviation of the data's noise and must be from 0 to 2 (the "
            f"curve's height is 1); got {params['noise']:g}. Write e.g. noise = {_presets.CAPACITY_NOISE}.")


CAPACITY = {
    "points": IntegerSlot(_presets.CAPACITY_POINTS, "how many training points", 4, 100),
    "seed": IntegerSlot(_presets.CAPACITY_SEED, "the seed the data are drawn with", 0, 2**31 - 1),
    "noise": NumberSlot(_presets.CAPACITY_NOISE, "the standard deviation of the data's noise"),
    "capacities": IntegerSlot(_presets.CAPACITY_SHOWN, "the numbers of hidden units fitted in turn "
                              "(increasing; errors are drawn for every D up to the last)", 1,
                              MAX_CAPACITY, max_items=6),
}

ENTRIES += (
    scene("overfitting", "scenes.overfitting:Overfitting",
          "Capacity and overfitting (decks 001, 002): shallow ReLU fits with more hidden units to "
          "noisy points from y = sin 2 pi x, training and test error against the number of units, "
          "what we get against what we want",
          params=CAPACITY, limits=(capacity_limit,)),
    figure("capacity",
           "Capacity and overfitting: three fits of growing capacity over the training and test "
           "points, and training and test error against the number of hidden units",
           params=CAPACITY, limits=(capacity_limit,)),
)

BY_NAME: dict[str, Entry] = {entry.name: entry for entry in ENTRIES}
# one command per entry: a name used twice would hide an entry from the CLI
assert len(BY_NAME) == len(ENTRIES), sorted(e.name for e in ENTRIES)


def lookup(name: str) -> Entry:
    """The entry called ``name``; an unknown name suggests the closest one."""
    try:
        return BY_NAME[name]
    except KeyError:
        close = difflib.get_close_matches(name, BY_NAME, n=1, cutoff=0.5)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise LookupError(
            f"no scene, figure or page called '{name}'.{hint} Run 'python render.py list' to see them all."
        ) from None


def scenes() -> list[Entry]:
    return [e for e in ENTRIES if e.kind == "scene"]


def figures() -> list[Entry]:
    return [e for e in ENTRIES if e.kind == "figure"]


def pages() -> list[Entry]:
    return [e for e in ENTRIES if e.kind == "page"]
