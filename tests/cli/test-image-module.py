#!/usr/bin/env python3
"""evidence-board-cli without GTK until a picture is asked for.

  start      the executable itself needs no GTK, cairo or Pango library
             (readelf's NEEDED entries): every command starts without them
  no module  with the image module missing, new, import (also of cards
             without a size: they keep the default), info, check, assess and
             JSON export work; a picture fails with one line that says the
             module cannot be loaded, and writes no file
  module     with it, a PNG and a matrix picture are written, and cards
             without a size are measured (wider than the default)"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

cli, root = sys.argv[1], pathlib.Path(sys.argv[2])
failures = []


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + (f": {detail}" if not condition else ""))
    if not condition:
        failures.append(name)


def run(*args, env=None):
    return subprocess.run([cli, *map(str, args)], capture_output=True, text=True, env=env)


needed = subprocess.run(["readelf", "-d", cli], capture_output=True, text=True, check=True).stdout
heavy = [lib for lib in ("libgtk-4", "libcairo", "libpango", "librsvg", "libgdk_pixbuf")
         if lib in needed]
check("start: the executable needs none of GTK, cairo, Pango, librsvg", not heavy, heavy)

sample = json.loads((root / "data/samples/dolgiye-borody.json").read_text())
unsized = json.loads(json.dumps(sample))
for node in unsized["nodes"]:
    node.pop("width", None)
    node.pop("height", None)

with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    (tmp / "unsized.json").write_text(json.dumps(unsized))
    missing = dict(os.environ, EVB_CLI_IMAGE_MODULE=str(tmp / "no-such-module.so"))
    board = tmp / "board.evboard"

    r = run("import", root / "data/samples/dolgiye-borody.json", board, env=missing)
    check("no module: import", r.returncode == 0, r.stderr)
    for args in (("info", board), ("check", board), ("assess", board),
                 ("export", board, tmp / "board.json")):
        r = run(*args, env=missing)
        check(f"no module: {args[0]}", r.returncode == 0, r.stderr)
    r = run("new", tmp / "new.evboard", "--title", "New", env=missing)
    check("no module: new", r.returncode == 0, r.stderr)

    r = run("import", tmp / "unsized.json", tmp / "unsized.evboard", env=missing)
    lines = r.stderr.splitlines()
    check("no module: cards without a size are imported, with one line saying why not measured",
          r.returncode == 0 and len(lines) == 1 and "image module" in lines[0], r.stderr)

    for fmt in ("png", "matrix-png", "timeline-svg", "report"):
        out = tmp / f"picture-{fmt}"
        r = run("export", board, out, "--format", fmt, env=missing)
        lines = r.stderr.splitlines()
        check(f"no module: {fmt} fails with one line naming the module",
              r.returncode == 1 and len(lines) == 1 and "image module" in lines[0]
              and "no-such-module.so" in lines[0], r.stderr)
        check(f"no module: {fmt} writes no file", not out.exists())

    r = run("export", board, tmp / "board.png", "--format", "png")
    check("module: a PNG", r.returncode == 0 and (tmp / "board.png").read_bytes()[:8]
          == b"\x89PNG\r\n\x1a\n", r.stderr)
    r = run("export", board, tmp / "matrix.png", "--format", "matrix-png")
    check("module: a matrix picture", r.returncode == 0 and (tmp / "matrix.png").exists(), r.stderr)

    r = run("import", tmp / "unsized.json", tmp / "measured.evboard")
    check("module: cards without a size import", r.returncode == 0 and not r.stderr, r.stderr)
    sizes = {}
    for name in ("unsized", "measured"):
        r = run("export", tmp / f"{name}.evboard", tmp / f"{name}-out.json")
        sizes[name] = {(n["kind"], n["width"], n["height"])
                       for n in json.loads((tmp / f"{name}-out.json").read_text())["nodes"]}
    # Without the module each kind keeps its one default size.
    defaults = {kind for kind, _, _ in sizes["unsized"]}
    check("module: cards are measured, and without it they keep their kind's default size",
          len(sizes["unsized"]) == len(defaults) and len(sizes["measured"]) > len(defaults),
          f"{sorted(sizes['unsized'])} / {sorted(sizes['measured'])[:4]}")

sys.exit(1 if failures else 0)
