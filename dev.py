#!/usr/bin/env python3
"""One-command developer entry points; needs only Python 3.11+.

    python3 dev.py demo   set up .venv and render an example film
    python3 dev.py test   set up .venv and run the whole test suite

Setup creates `.venv` beside this file, installs scenec with its test
extras in editable mode and makes the install's derived caches (`warm`);
it is redone only when `pyproject.toml` changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".scenec-setup"


def setup() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"scenec needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PY.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PY.exists():
        print("dev: creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("dev: installing scenec with its test and dask extras into .venv", flush=True)
    pip = [str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-e", f"{ROOT}[test,dask]"], check=True)
    warm()
    STAMP.write_text(wanted)


# What every command derives from shipped text, made once per install as `.pyc` files are (the first
# command would make it otherwise): the parser's plain tables, the knowledge registries, the parsed
# built-in object libraries and signature defaults, kept beside scenec's bytecode.
WARM = """
import tempfile
from pathlib import Path
from scenec import dataclass_cache
dataclass_cache.install()
from scenec.api import compile_file
from scenec.knowledge.diskcache import install_folder
from scenec.knowledge.world import build_world
from scenec.lang import plainparse
from scenec.lang.builtins import builtin_templates
plainparse.available()
with tempfile.TemporaryDirectory() as home:
    world = build_world(Path(home), (), install_folder()).loaded()
    dict(builtin_templates(world))
    compile_file(Path("examples/sunset.scene"), world=world)
"""


def warm() -> None:
    print("dev: making the install's derived caches", flush=True)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    if subprocess.call([str(PY), "-c", WARM], cwd=ROOT, env=env) != 0:
        print("dev: could not make them; the first command will", flush=True)


def run(args: list[str]) -> int:
    return subprocess.call(args, cwd=ROOT)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "help"
    rest = argv[1:]
    if command == "demo":
        setup()
        out = ROOT / "out" / "sunset.mp4"
        out.parent.mkdir(exist_ok=True)
        code = run([str(BIN / "scenec"), "render", "examples/sunset.scene", "-o", str(out), *rest])
        if code == 0:
            print(f"dev: film written to {out.relative_to(ROOT)}")
        return code
    if command == "test":
        setup()
        workers = [] if "-n" in rest else ["-n", "auto"]
        return run([str(PY), "-m", "pytest", *workers, *rest])
    if command == "setup":
        setup()
        return 0
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
