#!/usr/bin/env python3
"""Groups with real keys and a real mouse, driven with xdotool under Xvfb:
Ctrl+A and Ctrl+Alt+G group the cards and the label editor takes the typed
name; dragging the group's label moves its cards together, one undo step;
a double click on the label collapses the group and Ctrl+Z expands it;
Ctrl+Alt+Shift+G ungroups.

Each step is checked in the board's working copy (what the app
committed), so the test waits for results, not for time."""

import json
import pathlib
import subprocess
import sys
import tempfile

from xdo_steps import App, failures, key, type_text, xdo

app, cli = sys.argv[1], sys.argv[2]


def places_and_groups(db):
    nodes = {row[0]: (row[1], row[2]) for row in db.execute("SELECT id, x, y FROM node")}
    groups = {row[0]: (row[1], row[2]) for row in db.execute("SELECT id, label, collapsed FROM card_group")}
    return nodes, groups


with tempfile.TemporaryDirectory() as tmpdir:
    tmp = pathlib.Path(tmpdir)
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
    a = App(app, tmp, path, title="Groups test", read_board=places_and_groups,
            env={"EVB_DEBUG_GEOMETRY": "1"})
    try:
        # Click a card (the canvas takes the keys), then Ctrl+A, Ctrl+Alt+G and a name.
        xdo("mousemove", *a.screen_point(230, 175))
        xdo("click", "1")
        key("ctrl+a", "ctrl+alt+g")
        type_text("Pair")
        key("Return")
        a.expect("Ctrl+Alt+G groups the selected cards and the label editor names the group",
                 lambda nodes, groups: list(groups.values()) == [("Pair", 0)])

        # Drag the label band (above the cards) right by 100 board units.
        start = a.screen_point(200, 64)
        end = a.screen_point(300, 64)
        xdo("mousemove", *start)
        xdo("mousedown", "1")
        xdo("mousemove", str((int(start[0]) + int(end[0])) // 2), start[1])
        xdo("mousemove", *end)
        xdo("mouseup", "1")
        a.expect("dragging the label moves every card of the group by the same distance",
                 lambda nodes, groups: nodes["c1"][0] > 150 and nodes["e1"][0] - nodes["c1"][0] == 400
                 and nodes["c1"][1] == 100)
        key("ctrl+z")
        a.expect("one Ctrl+Z puts both back", lambda nodes, groups: nodes["c1"] == (100, 100)
                 and nodes["e1"] == (500, 100))

        # A double click on the label collapses the group; Ctrl+Z expands it.
        xdo("mousemove", *a.screen_point(200, 64))
        xdo("click", "--repeat", "2", "--delay", "80", "1")
        a.expect("a double click on the label collapses the group",
                 lambda nodes, groups: list(groups.values()) == [("Pair", 1)])
        key("ctrl+z")
        a.expect("Ctrl+Z expands it", lambda nodes, groups: list(groups.values()) == [("Pair", 0)])

        # Ctrl+Alt+Shift+G ungroups; the cards stay.
        key("ctrl+alt+shift+g")
        a.expect("Ctrl+Alt+Shift+G ungroups and keeps the cards",
                 lambda nodes, groups: groups == {} and set(nodes) == {"c1", "e1"})
    finally:
        a.quit()
        if failures:
            print(a.log_tail())

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
