"""The playground: nnmath.playground against second routes, and the page in headless Chromium.

The math: the batched gradient equals backpropagation through nnmath's MLP and finite
differences; batched gradient descent equals nnmath.fit; the starts behave as labelled. The
page (built once, opened once in Debian's Chromium with the network blocked): its region count
equals nnmath.regions_2d's on 20 seeded networks (degenerate ones included), its output
equals the network's, its gradient nnmath's, and training from a stuck start stays stuck
while a good start reaches the accuracy nnmath predicts.
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnmath
from nnlecture import catalog
from nnlecture import playground as page_module
from nnmath import playground

CHROMIUM = shutil.which("chromium")
DATA = playground.disc_and_ring(0)


def as_mlp(net: nnmath.ShallowNetwork) -> nnmath.MLP:
    return nnmath.MLP.from_network(net)


# --- the math ------------------------------------------------------------------------------------


def test_the_data_set_is_a_disc_inside_a_ring():
    r = np.hypot(*DATA.x.T)
    assert DATA.x.shape == (60, 2) and DATA.labels.sum() == 30
    assert np.all(r[DATA.labels == 1] < playground.DISC_RADIUS)
    assert np.all((r[DATA.labels == 0] > playground.RING_RADII[0])
                  & (r[DATA.labels == 0] < playground.RING_RADII[1]))
    np.testing.assert_array_equal(playground.disc_and_ring(0).x, DATA.x)  # seeded


parameters = st.lists(st.floats(-3, 3, allow_nan=False), min_size=13, max_size=13)


@settings(max_examples=30, deadline=None)
@given(values=parameters)
def test_the_gradient_is_backpropagation_through_nnmaths_mlp(values):
    theta, phi = np.reshape(values[:9], (3, 3)), np.array(values[9:])
    loss, accuracy, dtheta, dphi = playground.loss_and_gradients(theta, phi, DATA)
    model = as_mlp(nnmath.ShallowNetwork(theta, phi))
    trace = model.forward(DATA.x)
    value = nnmath.train.binary_cross_entropy(trace.output, DATA.labels)
    grads = model.backward(trace, value.doutput)
    assert loss == pytest.approx(value.value, rel=1e-12, abs=1e-12)
    assert accuracy * 60 == pytest.approx(60 - value.errors)
    np.testing.assert_allclose(dtheta, np.column_stack([grads.dbetas[0], grads.domegas[0]]),
                               rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(dphi, np.concatenate([grads.dbetas[1], grads.domegas[1][0]]),
                               rtol=1e-10, atol=1e-14)


def test_the_gradient_equals_finite_differences():
    rng = np.random.default_rng(7)
    for _ in range(5):
        flat = rng.normal(0, 1, 13)
        _, _, dtheta, dphi = playground.loss_and_gradients(flat[:9].reshape(3, 3), flat[9:], DATA)
        analytic = np.concatenate([dtheta.ravel(), dphi])
        h, numeric = 1e-6, np.zeros(13)
        for i in range(13):
            up, down = flat.copy(), flat.copy()
            up[i] += h
            down[i] -= h
            loss = lambda v: playground.loss_and_gradients(v[:9].reshape(3, 3), v[9:], DATA)[0]  # noqa: E731
            numeric[i] = (loss(up) - loss(down)) / (2 * h)
        np.testing.assert_allclose(analytic, numeric, atol=1e-7)


def test_batched_descent_is_nnmaths_fit():
    seeds = [0, 3, 52]
    run = playground.run_starts(seeds, DATA, epochs=300)
    for row, seed in enumerate(seeds):
        model = as_mlp(playground.start(seed))
        history = nnmath.fit(model, DATA.x, DATA.labels, loss="binary_cross_entropy",
                             lr=playground.LEARNING_RATE, epochs=300)
        trained = model.to_shallow()
        np.testing.assert_allclose(run.theta[row], trained.theta, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(run.phi[row], trained.phi, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(run.loss[row], history.loss, rtol=1e-9, atol=1e-12)


@pytest.fixture(scope="module")
def starts():
    return playground.find_starts(DATA)


def test_the_starts_get_stuck_or_succeed_as_labelled(starts):
    stuck = [s for s in starts if not s.good]
    good = [s for s in starts if s.good]
    assert len(stuck) == playground.STUCK_STARTS and len(good) == playground.GOOD_STARTS
    assert [len(s.dead) for s in stuck] == [3, 2, 1]  # a flat output, one line, two lines
    assert stuck[0].accuracy == 0.5 and "all three units dead" in stuck[0].why
    assert all(s.accuracy < playground.STUCK_ACCURACY for s in stuck)
    assert all(s.accuracy == 1.0 and not s.dead for s in good)
    # a dead unit gets no gradient: trained on, its row of theta never moves again
    run = playground.run_starts([s.seed for s in stuck], DATA)
    more = playground.descend(run.theta, run.phi, DATA, epochs=1000)
    for row, s in enumerate(stuck):
        for d in s.dead:
            np.testing.assert_array_equal(more.theta[row, d - 1], run.theta[row, d - 1])
        assert more.accuracy[row, -1] < playground.STUCK_ACCURACY


# --- the page in Chromium ------------------------------------------------------------------------


def networks() -> list[nnmath.ShallowNetwork]:
    """20 seeded networks: 12 random ones and 8 degenerate ones."""
    rng = np.random.default_rng(15)
    nets = [(rng.normal(0, 1, (3, 3)), rng.normal(0, 1, 4)) for _ in range(12)]
    theta = rng.normal(0, 1, (3, 3))
    zero_row = theta.copy()
    zero_row[1, 1:] = 0.0  # a constant unit: no line
    parallel = theta.copy()
    parallel[1] = [0.3, *(2 * theta[0, 1:])]  # parallel to line 1
    coincident = theta.copy()
    coincident[2] = -3 * theta[0]  # the same line as unit 1
    outside = theta.copy()
    outside[0] = [5.0, 0.5, 0.5]  # a line outside the square
    corner = np.array([[-2.0, 1.0, 1.0], [-1.0, 1.0, 0.0], [0.2, -0.4, 0.9]])  # touches (1, 1); x_1 = 1
    concurrent = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 1.0]])  # all through 0
    zero = np.zeros((3, 3))
    for degenerate in (zero_row, parallel, coincident, outside, corner, concurrent, zero,
                       np.array([[0.1, 1, 1], [0.1, 1, 1], [0.1, 1, 1]])):
        nets.append((degenerate, rng.normal(0, 1, 4)))
    return [nnmath.ShallowNetwork(t, p) for t, p in nets]


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module (the network blocked in every page it opens)."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (./nnl test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def offline_page(browser, url: str, viewport=(1280, 720)):
    """A page at ``url`` whose requests other than file: and data: are refused and recorded;
    returns (page, requested, errors)."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                  offline=True)
    page = context.new_page()
    requested, errors = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def route(request_route):
        if not request_route.request.url.startswith(("file:", "data:", "about:")):
            requested.append(request_route.request.url)
            return request_route.abort()
        return request_route.continue_()

    page.route("**/*", route)
    page.goto(url)
    return page, requested, errors


