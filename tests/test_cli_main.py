"""The `scenec` entry point: each command imports only its own module, mistyped commands and
flags get a suggestion and the right usage, and signals end a command with a clean message."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import subprocess
import sys

import pytest

from scenec import cli


def _registered(module: str) -> set[str]:
    sub = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(f"scenec.commands.{module}").register(sub)
    return set(sub.choices)


def test_the_command_table_names_what_each_module_registers() -> None:
    by_module: dict[str, set[str]] = {}
    for command, module in cli.COMMANDS.items():
        by_module.setdefault(module, set()).add(command)
    assert {module: _registered(module) for module in by_module} == by_module


def _imported_after(*argv: str, env: dict[str, str] | None = None) -> set[str]:
    code = ("import sys\nfrom scenec.cli import main\ntry:\n    main(sys.argv[1:])\nfinally:\n"
            "    print('\\n' + ' '.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=120,
                         env=env).stdout
    return set(out.strip().splitlines()[-1].split())


def test_version_imports_no_command_and_check_imports_only_its_own(tmp_path) -> None:
    version = _imported_after("--version")
    assert not {m for m in version if m.startswith("scenec.commands.")}
    assert "numpy" not in version and "lark" not in version
    scene = tmp_path / "s.scene"
    scene.write_text("scene { shot 1s { layer bg: gradient(from: navy, to: black) } }\n")
    check = _imported_after("check", str(scene))
    assert {m for m in check if m.startswith("scenec.commands.")} == {"scenec.commands.check_cmd"}
    assert not {"scenec.runtime.analysis", "textual", "scenec.tui", "av", "numpy"} & check


def test_a_still_imports_no_encoder_soundtrack_run_store_yaml_pillow_or_lark(tmp_path) -> None:
    scene = tmp_path / "s.scene"
    scene.write_text("scene { size 64x36\n shot 1s { layer bg: gradient(from: navy, to: black)\n"
                     "  layer d: dog(at: (50%, 80%), box: (20%, 30%)) } }\n")
    env = {**os.environ, "SCENEC_HOME": str(tmp_path / "home"), "SCENEC_NO_RECORD": "1"}
    argv = ("still", str(scene), "--at", "0.5s", "-o", str(tmp_path / "s.png"))
    _imported_after(*argv, env=env)  # fills the data directory's caches (knowledge, parsed files)
    still = _imported_after(*argv, env=env)
    assert (tmp_path / "s.png").is_file()
    assert not {"av", "yaml", "scenec.runtime.encode", "scenec.runtime.executor", "scenec.runtime.audio",
                "scenec.recording", "scenec.runtime.analysis", "scenec.compiler.plan_io", "PIL", "lark"} & still


def test_check_and_still_of_a_just_edited_file_import_no_lark(tmp_path) -> None:
    from scenec.lang import plainparse

    assert plainparse.available()  # the plain tables are kept (made now if they were not)
    scene = tmp_path / "s.scene"
    text = ("scene {{ size 64x36\n shot 1s {{ layer bg: gradient(from: navy, to: black)\n"
            "  layer d: dog(at: (50%, 80%), box: (20%, {w}%)) }} }}\n")
    env = {**os.environ, "SCENEC_HOME": str(tmp_path / "home"), "SCENEC_NO_RECORD": "1"}
    argv = ("still", str(scene), "--at", "0.5s", "-o", str(tmp_path / "s.png"))
    scene.write_text(text.format(w=30))
    _imported_after(*argv, env=env)  # fills the data directory's caches
    scene.write_text(text.format(w=31))
    still = _imported_after(*argv, env=env)
    scene.write_text(text.format(w=32))
    check = _imported_after("check", str(scene), env=env)
    empty = {**env, "SCENEC_HOME": str(tmp_path / "empty")}
    scene.write_text(text.format(w=33))
    cold = _imported_after("check", str(scene), env=empty)
    assert (tmp_path / "s.png").is_file()
    assert not {"lark", "yaml", "av", "PIL"} & still
    assert not {"lark", "yaml", "av", "numpy"} & check
    assert not {"lark", "yaml", "av", "numpy"} & cold


def test_a_mistyped_command_gets_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["rendr", "film.scene"]) == 2
    err = capsys.readouterr().err
    assert "unknown command 'rendr' (did you mean 'render'?)" in err and "Traceback" not in err


@pytest.mark.parametrize(("argv", "usage", "hint"), [
    (["render", "x.scene", "--qualty", "high"], "usage: scenec render", "(did you mean '--quality'?)"),
    (["learn", "runs", "--jsn"], "usage: scenec learn runs", "(did you mean '--json'?)"),
    (["check", "x.scene", "--diagnostic-fromat=json"], "usage: scenec check", "(did you mean '--diagnostic-format'?)"),
])
def test_a_mistyped_flag_gets_the_commands_usage_and_a_suggestion(argv, usage, hint, capsys) -> None:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(usage) and hint in err


def test_no_command_prints_the_help_and_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 2
    assert "render" in capsys.readouterr().out


@pytest.mark.parametrize(("stop", "status"), [(KeyboardInterrupt, 130), (cli.Terminated, 143)])
def test_a_signal_while_a_command_is_loading_ends_cleanly(stop, status, monkeypatch, capsys) -> None:
    def interrupted(name: str):
        raise stop

    monkeypatch.setattr(cli.importlib, "import_module", interrupted)
    assert cli.main(["check", "x.scene"]) == status
    err = capsys.readouterr().err
    assert err == "scenec: interrupted\n"


def _message(payload: dict) -> bytes:
    body = json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_to_a_running_command_ends_it_cleanly(signum, status, tmp_path) -> None:
    env = {**os.environ, "SCENEC_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen([sys.executable, "-m", "scenec.cli", "lsp"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        proc.stdin.write(_message({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                   "params": {"processId": None, "rootUri": None, "capabilities": {}}}))
        proc.stdin.flush()
        assert proc.stdout.readline().startswith(b"Content-Length")  # the server is up and answering
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == status, err
    assert b"Traceback" not in err and err.decode().strip().endswith("scenec: interrupted")


@pytest.mark.parametrize(("argv", "colored"), [
    (["check", "{bad}", "--color", "always"], True),
    (["--color", "always", "check", "{bad}"], True),
    (["check", "{bad}", "--color", "never"], False),
    (["check", "{bad}"], False),  # not a terminal
])
def test_color_follows_the_flag(argv, colored, tmp_path, monkeypatch, capsys) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR"):  # recorded, so what --color sets is undone after the test
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    bad = tmp_path / "bad.scene"
    bad.write_text("scene { shot 1s { layer x: nope() } }\n")
    assert cli.main([arg.replace("{bad}", str(bad)) for arg in argv]) == 1
    assert ("\x1b[" in capsys.readouterr().err) is colored
