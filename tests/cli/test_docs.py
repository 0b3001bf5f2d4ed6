"""The README documents every command, and every command explains itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import COMMANDS, main

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme_and_has_help(command, capsys):
    assert f"annotator {command} " in README
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip()


def test_readme_shows_the_two_setup_commands():
    assert "make run" in README and "make test" in README
