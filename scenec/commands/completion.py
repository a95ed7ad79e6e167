"""Shell completion scripts generated from the argparse definition.

`command_tree(parser)` walks `scenec.cli.build_parser()` (subcommands at any
depth, their options, option choices and positionals) into plain data; one
small writer per shell turns that into a script. Nothing is written per
command, so a new command or flag completes as soon as it is registered.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Option:
    flags: tuple[str, ...]
    takes_value: bool
    choices: tuple[str, ...]
    help: str


@dataclass(frozen=True, slots=True)
class Positional:
    name: str
    many: bool
    choices: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Command:
    path: tuple[str, ...]  # () for scenec itself, ("config", "show") for a nested one
    help: str
    options: tuple[Option, ...]
    positionals: tuple[Positional, ...]
    subcommands: tuple[Command, ...]

    def walk(self):
        yield self
        for sub in self.subcommands:
            yield from sub.walk()


def _help(text: str | None) -> str:
    if not text or text == argparse.SUPPRESS:
        return ""
    return " ".join(text.replace("%%", "%").split())


def command_tree(parser: argparse.ArgumentParser, path: tuple[str, ...] = (), help: str = "") -> Command:
    options, positionals, subs = [], [], []
    for action in parser._actions:  # argparse has no public walk; _actions is stable since 3.2
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: _help(a.help) for a in action._choices_actions}
            for name, sub in action.choices.items():
                subs.append(command_tree(sub, (*path, name), helps.get(name, "")))
        elif action.option_strings:
            if action.help == argparse.SUPPRESS:
                continue
            choices = tuple(str(c) for c in action.choices) if action.choices else ()
            options.append(Option(tuple(action.option_strings), action.nargs != 0, choices, _help(action.help)))
        else:
            choices = tuple(str(c) for c in action.choices) if action.choices else ()
            positionals.append(Positional(action.metavar or action.dest, action.nargs in ("*", "+"), choices))
    return Command(path, help, tuple(options), tuple(positionals), tuple(subs))


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    tree = command_tree(parser)
    writers = {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}
    if shell not in writers:
        raise ValueError(f"no completion for shell {shell!r}: expected bash, zsh or fish")
    return writers[shell](tree, parser.prog)


# ---------------------------------------------------------------- bash


def _key(path: tuple[str, ...]) -> str:
    return "".join("/" + p for p in path)


def bash_script(tree: Command, prog: str) -> str:
    fn = f"_{prog}_complete"
    commands = [c for c in tree.walk() if c.path]
    lines = [f"# bash completion for {prog}, generated from its argparse definition.",
             f"# Use: source <({prog} completion bash)",
             f"{fn}() {{",
             '    local cur prev cmd="" i w words',
             '    cur="${COMP_WORDS[COMP_CWORD]}"',
             '    prev="${COMP_WORDS[COMP_CWORD-1]}"',
             "    for ((i = 1; i < COMP_CWORD; i++)); do",
             '        w="${COMP_WORDS[i]}"',
             '        case "$cmd/$w" in']
    lines.append("            " + "|".join(f'"{_key(c.path)}"' for c in commands) + ') cmd="$cmd/$w" ;;')
    lines += ["        esac", "    done", '    case "$cmd:$prev" in']
    for command in tree.walk():
        for option in command.options:
            if not option.takes_value:
                continue
            pattern = "|".join(f'"{_key(command.path)}:{flag}"' for flag in option.flags)
            reply = f'COMPREPLY=($(compgen -W "{" ".join(option.choices)}" -- "$cur")); return' \
                if option.choices else "COMPREPLY=(); return"
            lines.append(f"        {pattern}) {reply} ;;")
    lines += ["    esac", '    if [[ "$cur" == -* ]]; then', '        case "$cmd" in']
    for command in tree.walk():
        flags = " ".join(f for o in command.options for f in o.flags)
        lines.append(f'            "{_key(command.path)}") words="{flags}" ;;')
    lines += ["        esac", '    else', '        case "$cmd" in']
    for command in tree.walk():
        words = [s.path[-1] for s in command.subcommands] + [c for p in command.positionals for c in p.choices]
        if words:
            lines.append(f'            "{_key(command.path)}") words="{" ".join(words)}" ;;')
    lines += ['            *) words="" ;;', "        esac", "    fi",
              '    COMPREPLY=($(compgen -W "$words" -- "$cur"))', "}",
              # -o default: with no match (a FILE argument), readline completes file names.
              f"complete -o default -F {fn} {prog}", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- zsh


def _zsh_quote(text: str) -> str:
    return text.replace("'", "'\\''").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:")


def _zsh_function(path: tuple[str, ...], prog: str) -> str:
    return "_" + "__".join((prog, *path)).replace("-", "_")


def zsh_script(tree: Command, prog: str) -> str:
    lines = [f"#compdef {prog}", f"# zsh completion for {prog}, generated from its argparse definition.",
             f"# Use: {prog} completion zsh > \"${{fpath[1]}}/_{prog}\"", ""]
    for command in tree.walk():
        specs = []
        for option in command.options:
            action = f":value:({' '.join(option.choices)})" if option.choices else \
                (":value:_files" if option.takes_value else "")
            for flag in option.flags:
                specs.append(f"'{flag}[{_zsh_quote(option.help)}]{action}'")
        lines.append(f"{_zsh_function(command.path, prog)}() {{")
        if command.subcommands:
            lines += ["    local curcontext=\"$curcontext\" state line", "    typeset -A opt_args",
                      "    _arguments -C \\"]
            lines += [f"        {spec} \\" for spec in specs]
            lines += ["        '1: :->command' \\", "        '*:: :->args'", "    case $state in",
                      "        command)", "            local -a commands", "            commands=("]
            lines += [f"                '{_zsh_quote(s.path[-1])}:{_zsh_quote(s.help)}'" for s in command.subcommands]
            lines += ["            )", "            _describe -t commands 'command' commands ;;",
                      "        args)", "            case $line[1] in"]
            lines += [f"                {s.path[-1]}) {_zsh_function(s.path, prog)} ;;" for s in command.subcommands]
            lines += ["            esac ;;", "    esac", "}", ""]
            continue
        for positional in command.positionals:
            action = f"({' '.join(positional.choices)})" if positional.choices else "_files"
            specs.append(f"'{'*' if positional.many else ''}:{_zsh_quote(positional.name)}:{action}'")
        lines.append("    _arguments \\" if specs else "    _arguments")
        continued = " \\"
        lines += [f"        {spec}{continued if i < len(specs) - 1 else ''}" for i, spec in enumerate(specs)]
        lines += ["}", ""]
    lines += [f"{_zsh_function((), prog)} \"$@\"", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- fish


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_condition(command: Command) -> str:
    if not command.path:
        return "__fish_use_subcommand"
    seen = "; and ".join(f"__fish_seen_subcommand_from {name}" for name in command.path)
    children = " ".join(s.path[-1] for s in command.subcommands)
    if children:
        seen += f"; and not __fish_seen_subcommand_from {children}"
    return seen


def fish_script(tree: Command, prog: str) -> str:
    lines = [f"# fish completion for {prog}, generated from its argparse definition.",
             f"# Use: {prog} completion fish > ~/.config/fish/completions/{prog}.fish"]
    for command in tree.walk():
        condition = _fish_quote(_fish_condition(command))
        for sub in command.subcommands:
            lines.append(f"complete -c {prog} -f -n {condition} -a {sub.path[-1]} -d {_fish_quote(sub.help)}")
        # Options stay offered once the command is chosen, unlike its subcommand list.
        option_condition = condition if not command.path else \
            _fish_quote("; and ".join(f"__fish_seen_subcommand_from {name}" for name in command.path))
        for option in command.options:
            parts = [f"complete -c {prog} -n {option_condition}"]
            for flag in option.flags:
                parts.append(f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}")
            if option.choices:
                parts.append(f"-x -a {_fish_quote(' '.join(option.choices))}")
            elif option.takes_value:
                parts.append("-r")
            if option.help:
                parts.append(f"-d {_fish_quote(option.help)}")
            lines.append(" ".join(parts))
        for positional in command.positionals:
            if positional.choices:
                lines.append(f"complete -c {prog} -f -n {option_condition} -a "
                             f"{_fish_quote(' '.join(positional.choices))}")
    lines.append("")
    return "\n".join(lines)
