"""Shell completion scripts come from the argparse definition and name every command."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from scenec.cli import build_parser, main
from scenec.commands.completion import command_tree, completion_script


def subcommands() -> list[str]:
    return [c.path[-1] for c in command_tree(build_parser()).subcommands]


def test_the_tree_has_nested_commands_options_and_choices():
    tree = command_tree(build_parser())
    names = subcommands()
    assert {"check", "fmt", "init", "config", "completion", "lsp"} <= set(names)
    config = next(c for c in tree.subcommands if c.path == ("config",))
    assert [c.path for c in config.subcommands] == [("config", "show")]
    check = next(c for c in tree.subcommands if c.path == ("check",))
    fmt = next(o for o in check.options if "--format" in o.flags)
    assert fmt.choices == ("human", "short", "json")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_every_subcommand_is_in_every_script(shell, capsys):
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for name in subcommands():
        assert name in script, f"{name} missing from the {shell} script"
    assert "--deny-warnings" in script or "deny-warnings" in script


def test_unknown_shell_is_a_value_error():
    with pytest.raises(ValueError, match="bash, zsh or fish"):
        completion_script(build_parser(), "tcsh")


def _complete_bash(script: str, words: list[str]) -> list[str]:
    line = " ".join(f"'{w}'" for w in words)
    program = (f"{script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words) - 1}\n"
               "_scenec_complete; printf '%s\\n' \"${COMPREPLY[@]}\"")
    out = subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=True).stdout
    return [w for w in out.split("\n") if w]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_bash_script_completes_commands_choices_and_nested_commands():
    script = completion_script(build_parser(), "bash")
    assert "init" in _complete_bash(script, ["scenec", "in"])
    assert _complete_bash(script, ["scenec", "check", "--format", "s"]) == ["short"]
    assert _complete_bash(script, ["scenec", "config", ""]) == ["show"]
    assert "--json" in _complete_bash(script, ["scenec", "config", "show", "--"])
    assert _complete_bash(script, ["scenec", "completion", "f"]) == ["fish"]
