"""Write docs/cli.md from the argparse definition, so the reference cannot drift from the code.

    .venv/bin/python docs/gen_cli.py --write    # rewrite docs/cli.md
    .venv/bin/python docs/gen_cli.py            # print it

`tests/test_cli_docs.py` fails when docs/cli.md differs from what this prints.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DOC = Path(__file__).with_name("cli.md")
INTRO = """# The scenec command line

Every command and flag, generated from the code by `docs/gen_cli.py`.
Exit status everywhere: 0 success, 1 the input has errors (or the work
failed), 2 the command line is wrong. Settings that a flag does not give
come from `scenec.toml` (see `scenec config show`). A broken `scenec.toml`
or user `config.toml` is reported by every command as a located E5006 error
(exit 1), never run around on the defaults; the language server shows it on
the file and in a message.
"""


def _subcommands(parser: argparse.ArgumentParser, prefix: str):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield f"{prefix} {name}", sub
                yield from _subcommands(sub, f"{prefix} {name}")


def render() -> str:
    os.environ["COLUMNS"] = "100"  # argparse wraps help at the terminal width; fix it for a stable doc
    from scenec.cli import build_parser
    parser = build_parser()
    parts = [INTRO, "## scenec\n", "```", parser.format_help().rstrip(), "```\n"]
    for name, sub in _subcommands(parser, "scenec"):
        parts += [f"## {name}\n", "```", sub.format_help().rstrip(), "```\n"]
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    text = render()
    if "--write" in argv:
        DOC.write_text(text, encoding="utf-8")
        print(f"wrote {DOC}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
