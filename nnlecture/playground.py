"""The playground page: one offline HTML file for the exercise decks 000 and 001 send students
to TensorFlow Playground for (``render.py playground --out DIR`` writes ``playground.html``).

A 2-3-1 ReLU network with a slider per parameter; the map of its output over [-1, 1]^2, the
exact linear regions and their count, live as a slider moves; a 2-class data set and a train
button (gradient descent on the mean binary cross-entropy of sig(y)) with starts of which some
get stuck. The numbers come from ``nnmath.playground`` (data set, starts and what gradient
descent makes of them) and ``nnmath`` (the bound on the regions); the page's JavaScript
(``playground/playground.js``, read here) redoes the network's arithmetic live, and
tests/test_playground.py checks it against nnmath in Chromium. Everything is inline: no
network, no CDN; the page works opened from disk. The colours are the theme's.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import nnmath
from nnlecture.palette import THEMES
from nnmath import playground
from nnmath.regions import DISTANCE_RTOL

HERE = Path(__file__).resolve().parent / "playground"
FILE_NAME = "playground.html"
STAGE = (1920, 1080)  # the page is laid out for a 1080p slide and scaled to the window
FONTS = {"family": "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif", "label": 28,
         "body": 32, "title": 44}
MAP_CANVAS = 900  # the map's canvas (px); the map itself is LAYOUT["size"] px square in it
LAYOUT = {"left": 74, "top": 24, "size": 802}
SLIDER_RANGE = 5  # sliders run from -5 to 5 (wider when a value is outside)
EPOCHS_PER_FRAME = 10  # 2000 epochs play in about 3.5 s at 60 frames per second
START_LABELS = "ABCDEFGH"
#: What the page says of the network it opens with (and after "Book net").
BOOK_NOTE = ("The book's network of Fig. 3.8. Keys: Tab to a slider, then the arrows move it; "
             "A to E pick a start; Esc hands the keys back to the deck.")
#: How far the map's colours go from the background to each class's colour (sqrt of the
#: margin |2 P - 1|): further on black, where the mixed colours are darker.
TINT = {"light": 0.5, "dark": 0.7}


def page_data(params: dict[str, Any], theme: str) -> dict[str, Any]:
    """Everything the page's script needs, as JSON: the network, the data set, the starts
    (found by nnmath.playground.find_starts), the learning rate and the theme's colours."""
    net, data = params["net"], playground.disc_and_ring(params["seed"])
    starts = playground.page_starts(params["seed"])
    colors = THEMES[theme]
    return {
        "net": {"theta": net.theta.tolist(), "phi": net.phi.tolist()},
        "data": {"x": data.x.tolist(), "labels": data.labels.tolist(), "seed": data.seed},
        "starts": [{"label": label, "seed": s.seed, "theta": s.net.theta.tolist(),
                    "phi": s.net.phi.tolist(), "accuracy": s.accuracy, "why": s.why,
                    "dead": list(s.dead),
                    "good": s.good} for label, s in zip(START_LABELS, starts)],
        "lr": playground.LEARNING_RATE, "epochs": playground.EPOCHS,
        "epochs_per_frame": EPOCHS_PER_FRAME, "distance_rtol": DISTANCE_RTOL,
        "book_note": BOOK_NOTE,
        "slider_range": SLIDER_RANGE, "tint": TINT[theme], "point_radius": 11,
        "layout": LAYOUT, "fonts": FONTS,
        "colors": {"background": colors.background, "text": colors.text, "muted": colors.muted,
                   "axis": colors.axis, "edge": colors.guide, "boundary": colors.text,
                   "class0": colors.series[0], "class1": colors.series[2],
                   "class0_fill": colors.series[0], "class1_fill": colors.series[2],
                   "point_edge": colors.text, "loss": colors.highlight},
    }


def page(params: dict[str, Any], theme: str = "light", data: dict[str, Any] | None = None) -> str:
    """The page's HTML text for the resolved ``params`` (``net``, ``seed``) in ``theme``
    (``data``: page_data's, when already computed)."""
    data = data or page_data(params, theme)
    script = (HERE / "playground.js").read_text(encoding="utf-8")
    css = (HERE / "playground.css").read_text(encoding="utf-8")
    colors = data["colors"]
    variables = "".join(f"--{key.replace('_', '-')}: {value};" for key, value in colors.items())
    variables += f"--family: {FONTS['family']};" + "".join(
        f"--{key}: {FONTS[key]}px;" for key in ("label", "body", "title"))
    bound = nnmath.max_regions_shallow(2, 3)
    return TEMPLATE.format(
        variables=variables, css=css, map_size=MAP_CANVAS,
        bound=bound, groups=_sliders(), book_note=html.escape(data["book_note"]), starts=_starts(data["starts"]),
        lr=f"{playground.LEARNING_RATE:g}", epochs=playground.EPOCHS,
        data=json.dumps(data).replace("</", "<\\/"), script=script.replace("</script", "<\\/script"),
        theme=theme)


