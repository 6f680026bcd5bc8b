#!/usr/bin/env python3
"""The window driven with real input through xdotool, under Xvfb.

Drags a card, drags a link from one card's handle onto another, edits a
title with a double-click, rubber-bands a card and deletes it, zooms with
Ctrl+scroll; then quits and reads the board file. Then makes an edit, kills
the app with SIGKILL, starts it again and finds the edit recovered."""

import contextlib
import json
import os
import pathlib
import signal
import sqlite3
import subprocess
import sys
import tempfile

from xdo_steps import GEOMETRY, TIMEOUT, check, failures, wait_until, xdo

app, cli = sys.argv[1], sys.argv[2]


class App:
    def __init__(self, env, *args):
        self.log_path = pathlib.Path(env["HOME"]) / "app.log"
        self.log = open(self.log_path, "a+")
        self.start = self.log_path.stat().st_size     # this run's lines only
        self.proc = subprocess.Popen([app, *args], env=env, stderr=self.log, stdout=self.log)
        self.env = env
        subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "Input test"],
                       check=True, timeout=TIMEOUT, capture_output=True)
        # Up when the canvas has reported where it is and the board is open.
        self.geometry()
        wait_until(self.working_copy, "the board's working copy")

    def reports(self):
        self.log.flush()
        with open(self.log_path) as log:
            log.seek(self.start)
            return GEOMETRY.findall(log.read())

    def geometry(self):
        """The last reported canvas position and view."""
        return tuple(map(float, wait_until(self.reports, "the canvas geometry")[-1]))

    def n_reports(self):
        return len(self.reports())

    def working_copy(self):
        found = list((pathlib.Path(self.env["XDG_DATA_HOME"]) / "evidence-board" / "working").glob("*.evboard"))
        return found[0] if len(found) == 1 else None

    def board(self):
        """What the app has committed: its working copy, read through SQLite
        in WAL mode (the CLI reads a board file as immutable, without its WAL)."""
        try:
            with contextlib.closing(sqlite3.connect(f"file:{self.working_copy()}?mode=ro", uri=True)) as db:
                nodes = {row[0]: {"id": row[0], "title": row[1], "x": row[2], "y": row[3]}
                         for row in db.execute("SELECT id, title, x, y FROM node")}
                links = [{"from": row[0], "to": row[1], "relation": row[2]}
                         for row in db.execute("SELECT from_id, to_id, relation FROM link")]
                return nodes, links
        except sqlite3.Error:
            return None

    def wait_board(self, condition, what):
        """Waits until the working copy satisfies condition (nodes by id, links)."""
        def holds():
            board = self.board()
            return board is not None and condition(*board)
        wait_until(holds, what)

    def n_windows(self):
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(self.proc.pid)],
                               capture_output=True, text=True)
        return len(found.stdout.split())

    def wait_popover(self):
        """A popover is a window of its own under X11."""
        wait_until(lambda: self.n_windows() >= 2, "a popover")

    def screen(self, bx, by):
        cx, cy, ox, oy, zoom = self.geometry()
        return int(cx + (bx - ox) * zoom), int(cy + (by - oy) * zoom)

    def quit(self):
        xdo("key", "ctrl+q")
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise


def board_json(path, tmp):
    out = tmp / "out.json"
    subprocess.run([cli, "export", path, out, "--force"], check=True)
    return json.loads(out.read_text())


