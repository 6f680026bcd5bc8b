#!/usr/bin/env python3
"""Keys only: linking two cards that are far apart, reaching and deleting a
link, Escape, the outline, the timeline and resizing a card, driven with xdotool under Xvfb. Last, mouse
checks met on the way: a plain click inside a multi-selection selects just
that card; a click and a Ctrl+click on the timeline select two items, which
Enter shows on the board, selected.

Each step is checked in the board's working copy (what the app
committed), so the test waits for results, not for time."""

import json
import pathlib
import re
import subprocess
import sys
import tempfile

from xdo_steps import App, failures, key, type_text, wait_until, xdo

app, cli = sys.argv[1], sys.argv[2]


def titles_and_links(db):
    nodes = {row[0]: row[1] for row in db.execute("SELECT id, title FROM node")}
    links = {(row[0], row[1], row[2]) for row in db.execute("SELECT from_id, to_id, relation FROM link")}
    return nodes, links


def size_of(node_id):
    """Reads one card's (width, height), for App.expect(read=…)."""
    return lambda db: (db.execute("SELECT width, height FROM node WHERE id = ?", (node_id,)).fetchone(),)


with tempfile.TemporaryDirectory() as tmpdir:
    tmp = pathlib.Path(tmpdir)
    (tmp / "in.json").write_text(json.dumps({
        "format": "evidence-board", "version": 1, "board": {"title": "Keyboard test"},
        "nodes": [
            {"id": "c1", "kind": "claim", "title": "Claim one", "x": 100, "y": 100, "width": 260, "height": 150},
            {"id": "e1", "kind": "evidence", "title": "Video", "evidence_type": "video",
             "x": 600, "y": 100, "width": 240, "height": 130, "occurred": "2024-01-01"},
            {"id": "e2", "kind": "evidence", "title": "Radar", "evidence_type": "radar",
             "x": 1600, "y": 1400, "width": 240, "height": 130, "occurred": "2024-02-01T10:00:00Z"},
        ],
        "links": []}))
    path = tmp / "board.evboard"
    subprocess.run([cli, "import", tmp / "in.json", path], check=True)
    a = App(app, tmp, path, title="Keyboard test", read_board=titles_and_links)
    try:
        # The outline (F8) takes the keyboard; typing finds a card, Enter
        # selects it on the board; Ctrl+L links it to a card found by name.
        key("F8")
        type_text("v")
        key("Return", "ctrl+l")
        type_text("claim")
        key("Return", "Return")
        a.expect("Link To… with Supports links the card to the one found",
                 lambda nodes, links: ("e1", "c1", "supports") in links)

        # Two cards far apart, and Refutes by its mnemonic.
        key("F8", "F8")
        type_text("radar")
        key("Return", "ctrl+l")
        type_text("one")
        key("Return", "alt+r")
        a.expect("Link To… with Refutes links them the other way",
                 lambda nodes, links: ("e2", "c1", "refutes") in links)

        # From a card on the canvas, Alt+Right reaches its link; Delete
        # deletes the link and nothing else.
        key("F8", "F8")
        type_text("radar")
        key("Return", "F6", "F6", "alt+Right", "Delete")
        a.expect("Alt+Right selects the card's link and Delete deletes it",
                 lambda nodes, links: ("e2", "c1", "refutes") not in links and len(nodes) == 3
                 and ("e1", "c1", "supports") in links)

        # Escape clears the selection: Delete then deletes nothing, and the
        # claim added next proves the keys were handled.
        key("F8", "F8")
        type_text("video")
        key("Return", "F6", "F6", "Escape", "Delete", "ctrl+alt+c")
        a.expect("Escape clears the selection (Delete after it deletes nothing)",
                 lambda nodes, links: len(nodes) == 4 and {"c1", "e1", "e2"} <= set(nodes))
        key("Escape")

        # Alt+Shift+arrows resize the selected card a step at a time; the
        # steps in a row are one undo step.
        key("F8", "F8")
        type_text("radar")
        key("Return", "F6", "F6", "alt+shift+Right", "alt+shift+Right", "alt+shift+Right",
            "alt+shift+Down", "alt+shift+Left")
        a.expect("Alt+Shift+arrows resize the selected card", lambda size: size == (260.0, 140.0),
                 read=size_of("e2"))
        key("ctrl+z")
        a.expect("one Ctrl+Z undoes the steps in a row", lambda size: size == (240.0, 130.0),
                 read=size_of("e2"))

        # Delete in the outline deletes the row's card; Ctrl+Z brings it back.
        key("F8", "F8")
        type_text("radar")
        key("Delete")
        a.expect("Delete in the outline deletes the card", lambda nodes, links: "e2" not in nodes)
        key("ctrl+z")
        a.expect("Ctrl+Z brings it back", lambda nodes, links: "e2" in nodes)

        # The timeline (Alt+3) takes the keyboard: End selects the latest
        # item, Enter shows it on the board, still selected, where Delete
        # deletes it.
        key("Escape", "alt+3", "End", "Return", "Delete")
        a.expect("Alt+3, End and Enter: the timeline's last item is the board's selection",
                 lambda nodes, links: "e2" not in nodes and "e1" in nodes)
    finally:
        a.quit()
        if failures:
            print(a.log_tail())

