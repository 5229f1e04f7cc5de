"""Deck 002's "functional vs representation view", with one trained classifier.

A 2-2-1 ReLU network trained on two bent bands (nnmath.representation.two_views). Left, the
functional view: the output y(x) as a function of the input, drawn as its exact level sets
y = c (thin; straight inside each linear region, bending at the units' joint lines, dashed) and
the decision boundary y(x) = 0 (thick), a bent line of straight pieces. Right, the
representation view: every point at its hidden values h = ReLU[beta_0 + Omega_0 x], where the
output is linear and the boundary is the straight line beta_1 + omega_1 . h = 0; the bent
line's pieces land on it (the arms, where a unit is off, on single points of the axes).
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection

from figures.style import LABEL, classes, number, slide, themed
from nnlecture.tex import affine_tex
from nnmath.representation import two_views

LEVEL_STEP = 2.0  # spacing of the level sets y = c drawn in the functional view


def draw(params: dict, theme="light"):
    views = two_views(seed=params["seed"], epochs=params["epochs"])
    boundary = views.boundary_x()
    images = views.boundary_h()
    logits = views.partition.evaluate(views.partition.vertices)[:, 0]
    levels = [c for c in np.arange(np.ceil(logits.min() / LEVEL_STEP), np.floor(logits.max() / LEVEL_STEP) + 1)
              * LEVEL_STEP if abs(c) > 1e-9]
    top = float(np.ceil(views.h.max() + 0.3))
    h_lo, h_hi = np.full(2, -0.5), np.full(2, max(top, 1.5))
    line = views.line_h(h_lo, h_hi)
    with themed(theme) as look:
        fig = slide()
        fig.get_layout_engine().set(wspace=0.06)
        left, right = fig.subplots(1, 2, width_ratios=[(views.box[1] - views.box[0])[0] / np.ptp(views.box, axis=0)[1], 1])
        # functional view
        contours = [s for c in levels for s in views.partition.level_set(c)]
        left.add_collection(LineCollection(contours, colors=look.guide, linewidths=1.2,
                                           label="_level sets"))
        for d, ends in enumerate(views.joint_segments()):
            if ends is not None:
                left.plot(ends[:, 0], ends[:, 1], ls=("--", ":")[d], lw=2.6, color=look.line(2 + d),
                          label=f"$h_{d + 1} = 0$")
        classes(left, views.x, views.labels, look)
        left.add_collection(LineCollection(boundary, colors=look.text, linewidths=4,
                                           label="_boundary"))
        lo, hi = views.box
        left.set_xlim(lo[0], hi[0])
        left.set_ylim(lo[1], hi[1])
        left.set_aspect("equal")
        for axis, (a, b) in ((left.xaxis, (lo[0], hi[0])), (left.yaxis, (lo[1], hi[1] - 0.5))):
            ticks = np.arange(np.ceil(a), np.floor(b) + 1)  # (none at the top: the title is there)
            axis.set_ticks(ticks, [number(t) for t in ticks])
        left.set_xlabel(f"$x_1$      (thin: $y = c$ in steps of {number(LEVEL_STEP)})")
        left.set_ylabel("$x_2$")
        left.set_title(f"functional view: $y$ as a function of $\\mathbf{{x}}$\nits boundary "
                       f"$y(\\mathbf{{x}}) = 0$ (thick) is a bent line of {len(boundary)} pieces\n"
                       f"{views.correct} of {len(views.labels)} points on their side",
                       fontsize=LABEL, pad=14)
        # representation view
        classes(right, views.h, views.labels, look)
        right.plot(line[:, 0], line[:, 1], color=look.text, lw=4)
        arms = np.array([seg[0] for seg in images if np.linalg.norm(seg[1] - seg[0]) < 1e-9])
        if len(arms):
            right.plot(arms[:, 0], arms[:, 1], ls="none", marker="D", ms=13, color=look.text,
                       zorder=5, label="an arm of $y = 0$, in $\\mathbf{h}$")
        right.set_xlim(h_lo[0], h_hi[0])
        right.set_ylim(h_lo[1], h_hi[1])
        right.set_aspect("equal")
        right.set_xlabel(r"$h_1$, with $\mathbf{h} = \mathrm{ReLU}[\boldsymbol{\beta}_0 + "
                         r"\boldsymbol{\Omega}_0\mathbf{x}]$")
        right.set_ylabel("$h_2$")
        equation = affine_tex(views.beta1, views.omega1, [r"\,h_1", r"\,h_2"]).replace("-", "\u2212")
        right.set_title(f"representation view: in $\\mathbf{{h}}$,\n$y = 0$ is a straight line:"
                        f"\n${equation} = 0$", fontsize=LABEL, pad=14)
        handles, labels = left.get_legend_handles_labels()
        more = right.get_legend_handles_labels()
        fig.legend(handles + more[0][2:], labels + more[1][2:], loc="outside lower center", ncols=5)
        fig.views, fig.levels, fig.arms = views, levels, arms  # for the tests
    return fig
