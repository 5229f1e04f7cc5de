"""Random parameter files against the loader of every scene and figure (issue 12).

Hypothesis writes TOML documents with the entry's own keys (and networks' keys) holding random
values (numbers from 0 to 10^400 in size, nan and inf, booleans, text, dates, ragged and nested
lists, tables), as well as random keys, encodings (UTF-16, Latin-1, byte-order marks) and
damaged bytes. Whatever the file, the loader either returns the entry's parameters or raises a
ClickException (exit code 1 through the CLI, one paragraph, no traceback); nothing else may
escape and nothing is rendered for a bad file.

Profiles: "fuzz" (the default here: 12 entries x (160 files + 80 tables + 20 CLI runs), about
3,100 examples) and "fuzz-long" (HYPOTHESIS_PROFILE=fuzz-long, 20x more, for a night run).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import warnings
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import render
from nnlecture import catalog, slots
from nnmath.params import NETWORK_KEYS

settings.register_profile("fuzz", max_examples=160, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz-long", max_examples=4000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "fuzz")
if not PROFILE.startswith("fuzz"):
    PROFILE = "fuzz"
#: per entry: files through the loader, parsed tables, files through the whole CLI
FILES = settings.get_profile(PROFILE)
TABLES = settings(FILES, max_examples=FILES.max_examples // 2)
FEW = settings(FILES, max_examples=FILES.max_examples // 8)

ENTRY_NAMES = [entry.name for entry in catalog.ENTRIES]

# --- values a lecturer (or a cat on the keyboard) might write -------------------------------------

ODD_NUMBERS = [0, -0.0, 1, -1, 0.5, 1e-7, 1e-300, 5e-324, 999_999.0, 1e6, 1.0000001e6, 1e7, 1e308,
               -1e308, 2**31, 2**63 - 1, -(2**63), 10**19, 10**309, -(10**400), math.nan,
               math.inf, -math.inf]
numbers = st.one_of(st.integers(-20, 20), st.floats(-10, 10, allow_nan=False),
                    st.sampled_from(ODD_NUMBERS), st.integers(), st.floats())
scalars = st.one_of(numbers, numbers, st.booleans(), st.text(max_size=6),
                    st.sampled_from(["relu", "sigmoid", "book", "quick", "out", ".", ""]),
                    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 1, 1)),
                    st.dates())
anything = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.text(max_size=5), inner,
                                                                         max_size=3)),
                        max_leaves=6)


@st.composite
def matrices(draw):
    """Lists of rows of numbers, usually rectangular, sometimes not."""
    rows, cols = draw(st.integers(0, 5)), draw(st.integers(0, 4))
    matrix = [[draw(numbers) for _ in range(cols)] for _ in range(rows)]
    if matrix and draw(st.booleans()):
        matrix[draw(st.integers(0, rows - 1))] = draw(anything)
    return matrix


def vectors(size=st.integers(0, 6)):
    return st.lists(numbers, min_size=0, max_size=6)


def networks():
    """A network table: some of theta, phi, xs, ys, activation, activation_params."""
    return st.fixed_dictionaries({}, optional={
        "theta": st.one_of(matrices(), anything),
        "phi": st.one_of(vectors(), matrices(), anything),
        "xs": st.one_of(vectors(), anything),
        "ys": st.one_of(vectors(), anything),
        "activation": st.one_of(st.sampled_from(["relu", "sigmoid", "tanh", "leaky_relu", "heaviside",
                                                 "Relu", "relu2"]), anything),
        "activation_params": st.one_of(st.dictionaries(st.sampled_from(["steepness", "alpha", "beta",
                                                                        "x"]), numbers, max_size=2),
                                       anything),
        "extra": anything,
    })


#: Numbers a loader must take or refuse cleanly: ordinary, tiny, huge, just inside the limits.
wide = st.one_of(st.floats(-3, 3, allow_nan=False, allow_subnormal=False),
                 st.builds(lambda m, e: round(m, 3) * 10.0**e, st.floats(-9.99, 9.99), st.integers(-6, 5)),
                 st.sampled_from([0.0, 1e-6, -1e-6, 1e6, -1e6, 1e-5, 12345.678, 0.001]), st.integers(-5, 5))


@st.composite
def well_formed_networks(draw, slot):
    """theta (D, Di+1) and phi (D+1,), or xs/ys points, all numbers: the shapes are right (the
    number of units mostly within the slot's range), the sizes anything from 1e-6 to 1e6."""
    inputs = slot.input_dim
    units = draw(st.one_of(st.integers(*slot.units), st.integers(1, slot.units[1] + 2)))
    if inputs == 1 and draw(st.booleans()):
        xs = sorted(set(draw(st.lists(wide, min_size=2, max_size=units + 1))))
        net = {"xs": xs, "ys": [draw(wide) for _ in xs]}
    else:
        net = {"theta": [[draw(wide) for _ in range(inputs + 1)] for _ in range(units)],
               "phi": [draw(wide) for _ in range(units + 1)]}
    if draw(st.integers(0, 3)) == 0:
        net["activation"] = draw(st.sampled_from(["relu", "leaky_relu", "sigmoid", "heaviside"]))
    return net


def slot_values(slot):
    """Random values shaped like what ``slot`` expects, and anything at all."""
    if isinstance(slot, slots.NetworkSlot):
        return st.one_of(networks(), well_formed_networks(slot), well_formed_networks(slot),
                         anything)
    if isinstance(slot, slots.BuildUpSlot):
        points = st.fixed_dictionaries({"xs": st.one_of(vectors(), st.lists(wide, min_size=2, max_size=5)
                                                        .map(sorted)),
                                        "ys": st.one_of(matrices(), anything), "phi": vectors()})
        return st.one_of(points, points, anything)
    if isinstance(slot, slots.IntervalSlot):
        ordered = st.lists(wide, min_size=2, max_size=2, unique=True).map(sorted)
        return st.one_of(ordered, ordered, st.lists(numbers, min_size=2, max_size=2),
                         st.lists(numbers, max_size=3), anything)
    if isinstance(slot, slots.MatrixSlot):
        rows, cols = slot.shape
        right = st.lists(st.lists(wide, min_size=cols, max_size=cols), min_size=rows, max_size=rows)
        return st.one_of(right, right, matrices(), anything)
    if isinstance(slot, slots.IntegerSlot):
        many = isinstance(slot.default_value, tuple)
        whole = st.one_of(st.integers(1, 30), st.integers(-3, 3000), st.integers(),
                          st.sampled_from(ODD_NUMBERS))
        return st.one_of(st.lists(whole, max_size=8) if many else whole, anything)
    if isinstance(slot, slots.NumberSlot):
        return st.one_of(wide, numbers, anything)
    return st.one_of(scalars, anything)


@st.composite
def tables(draw, entry):
    """The parsed form of a parameter file for ``entry``: its own keys, now and then another."""
    keys = draw(st.lists(st.sampled_from(sorted(entry.params)), unique=True)) if entry.params else []
    table = {key: draw(slot_values(entry.params[key])) for key in keys}
    if not entry.params or draw(st.integers(0, 9)) == 0:
        table[draw(st.text(min_size=1, max_size=8))] = draw(anything)
    return table


# --- writing it as a file ---------------------------------------------------------------------


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key)