with tempfile.TemporaryDirectory() as tmpdir:
    tmp = pathlib.Path(tmpdir)
    env = dict(os.environ, HOME=str(tmp), XDG_DATA_HOME=str(tmp / "data"),
               XDG_CONFIG_HOME=str(tmp / "config"), XDG_CACHE_HOME=str(tmp / "cache"),
               XDG_RUNTIME_DIR=str(tmp / "run"), EVB_DEBUG_GEOMETRY="1")
    env.pop("G_DEBUG", None)
    (tmp / "run").mkdir(mode=0o700)
    board = {
        "format": "evidence-board", "version": 1, "board": {"title": "Input test"},
        "nodes": [
            {"id": "c1", "kind": "claim", "title": "Claim one", "x": 100, "y": 100, "width": 260, "height": 150},
            {"id": "e1", "kind": "evidence", "title": "Video", "evidence_type": "video", "x": 600, "y": 100, "width": 240, "height": 130},
            {"id": "e2", "kind": "evidence", "title": "Radar", "evidence_type": "radar", "x": 600, "y": 420, "width": 240, "height": 130},
        ],
        "links": [],
    }
    (tmp / "in.json").write_text(json.dumps(board))
    path = tmp / "input.evboard"
    subprocess.run([cli, "import", tmp / "in.json", path], check=True)

    a = App(env, path)

    # Drag e1 by (60, 80) screen pixels.
    cx, cy, ox, oy, zoom = a.geometry()
    x, y = a.screen(720, 165)
    xdo("mousemove", x, y)
    xdo("mousedown", 1)
    for i in range(1, 11):
        xdo("mousemove", x + 6 * i, y + 8 * i)
    xdo("mouseup", 1)
    a.wait_board(lambda nodes, links: nodes["e1"]["x"] != 600, "e1 to move")

    # Drag a link from e2's handle (right edge, middle) onto c1.
    x, y = a.screen(720, 485)
    xdo("mousemove", x, y)              # hover shows the handle
    hx, hy = a.screen(840, 485)
    xdo("mousemove", hx, hy)
    xdo("mousedown", 1)
    tx, ty = a.screen(230, 175)
    for i in range(1, 11):
        xdo("mousemove", hx + (tx - hx) * i // 10, hy + (ty - hy) * i // 10)
    xdo("mouseup", 1)
    a.wait_popover()
    xdo("key", "Return")                # the popover's first button: Supports
    a.wait_board(lambda nodes, links: any(l["from"] == "e2" for l in links), "the link from e2")

    # Double-click c1 and type a new title.
    x, y = a.screen(230, 175)
    xdo("mousemove", x, y)
    xdo("click", "--repeat", 2, "--delay", 80, 1)
    a.wait_popover()
    xdo("key", "ctrl+a")
    xdo("type", "Edited by mouse")
    xdo("key", "Return")
    a.wait_board(lambda nodes, links: nodes["c1"]["title"] == "Edited by mouse", "the new title")

    # Shift+drag a rubber band around e2, then Delete.
    # From the bottom right, away from the link that runs up to c1.
    x1, y1 = a.screen(880, 580)
    x2, y2 = a.screen(570, 400)
    xdo("mousemove", x1, y1)
    xdo("keydown", "shift")
    xdo("mousedown", 1)
    for i in range(1, 11):
        xdo("mousemove", x1 + (x2 - x1) * i // 10, y1 + (y2 - y1) * i // 10)
    xdo("mouseup", 1)
    xdo("keyup", "shift")
    xdo("key", "Delete")
    a.wait_board(lambda nodes, links: "e2" not in nodes, "e2 to go")

    # Ctrl+scroll zooms in around the pointer.
    before = a.geometry()[4]
    xdo("mousemove", *a.screen(400, 300))
    xdo("keydown", "ctrl")
    xdo("click", 4)
    xdo("click", 4)
    xdo("keyup", "ctrl")
    try:
        wait_until(lambda: a.geometry()[4] > before * 1.1, "the zoom to change", timeout=10)
    except TimeoutError:
        pass                            # reported by the check below
    after = a.geometry()[4]
    check("Ctrl+scroll zooms in", after > before * 1.1, f"{before} → {after}")

    a.quit()
    result = board_json(path, tmp)
    nodes = {n["id"]: n for n in result["nodes"]}
    check("dragging moved e1", abs(nodes["e1"]["x"] - (600 + 60 / zoom)) <= 2 and
          abs(nodes["e1"]["y"] - (100 + 80 / zoom)) <= 2, nodes["e1"])
    check("the other cards stayed", nodes["c1"]["x"] == 100 and nodes["c1"]["y"] == 100, nodes["c1"])
    check("double-click edited the title", nodes["c1"]["title"] == "Edited by mouse", nodes["c1"]["title"])
    check("rubber band and Delete removed e2", "e2" not in nodes, list(nodes))
    # The link e2 → c1 was made, then deleted with e2: the file must not hold it.
    check("deleting e2 removed its link", all(l["from"] != "e2" for l in result["links"]), result["links"])

    # The link gesture on its own, checked before anything deletes it.
    a = App(env, path)
    e1 = nodes["e1"]
    x, y = a.screen(e1["x"] + 120, e1["y"] + 65)
    xdo("mousemove", x, y)
    hx, hy = a.screen(e1["x"] + 240, e1["y"] + 65)
    xdo("mousemove", hx, hy)
    xdo("mousedown", 1)
    tx, ty = a.screen(230, 175)
    for i in range(1, 11):
        xdo("mousemove", hx + (tx - hx) * i // 10, hy + (ty - hy) * i // 10)
    xdo("mouseup", 1)
    a.wait_popover()
    xdo("key", "Return")
    a.quit()
    result = board_json(path, tmp)
    check("dragging a handle onto a card linked them",
          any(l["from"] == "e1" and l["to"] == "c1" and l["relation"] == "supports" for l in result["links"]),
          result["links"])

    # Keyboard only: find a card with Ctrl+F, edit its title in the
    # inspector (F6 goes there and back), and undo the typing in one step.
    a = App(env, path)
    reports = a.n_reports()
    xdo("key", "ctrl+f")
    xdo("type", "video")
    # The entry waits for a pause in typing, then centres the match.
    wait_until(lambda: a.n_reports() > reports, "the search to centre its match")
    xdo("key", "Escape")                # closes the search; the match stays selected
    xdo("key", "F6")
    xdo("key", "ctrl+a")
    xdo("type", "Video seen by keyboard")
    xdo("key", "F6")
    a.quit()
    result = board_json(path, tmp)
    nodes = {n["id"]: n for n in result["nodes"]}
    check("typed into the inspector without the mouse", nodes["e1"]["title"] == "Video seen by keyboard",
          nodes["e1"]["title"])

    a = App(env, path)
    reports = a.n_reports()
    xdo("key", "ctrl+f")
    xdo("type", "keyboard")
    wait_until(lambda: a.n_reports() > reports, "the search to centre its match")
    xdo("key", "Escape")
    xdo("key", "F6")
    xdo("key", "End")
    xdo("type", " twice")
    xdo("key", "F6")
    xdo("key", "ctrl+z")                # all of " twice" at once
    a.quit()
    result = board_json(path, tmp)
    nodes = {n["id"]: n for n in result["nodes"]}
    check("one undo takes back a whole typing session", nodes["e1"]["title"] == "Video seen by keyboard",
          nodes["e1"]["title"])

    # Kill -9 right after an edit: the next start recovers it.
    a = App(env, path)
    xdo("key", "ctrl+alt+c")            # adds a claim, committed to the working copy at once
    a.wait_board(lambda nodes, links: len(nodes) == 3, "the claim in the working copy")
    a.proc.send_signal(signal.SIGKILL)
    a.proc.wait()
    n_before = len(board_json(path, tmp)["nodes"])
    env2 = dict(env, EVB_RECOVER="always")
    a = App(env2)
    a.wait_board(lambda nodes, links: len(nodes) == 3, "the recovered board")
    a.quit()
    result = board_json(path, tmp)
    check("the edit made before SIGKILL was recovered", len(result["nodes"]) == 3,
          f"{n_before} nodes in the file before recovery, {len(result['nodes'])} after")
    check("the recovered claim is there", any(n["kind"] == "claim" and n["id"] != "c1" for n in result["nodes"]))

    if failures:
        print((tmp / "app.log").read_text()[-3000:])

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