@pytest.fixture(scope="module")
def browser_page(browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp("playground")
    path = page_module.write(catalog.lookup("playground").default_params(), "light", folder)
    page, requested, errors = offline_page(browser, path.as_uri())
    page.wait_for_function("() => window.playground", timeout=20_000)
    return page, requested, errors


def set_net(page, net: nnmath.ShallowNetwork) -> None:
    page.evaluate("p => playground.set(p)", {"theta": net.theta.tolist(), "phi": net.phi.tolist()})


def test_the_page_counts_the_regions_nnmath_counts(browser_page):
    page, requested, errors = browser_page
    counts = []
    for net in networks():
        set_net(page, net)
        count = page.evaluate("playground.count()")
        assert count == len(nnmath.regions_2d(net)), net.theta
        shown = page.evaluate("Number(document.getElementById('count').textContent)")
        assert shown == count
        counts.append(count)
    assert max(counts) == 7 and min(counts) == 1 and 6 in counts  # general, none, concurrent
    assert requested == [] and errors == []


def test_the_page_computes_the_networks_output_and_gradient(browser_page):
    page, _, _ = browser_page
    points = np.random.default_rng(2).uniform(-1, 1, (8, 2))
    for net in networks()[:6]:
        set_net(page, net)
        outputs = page.evaluate("x => playground.output(x)", points.tolist())
        np.testing.assert_allclose(outputs, net(points), rtol=1e-12, atol=1e-12)
        js = page.evaluate("playground.gradient()")
        loss, accuracy, dtheta, dphi = playground.loss_and_gradients(net.theta, net.phi, DATA)
        assert js["loss"] == pytest.approx(loss, rel=1e-12) and js["accuracy"] == accuracy
        np.testing.assert_allclose(js["dtheta"], dtheta, rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(js["dphi"], dphi, rtol=1e-10, atol=1e-15)


def test_training_from_the_starts_does_what_nnmath_predicts(browser_page, starts):
    page, _, errors = browser_page
    labels = page.evaluate("JSON.parse(document.getElementById('playground-data').textContent)"
                           ".starts.map(s => [s.label, s.seed])")
    assert [seed for _, seed in labels] == [s.seed for s in starts]
    run = playground.run_starts([s.seed for s in starts], DATA)
    for (label, _), expected, final_loss in zip(labels, starts, run.loss[:, -1]):
        page.evaluate("l => playground.start(l)", label)
        result = page.evaluate(f"playground.train({playground.EPOCHS})")
        assert result["accuracy"] == expected.accuracy
        assert result["loss"] == pytest.approx(final_loss, rel=1e-6)
        assert page.evaluate("playground.dead()") == list(expected.dead)
        note = page.evaluate("document.getElementById('start-note').textContent")
        assert expected.why in note
    assert errors == []


def test_the_train_button_and_keys_run_and_pause(browser_page):
    page, _, _ = browser_page
    page.evaluate("playground.start('D')")
    page.keyboard.press("t")
    page.wait_for_function("() => playground.epoch() >= 100", timeout=10_000)
    page.keyboard.press("t")
    assert not page.evaluate("playground.running()")
    epoch = page.evaluate("playground.epoch()")
    page.keyboard.press("n")
    assert page.evaluate("playground.epoch()") == epoch + 100
    # a slider moved with the keyboard changes its parameter and the count stays exact
    page.focus("#theta-1-0")
    before = page.evaluate("playground.get().theta[0][0]")
    page.keyboard.press("ArrowRight")
    after = page.evaluate("playground.get()")
    assert after["theta"][0][0] != before
    net = nnmath.ShallowNetwork(after["theta"], after["phi"])
    assert page.evaluate("playground.count()") == len(nnmath.regions_2d(net))


def test_the_page_is_one_offline_file_for_both_themes(tmp_path):
    params = catalog.lookup("playground").default_params()
    for theme in ("light", "dark"):
        text = page_module.page(params, theme)
        assert "http://" not in text and "https://" not in text and "<link" not in text
        from nnlecture.palette import THEMES

        assert THEMES[theme].background in text and THEMES[theme].text in text


def test_render_writes_the_page_and_explains_bad_params(tmp_path):
    from click.testing import CliRunner

    import render

    runner = CliRunner()
    result = runner.invoke(render.cli, ["playground", "--out", str(tmp_path), "--theme", "dark"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "playground.html").is_file()
    assert "playground" in runner.invoke(render.cli, ["list"]).output
    bad = tmp_path / "bad.toml"
    bad.write_text('seed = "x"\n')
    result = runner.invoke(render.cli, ["playground", "--params", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "'seed' must be a whole number" in result.output
    bad.write_text('[net]\ntheta = [[1, 2, 3], [1, 2, 3]]\nphi = [0, 1, 2]\n')
    result = runner.invoke(render.cli, ["playground", "--params", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "exactly 3" in result.output and "Traceback" not in result.output


# --- the page as a slide of a deck ---------------------------------------------------------------

LECTURE = """\
title = "Playground lecture"
quality = "low"
[[section]]
title = "Training"
  [[section.slide]]
  kind = "title"
  title = "Before the playground"
  [[section.slide]]
  kind = "page"
  name = "playground"
  theme = "dark"
  notes = "Try a start."
  [[section.slide]]
  kind = "title"
  title = "After the playground"
"""


@pytest.fixture(scope="module")
def deck_built(tmp_path_factory):
    import os
    import subprocess
    import sys

    from tests.test_deck import ROOT

    base = tmp_path_factory.mktemp("playground-deck")
    lecture = base / "playground_lecture.toml"
    lecture.write_text(LECTURE, encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME") or str(base / "cache")}
    run = subprocess.run([sys.executable, str(ROOT / "render.py"), "deck", str(lecture), "--out",
                          str(base / "out"), "--jobs", "2"], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr
    return base / "out"


def test_a_lecture_with_the_playground_builds_a_deck_with_a_still_for_pdf_and_pptx(deck_built):
    import pptx

    html_text = (deck_built / "playground_lecture_480p15.html").read_text(encoding="utf-8")
    assert html_text.count('<iframe class="nn-media"') == 1 and "srcdoc=" in html_text
    assert "https://" not in html_text and "http://" not in html_text
    deck = pptx.Presentation(str(deck_built / "playground_lecture_480p15.pptx"))
    slides = list(deck.slides)
    assert len(slides) == 3
    assert "Try a start." in slides[1].notes_slide.notes_text_frame.text
    assert "nnmath predicts" in slides[1].notes_slide.notes_text_frame.text
    assert any(shape.shape_type == 13 for shape in slides[1].shapes)  # the still: a picture


def test_the_arrow_keys_still_move_the_deck_around_the_page(browser, deck_built):
    page, requested, errors = offline_page(browser,
                                           (deck_built / "playground_lecture_480p15.html").as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
    page.keyboard.press("ArrowRight")
    assert page.evaluate("Reveal.getIndices().h") == 1
    inner = next(frame for frame in page.frames if frame != page.main_frame)
    inner.wait_for_function("() => window.playground", timeout=20_000)
    assert inner.evaluate("playground.count()") == 7  # Fig. 3.8's net
    # a slider with the focus takes the arrow keys; Escape hands them back to the deck
    inner.focus("#theta-1-0")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("Reveal.getIndices().h") == 1
    assert inner.evaluate("playground.get().theta[0][0]") == pytest.approx(0.25)
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("Reveal.getIndices().h") == 2
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("Reveal.getIndices().h") == 0
    assert requested == [] and errors == []


# --- the figure ----------------------------------------------------------------------------------


def test_the_figure_draws_the_trained_starts_and_their_losses():
    from figures.playground_starts import RESOLUTION, chosen
    from tests.figure_builds import built

    fig = built("playground_starts", "light").figure
    starts = list(playground.page_starts(0))
    run = playground.run_starts([s.seed for s in starts], DATA)
    centres = (np.arange(RESOLUTION) + 0.5) / RESOLUTION * 2 - 1
    points = np.stack(np.meshgrid(centres, centres), -1).reshape(-1, 2)
    for ax, start in zip(fig.axes[:2], chosen(starts)):
        row = starts.index(start)
        net = nnmath.ShallowNetwork(run.theta[row], run.phi[row])
        image = np.asarray(ax.images[0].get_array()).ravel()
        np.testing.assert_allclose(image, 1 / (1 + np.exp(-net(points))), atol=1e-12)
        title = ax.get_title()
        assert f"{100 * start.accuracy:.0f} %" in title
        assert f"{len(nnmath.regions_2d(net))} linear regions" in title
    assert not chosen(starts)[0].good and chosen(starts)[1].good
    losses = fig.axes[2].lines
    assert len(losses) == len(starts)
    for line, row in zip(losses, run.loss):
        np.testing.assert_allclose(line.get_ydata(), row, rtol=1e-12)
    labels = [t.get_text() for t in fig.axes[2].texts]
    assert labels[:3] == ["A: 50 %", "B: 73 %", "C: 85 %"]