def toml_string(text: str) -> str:
    return json.dumps(text).replace("\x7f", "\\u007f")


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) \
            else repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


def toml_text(table: dict, comment: str = "") -> str:
    """Plain keys first, then one [table] per dict value (TOML's order rule)."""
    lines = [f"# {comment}"] if comment else []
    lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items() if not isinstance(v, dict)]
    for key, value in table.items():
        if isinstance(value, dict):
            lines.append(f"[{toml_key(key)}]")
            lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()]
    return "\n".join(lines) + "\n"


ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252"]


@st.composite
def parameter_files(draw, entry):
    """The bytes of a parameter file: a TOML text of random tables, in a random encoding, with a
    non-ASCII comment (so that the encoding matters), sometimes damaged."""
    comment = draw(st.sampled_from(["", "réseau à trois unités", "Gewichte für Netz 1", "θ, φ, ψ",
                                    "plain"]))
    data = toml_text(draw(tables(entry)), comment).encode(draw(st.sampled_from(ENCODINGS)),
                                                         errors="replace")
    damage = draw(st.sampled_from(["none", "none", "none", "flip", "insert", "cut"]))
    if damage != "none" and data:
        at = draw(st.integers(0, len(data) - 1))
        if damage == "flip":
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
        elif damage == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
        else:
            data = data[:at]
    return data


# --- the properties ---------------------------------------------------------------------------


def one_paragraph(message: str) -> None:
    assert "Traceback" not in message
    assert 20 < len(message) < 1200, message
    assert message.count("\n") <= 4, message  # the network example in one message has 3


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.mark.parametrize("name", ENTRY_NAMES)
def test_loader_accepts_or_explains(name, folder):
    entry = catalog.lookup(name)

    @FILES
    @given(data=parameter_files(entry))
    def check(data):
        path = folder / f"{name}.toml"
        path.write_bytes(data)
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)  # nothing may overflow on the way
            try:
                params = render.resolve_params(entry, path)
            except click.ClickException as error:
                one_paragraph(error.message)
                return
        assert set(params) == set(entry.params)

    check()


@pytest.mark.parametrize("name", ENTRY_NAMES)
def test_loader_accepts_or_explains_parsed_tables(name):
    """The same without the file layer (every table reaches the slots)."""
    entry = catalog.lookup(name)

    @TABLES
    @given(table=tables(entry))
    def check(table):
        import nnmath

        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            try:
                entry.resolve_params(table)
            except nnmath.ParameterError as error:
                one_paragraph(str(error))

    check()


@pytest.fixture
def no_rendering(monkeypatch):
    """Stand-ins for the renderers that record what they were asked to draw."""
    calls = []

    def fake_scene(scene_class, name, params, *, theme, quality, fmt, out_dir, progress, step=None,
                   jobs=1):
        calls.append(name)
        path = Path(out_dir) / f"{name}.{fmt}"
        return path, None

    def fake_load(entry):
        def draw(params, theme="light", *out):  # a figure's draw, a page's write
            calls.append(entry.name)
            raise click.ClickException("drawn")  # stop before figures.style.save writes a file
        return draw

    import scenes.runner
    monkeypatch.setattr(scenes.runner, "render_scene", fake_scene)
    monkeypatch.setattr(slots.Entry, "load", lambda self: fake_load(self)
                        if self.kind in ("figure", "page")
                        else type("Scene", (), {}))
    return calls


@pytest.mark.parametrize("name", ENTRY_NAMES)
def test_cli_exits_1_with_one_paragraph_and_renders_nothing(name, folder, no_rendering):
    entry = catalog.lookup(name)
    runner = CliRunner()

    @FEW
    @given(data=parameter_files(entry))
    def check(data):
        path = folder / f"cli-{name}.toml"
        path.write_bytes(data)
        no_rendering.clear()
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            result = runner.invoke(render.cli, [name, "--params", str(path), "--out",
                                                str(folder / "out")], catch_exceptions=False)
        assert "Traceback" not in result.output
        if no_rendering:  # the file was good: it went on to draw
            assert no_rendering == [name]
            return
        assert result.exit_code == 1, result.output
        message = result.output.strip()
        assert message.startswith("Error: ") and message.count("Error:") == 1, message
        one_paragraph(message)

    check()
