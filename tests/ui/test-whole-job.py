#!/usr/bin/env python3
"""The whole job with keys only (issue 19), driven with xdotool under Xvfb:
a new board, two claims and a piece of evidence, the evidence graded, a
link made and then edited, a card found by search and deleted, the
deletion undone, the board exported as JSON.

Every step is checked in the board's working copy (what the app committed)
or in the exported file, waiting for the result, never for a time; the
test stops at the first step that fails, since the next ones build on it.
"""

import functools
import json
import os
import pathlib
import sqlite3
import subprocess
import sys
import tempfile

import xdo_steps
from xdo_steps import TIMEOUT, App, type_text, wait_until

app = sys.argv[1]

# Every chord with any modifier still down released first: the job chains
# chords and typed text without a pause between them, and one modifier left
# down would turn the next key into another shortcut.
key = functools.partial(xdo_steps.key, clear_modifiers=True)


class StepFailed(Exception):
    pass


def titles_and_fields(db):
    """Nodes {title: (kind, type, reliability, credibility)} and links
    {(from title, to title): (relation, strength, note)} as committed."""
    db.row_factory = sqlite3.Row
    rows = [dict(r) for r in db.execute("SELECT * FROM node")]
    titles = {r["id"]: r["title"] for r in rows}
    nodes = {r["title"]: (r["kind"], r.get("evidence_type"), r.get("reliability"),
                          r.get("credibility")) for r in rows}
    links = {(titles.get(r["from_id"]), titles.get(r["to_id"])):
             (r["relation"], r["strength"], r["note"])
             for r in (dict(x) for x in db.execute("SELECT * FROM link"))}
    return nodes, links


