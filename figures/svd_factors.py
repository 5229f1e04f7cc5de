"""Deck 002's SVD slide, drawn right: Theta = U S V^T as three moves of the plane.

Four panels: a grid over [-1, 1]^2 and the unit circle; after V^T (a rotation); after S V^T
(a stretch along the axes by the singular values); after U S V^T = Theta (a rotation again).
Each panel names its factor with its values. For the slides' Theta = [[0.19, 1.84],
[-0.97, -0.93]]: V^T turns by -71.3 degrees, S = diag(2.162, 0.744), U turns by -33.5 degrees
and det U = det V^T = +1: two rotations, not a rotation and a reflection as the slide says
(its U has det -1). A Theta with det < 0 shows exactly one reflection. All values come from
nnmath.svd.rotation_scale_rotation.
"""

from __future__ import annotations

import numpy as np

from figures.style import LABEL, SMALL, number, slide, themed
from nnmath import svd

GRID_LINES = 9  # per direction, over [-1, 1]^2


def draw(params: dict, theme="light"):
    theta = params["theta"]
    f = svd.rotation_scale_rotation(theta)
    grid = svd.grid_lines(-1, 1, GRID_LINES, samples=33)
    angles = np.linspace(0, 2 * np.pi, 241)
    circle = np.column_stack([np.cos(angles), np.sin(angles)])
    stages = [("x", np.eye(2))]
    so_far = np.eye(2)
    for name, matrix in f.steps():
        so_far = matrix @ so_far
        stages.append((name, so_far))
    reach = plane_reach([svd.linear_map(np.concatenate(grid), m) for _, m in stages])
    with themed(theme) as look:
        fig = slide()
        fig.get_layout_engine().set(wspace=0.04)
        axes = fig.subplots(1, 4, sharey=True)
        for k, (ax, (name, m)) in enumerate(zip(axes, stages)):
            for i, line in enumerate(grid):
                p = svd.linear_map(line, m)
                ax.plot(p[:, 0], p[:, 1], color=look.line(1) if i < GRID_LINES else look.line(0),
                        lw=1.6, solid_capstyle="butt")
            ring = svd.linear_map(circle, m)
            ax.plot(ring[:, 0], ring[:, 1], color=look.text, lw=3)
            e1 = m @ [1.0, 0.0]
            ax.plot([e1[0]], [e1[1]], "o", ms=10, color=look.highlight, zorder=5)
            ax.set_xlim(-reach, reach)
            ax.set_ylim(-reach, reach)
            ax.set_aspect("equal")
            ticks = np.arange(-np.floor(reach / 2), np.floor(reach / 2) + 1) * 2
            ax.set_xticks(ticks, [number(t) for t in ticks])
            ax.set_yticks(ticks, [number(t) for t in ticks])
            ax.set_title(stage_title(f, k), fontsize=LABEL, pad=8)
            ax.set_xlabel(factor_text(f, name), fontsize=SMALL, labelpad=8)
        axes[0].set_ylabel("$x_2$")
        fig.suptitle(summary(f), fontsize=LABEL + 1)
        fig.stages = stages  # for the tests: the matrices each panel applies
    return fig


def plane_reach(stages: list) -> float:
    """Half-width of every panel: each stage's grid (points (N, 2)) fits, rounded up to 0.5."""
    top = max(float(np.abs(p).max()) for p in stages)
    return max(1.5, float(np.ceil((top + 0.15) * 2) / 2))


def move_text(f: svd.RotationScaleRotation, name: str) -> str:
    """The move a factor makes: 'rotate by -71.3°', 'reflect in the line at 20.0°', 'stretch ...'."""
    if name == "S":
        s1, s2 = f.singular_values
        return f"stretch {s1:.3f}, {s2:.3f}"
    degrees = np.degrees(f.angle(name))
    verb = "mirror at" if name == f.reflection else "rotate"
    return f"{verb} {number(degrees, 1)}°"


def stage_title(f: svd.RotationScaleRotation, k: int) -> str:
    names = ["x", "Vt", "S", "U"]
    if k == 0:
        return "grid and unit circle\n(dot: $\\mathbf{e}_1$)"
    product = {1: "$V^T\\mathbf{x}$", 2: "$S\\,V^T\\mathbf{x}$", 3: "$U S V^T\\mathbf{x} = \\Theta\\mathbf{x}$"}[k]
    return f"{product}\n{move_text(f, names[k])}"


def factor_text(f: svd.RotationScaleRotation, name: str) -> str:
    """The factor a panel applies, with its values (two rows), below the panel."""
    if name == "x":
        return "$x_1$"
    symbol = {"Vt": "V^T", "S": "S", "U": "U"}[name]
    digits = 3 if name == "S" else 2
    rows = [", ".join(number(v, digits) for v in row) for row in f.factor(name)]
    return f"${symbol}$ = [[{rows[0]}],\n[{rows[1]}]]"


def matrix_text(m: np.ndarray, digits: int = 2) -> str:
    """[[a, b], [c, d]] with the lecture's minus sign."""
    return "[" + ", ".join("[" + ", ".join(number(v, digits) for v in row) + "]" for row in m) + "]"


def summary(f: svd.RotationScaleRotation) -> str:
    s1, s2 = f.singular_values
    theta = matrix_text(f.theta)
    if f.reflection is None:
        dets = "det U = det $V^T$ = +1: two rotations"
        sign, moves = "", "turn, stretch, turn"
    else:
        name = {"Vt": "$V^T$", "U": "U"}[f.reflection]
        dets = f"det {name} = \u22121: exactly one reflection"
        sign = "\u2212"
        moves = "mirror, stretch, turn" if f.reflection == "Vt" else "turn, stretch, mirror"
    return (f"$\\Theta$ = {theta} = U S $V^T$, read right to left: {moves}\n"
            f"{dets};  det $\\Theta$ = {sign}{s1:.3f} \u00b7 {s2:.3f} = {number(f.det, 3)}")
