"""Book Fig. 20.2: deeper networks fit random labels in fewer epochs (MNIST-1D).

Percent training error against epoch for MLPs with 1, 2, 3 and 4 hidden layers of 298, 100, 75
and 63 units (about 15,200-15,300 parameters each), trained by full-batch gradient descent on
4000 MNIST-1D examples whose labels were randomly permuted. The curves are the stored result
of ``python render.py train depth --mode book`` (data/depth_book.npz, written by
``experiments.depth``); a quick-mode result from the output folder is drawn instead when the
parameter ``mode = "quick"`` is given, and is then labelled as a rescaled approximation.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from experiments import depth
from figures.style import SLIDE, themed


def draw(params: dict, theme="light"):
    mode = params["mode"]
    curves = depth.load_result(depth.find_result(mode, params["out_dir"]))
    with themed(theme) as look:
        fig, ax = plt.subplots(figsize=SLIDE, layout="constrained")
        for k, color in zip(sorted(curves.epochs), look.series):
            epochs = curves.scaled_epochs(k)
            done = epochs[-1] if curves.error_percent[k][-1] == 0 else None
            label = (f"{k} hidden layer{'s' if k > 1 else ''} ({depth.WIDTHS[k]} units, "
                     f"{depth.num_parameters(k):,} parameters)")
            if done is not None:
                label += f": 0 % at epoch {int(done):,}"
            ax.plot(epochs, curves.error_percent[k], color=color, lw=3, label=label)
        ax.set_ylim(0, 100)
        ax.set_xlim(0, None)
        ax.set_xlabel("epoch" if mode == "book" else "epoch (rescaled: learning rate x epochs as in book mode)")
        ax.set_ylabel("training error (%)")
        lr = curves.meta.get("lr")
        title = f"MNIST-1D with random labels, full-batch gradient descent (lr {lr:g})"
        if mode != "book":
            title += "\nquick mode: a rescaled approximation of the book's run"
        ax.set_title(title)
        ax.legend(loc="upper right")
        ax.ticklabel_format(axis="x", style="plain")
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{int(v):,}"))
    return fig