def _sliders() -> str:
    """One group of sliders per hidden unit (theta_d0, theta_d1, theta_d2), one for the output."""
    groups = []
    for d in range(1, 4):
        rows = [_slider(f"theta-{d}-{i}", f"θ<sub>{d}{i}</sub>", "theta", d - 1, i)
                for i in range(3)]
        groups.append(f'<fieldset><legend>unit {d}</legend>{"".join(rows)}</fieldset>')
    rows = [_slider(f"phi-{j}", f"φ<sub>{j}</sub>", "phi", j, 0) for j in range(4)]
    groups.append(f'<fieldset><legend>output</legend>{"".join(rows)}</fieldset>')
    return "".join(groups)


def _slider(key: str, symbol: str, kind: str, d: int, i: int) -> str:
    return (f'<div class="row"><label for="{key}"><span class="sym">{symbol}</span> '
            f'<span class="value" id="{key}-value"></span></label>'
            f'<input type="range" id="{key}" min="-{SLIDER_RANGE}" max="{SLIDER_RANGE}" '
            f'step="0.05" data-kind="{kind}" data-d="{d}" data-i="{i}"></div>')


def _starts(starts: list[dict[str, Any]]) -> str:
    return "".join(f'<button id="start-{s["label"]}" type="button" title="start {s["label"]}: '
                   f'seed {s["seed"]} (key {s["label"]})">{s["label"]}</button>' for s in starts)


def write(params: dict[str, Any], theme: str, out: Path,
          data: dict[str, Any] | None = None) -> Path:
    """Write ``out/playground.html`` atomically (a temporary file, then a rename)."""
    from nnlecture.files import temporary_beside

    text = page(params, theme, data)
    target = Path(out) / FILE_NAME
    temporary = temporary_beside(target)
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


def deck_part(params: dict[str, Any], theme: str, folder: Path) -> dict[str, Any]:
    """The page as a slide of a deck (nnlecture.parts): writes it into ``folder`` and returns
    its file name, its speaker notes (what nnmath predicts from each start) and the text of
    the still that stands in for it in the PDF handout and the PPTX (which cannot run it)."""
    data = page_data(params, theme)
    path = write(params, theme, folder, data)
    starts = [f"start {s['label']} (seed {s['seed']}): {s['why']}" for s in data["starts"]]
    notes = ("The playground: move a slider and watch the lines, the map and the count of "
             "linear regions (at most 7 for three lines) change; Escape hands the keys back "
             "to the deck. Train (T) runs gradient descent from the chosen start; nnmath "
             f"predicts after {playground.EPOCHS} epochs: " + "; ".join(starts) + ".")
    def outcome(start: dict[str, Any]) -> str:
        dead = [str(d) for d in start["dead"]]
        which = f"unit {dead[0]}" if len(dead) == 1 else "units " + ", ".join(dead)
        return (f"{start['label']}: {100 * start['accuracy']:.0f} %"
                + (f" ({which} dead)" if dead else ""))

    bullets = [
        "A 2-3-1 ReLU network with a slider for each of its 13 parameters, its output over "
        "the square, the exact linear regions and their count, live.",
        "Gradient descent on the binary cross-entropy, a disc of 30 points inside a ring of 30; "
        f"accuracy after {playground.EPOCHS} epochs from the starts "
        + "; ".join(outcome(s) for s in data["starts"]) + ".",
        f"Live in the HTML deck; or open {FILE_NAME} (python render.py playground) in a "
        "browser, offline.",
    ]
    return {"file": path.name, "notes": notes, "title": "Playground (interactive in the HTML deck)",
            "bullets": [b.replace("%", r"\%") for b in bullets]}  # LaTeX text


TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Playground: a 2-3-1 ReLU network</title>
<style>:root {{ {variables} }}
{css}</style>
</head>
<body class="{theme}">
<div id="stage">
<h1>Playground: 2 inputs, 3 ReLU units, 1 output &mdash; 13 parameters</h1>
<canvas id="map" width="{map_size}" height="{map_size}" aria-label="the network's output over the square"></canvas>
<div id="panel">
<p class="eq">y = φ<sub>0</sub> + Σ<sub>d</sub> φ<sub>d</sub> ReLU[θ<sub>d0</sub> + θ<sub>d1</sub>x<sub>1</sub> + θ<sub>d2</sub>x<sub>2</sub>]</p>
<p class="count"><span id="count"></span> linear regions <span class="muted">(at most {bound} for 3 lines)</span></p>
<div class="groups">{groups}</div>
<p class="status">epoch <b id="epoch"></b> &middot; loss <b id="loss"></b> &middot; accuracy <b id="accuracy"></b> &middot; dead units: <b id="dead"></b></p>
<div class="buttons"><button id="train" type="button" aria-pressed="false">Train (T)</button><button id="step" type="button">+100 epochs (N)</button><button id="reset" type="button">Book net (R)</button></div>
<div class="buttons starts"><span>Starts:</span>{starts}</div>
<p id="start-note" class="muted">{book_note}</p>
<canvas id="losses" width="975" height="64" aria-label="the loss after each epoch"></canvas>
<p class="legend"><span class="c0">&#9679;</span> ring: class 0 &nbsp; <span class="c1">&#9632;</span> disc: class 1 &nbsp; colour: sig(y) = P(1) &nbsp; dashed: y = 0<br>Train: gradient descent on the mean binary cross-entropy of sig(y), learning rate {lr}, {epochs} epochs.</p>
</div>
</div>
<script type="application/json" id="playground-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""