with tempfile.TemporaryDirectory() as tmpdir:
    tmp = pathlib.Path(tmpdir)
    exported = tmp / "board.json"

    def step(name, condition):
        """Waits until the board satisfies condition(nodes, links); the job
        stops at the first step that fails, since the next ones build on it."""
        def holds():
            b = a.board()
            return b is not None and condition(*b)
        try:
            wait_until(holds, name)
        except TimeoutError:
            subprocess.run(["import", "-window", "root", str(pathlib.Path(os.environ.get(
                "EVB_SCREENSHOT_DIR", tmp)) / "whole-job-failed.png")])
            raise StepFailed(f"{name}: {a.board()}")
        print("ok  ", name)

    failed = None
    a = None
    try:
        # No board given: the app opens on its start page.
        a = App(app, tmp, title="Evidence Board", read_board=titles_and_fields)

        # New board: open at once, no question.
        key("ctrl+n")
        step("Ctrl+N opens a new board at once", lambda nodes, links: nodes == {} and links == {})

        # Two claims and a video, each titled as it is added.
        key("ctrl+alt+c")
        type_text("Residence attacked")
        key("Return")
        step("Ctrl+Alt+C adds a claim, titled at once",
             lambda nodes, links: nodes.get("Residence attacked", ("",))[0] == "claim")
        key("ctrl+alt+c")
        type_text("Military site hit")
        key("Return")
        step("a second claim", lambda nodes, links: "Military site hit" in nodes)
        key("ctrl+alt+e", "Return")
        type_text("Drone video")
        key("Return")
        step("Ctrl+Alt+E and Enter add a video",
             lambda nodes, links: nodes.get("Drone video", ("",))[0] == "evidence")

        # Grade it in the inspector: F6 (the title), then Tab through kind,
        # type, pinned (its row and its switch) and the description, a text
        # view that Ctrl+Tab leaves, then the source and the web address.
        key("F6", "Tab", "Tab", "Tab", "Tab", "Tab", "ctrl+Tab", "Tab", "Tab")
        key("space", "Down", "Down", "Return")      # not graded, A, B — usually reliable
        step("the reliability is graded from the keyboard",
             lambda nodes, links: nodes.get("Drone video", (0, 0, 0, 0))[2] == "B")
        key("Tab", "space", "Down", "Down", "Down", "Return")   # not graded, 1, 2, 3 — possibly true
        step("the credibility is graded from the keyboard",
             lambda nodes, links: nodes.get("Drone video", (0, 0, 0, 0))[3] == 3)

        # Link it to the first claim: back on the board, Ctrl+L, find, Supports.
        key("F6", "ctrl+l")
        type_text("residence")
        key("Return", "Return")
        step("Ctrl+L links the video to the claim found by name",
             lambda nodes, links: links.get(("Drone video", "Residence attacked"), ("",))[0] == "supports")

        # Edit the link: Alt+1 puts the keyboard on the board, Escape clears
        # the selection, the outline (F8) finds the video by typing and
        # selects it, Alt+1 again, Alt+Right reaches the video's link, F6
        # its fields: relation, strength, note. A drop-down's list opens on
        # its first item.
        key("alt+1", "Escape", "F8")
        type_text("drone")
        key("Return", "alt+1", "alt+Right", "F6", "Tab", "space", "Down", "Down", "Return")   # strong
        step("the link's strength is edited from the keyboard",
             lambda nodes, links: links.get(("Drone video", "Residence attacked"), ("", ""))[1] == "strong")
        key("Tab")
        type_text("Timing only")
        step("the link's note is typed",
             lambda nodes, links: links.get(("Drone video", "Residence attacked"), ("", "", ""))[2] == "Timing only")
        # Ctrl+Z in the note is the board's undo: the note goes in one step.
        key("ctrl+z")
        step("Ctrl+Z in a field takes back its typing in one step",
             lambda nodes, links: links.get(("Drone video", "Residence attacked"), ("", "", "x"))[2] is None)

        # Search finds the second claim and selects it; Escape closes the
        # search, Alt+1 puts the keyboard on the board, Delete deletes the
        # card; Ctrl+Z brings it back.
        key("F6", "ctrl+f")
        type_text("Military")
        key("Return", "Escape", "alt+1", "Delete")
        step("Ctrl+F finds a card, Delete deletes it",
             lambda nodes, links: "Military site hit" not in nodes and len(nodes) == 2)
        key("ctrl+z")
        step("Ctrl+Z brings it back", lambda nodes, links: "Military site hit" in nodes)

        # Tab walks the cards and, past the last, moves on like any widget:
        # here to the inspector's first field, the last card's title.
        key("alt+1", "Escape", "shift+Tab", "Tab")
        type_text("Drone clip")
        step("Tab past the last card leaves the canvas for the inspector",
             lambda nodes, links: "Drone clip" in nodes and "Drone video" not in nodes)
        key("ctrl+z")
        step("and Ctrl+Z there undoes the title", lambda nodes, links: "Drone video" in nodes)

        # Export JSON: the file chooser takes a path typed in full.
        key("ctrl+shift+e")
        subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "Export JSON"],
                       check=True, timeout=TIMEOUT, capture_output=True)
        key("ctrl+a")
        type_text(str(exported))
        key("Return")
        try:
            data = wait_until(lambda: exported.is_file() and exported.stat().st_size > 0
                              and json.loads(exported.read_text()), "the exported JSON")
        except TimeoutError:
            data = None
        titles = {n["title"]: n for n in (data or {}).get("nodes", [])}
        if not (data and set(titles) == {"Residence attacked", "Military site hit", "Drone video"}
                and titles["Drone video"].get("reliability") == "B"
                and any(link.get("strength") == "strong" for link in data.get("links", []))):
            raise StepFailed(f"Ctrl+Shift+E exports the board as JSON: {data}")
        print("ok   Ctrl+Shift+E exports the board as JSON")
    except (StepFailed, subprocess.SubprocessError) as error:
        failed = error
        print("FAIL", error)
        print((tmp / "app.log").read_text()[-3000:])
    finally:
        # The job ends on a new board never saved (a draft), which asks on
        # closing whether to keep it: end the process instead.
        if a is not None:
            a.quit(kill=True)

sys.exit(1 if failed else 0)
