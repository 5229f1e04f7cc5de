"""A check the group modules share: bad parameters fail through the CLI cleanly."""

from click.testing import CliRunner

import render


def assert_fails_cleanly(name: str, text: str, message: str, tmp_path, *options: str) -> None:
    """``render.py NAME --params FILE`` with FILE = ``text``: exit 1 with ``message``, no
    traceback, nothing written."""
    params = tmp_path / "bad.toml"
    params.write_text(text)
    out = tmp_path / "out"
    result = CliRunner().invoke(render.cli, [name, *options, "--params", str(params), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())
