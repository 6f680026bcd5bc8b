#!/usr/bin/python3
"""What a screen reader finds: the app's accessibility tree read through AT-SPI.

Runs the app on the sample board under its own session bus (started by
run-a11y) with GTK_A11Y=atspi, and walks the tree with pyatspi, as Orca
would. Every card title and every link ("X supports Y", "X refutes Y") must
be an accessible object of its own, and no button may be named after its
widget class (a "GtkImage" or "GtkMenuButton" says nothing to a listener).

Skips (exit 77) where pyatspi or the AT-SPI bus is missing. Run it with
Debian's /usr/bin/python3: pyatspi is a Debian package, not on PyPI."""

import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time

SKIP = 77
CONTROL_ROLES = {"push button", "toggle button", "entry", "text", "password text",
                 "progress bar", "combo box", "check box", "radio button", "spin button",
                 "slider", "menu item", "link", "list item", "switch"}
CLASS_NAME = re.compile(r"^(Gtk|Adw|Evb)[A-Z]\w*$")
TIMEOUT = 60

try:
    import gi
    gi.require_version("Atspi", "2.0")
    import pyatspi
except (ImportError, ValueError) as error:
    print(f"SKIP: pyatspi is not installed ({error})", file=sys.stderr)
    sys.exit(SKIP)

app, cli, sample = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f": {detail}"))
    if not condition:
        failures.append(name)


def wait_until(condition, what, timeout=TIMEOUT):
    """Polls condition until it returns something true; fails after timeout."""
    end = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > end:
            raise SystemExit(f"waited {timeout} s in vain for {what}")
        time.sleep(0.2)


def walk(accessible, depth=0):
    """Every object under accessible, with its role name and name."""
    if accessible is None or depth > 80:
        return
    try:
        role = accessible.getRoleName()
        name = accessible.name or ""
        count = accessible.childCount
    except Exception:       # the object went away while we read it
        return
    yield accessible, role, name
    for i in range(count):
        try:
            child = accessible.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


def find_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        candidate = desktop.getChildAtIndex(i)
        try:
            if candidate is not None and candidate.get_process_id() == pid:
                return candidate
        except Exception:
            continue
    return None


def main():
    try:
        pyatspi.Registry.getDesktop(0).childCount
    except Exception as error:
        print(f"SKIP: the AT-SPI bus does not answer ({error})", file=sys.stderr)
        return SKIP

    data = json.loads(pathlib.Path(sample).read_text())
    titles = {node["id"]: node["title"] for node in data["nodes"]}

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = pathlib.Path(tmp_name)
        env = dict(os.environ, HOME=str(tmp), XDG_DATA_HOME=str(tmp / "data"),
                   XDG_CONFIG_HOME=str(tmp / "config"), XDG_CACHE_HOME=str(tmp / "cache"),
                   GTK_A11Y="atspi")
        env.pop("NO_AT_BRIDGE", None)
        env.pop("G_DEBUG", None)     # the AT-SPI bridge warns about objects it drops
        path = tmp / "sample.evboard"
        subprocess.run([cli, "import", sample, path], check=True)
        log = open(tmp / "app.log", "w")
        proc = subprocess.Popen([app, path], env=env, stdout=log, stderr=log)
        try:
            root = wait_until(lambda: find_app(proc.pid), "the app on the AT-SPI bus")

            def names():
                return {name for _, _, name in walk(root)}

            # The window is up when its controls are on the bus.
            wait_until(lambda: any(role == "push button" for _, role, _ in walk(root)), "the window")
            objects = list(walk(root))
            found = {name for _, _, name in objects}

            # A list shows the rows that fit; a listener reads the others by
            # moving down it, as this does: open the outline (F8) and walk.
            subprocess.run(["xdotool", "key", "F8"], check=True)
            outline = wait_until(lambda: next((a for a, role, name in walk(root)
                                               if role in ("list", "tree", "tree table")
                                               and name == "Outline of the board"), None),
                                 "the outline of the board")
            n_rows = len(data["nodes"]) + len(data["links"])
            for _ in range(n_rows + 5):
                for _, role, name in walk(outline):
                    found.add(name)
                    objects.append((None, role, name))
                subprocess.run(["xdotool", "key", "Down"], check=True)
            wanted = set(titles.values())

            # The canvas speaks for the card or link chosen in the outline.
            def canvas_name():
                return next((name for _, role, name in walk(root)
                             if role == "image" and (name.startswith("Board") or name.startswith("Link")
                                                     or ":" in name)), "")
            check("the canvas names the board", data["board"]["title"] in canvas_name(), canvas_name())
            subprocess.run(["xdotool", "key", "Home", "Down", "Return"], check=True)
            try:
                wait_until(lambda: canvas_name().startswith("Link: "), "the link chosen in the outline", 10)
            except SystemExit:
                pass
            first_claim = next(n for n in data["nodes"] if n["kind"] == "claim")
            check("Enter on a link row selects the link and the canvas names it",
                  canvas_name().startswith("Link: ") and canvas_name().rstrip(".").count(first_claim["title"]),
                  canvas_name())
            missing = sorted(wanted - found)
            check("every card title is an accessible object", not missing,
                  f"{len(missing)} of {len(wanted)} missing, e.g. {missing[:3]}")

            def link_name(link):
                verb = "supports" if link["relation"] == "supports" else "refutes"
                return f"{titles[link['from']]} {verb} {titles[link['to']]}"

            missing_links = [link_name(l) for l in data["links"]
                             if not any(link_name(l) in name for name in found)]
            check("every link is an accessible object named \"X supports Y\"",
                  not missing_links,
                  f"{len(missing_links)} of {len(data['links'])} missing, e.g. {missing_links[:2]}")

            # GTK 4.8 names an unlabelled object after its class; for a
            # container that is noise, for a control it is all a listener hears.
            # (Images are left out: libadwaita's rows hold decorative ones of
            # their own that no listener is sent to.)
            class_named = sorted({f"{role}: {name}" for _, role, name in objects
                                  if role in CONTROL_ROLES and CLASS_NAME.match(name)})
            check("no control is named after its widget class", not class_named, class_named)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()
            if failures:
                sys.stderr.write((tmp / "app.log").read_text()[-4000:])

    if failures:
        print(f"{len(failures)} check(s) failed: {', '.join(failures)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
