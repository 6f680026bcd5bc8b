"""Steps the xdotool UI tests share: keys and text at a typist's pace,
waiting for a condition (never for a time), checks that collect failures
instead of stopping at the first one, and the app under test (App): started
with a home of its own, read back through its working copy, stopped."""

import contextlib
import os
import pathlib
import re
import sqlite3
import subprocess
import time

failures = []
INPUT_PACE = 0.15      # keys at a typist's pace; results are waited for
TIMEOUT = 30
GEOMETRY = re.compile(r"evb-geometry: canvas ([-\d.]+) ([-\d.]+) view ([-\d.]+) ([-\d.]+) zoom ([\d.]+)")


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f": {detail}"))
    if not condition:
        failures.append(name)


def key(*keys, clear_modifiers=False):
    """Presses each key (a chord such as ctrl+alt+c) in turn. With
    clear_modifiers, xdotool first releases any modifier still down, so a
    chord is exactly what it says whatever came before it."""
    options = ["--clearmodifiers"] if clear_modifiers else []
    for k in keys:
        subprocess.run(["xdotool", "key", *options, k], check=True)
        time.sleep(INPUT_PACE)


def type_text(text):
    subprocess.run(["xdotool", "type", "--delay", "60", text], check=True)
    time.sleep(INPUT_PACE)


def xdo(*args):
    """Any other xdotool command (a mouse move, a click), at a hand's pace."""
    subprocess.run(["xdotool", *map(str, args)], check=True)
    time.sleep(INPUT_PACE)


def wait_until(condition, what, timeout=TIMEOUT):
    """Polls condition until it returns something true, and returns that;
    raises TimeoutError, naming what, after timeout seconds."""
    end = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > end:
            raise TimeoutError(f"waited {timeout} s in vain for {what}")
        time.sleep(0.05)


def app_env(tmp, **extra):
    """The app's environment: HOME and the XDG folders inside tmp (a
    pathlib.Path), so it meets no one's settings, recent boards or working
    copies, plus extra; without G_DEBUG, whose fatal warnings are for the
    C tests, not for a whole app run by hand."""
    (tmp / "run").mkdir(mode=0o700, exist_ok=True)
    env = dict(os.environ, HOME=str(tmp), XDG_DATA_HOME=str(tmp / "data"),
               XDG_CONFIG_HOME=str(tmp / "config"), XDG_CACHE_HOME=str(tmp / "cache"),
               XDG_RUNTIME_DIR=str(tmp / "run"), **extra)
    env.pop("G_DEBUG", None)
    return env


class App:
    """The app under test: program started with args, its environment from
    app_env(tmp, **env), its output in tmp / "app.log"; up once a window
    named title is shown and, when it opens a board (args), once the
    board's working copy is there.

    read_board(db) reads what a test checks from the board's working copy
    (what the app committed), opened read-only through SQLite."""

    def __init__(self, program, tmp, *args, title, read_board, env=None):
        self.env = app_env(tmp, **(env or {}))
        self.log_path = tmp / "app.log"
        self.log = open(self.log_path, "a")
        self.read_board = read_board
        self.proc = subprocess.Popen([program, *map(str, args)], env=self.env,
                                     stdout=self.log, stderr=self.log)
        try:
            subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", title],
                           check=True, timeout=TIMEOUT, capture_output=True)
            if args:
                wait_until(self.working_copy, "the board's working copy")
        except BaseException:
            # No test would ever stop an app that did not come up.
            self.proc.kill()
            self.proc.wait()
            raise

    def working_copy(self):
        found = list((pathlib.Path(self.env["XDG_DATA_HOME"]) / "evidence-board" / "working").glob("*.evboard"))
        return found[0] if len(found) == 1 else None

    def board(self, read=None):
        """read(db), or read_board(db), on the working copy; None while there
        is no working copy or it cannot be read."""
        copy = self.working_copy()
        if copy is None:
            return None
        try:
            with contextlib.closing(sqlite3.connect(f"file:{copy}?mode=ro", uri=True)) as db:
                return (read or self.read_board)(db)
        except sqlite3.Error:
            return None

    def expect(self, name, condition, read=None):
        """Checks (check()) that the working copy comes to satisfy
        condition(*state), state being the tuple board(read) returns."""
        def holds():
            state = self.board(read)
            return state is not None and condition(*state)
        try:
            wait_until(holds, name)
            check(name, True)
        except TimeoutError:
            check(name, False, self.board(read))

    def screen_point(self, bx, by):
        """Board to screen coordinates, from the canvas's last geometry
        report (the app needs EVB_DEBUG_GEOMETRY=1)."""
        found = wait_until(lambda: GEOMETRY.findall(self.log_path.read_text()), "the canvas geometry")
        cx, cy, ox, oy, zoom = map(float, found[-1])
        return str(int(cx + (bx - ox) * zoom)), str(int(cy + (by - oy) * zoom))

    def log_tail(self):
        return self.log_path.read_text()[-3000:]

    def quit(self, kill=False):
        """Ctrl+Q, as a person quits, or with kill, ends the process: closing
        a new board that was never saved (a draft) asks whether to keep it."""
        if not kill:
            key("ctrl+q")
            try:
                self.proc.wait(timeout=15)
                return
            except subprocess.TimeoutExpired:
                pass
        self.proc.kill()
        self.proc.wait()
