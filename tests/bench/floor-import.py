#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The naive import: Python's json and sqlite3 with executemany.

    floor-import.py TEMPLATE.evboard INPUT.json OUTPUT.evboard

What someone would write in an afternoon: json.load, then the rows of
every node, tag and link with executemany into a database with the same
schema as the app's (copied from TEMPLATE, an empty board made by
`evidence-board-cli new`), the same pragmas and one transaction. No
checks. run-floors compares its rows with the CLI's."""

import json
import os
import sqlite3
import sys

template, source, target = sys.argv[1:4]
with open(source, encoding="utf-8") as f:
    doc = json.load(f)

t = sqlite3.connect(template)
schema = [row[0] for row in t.execute(
    "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")]
user_version = t.execute("PRAGMA user_version").fetchone()[0]
application_id = t.execute("PRAGMA application_id").fetchone()[0]
t.close()

tmp = target + ".py"
if os.path.exists(tmp):
    os.unlink(tmp)
db = sqlite3.connect(tmp, isolation_level=None)
# The app's writer chooses its page size and incremental vacuum before the
# first table.
db.executescript("PRAGMA page_size = 8192; PRAGMA auto_vacuum = INCREMENTAL;"
                 "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                 "PRAGMA cache_size = -32768; PRAGMA ignore_check_constraints = ON;"
                 "PRAGMA foreign_keys = OFF;")
db.execute("BEGIN")
db.execute(f"PRAGMA application_id = {application_id}")
db.execute(f"PRAGMA user_version = {user_version}")
for sql in schema:
    db.execute(sql)


def opt(d, k):
    v = d.get(k)
    return v if v != "" else None


nodes = doc["nodes"]
db.executemany(
    "INSERT INTO node (id, z, kind, title, body, x, y, width, height, claimant, evidence_type,"
    " source, source_url, reliability, credibility, occurred, collected, color, attachment_uri,"
    " attachment_sha256, attachment_size, attachment_media_type, created, modified, pinned)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ((n["id"], i * 1024, n["kind"], n["title"], opt(n, "body"), float(n["x"]), float(n["y"]),
      float(n["width"]), float(n["height"]), opt(n, "claimant"), opt(n, "evidence_type"),
      opt(n, "source"), opt(n, "source_url"), opt(n, "reliability"), n.get("credibility"),
      opt(n, "occurred"), opt(n, "collected"), opt(n, "color"),
      opt(n.get("attachment") or {}, "uri"), opt(n.get("attachment") or {}, "sha256"),
      (n.get("attachment") or {}).get("size"), opt(n.get("attachment") or {}, "media_type"),
      opt(n, "created"), opt(n, "modified"), 1 if n.get("pinned") else 0)
     for i, n in enumerate(nodes)))
db.executemany("INSERT INTO tag (node_id, position, tag) VALUES (?, ?, ?)",
               ((n["id"], p, tag) for n in nodes for p, tag in enumerate(n.get("tags") or [])))
db.executemany(
    "INSERT INTO link (id, z, from_id, to_id, relation, strength, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ((l["id"], i * 1024, l["from"], l["to"], l["relation"], l.get("strength") or "moderate",
      opt(l, "note")) for i, l in enumerate(doc["links"])))
b = doc["board"]
db.execute("INSERT INTO board (id, title, description, created, modified) VALUES (1, ?, ?, ?, ?)",
           (b["title"], opt(b, "description"), b.get("created"), b.get("modified")))
db.execute("COMMIT")
db.close()
fd = os.open(tmp, os.O_RDONLY)
os.fsync(fd)
os.close(fd)
os.rename(tmp, target)
