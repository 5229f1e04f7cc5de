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
from figures.style import SMALL, slide, themed

#: The second cue beside colour: one line style and one finish marker per depth.
LINE_STYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "D", "^")
#: Up to CAPTION_CHARS characters fit on the line under the plot (tested).
CAPTION_CHARS = 86


def last_error_caption(curves) -> str | None:
    """The line under the plot: how long the shallowest model kept its last wrong example
    (its late finish is that one example's wait, see experiments.depth), e.g. "1 hidden
    layer: 1 example still wrong at epoch 536,600, 0 % only at epoch 616,579" (the first stored
    epoch with one error; stored every 200 epochs there); None when it never reached 0 %."""
    k = min(curves.epochs)
    one, zero = curves.first_epoch_at_most(1)[k], curves.first_epoch_at_most(0)[k]
    if one is None or zero is None or zero <= one:
        return None
    return (f"{k} hidden layer{'s' if k > 1 else ''}: 1 example still wrong at epoch {int(one):,}, "
            f"0 % only at epoch {int(zero):,}")


def draw(params: dict, theme="light"):
    mode = params["mode"]
    curves = depth.load_result(depth.find_result(mode, params["out_dir"]))
    with themed(theme) as look:
        fig = slide()
        ax = fig.subplots()
        for i, k in enumerate(sorted(curves.epochs)):
            epochs = curves.scaled_epochs(k)
            done = epochs[-1] if curves.error_percent[k][-1] == 0 else None
            label = (f"{k} hidden layer{'s' if k > 1 else ''} ({depth.WIDTHS[k]} units, "
                     f"{depth.num_parameters(k):,} parameters)")
            style = dict(color=look.line(i), ls=LINE_STYLES[i % 4], lw=3)
            if done is not None:
                label += f": 0 % at epoch {int(done):,}"
                style.update(marker=MARKERS[i % 4], ms=13, markevery=[len(epochs) - 1])
            ax.plot(epochs, curves.error_percent[k], label=label, clip_on=False, **style)
        ax.set_ylim(0, 100)
        ax.set_xlim(0, None)
        ax.set_xlabel("epoch" if mode == "book" else "epoch (rescaled: learning rate x epochs as in book mode)")
        ax.set_ylabel("training error (%)")
        lr = curves.meta.get("lr")
        title = f"MNIST-1D with random labels, full-batch gradient descent (lr {lr:g})"
        if mode != "book":
            title += "\nquick mode: a rescaled approximation of the book's run"
        ax.set_title(title, pad=12)
        ax.legend(loc="upper right", handlelength=3.5, borderaxespad=1.0)
        ax.ticklabel_format(axis="x", style="plain")
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{int(v):,}"))
        caption = last_error_caption(curves)
        if caption:
            fig.supxlabel(caption, color=look.muted, fontsize=SMALL)
    return fig
