#!/usr/bin/env python3
"""evidence-board-cli: every command, exit codes, the one-line error format,
nothing left behind on failure, and inputs never changed."""

import hashlib
import json
import os
import pathlib
import sqlite3
import subprocess
import sys
import re
import tempfile

cli = sys.argv[1]
root = pathlib.Path(sys.argv[2])
images = len(sys.argv) > 3 and sys.argv[3] == "images"
failures = []


def schema_version():
    """EVB_SCHEMA_VERSION, so that a new board format needs no edit here."""
    header = (root / "src" / "core" / "evb-store.h").read_text()
    return int(re.search(r"#define EVB_SCHEMA_VERSION\s+(\d+)", header).group(1))


def run(*args):
    return subprocess.run([cli, *map(str, args)], capture_output=True, text=True)


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + (f": {detail}" if not condition else ""))
    if not condition:
        failures.append(name)


def digest(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


def one_error_line(result, place):
    lines = result.stderr.strip().splitlines()
    return (result.returncode == 1 and len(lines) == 1 and
            lines[0].startswith(f"evidence-board-cli: {place}: "))


def node(i, kind="evidence", **extra):
    n = {"id": f"n{i}", "kind": kind, "title": f"Node {i}", "x": i * 300, "y": 0}
    n.update(extra)
    return n


fixture = {
    "format": "evidence-board", "version": 1,
    "board": {"title": "Fixture — Долгие Бороды", "description": "For the CLI tests",
              "created": "2026-01-01T09:00:00Z", "modified": "2026-01-01T09:00:00Z"},
    "nodes": [node(1, "claim", claimant="Kremlin"),
              node(2, evidence_type="video", reliability="C", credibility=4),
              node(3, evidence_type="report", source="WSJ"),
              node(4, "claim"),
              node(5, evidence_type="radar", tags=["drone", "us-intelligence"])],
    "links": [{"id": "l1", "from": "n2", "to": "n1", "relation": "supports"},
              {"id": "l2", "from": "n3", "to": "n1", "relation": "refutes", "strength": "strong"},
              {"id": "l3", "from": "n4", "to": "n1", "relation": "refutes"},
              {"id": "l4", "from": "n5", "to": "n4", "relation": "supports", "note": "radar"}],
}

with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    fixture_json = tmp / "fixture.json"
    fixture_json.write_text(json.dumps(fixture, ensure_ascii=False))
    board = tmp / "fixture.evboard"

    # --help, --version, usage errors
    r = run("--help")
    check("--help exits 0", r.returncode == 0 and "import INPUT.json" in r.stdout)
    r = run("--version")
    check("--version", r.returncode == 0 and r.stdout.startswith("evidence-board-cli "))
    for args in [(), ("frobnicate",), ("info",), ("info", "a", "b"), ("import", "x.json"),
                 ("export", board), ("info", board, "--bogus"), ("new",),
                 ("export", board, tmp / "x.gif"), ("export", board, tmp / "noext"),
                 ("export", board, tmp / "x.png", "--scale", "0")]:
        r = run(*args)
        check(f"usage error {args!r} exits 2", r.returncode == 2, r.returncode)
        check(f"usage error {args!r} prints usage", "Usage:" in r.stderr)

    # new
    new_board = tmp / "new.evboard"
    r = run("new", new_board, "--title", "Fresh board")
    check("new exits 0", r.returncode == 0, r.stderr)
    r = run("info", new_board, "--json")
    info = json.loads(r.stdout)
    check("new board title", info["title"] == "Fresh board")
    check("new board is empty", info["nodes"] == 0 and info["links"] == 0)
    # One of a thing is said in the singular.
    single = tmp / "single.json"
    single.write_text(json.dumps({"format": "evidence-board", "version": 1,
                                  "board": {"title": "One"},
                                  "nodes": [{"id": "c", "kind": "claim", "title": "Claim"},
                                            {"id": "e", "kind": "evidence", "title": "Video"}],
                                  "links": [{"id": "l", "from": "e", "to": "c", "relation": "supports"}]}))
    single_board = tmp / "single.evboard"
    run("import", single, single_board)
    r = run("info", single_board)
    check("info says 1 claim and 1 evidence item",
          "Nodes: 2 (1 claim, 1 evidence item)" in r.stdout, r.stdout)
    r = run("check", single_board)
    check("check says 1 link", r.returncode == 0 and "OK: 2 nodes, 1 link, 0 attachments verified" in r.stdout,
          r.stdout)
    r = run("new", new_board)
    check("new refuses an existing file", one_error_line(r, new_board), r.stderr)

    # import
    r = run("import", fixture_json, board)
    check("import exits 0", r.returncode == 0, r.stderr)
    r = run("info", board, "--json")
    info = json.loads(r.stdout)
    expected = {"title": "Fixture — Долгие Бороды", "nodes": 5, "claims": 2, "evidence": 3,
                "links": 4, "supports": 2, "refutes": 2, "schema_version": schema_version()}
    check("info --json counts", all(info.get(k) == v for k, v in expected.items()), info)
    r = run("info", board)
    check("info text", r.returncode == 0 and "Links: 4 (2 supports, 2 refutes)" in r.stdout, r.stdout)
    check("info --json counts no groups", info.get("groups") == 0, info)
    grouped_json = tmp / "grouped.json"
    grouped_json.write_text(json.dumps(dict(fixture, groups=[
        {"id": "g1", "label": "Radar", "nodes": ["n5"]},
        {"id": "g2", "label": "Claims", "nodes": ["n1", "n4"], "collapsed": True}])))
    grouped = tmp / "grouped.evboard"
    r = run("import", grouped_json, grouped)
    check("import a board with groups", r.returncode == 0, r.stderr)
    r = run("info", grouped, "--json")
    check("info --json counts groups", r.returncode == 0 and json.loads(r.stdout).get("groups") == 2,
          r.stdout + r.stderr)
    r = run("info", grouped)
    check("info text counts groups", r.returncode == 0 and "Groups: 2\n" in r.stdout, r.stdout)

    before = digest(board)
    r = run("import", fixture_json, board)
    check("import refuses to overwrite", one_error_line(r, board), r.stderr)
    check("refused import leaves the board", digest(board) == before)
    small = dict(fixture, nodes=fixture["nodes"][:2], links=fixture["links"][:1])
    small_json = tmp / "small.json"
    small_json.write_text(json.dumps(small))
    r = run("import", small_json, board, "--force")
    check("import --force overwrites", r.returncode == 0 and json.loads(run("info", board, "--json").stdout)["nodes"] == 2)
    run("import", fixture_json, board, "--force")

    # Inputs over a MiB are mapped rather than read (evb-cli-input.c), unless
    # they fill their last page: both read the same, with the same errors.
    big = dict(fixture, nodes=[node(i, "claim" if i == 0 else "evidence", width=200, height=100,
                                    body="Radar track " * 40,
                                    **({} if i == 0 else {"evidence_type": "radar"}))
                               for i in range(2400)],
               links=[{"id": f"l{i}", "from": f"n{i}", "to": "n0", "relation": "supports"}
                      for i in range(1, 2400)])
    text = json.dumps(big)
    assert len(text) > 1024 * 1024
    for name, doc in [("mapped", text + " " if (len(text) + 1) % 4096 else text + "  "),
                      ("read", text + " " * (-len(text) % 4096))]:
        path = tmp / f"big-{name}.json"
        path.write_text(doc)
        r = run("import", path, tmp / f"big-{name}.evboard")
        info = json.loads(run("info", tmp / f"big-{name}.evboard", "--json").stdout or "{}")
        check(f"import of a big input, {name}", r.returncode == 0 and info.get("nodes") == 2400 and
              info.get("links") == 2399, r.stderr + str(info))
        bad = tmp / f"big-bad-{name}.json"
        bad.write_text(doc.replace('"n2399"', '"n2398"', 1))
        r = run("import", bad, tmp / f"big-bad-{name}.evboard")
        check(f"a big input with a repeated id, {name}: the model's message",
              one_error_line(r, bad) and "nodes[2399].id: there is already a node with id" in r.stderr
              and not (tmp / f"big-bad-{name}.evboard").exists(), r.stderr)

    # Issue 20: a progress bar on a terminal (shown at once here; for real
    # after a second), and nothing on stderr that is not one.
    import pty
    controller, terminal = pty.openpty()
    p = subprocess.Popen([cli, "import", str(fixture_json), str(tmp / "bar.evboard")],
                         env=dict(os.environ, EVB_CLI_PROGRESS_AFTER_MS="0"),
                         stderr=terminal, stdout=subprocess.DEVNULL)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    check("import on a terminal exits 0", p.wait(timeout=60) == 0)
    check("import on a terminal shows a bar to 100 %",
          b"[" + b"#" * 30 + b"] 100 %" in shown and shown.endswith(b"\r\x1b[K"), shown)
    r = subprocess.run([cli, "import", str(fixture_json), str(tmp / "nobar.evboard")],
                       env=dict(os.environ, EVB_CLI_PROGRESS_AFTER_MS="0"), capture_output=True)
    check("import not on a terminal prints nothing", r.returncode == 0 and r.stderr == b"", r.stderr)

    # export JSON: import, export, import, export give the same bytes
    out1, out2, board2 = tmp / "out1.json", tmp / "out2.json", tmp / "again.evboard"
    before = digest(board)
    r = run("export", board, out1)
    check("export json exits 0", r.returncode == 0, r.stderr)
    check("export leaves the input unchanged", digest(board) == before)
    run("import", out1, board2)
    run("export", board2, out2, "--format", "json")
    check("export → import → export is identical", out1.read_bytes() == out2.read_bytes())
    exported = json.loads(out1.read_text())
    check("export keeps every node", [n["id"] for n in exported["nodes"]] == ["n1", "n2", "n3", "n4", "n5"])
    check("export keeps grades", exported["nodes"][1]["reliability"] == "C" and exported["nodes"][1]["credibility"] == 4)

    # info and check never change the input
    for args in [("info", board), ("info", board, "--json"), ("check", board)]:
        before = digest(board)
        r = run(*args)
        check(f"{args[0]} leaves the input unchanged", digest(board) == before and r.returncode == 0, r.stderr)
    check("no -wal or -shm left beside the board",
          not any(p.name.endswith(("-wal", "-shm", "-journal")) for p in tmp.iterdir()))

    # Issue 14.1: export never replaces its own input or a board (not even
    # with --force), and nothing that exists without --force.
    victim = tmp / "victim.evboard"
    victim.write_bytes(board.read_bytes())
    before = digest(victim)
    os.symlink(victim, tmp / "victim-link.json")
    os.link(victim, tmp / "victim-hard.json")
    for out, extra in [(victim, ["--format", "json"]), (victim, ["--format", "json", "--force"]),
                       (tmp / "victim-link.json", ["--force"]),
                       (tmp / "victim-hard.json", ["--force"]),
                       (tmp / "." / "victim.evboard", ["--format", "json", "--force"])]:
        r = run("export", victim, out, *extra)
        check(f"export refuses its own input {out.name} {extra}",
              one_error_line(r, out) and "board being exported" in r.stderr, r.stderr)
        check(f"export onto its input leaves it ({out.name} {extra})", digest(victim) == before)
    r = run("export", board, victim, "--format", "json", "--force")
    check("export refuses to replace another board, even with --force",
          one_error_line(r, victim) and "board" in r.stderr, r.stderr)
    check("the other board is unchanged", digest(victim) == before)
    notes = tmp / "notes.txt"
    notes.write_text("my notes\n")
    r = run("export", board, notes, "--format", "json")
    check("export refuses an existing file without --force",
          one_error_line(r, notes) and "--force" in r.stderr, r.stderr)
    check("the existing file is unchanged", notes.read_text() == "my notes\n")
    check("a refused export leaves nothing behind",
          not any(p.name.startswith(".notes.txt") for p in tmp.iterdir()))
    os.chmod(notes, 0o600)
    r = run("export", board, notes, "--format", "json", "--force")
    check("export --force replaces an ordinary file", r.returncode == 0 and
          json.loads(notes.read_text())["format"] == "evidence-board", r.stderr)
    check("the replaced file keeps its mode 0600", (notes.stat().st_mode & 0o777) == 0o600,
          oct(notes.stat().st_mode))
    os.chmod(notes, 0o664)
    run("export", board, notes, "--format", "json", "--force")
    check("the replaced file keeps its mode 0664", (notes.stat().st_mode & 0o777) == 0o664,
          oct(notes.stat().st_mode))
    fresh = tmp / "fresh.json"
    r = run("export", board, fresh)
    check("a new export is still written", r.returncode == 0 and fresh.exists(), r.stderr)

    # Issue 14.1: a board open in the app (whose document holds the lock on
    # it, even before the app has written the file) is never an output.
    import fcntl
    data_home = tmp / "data-home"
    working = data_home / "evidence-board" / "working"
    working.mkdir(parents=True)
    in_app = tmp / "open-in-app.json"
    lock_name = hashlib.sha256(in_app.as_uri().encode()).hexdigest() + ".lock"
    with open(working / lock_name, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        r = subprocess.run([cli, "export", str(board), str(in_app)], capture_output=True, text=True,
                           env=dict(os.environ, XDG_DATA_HOME=str(data_home)))
        check("export refuses a board open in the app", one_error_line(r, in_app), r.stderr)
        check("nothing written for a board open in the app", not in_app.exists())
    r = subprocess.run([cli, "export", str(board), str(in_app)], capture_output=True, text=True,
                       env=dict(os.environ, XDG_DATA_HOME=str(data_home)))
    check("export writes once the app has closed it", r.returncode == 0 and in_app.exists(), r.stderr)

    # Issue 14.7: import reads only regular files, and never without end.
    fifo = tmp / "input.fifo"
    os.mkfifo(fifo)
    for source in [fifo, pathlib.Path("/dev/zero")]:
        target = tmp / "from-device.evboard"
        try:
            r = subprocess.run([cli, "import", str(source), str(target)], capture_output=True,
                               text=True, timeout=20)
            check(f"import {source.name} is refused", one_error_line(r, source) and
                  "not a regular file" in r.stderr, r.stderr)
        except subprocess.TimeoutExpired:
            check(f"import {source.name} returns", False, "still reading after 20 s")
        check(f"import {source.name} leaves nothing", not target.exists())

    # Issue 14.10: a file name that is not UTF-8 still gives a valid title.
    latin1 = os.fsencode(tmp) + b"/caf\xe9.evboard"
    r = subprocess.run([os.fsencode(cli), b"new", latin1], capture_output=True)
    check("new with a non-UTF-8 name", r.returncode == 0, r.stderr)
    r = subprocess.run([os.fsencode(cli), b"info", latin1, b"--json"], capture_output=True)
    check("that board opens", r.returncode == 0, r.stderr)
    if r.returncode == 0:
        title = json.loads(r.stdout.decode("utf-8"))["title"]
        check("its title is the name, made valid", title.startswith("caf") and
              title.encode("utf-8").decode("utf-8") == title, title)
    con = sqlite3.connect(os.fsdecode(latin1))
    con.text_factory = bytes
    stored = con.execute("SELECT title FROM board").fetchone()[0]
    con.close()
    try:
        stored.decode("utf-8")
        check("the stored title is UTF-8", stored.startswith(b"caf"), stored)
    except UnicodeDecodeError:
        check("the stored title is UTF-8", False, stored)

    # Issue 14.13: the scale is checked before anything is drawn.
    for scale in ("1e-300", "-1", "nan", "inf", "101"):
        r = run("export", board, tmp / "tiny.png", "--scale", scale)
        check(f"--scale {scale} is a usage error", r.returncode == 2 and "--scale" in r.stderr and
              "CRITICAL" not in r.stderr, r.stderr)
    check("no image for a bad scale", not (tmp / "tiny.png").exists())

    # Issue 14.13: board text cannot drive the terminal or forge lines.
    hostile = dict(fixture, board=dict(fixture["board"], title="Evil\x1b[2J\x1b]0;pwned\x07 title",
                                       description="Harmless\nNodes: 9999 (fake)\r\u009b31m"),
                   nodes=fixture["nodes"] + [node(8, attachment={"uri": (tmp / "gone\x1b[31m.jpg").as_uri()}),
                                             node(9, attachment={"uri": (tmp / "x.bin").as_uri(), "size": 5})],
                   links=[])
    hostile["nodes"][-1]["id"] = "n9\x1b[1m"
    hostile_json = tmp / "hostile.json"
    hostile_json.write_text(json.dumps(hostile))
    (tmp / "x.bin").write_bytes(b"1234")
    hostile_board = tmp / "hostile.evboard"
    r = run("import", hostile_json, hostile_board)
    check("the hostile board imports", r.returncode == 0, r.stderr)
    outputs = [run("info", hostile_board), run("check", hostile_board),
               run("export", hostile_board, tmp / "hostile-out.json", "--bogus"),
               run("new", tmp / "nested\x1b[2J" / "x.evboard")]
    for i, r in enumerate(outputs):
        text = r.stdout + r.stderr
        check(f"no control characters printed ({i})",
              not any(ord(c) < 32 and c != "\n" or 0x7f <= ord(c) < 0xa0 for c in text), repr(text))
    info_lines = outputs[0].stdout.splitlines()
    check("a newline in a description forges no line",
          not any(line.startswith("Nodes: 9999") for line in info_lines) and
          sum(line.startswith("Nodes:") for line in info_lines) == 1, info_lines)

    # failures leave nothing behind
    blocker = tmp / "blocker"
    blocker.write_text("a file, not a folder")
    r = run("export", board, blocker / "out.json")
    check("export to an impossible place fails with one line", one_error_line(r, blocker / "out.json"), r.stderr)
    r = run("new", blocker / "x.evboard")
    check("new in an impossible place fails", one_error_line(r, blocker / "x.evboard"), r.stderr)
    if images:
        for fmt in ("png", "svg", "pdf"):
            r = run("export", board, blocker / f"out.{fmt}")
            check(f"export {fmt} to an impossible place fails", one_error_line(r, blocker / f"out.{fmt}"), r.stderr)

    bad_json = {
        "empty": "",
        "truncated": json.dumps(fixture)[:200],
        "not-an-object": "[1, 2]",
        "wrong-format": json.dumps(dict(fixture, format="kumu")),
        "newer-version": json.dumps(dict(fixture, version=2)),
        "missing-nodes": json.dumps({k: v for k, v in fixture.items() if k != "nodes"}),
        "unknown-kind": json.dumps(dict(fixture, nodes=[node(1, "rumour")], links=[])),
        "unknown-relation": json.dumps(dict(fixture, links=[dict(fixture["links"][0], relation="proves")])),
        "dangling-link": json.dumps(dict(fixture, links=[dict(fixture["links"][0], to="n99")])),
        "self-link": json.dumps(dict(fixture, links=[dict(fixture["links"][0], to="n2")])),
        "credibility-9": json.dumps(dict(fixture, nodes=[node(1, credibility=9)], links=[])),
        "nan": json.dumps(fixture).replace('"x": 300', '"x": NaN', 1),
        "deep": "[" * 100000,
        "invalid-utf8": None,
    }
    for name, text in bad_json.items():
        path = tmp / f"bad-{name}.json"
        if text is None:
            path.write_bytes(json.dumps(fixture).encode().replace(b"Node 1", b"Node \xc3\x28"))
        else:
            path.write_text(text)
        target = tmp / f"bad-{name}.evboard"
        r = run("import", path, target)
        check(f"import {name}: exit 1, one line", one_error_line(r, path), r.stderr)
        check(f"import {name}: nothing left behind", not target.exists() and
              not any(p.name.startswith(f"bad-{name}.evboard") for p in tmp.iterdir()))
    r = run("import", tmp / "bad-unknown-kind.json", tmp / "x.evboard")
    check("the error names the place", "nodes[0].kind: unknown kind" in r.stderr, r.stderr)

    # bad board files
    valid = board.read_bytes()
    other_db = tmp / "other.sqlite"
    con = sqlite3.connect(other_db)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    newer = tmp / "newer.evboard"
    newer.write_bytes(valid)
    con = sqlite3.connect(newer)
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    bad_boards = {
        "empty.evboard": b"",
        "random.evboard": os.urandom(8192),
        "text.evboard": b"Just a text file\n" * 50,
        "truncated.evboard": valid[: len(valid) // 3],
    }
    for name, data in bad_boards.items():
        (tmp / name).write_bytes(data)
    for name in list(bad_boards) + ["other.sqlite", "newer.evboard"]:
        path = tmp / name
        before = digest(path)
        for command in ("info", "check", "export"):
            args = [command, path] + ([tmp / f"{name}.json"] if command == "export" else [])
            r = run(*args)
            check(f"{command} {name}: exit 1, one line", one_error_line(r, path), r.stderr)
        check(f"{name} unchanged", digest(path) == before)
        check(f"{name}: no export left", not (tmp / f"{name}.json").exists())
    r = run("info", tmp / "newer.evboard")
    check("a newer board says so", "newer version" in r.stderr, r.stderr)

    # check: attachments
    attached = tmp / "evidence.bin"
    attached.write_bytes(b"drone video frames" * 1000)
    sha = hashlib.sha256(attached.read_bytes()).hexdigest()
    with_attachment = dict(fixture, nodes=fixture["nodes"] + [
        node(6, evidence_type="video", attachment={"uri": attached.as_uri(), "sha256": sha,
                                                    "size": attached.stat().st_size,
                                                    "media_type": "video/mp4"}),
        node(7, evidence_type="photo", attachment={"uri": (tmp / "gone.jpg").as_uri()})])
    att_json = tmp / "attached.json"
    att_json.write_text(json.dumps(with_attachment))
    att_board = tmp / "attached.evboard"
    run("import", att_json, att_board)
    r = run("check", att_board)
    check("check passes with a good and a missing attachment", r.returncode == 0, r.stderr)
    check("check reports the missing attachment", "n7" in r.stdout and "missing" in r.stdout, r.stdout)
    check("check counts the verified one", "1 attachment verified, 1 missing" in r.stdout, r.stdout)
    attached.write_bytes(b"tampered" * 1000)
    r = run("check", att_board)
    check("check fails on a changed attachment", r.returncode == 1 and "n6" in r.stdout, r.stdout + r.stderr)
    check("check's failure is one stderr line", len(r.stderr.strip().splitlines()) == 1, r.stderr)

    # Issue 14.7 and 14.13: check ends on a device or a FIFO, and never
    # prints the hash or the size of a file that a board points at.
    check_fifo = tmp / "attachment.fifo"
    os.mkfifo(check_fifo)
    secret = tmp / "secret.txt"
    secret.write_text("root:$6$not-really-a-hash:19000:0:99999:7:::\n")
    secret_sha = hashlib.sha256(secret.read_bytes()).hexdigest()
    for name, uri, size in [("zero", "file:///dev/zero", 100), ("urandom", "file:///dev/urandom", 100),
                            ("fifo", check_fifo.as_uri(), 100), ("stdin", "file:///proc/self/fd/0", 100),
                            ("secret", secret.as_uri(), secret.stat().st_size),
                            ("secret-size", secret.as_uri(), 7)]:
        doc = dict(fixture, nodes=[node(1, attachment={"uri": uri, "sha256": "ab" * 32, "size": size})],
                   links=[])
        source = tmp / f"check-{name}.json"
        source.write_text(json.dumps(doc))
        target = tmp / f"check-{name}.evboard"
        run("import", source, target)
        try:
            r = subprocess.run([cli, "check", str(target)], capture_output=True, text=True,
                               timeout=20, stdin=subprocess.PIPE)
        except subprocess.TimeoutExpired:
            check(f"check with an attachment at {name} returns", False, "still reading after 20 s")
            continue
        check(f"check with an attachment at {name} fails", r.returncode == 1, r.stdout + r.stderr)
        if name.startswith("secret"):
            check(f"check {name} prints no hash", secret_sha not in r.stdout + r.stderr, r.stdout)
            expected = "size differs" if name == "secret-size" else "SHA-256 differs"
            check(f"check {name} says what differs", expected in r.stdout, r.stdout)
        else:
            check(f"check {name} says it is not a regular file", "not a regular file" in r.stdout,
                  r.stdout)


    if images:
        for fmt in ("png", "svg", "pdf"):
            out = tmp / f"board.{fmt}"
            before = digest(board)
            r = run("export", board, out, "--scale", "1")
            check(f"export {fmt} exits 0", r.returncode == 0 and out.stat().st_size > 100, r.stderr)
            check(f"export {fmt} leaves the input unchanged", digest(board) == before)
            os.chmod(out, 0o600)
            r = run("export", board, out, "--force")
            check(f"export {fmt} over a 0600 file keeps it 0600",
                  r.returncode == 0 and (out.stat().st_mode & 0o777) == 0o600, r.stderr)

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
