"""Shared set-up for dashboard tests: a scene file in a temp folder and an
app around it, with the data directory in tmp_path."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest

from scenec.tui.app import ScenecApp, make_app
from scenec.tui.learning_source import LearningSource
from scenec.tui.options import TuiOptions

SIZE = (120, 40)

SHORT_SCENE = """scene "Tiny" {
  size 64x36
  fps 12

  shot one 1s {
    layer sky: gradient(from: navy, to: orange, angle: 90deg)
    layer sun: circle(at: (50%, 60%), radius: 20%, fill: yellow)
    animate sun.at to (50%, 30%) over 1s
  }

  transition dissolve 0.5s

  shot two 1s {
    layer bg: gradient(from: black, to: teal)
  }
}
"""


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests on a fresh event loop (no asyncio plugin is installed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**arguments))
    return True


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("SCENEC_HOME", str(home))
    return home


@pytest.fixture
def scene_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.scene"
    path.write_text(SHORT_SCENE, encoding="utf-8")
    return path


def build_app(path: Path | None, tmp_path: Path, learning: LearningSource | None = None, **overrides) -> ScenecApp:
    options = TuiOptions(path=path, data_home=tmp_path / "home", render_size=(64, 36), render_workers=1,
                         check_delay_s=0.05, **overrides)
    return make_app(options, learning)


async def settle(app: ScenecApp, pilot, timeout_s: float = 60.0) -> None:
    """Wait until checks and preview frames have finished; the timeout guards against a hang
    and is no speed limit, so it is long enough for a machine shared by many."""
    await pilot.pause()
    deadline = asyncio.get_running_loop().time() + timeout_s
    while asyncio.get_running_loop().time() < deadline:
        await app.workers.wait_for_complete()
        await pilot.pause(0.06)
        if not any(w.is_running for w in app.workers) and not app.check_pending:
            return
    raise AssertionError("the dashboard did not settle")


async def until(pilot, condition, timeout_s: float = 60.0) -> bool:
    """Poll while the app runs; the timeout guards against a hang and is no speed limit."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not condition() and loop.time() < deadline:
        await pilot.pause(0.05)
    return condition()