def click(x, y, *modifiers):
    xdo("mousemove", x, y)
    for m in modifiers:
        xdo("keydown", m)
    xdo("click", "1")
    for m in modifiers:
        xdo("keyup", m)


with tempfile.TemporaryDirectory() as tmpdir:
    tmp = pathlib.Path(tmpdir)
    (tmp / "in.json").write_text(json.dumps({
        "format": "evidence-board", "version": 1, "board": {"title": "Keyboard test"},
        "nodes": [
            {"id": "c1", "kind": "claim", "title": "Claim one", "x": 100, "y": 100, "width": 260, "height": 150},
            {"id": "e1", "kind": "evidence", "title": "Video", "evidence_type": "video",
             "x": 600, "y": 100, "width": 240, "height": 130},
            {"id": "e2", "kind": "evidence", "title": "Dashcam", "evidence_type": "video",
             "x": 600, "y": 400, "width": 240, "height": 130, "occurred": "2024-01-01T08:00:00Z"},
            {"id": "e3", "kind": "evidence", "title": "Radar log", "evidence_type": "radar",
             "x": 900, "y": 400, "width": 240, "height": 130, "occurred": "2024-01-03",
             "collected": "2024-01-05"},
            {"id": "e4", "kind": "evidence", "title": "Photo", "evidence_type": "photo",
             "x": 1200, "y": 400, "width": 240, "height": 130, "occurred": "2024-01-04T18:00:00Z"},
        ],
        "links": []}))
    path = tmp / "board.evboard"
    subprocess.run([cli, "import", tmp / "in.json", path], check=True)
    a = App(app, tmp, path, title="Keyboard test", read_board=titles_and_links,
            env={"EVB_DEBUG_GEOMETRY": "1"})
    log_path = a.log_path
    TIMELINE = re.compile(r"evb-timeline: (\S+) ([-\d.]+) ([-\d.]+)")

    def timeline_point(node_id):
        """Where the timeline last said the item is on the screen."""
        def find():
            points = {m[0]: (m[1], m[2]) for m in TIMELINE.findall(log_path.read_text())}
            return points.get(node_id)
        x, y = wait_until(find, f"the timeline's place of {node_id}")
        return str(int(float(x))), str(int(float(y)))
    try:
        # c1 and e1 selected, then a plain click on c1: Delete then deletes c1 only.
        click(*a.screen_point(230, 175))
        click(*a.screen_point(720, 165), "shift")
        click(*a.screen_point(230, 175))
        key("Delete")
        a.expect("a plain click in a multi-selection selects just that card",
                 lambda nodes, links: "c1" not in nodes and "e1" in nodes)

        # On the timeline: a click selects an item, Ctrl+click adds one;
        # Enter shows them on the board, where Delete deletes both.
        key("alt+3")
        click(*timeline_point("e2"))
        click(*timeline_point("e4"), "ctrl")
        key("Return", "Delete")
        a.expect("a click and a Ctrl+click on the timeline select two cards of the board",
                 lambda nodes, links: "e2" not in nodes and "e4" not in nodes and "e3" in nodes)
    finally:
        a.quit()
        if failures:
            print(a.log_tail())

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
