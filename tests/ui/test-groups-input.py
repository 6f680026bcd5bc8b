#!/usr/bin/env python3
"""Groups with real keys and a real mouse, driven with xdotool under Xvfb:
Ctrl+A and Ctrl+Alt+G group the cards and the label editor takes the typed
name; dragging the group's label moves its cards together, one undo step;
a double click on the label collapses the group and Ctrl+Z expands it;
Ctrl+Alt+Shift+G ungroups.

Each step is checked in the board's working copy (what the app
committed), so the test waits for results, not for time."""

import contextlib
import json
import os
import pathlib
import re
import sqlite3
import subprocess
import sys
import tempfile
import time

from xdo_steps import INPUT_PACE, TIMEOUT, check, failures, key, type_text, wait_until

app, cli = sys.argv[1], sys.argv[2]
GEOMETRY = re.compile(r"evb-geometry: canvas ([-\d.]+) ([-\d.]+) view ([-\d.]+) ([-\d.]+) zoom ([\d.]+)")


def xdotool(*args):
    subprocess.run(["xdotool", *args], check=True)
    time.sleep(INPUT_PACE)


with tempfile.TemporaryDirectory() as tmpdir:
    tmp = pathlib.Path(tmpdir)
    env = dict(os.environ, HOME=str(tmp), XDG_DATA_HOME=str(tmp / "data"),
               XDG_CONFIG_HOME=str(tmp / "config"), XDG_CACHE_HOME=str(tmp / "cache"),
               XDG_RUNTIME_DIR=str(tmp / "run"), EVB_DEBUG_GEOMETRY="1")
    env.pop("G_DEBUG", None)
    (tmp / "in.json").write_text(json.dumps({
        "format": "evidence-board", "version": 1, "board": {"title": "Groups test"},
        "nodes": [
            {"id": "c1", "kind": "claim", "title": "Claim one", "x": 100, "y": 100, "width": 260, "height": 150},
            {"id": "e1", "kind": "evidence", "title": "Video", "evidence_type": "video",
             "x": 500, "y": 100, "width": 240, "height": 130},
        ],
        "links": []}))
    path = tmp / "board.evboard"
    subprocess.run([cli, "import", tmp / "in.json", path], check=True)
    log_path = tmp / "app.log"
    log = open(log_path, "a")
    proc = subprocess.Popen([app, path], env=env, stdout=log, stderr=log)

    def working_copy():
        found = list((tmp / "data" / "evidence-board" / "working").glob("*.evboard"))
        return found[0] if len(found) == 1 else None

    def board():
        try:
            with contextlib.closing(sqlite3.connect(f"file:{working_copy()}?mode=ro", uri=True)) as db:
                nodes = {row[0]: (row[1], row[2]) for row in db.execute("SELECT id, x, y FROM node")}
                groups = {row[0]: (row[1], row[2]) for row in db.execute(
                    "SELECT id, label, collapsed FROM card_group")}
                return nodes, groups
        except sqlite3.Error:
            return None

    def expect(name, condition):
        def holds():
            state = board()
            return state is not None and condition(*state)
        try:
            wait_until(holds, name)
            check(name, True)
        except TimeoutError:
            check(name, False, board())

    def screen_point(bx, by):
        found = wait_until(lambda: GEOMETRY.findall(log_path.read_text()), "the canvas geometry")
        cx, cy, ox, oy, zoom = map(float, found[-1])
        return str(int(cx + (bx - ox) * zoom)), str(int(cy + (by - oy) * zoom))

    try:
        subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "Groups test"],
                       check=True, timeout=TIMEOUT, capture_output=True)
        wait_until(working_copy, "the board's working copy")

        # Click a card (the canvas takes the keys), then Ctrl+A, Ctrl+Alt+G and a name.
        xdotool("mousemove", *screen_point(230, 175))
        xdotool("click", "1")
        key("ctrl+a", "ctrl+alt+g")
        type_text("Pair")
        key("Return")
        expect("Ctrl+Alt+G groups the selected cards and the label editor names the group",
               lambda nodes, groups: list(groups.values()) == [("Pair", 0)])

        # Drag the label band (above the cards) right by 100 board units.
        start = screen_point(200, 64)
        end = screen_point(300, 64)
        xdotool("mousemove", *start)
        xdotool("mousedown", "1")
        xdotool("mousemove", str((int(start[0]) + int(end[0])) // 2), start[1])
        xdotool("mousemove", *end)
        xdotool("mouseup", "1")
        expect("dragging the label moves every card of the group by the same distance",
               lambda nodes, groups: nodes["c1"][0] > 150 and nodes["e1"][0] - nodes["c1"][0] == 400
               and nodes["c1"][1] == 100)
        key("ctrl+z")
        expect("one Ctrl+Z puts both back", lambda nodes, groups: nodes["c1"] == (100, 100)
               and nodes["e1"] == (500, 100))

        # A double click on the label collapses the group; Ctrl+Z expands it.
        xdotool("mousemove", *screen_point(200, 64))
        xdotool("click", "--repeat", "2", "--delay", "80", "1")
        expect("a double click on the label collapses the group",
               lambda nodes, groups: list(groups.values()) == [("Pair", 1)])
        key("ctrl+z")
        expect("Ctrl+Z expands it", lambda nodes, groups: list(groups.values()) == [("Pair", 0)])

        # Ctrl+Alt+Shift+G ungroups; the cards stay.
        key("ctrl+alt+shift+g")
        expect("Ctrl+Alt+Shift+G ungroups and keeps the cards",
               lambda nodes, groups: groups == {} and set(nodes) == {"c1", "e1"})
    finally:
        key("ctrl+q")
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        if failures:
            print(log_path.read_text()[-3000:])

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
