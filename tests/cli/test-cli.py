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
import tempfile

cli = sys.argv[1]
root = pathlib.Path(sys.argv[2])
images = len(sys.argv) > 3 and sys.argv[3] == "images"
failures = []


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
    r = run("new", new_board)
    check("new refuses an existing file", one_error_line(r, new_board), r.stderr)

    # import
    r = run("import", fixture_json, board)
    check("import exits 0", r.returncode == 0, r.stderr)
    r = run("info", board, "--json")
    info = json.loads(r.stdout)
    expected = {"title": "Fixture — Долгие Бороды", "nodes": 5, "claims": 2, "evidence": 3,
                "links": 4, "supports": 2, "refutes": 2, "schema_version": 3}
    check("info --json counts", all(info.get(k) == v for k, v in expected.items()), info)
    r = run("info", board)
    check("info text", r.returncode == 0 and "Links: 4 (2 supports, 2 refutes)" in r.stdout, r.stdout)

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
    check("check counts the verified one", "1 attachments verified" in r.stdout or "1 attachment" in r.stdout, r.stdout)
    attached.write_bytes(b"tampered" * 1000)
    r = run("check", att_board)
    check("check fails on a changed attachment", r.returncode == 1 and "n6" in r.stdout, r.stdout + r.stderr)
    check("check's failure is one stderr line", len(r.stderr.strip().splitlines()) == 1, r.stderr)

    if images:
        for fmt in ("png", "svg", "pdf"):
            out = tmp / f"board.{fmt}"
            before = digest(board)
            r = run("export", board, out, "--scale", "1")
            check(f"export {fmt} exits 0", r.returncode == 0 and out.stat().st_size > 100, r.stderr)
            check(f"export {fmt} leaves the input unchanged", digest(board) == before)

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
