"""Issue 17's hostile inputs, tried as a user would: `python benchmarks/hostile_cases.py`.

Runs each case through the `scenec` command line in a scratch folder, one
process each, and prints a table: exit status, wall time, the process's
peak memory (from `wait4`), and the first line it printed on stderr. A case
passes when it ends within its time limit with a clean message (no
traceback, no internal error) or a bounded success, and peaks well under a
gigabyte. Exits 1 if any case fails. Timings are of a shared machine: read
them as bounds, not benchmarks.
"""

from __future__ import annotations

import argparse
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENEC = Path(sys.executable).with_name("scenec")
LIMIT_S = 30.0
MEMORY_LIMIT_MB = 700  # "well under a gigabyte"

SHOT = 'scene {{ size 320x180\n fps 10\n shot a {length} {{ layer bg: rect(fill: #336699){extra} }} }}\n'


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    argv: tuple[str, ...]
    ok_codes: tuple[int, ...] = (0, 1)  # a clean refusal is exit 1
    expect: str = ""  # text the output must contain
    signal_after_s: float | None = None  # send SIGINT/SIGTERM this long after start
    signal_number: int = signal.SIGINT
    stdin: bytes | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    code: int
    seconds: float
    peak_mb: float
    output: str


def run(case: Case, cwd: Path) -> Outcome:
    started = time.monotonic()
    process = subprocess.Popen([str(SCENEC), *case.argv], cwd=cwd, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    if case.stdin is not None:
        process.stdin.write(case.stdin)
    process.stdin.close()
    if case.signal_after_s is not None:
        time.sleep(case.signal_after_s)
        os.kill(process.pid, case.signal_number)  # not send_signal: it may reap the child, which wait4 reads below
    killed = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > LIMIT_S:
            os.killpg(process.pid, signal.SIGKILL)
            killed = True
        time.sleep(0.05)
    seconds = time.monotonic() - started
    out = process.stdout.read().decode("utf-8", "replace") + process.stderr.read().decode("utf-8", "replace")
    process.stdout.close()
    process.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    return Outcome(-9 if killed else code, seconds, usage.ru_maxrss / 1024, out)


def verdict(case: Case, outcome: Outcome) -> str:
    if outcome.code == -9:
        return f"FAIL: still running after {LIMIT_S:g}s"
    if "Traceback" in outcome.output or "internal error" in outcome.output:
        return "FAIL: traceback or internal error"
    if outcome.code not in case.ok_codes:
        return f"FAIL: exit {outcome.code}, wanted {case.ok_codes}"
    if case.expect and case.expect not in outcome.output:
        return f"FAIL: no {case.expect!r} in the output"
    if outcome.peak_mb > MEMORY_LIMIT_MB:
        return f"FAIL: {outcome.peak_mb:.0f} MB"
    return "ok"


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares width x height and carries one tiny compressed row: a decompression bomb's header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes((8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def setup(folder: Path) -> list[Case]:
    """Write the inputs the cases read; return the cases."""
    def scene(name: str, text: str) -> str:
        (folder / name).write_text(text, encoding="utf-8")
        return name

    small = scene("small.scene", SHOT.format(length="1s", extra=""))
    long_shot = scene("long.scene", 'scene { size 320x180\n fps 10\n audio ambient "rain"\n audio music calm\n'
                                    ' shot a 1000000s { layer bg: rect(fill: #336699) } }\n')
    huge = scene("huge-frames.scene", SHOT.format(length="100000000000s", extra=""))
    fan = ["template t0() { layer d: rect(size: (10%, 10%), fill: #ff0000) }"]
    fan += [f"template t{i}() {{ " + " ".join(f"layer u{k}: t{i - 1}()" for k in range(10)) + " }" for i in range(1, 9)]
    fanned = scene("fanout.scene", "\n".join(fan) + "\n" + SHOT.format(length="1s", extra="\n layer x: t8()"))
    wide = ["template one() { layer d: rect(size: (1%, 1%)) }",
            "template many() { " + " ".join(f"layer u{k}: one()" for k in range(1000)) + " }"]
    million = scene("million.scene", "\n".join(wide) + "\n" + "scene { size 320x180\n fps 10\n shot a 1s {"
                    + " ".join(f"layer m{k}: many()" for k in range(1000)) + " } }\n")
    shots = scene("shots.scene", "scene { size 320x180\n fps 10\n"
                  + "".join(f" shot s{i} 1s {{ layer bg: rect(fill: #336699) }}\n" for i in range(5000)) + "}\n")
    lets = scene("lets.scene", "let v0 = #336699\n" + "".join(f"let v{i} = v{i - 1}\n" for i in range(1, 10000))
                 + SHOT.format(length="1s", extra="\n layer c: rect(fill: v9999)"))
    blur = scene("blur.scene", "scene { size 1280x720\n fps 10\n shot a 1s { layer c: circle(radius: 20%) blur 3000px } }\n")
    pan = scene("pan.scene", SHOT.format(length="1s", extra="\n camera pan right 1e308%"))
    (folder / "lib").mkdir()
    os.mkfifo(folder / "lib" / "fifo.scene")
    os.symlink("/dev/zero", folder / "lib" / "zero.scene")
    fifo = scene("fifo.scene", 'import "lib/fifo.scene"\n' + SHOT.format(length="1s", extra=""))
    zero = scene("zero.scene", 'import "lib/zero.scene"\n' + SHOT.format(length="1s", extra=""))
    (folder / "bomb.png").write_bytes(_png_header(30000, 30000))
    bomb = scene("bomb.scene", SHOT.format(length="1s", extra='\n layer i: image(path: "bomb.png")'))
    with open(folder / "big.scene", "wb") as big:  # 100 MB of comment: refused by its size, not read
        big.truncate(100 * 1024 * 1024)
    os.chmod(folder / "big.scene", stat.S_IRUSR | stat.S_IWUSR)
    (folder / "films").mkdir()
    (folder / "out").mkdir()
    frames = ("--frames", "0:1")
    return [
        Case("size 20000x20000", ("render", small, "--size", "20000x20000", *frames, "-o", "a.mp4"), ok_codes=(1, 2)),
        Case("1,000,000 s shot, --frames 0:8", ("render", long_shot, "--frames", "0:8", "-o", "b.mp4")),
        Case("1,000,000 s shot, no --frames", ("render", long_shot, "-o", "b2.mp4")),
        Case("10^12-frame film, --frames 0:1", ("render", huge, *frames, "-o", "c.mp4")),
        Case("templates 10x, 8 levels deep", ("compile", fanned, "-o", "d.json")),
        Case("10^6 template instances", ("compile", million, "-o", "e.json")),
        Case("5,000 shots: check", ("check", shots)),
        Case("10,000-let chain", ("compile", lets, "-o", "f.json")),
        Case("100 MB source", ("check", "big.scene")),
        Case("blur 3000px on 720p", ("still", blur, "--at", "0s", "-o", "g.png")),
        Case("import a FIFO", ("check", fifo)),
        Case("import a link to /dev/zero", ("check", zero)),
        Case("PNG declaring 30000x30000", ("still", bomb, "--at", "0s", "-o", "h.png")),
        Case("camera pan right 1e308%", ("check", pan), ok_codes=(1,)),
        Case("camera pan right 1e308%: render", ("render", pan, *frames, "-o", "i.mp4"), ok_codes=(1,)),
        Case("Ctrl-C at 0.05 s", ("check", small), ok_codes=(130, 0), signal_after_s=0.05),
        Case("SIGTERM at 0.3 s", ("render", small, "-o", "j.mp4"), ok_codes=(143, 0), signal_after_s=0.3,
             signal_number=signal.SIGTERM),
        Case("render a folder", ("render", "films"), ok_codes=(1, 2)),
        Case("still a folder", ("still", "films", "--at", "0s"), ok_codes=(1, 2)),
        Case("analyze a folder", ("analyze", "films"), ok_codes=(1, 2)),
        Case("-o out/", ("render", small, "-o", "out/"), ok_codes=(0,)),
        Case("watch missing.scene", ("watch", "missing.scene"), ok_codes=(1, 2)),
        Case("config show nope/", ("config", "show", "nope/"), ok_codes=(1, 2)),
        Case("translate nothing understood", ("translate", "qqq zzz", "-o", "k.scene"), ok_codes=(1,)),
        Case("mistyped flag --qualty", ("render", small, "--qualty", "high"), ok_codes=(2,), expect="--quality"),
        Case("mistyped command", ("rendr", small), ok_codes=(2,), expect="render"),
        Case("render - (stdin)", ("render", "-", "-o", "l.mp4"), ok_codes=(0,),
             stdin=SHOT.format(length="1s", extra="").encode()),
        Case("render in.scene out.mp4", ("render", small, "m.mp4"), ok_codes=(0,)),
    ]


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("-k", default="", help="only the cases whose name contains this")
    opts = args.parse_args(argv)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="scenec-hostile-") as scratch:
        folder = Path(scratch)
        env_home = folder / "home"
        env_home.mkdir()
        os.environ["SCENEC_HOME"] = str(env_home)
        os.environ["SCENEC_NO_RECORD"] = "1"
        print(f"| case | exit | time | peak memory | result | first line |\n|---|---|---|---|---|---|")
        for case in setup(folder):
            if opts.k not in case.name:
                continue
            outcome = run(case, folder)
            result = verdict(case, outcome)
            failed += result != "ok"
            first = next((line for line in outcome.output.splitlines() if line.strip()), "")[:90]
            print(f"| {case.name} | {outcome.code} | {outcome.seconds:.1f}s | {outcome.peak_mb:.0f} MB | {result} | "
                  f"`{first.replace('|', '/')}` |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
