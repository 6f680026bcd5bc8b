#!/usr/bin/env python3
"""evidence-board-cli and the board file's surroundings (issue 14): hidden
files beside a board or an export that are not ours stay, temporary files of
ours that a killed process left go, a board with a hot journal or a WAL
beside it is read as SQLite would recover it, and a few messages say what
really happened."""

import hashlib
import json
import os
import pathlib
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

cli = sys.argv[1]
images = len(sys.argv) > 2 and sys.argv[2] == "images"
failures = []


def run(*args, env=None):
    return subprocess.run([cli, *map(str, args)], capture_output=True, text=True, env=env)


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + (f": {detail}" if not condition else ""))
    if not condition:
        failures.append(name)


def digest(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


def node(i, kind="claim", **extra):
    n = {"id": f"n{i}", "kind": kind, "title": f"Node {i}", "x": i * 300, "y": 0}
    n.update(extra)
    return n


def board_json(title, n, spread=300):
    return {"format": "evidence-board", "version": 1, "board": {"title": title},
            "nodes": [dict(node(i), x=i * spread) for i in range(1, n + 1)], "links": []}


def names(folder):
    return sorted(p.name for p in folder.iterdir())


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    # The CLI's import takes the board's lock in the XDG data folder.
    env = dict(os.environ, XDG_DATA_HOME=str(tmp / "data"))
    source = tmp / "three.json"
    source.write_text(json.dumps(board_json("Committed", 3)))

    # 4. A refused import (the board exists, no --force) leaves the person's
    # hidden files beside the board alone, even those shaped like .NAME.XXXXXX.
    folder = tmp / "import"
    folder.mkdir()
    target = folder / "case.evboard"
    r = run("import", source, target, env=env)
    check("import a board", r.returncode == 0, r.stderr)
    hidden = [".case.evboard.backup", ".case.evboard.draft1", ".case.evboard.AbC123",
              ".case.evboard.AbC123-journal"]
    for name in hidden:
        (folder / name).write_text("the person's own")
    before = digest(target)
    r = run("import", source, target, env=env)
    check("import onto an existing board without --force is refused", r.returncode == 1, r.stderr)
    check("a refused import keeps the hidden files beside the board",
          all((folder / name).exists() for name in hidden), names(folder))
    check("a refused import leaves the board", digest(target) == before)
    r = run("import", source, target, "--force", env=env)
    check("import --force works", r.returncode == 0, r.stderr)
    check("import --force keeps the hidden files beside the board",
          all((folder / name).exists() for name in hidden), names(folder))
    check("import --force leaves no temporary file",
          not any(".evb-tmp-" in name for name in names(folder)), names(folder))

    # 9. Export: a temporary file of ours left by a killed export goes at the
    # next export beside it; the person's files stay.
    if images:
        folder = tmp / "export"
        folder.mkdir()
        out = folder / "bomb2.png"
        stale = folder / ".bomb2.png.evb-tmp-NZU7Y3"
        stale.write_bytes(b"\x89PNG partial")
        mine = [folder / ".bomb2.png.NZU7Y3", folder / ".bomb2.png.backup"]
        for path in mine:
            path.write_text("mine")
        r = run("export", target, out, "--scale", "1", "--force")
        check("export exits 0", r.returncode == 0, r.stderr)
        check("export removes a stale temporary file of ours", not stale.exists(), names(folder))
        check("export keeps the person's hidden files", all(p.exists() for p in mine),
              names(folder))

        # A real kill -9 half way through a slow export (a wide picture).
        wide = tmp / "wide.json"
        wide.write_text(json.dumps(board_json("Wide", 60, spread=500)))
        wide_board = tmp / "wide.evboard"
        run("import", wide, wide_board, env=env)
        seen = None
        for attempt in range(5):
            child = subprocess.Popen([cli, "export", str(wide_board), str(out), "--scale", "1", "--force"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 60
            while child.poll() is None and time.monotonic() < deadline and seen is None:
                temps = [n for n in names(folder) if n.startswith(".bomb2.png.evb-tmp-")]
                if temps:
                    seen = temps[0]
                    child.send_signal(signal.SIGKILL)
                time.sleep(0.001)  # a poll interval, not a wait for an outcome
            child.wait()
            if seen is not None:
                break
        check("a killed export leaves its temporary file (as any kill -9 does)",
              seen is not None and (folder / seen).exists(), names(folder))
        r = run("export", target, out, "--scale", "1", "--force")
        check("the next export beside it removes it",
              r.returncode == 0 and not any(".evb-tmp-" in n for n in names(folder)),
              names(folder))
        check("and keeps the person's hidden files", all(p.exists() for p in mine))

    # 5. A board with a hot journal: a copy taken in the middle of a
    # transaction, as a crash leaves it. check, info and export read the
    # committed board, and change neither the file nor its journal.
    folder = tmp / "journal"
    folder.mkdir()
    original = folder / "original.evboard"
    run("import", source, original, env=env)
    torn = folder / "torn.evboard"
    db = sqlite3.connect(original, isolation_level=None)
    db.execute("PRAGMA cache_size = 10")
    db.execute("BEGIN")
    db.execute("UPDATE board SET title = 'Uncommitted'")
    db.execute("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
               "INSERT INTO node (id, z, kind, title, x, y, width, height) "
               "SELECT 'u' || i, 100000 + i, 'claim', printf ('%.500c', 'x'), 0, 0, 10, 10 FROM n")
    shutil.copyfile(original, torn)
    shutil.copyfile(f"{original}-journal", f"{torn}-journal")
    db.execute("ROLLBACK")
    db.close()
    sums = (digest(torn), digest(f"{torn}-journal"))
    r = run("check", torn)
    check("check of a board with a hot journal passes", r.returncode == 0, r.stdout + r.stderr)
    check("check counts the committed nodes only", "3 nodes" in r.stdout, r.stdout)
    r = run("info", torn, "--json")
    info = json.loads(r.stdout) if r.returncode == 0 else {}
    check("info shows the committed title", info.get("title") == "Committed", r.stdout + r.stderr)
    exported = folder / "torn.json"
    r = run("export", torn, exported, "--format", "json")
    data = json.loads(exported.read_text()) if r.returncode == 0 else {}
    check("export writes the committed board",
          data.get("board", {}).get("title") == "Committed" and len(data.get("nodes", [])) == 3,
          r.stderr)
    check("neither the file nor its journal changed",
          (digest(torn), digest(f"{torn}-journal")) == sums)

    # A WAL with a commit not yet checkpointed into the file.
    walled = folder / "wal.evboard"
    db = sqlite3.connect(original, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA wal_autocheckpoint = 0")
    db.execute("UPDATE board SET title = 'In the WAL'")
    shutil.copyfile(original, walled)
    shutil.copyfile(f"{original}-wal", f"{walled}-wal")
    db.close()
    r = run("info", walled, "--json")
    info = json.loads(r.stdout) if r.returncode == 0 else {}
    check("info reads the commit in the WAL", info.get("title") == "In the WAL", r.stdout + r.stderr)
    r = run("check", walled)
    check("check of a board with a WAL passes", r.returncode == 0, r.stdout + r.stderr)

    # 13. user_version -1 is not a board format version, not a newer one.
    folder = tmp / "small"
    folder.mkdir()
    negative = folder / "negative.evboard"
    run("import", source, negative, env=env)
    db = sqlite3.connect(negative)
    db.execute("PRAGMA user_version = -1")
    db.commit()
    db.close()
    r = run("check", negative)
    check("user_version -1 is not a valid version",
          r.returncode == 1 and "is not a valid board format version" in r.stderr
          and "newer" not in r.stderr, r.stderr)

    # 13. check reports rows that break a CHECK constraint, by name.
    broken = folder / "broken.evboard"
    run("import", source, broken, env=env)
    db = sqlite3.connect(broken)
    db.execute("PRAGMA ignore_check_constraints = ON")
    db.execute("INSERT INTO board (id, title, created, modified) VALUES (2, 'x', 'a', 'b')")
    db.commit()
    db.close()
    r = run("check", broken)
    check("check reports a CHECK violation, naming the row",
          r.returncode == 1 and "board “2” breaks the rule CHECK (id = 1)" in r.stdout,
          r.stdout + r.stderr)

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
