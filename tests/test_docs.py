"""Every CLI command, every option and every setting is documented in docs/configuration.md."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import typer.main

from newsprism.cli import app
from newsprism.config import Settings

DOC = (Path(__file__).resolve().parents[1] / "docs" / "configuration.md").read_text(encoding="utf-8")


def _commands() -> dict:
    group = typer.main.get_command(app)
    return dict(group.commands)  # type: ignore[attr-defined]


def test_every_setting_is_documented():
    for f in dataclasses.fields(Settings):
        assert f"`{f.name}`" in DOC, f"setting {f.name} is missing from docs/configuration.md"


def test_every_command_and_option_is_documented():
    commands = _commands()
    assert commands, "the CLI has no commands"
    for name, command in commands.items():
        assert f"`newsprism {name}" in DOC, f"command {name} is missing from docs/configuration.md"
        for param in command.params:
            if param.param_type_name == "option":
                longest = max(param.opts, key=len)
                assert re.search(rf"`{re.escape(longest)}(?![\w-])", DOC), (
                    f"option {longest} of {name} is missing from docs/configuration.md"
                )
