#!/usr/bin/env python3
"""Exchange formats and merge (issue 17): JSON Canvas round trips exactly
and imports a foreign canvas saying what it skipped; GraphML and STIX are
parsed with real parsers and checked for completeness (STIX 2.1's structural
rules: required properties, id patterns, refs that resolve, deterministic
UUIDv5 ids); CSV is RFC 4180 with formulas defused and reads back; hostile
canvases and tables fail with one line naming the place and write nothing;
merging two diverged copies of the sample gives the union and lists the
conflicts."""

import csv
import io
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import uuid
import xml.etree.ElementTree as ET

cli, root = sys.argv[1], pathlib.Path(sys.argv[2])
sample = json.loads((root / "data/samples/dolgiye-borody.json").read_text())
failures = []

EVB_STIX_NAMESPACE = uuid.UUID("5d0c3f1e-8a47-4f2b-9b6e-2c7a91d4e3f8")
STIX_SCO_NAMESPACE = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + (f": {detail}" if not condition else ""))
    if not condition:
        failures.append(name)


def run(*args):
    return subprocess.run([cli, *map(str, args)], capture_output=True, text=True)


def board_from(tmp, name, document):
    source = tmp / f"{name}.json"
    source.write_text(json.dumps(document))
    board = tmp / f"{name}.evboard"
    result = run("import", source, board)
    check(f"import {name}", result.returncode == 0, result.stderr)
    return board


def export(board, out, *extra):
    result = run("export", board, out, *extra)
    check(f"export {out.name} {' '.join(extra)}", result.returncode == 0, result.stderr)
    return out


def as_json(tmp, board):
    out = tmp / (board.stem + "-check.json")
    out.unlink(missing_ok=True)
    export(board, out)
    return json.loads(out.read_text())


def expect_failure(tmp, name, path, place):
    """A hostile input: exit 1, one line naming the place, no board written."""
    board = tmp / f"hostile-{name}.evboard"
    result = run("import", path, board)
    lines = result.stderr.splitlines()
    check(f"{name}: exit 1", result.returncode == 1, (result.returncode, result.stderr))
    check(f"{name}: one error line", len(lines) == 1 and lines[0].startswith("evidence-board-cli: "),
          result.stderr)
    check(f"{name}: names “{place}”", place in result.stderr, result.stderr)
    check(f"{name}: nothing written", not board.exists())


# A board with what the sample lacks: an attachment, hostile text, grades.
extra = json.loads(json.dumps(sample))
extra["nodes"].append({
    "id": "att", "kind": "evidence", "title": "=HYPERLINK(\"http://x\") <b>&amp; 'it'\u0001",
    "body": "two\r\nlines, \"quoted\"", "x": -12.5, "y": 33.25, "evidence_type": "video",
    "reliability": "B", "credibility": 2, "tags": ["a", "+b"],
    "attachment": {"uri": "file:///tmp/clip.mp4", "sha256": SHA, "size": 1234,
                   "media_type": "video/mp4"},
    "occurred": "2025-12-29T01:30:00+03:00",
    "created": "2026-01-02T09:00:00Z", "modified": "2026-01-03T09:00:00Z"})
extra["links"].append({"id": "latt", "from": "att", "to": "c1", "relation": "refutes",
                       "strength": "strong", "note": "-1 is no formula"})
extra["groups"] = [{"id": "grp", "label": "Group — група", "color": "#e5a50a",
                    "collapsed": True, "nodes": ["att", "c1"]}]

with tempfile.TemporaryDirectory(prefix="evb-formats-") as tmp:
    tmp = pathlib.Path(tmp)
    board = board_from(tmp, "extra", extra)
    original = as_json(tmp, board)

    # JSON Canvas: our own import gives the same board back.
    canvas = export(board, tmp / "board.canvas")
    again = export(board, tmp / "again.canvas")
    check("canvas: exporting twice gives the same bytes", canvas.read_bytes() == again.read_bytes())
    document = json.loads(canvas.read_text())
    ids = {n["id"] for n in document["nodes"]}
    check("canvas: every node has id, type and whole-number geometry",
          all(isinstance(n.get(k), int) for n in document["nodes"] for k in ("x", "y", "width", "height"))
          and all(n["type"] in ("text", "file", "group") for n in document["nodes"]))
    frames = [n for n in document["nodes"] if n["type"] == "group"]
    cards = {n["id"]: n for n in document["nodes"] if n["type"] != "group"}
    check("canvas: a group is a group node first, around its cards",
          len(frames) == 1 and document["nodes"][0] is frames[0]
          and frames[0]["label"] == "Group — група"
          and all(frames[0]["x"] < cards[c]["x"] and frames[0]["y"] < cards[c]["y"]
                  and cards[c]["x"] + cards[c]["width"] < frames[0]["x"] + frames[0]["width"]
                  and cards[c]["y"] + cards[c]["height"] < frames[0]["y"] + frames[0]["height"]
                  for c in ("att", "c1")), frames)
    check("canvas: the attachment is a file node",
          any(n["type"] == "file" and n["file"] == "/tmp/clip.mp4" for n in document["nodes"]))
    check("canvas: edges join nodes, labelled with the relation and our colours",
          all(e["fromNode"] in ids and e["toNode"] in ids and e["label"] in ("supports", "refutes")
              and e["color"] == {"supports": "#1c71d8", "refutes": "#c64600"}[e["label"]]
              for e in document["edges"]))
    result = run("import", canvas, tmp / "from-canvas.evboard")
    check("canvas: import", result.returncode == 0, result.stderr)
    check("canvas: round trip is exact", as_json(tmp, tmp / "from-canvas.evboard") == original)

    # Moved in Obsidian: the new place is taken.
    document["nodes"][1]["x"] += 100
    moved = tmp / "moved.canvas"
    moved.write_text(json.dumps(document))
    run("import", moved, tmp / "moved.evboard")
    back = as_json(tmp, tmp / "moved.evboard")
    check("canvas: a node moved elsewhere keeps its new place",
          back["nodes"][0]["x"] == original["nodes"][0]["x"] + 100)
    check("canvas: the group comes back", back.get("groups") == original["groups"], back.get("groups"))

    # A canvas from elsewhere.
    foreign = {
        "nodes": [
            {"id": "t", "type": "text", "text": "## Witness says\nsecond line", "x": 0, "y": 0,
             "width": 250, "height": 60, "color": "4"},
            {"id": "f", "type": "file", "file": "Attachments/photo.png", "x": 300, "y": 0,
             "width": 400, "height": 400},
            {"id": "u", "type": "link", "url": "https://example.org/report", "x": 0, "y": 500,
             "width": 400, "height": 400},
            {"id": "g", "type": "group", "label": "Frame", "x": -50, "y": -50,
             "width": 900, "height": 1000, "color": "2"},
            {"id": "g2", "type": "group", "label": "Inner", "x": -10, "y": -10,
             "width": 300, "height": 100},
            {"id": "g3", "type": "group", "label": "Empty", "x": 5000, "y": 5000,
             "width": 100, "height": 100},
        ],
        "edges": [
            {"id": "e1", "fromNode": "f", "toNode": "t", "label": "Supports"},
            {"id": "e2", "fromNode": "u", "toNode": "t", "label": "refutes"},
            {"id": "e3", "fromNode": "u", "toNode": "f", "label": "causes"},
            {"id": "e4", "fromNode": "t", "toNode": "f"},
            {"id": "e5", "fromNode": "g", "toNode": "f", "label": "supports"},
        ],
    }
    path = tmp / "foreign.canvas"
    path.write_text(json.dumps(foreign))
    result = run("import", path, tmp / "foreign.evboard")
    check("foreign canvas: import", result.returncode == 0, result.stderr)
    for place in ("nodes[5]", "edges[2]", "edges[3]", "edges[4]"):
        check(f"foreign canvas: {place} reported as skipped", place in result.stdout, result.stdout)
    got = as_json(tmp, tmp / "foreign.evboard")
    titles = {n["id"]: n for n in got["nodes"]}
    check("foreign canvas: three cards", sorted(titles) == ["f", "t", "u"], sorted(titles))
    check("foreign canvas: groups take the cards inside, the smallest first",
          sorted((g["id"], g["label"], tuple(g["nodes"]), g.get("color")) for g in got.get("groups", []))
          == [("g", "Frame", ("f", "u"), "#ff7800"), ("g2", "Inner", ("t",), None)], got.get("groups"))
    check("foreign canvas: title from the first line", titles["t"]["title"] == "Witness says"
          and titles["t"]["body"] == "second line", titles["t"])
    check("foreign canvas: a file node is an attachment",
          titles["f"]["attachment"]["uri"] == "Attachments/photo.png"
          and titles["f"]["evidence_type"] == "photo", titles["f"])
    check("foreign canvas: a link node keeps its URL", titles["u"]["source_url"] == "https://example.org/report")
    check("foreign canvas: labelled edges are links",
          sorted((l["from"], l["to"], l["relation"]) for l in got["links"])
          == [("f", "t", "supports"), ("u", "t", "refutes")], got["links"])

    # GraphML, with a real XML parser.
    graphml = export(board, tmp / "board.graphml")
    tree = ET.parse(graphml)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = {k.get("id"): k for k in tree.getroot().findall("g:key", ns)}
    data_keys = {d.get("key") for d in tree.getroot().iter("{http://graphml.graphdrawing.org/xmlns}data")}
    check("graphml: every data key is declared", data_keys <= set(keys), data_keys - set(keys))
    nodes = tree.getroot().findall("g:graph/g:node", ns)
    edges = tree.getroot().findall("g:graph/g:edge", ns)
    node_ids = {n.get("id") for n in nodes}
    check("graphml: every node and link", len(nodes) == len(original["nodes"])
          and len(edges) == len(original["links"]))
    check("graphml: edges resolve", all(e.get("source") in node_ids and e.get("target") in node_ids
                                        for e in edges))
    att = next(n for n in nodes if n.get("id") == "att")
    values = {d.get("key"): d.text for d in att}
    check("graphml: hostile text survives escaping",
          values["n_label"] == extra["nodes"][-1]["title"].replace("\u0001", "\ufffd")
          and values["n_body"] == "two\r\nlines, \"quoted\"", values)
    check("graphml: every field of a node", {"n_attachment_sha256", "n_credibility",
                                             "n_reliability", "n_x", "n_created"} <= set(values))
    check("graphml: typed keys", keys["n_x"].get("attr.type") == "double"
          and keys["n_credibility"].get("attr.type") == "int")

    # A real consumer of GraphML, where there is one: typed values come back typed.
    try:
        import networkx
    except ImportError:
        networkx = None
        print("skip graphml: networkx is not installed")
    if networkx is not None:
        graph = networkx.read_graphml(graphml)
        check("graphml: networkx reads every node and edge",
              graph.number_of_nodes() == len(original["nodes"])
              and graph.number_of_edges() == len(original["links"]))
        check("graphml: networkx reads typed values",
              graph.nodes["att"]["x"] == -12.5 and graph.nodes["att"]["credibility"] == 2
              and graph.nodes["att"]["attachment_size"] == 1234
              and graph.edges["att", "c1"]["relation"] == "refutes", graph.nodes["att"])

    # STIX 2.1.
    stix_path = export(board, tmp / "stix.json", "--format", "stix")
    stix_again = export(board, tmp / "stix-again.json", "--format", "stix")
    check("stix: exporting twice gives the same bundle", stix_path.read_bytes() == stix_again.read_bytes())
    bundle = json.loads(stix_path.read_text())
    id_pattern = re.compile(r"^([a-z0-9-]+)--([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")
    timestamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
    check("stix: a bundle", bundle["type"] == "bundle" and id_pattern.match(bundle["id"])
          and "spec_version" not in bundle)
    objects = bundle["objects"]
    by_id = {o["id"]: o for o in objects}
    check("stix: ids are unique", len(by_id) == len(objects))
    required = {
        "grouping": ["created", "modified", "context", "object_refs"],
        "note": ["created", "modified", "content", "object_refs"],
        "observed-data": ["created", "modified", "first_observed", "last_observed",
                          "number_observed", "object_refs"],
        "relationship": ["created", "modified", "relationship_type", "source_ref", "target_ref"],
        "file": [],
    }
    for o in objects:
        m = id_pattern.match(o["id"])
        check(f"stix: {o['id']} has the pattern type--uuid of its type", m is not None and m.group(1) == o["type"])
        check(f"stix: {o['id']} is a UUIDv5", m is not None and uuid.UUID(m.group(2)).version == 5)
        check(f"stix: {o['id']} is 2.1", o.get("spec_version") == "2.1")
        missing = [p for p in required[o["type"]] if p not in o]
        check(f"stix: {o['id']} has its required properties", not missing, missing)
        for p in ("created", "modified", "first_observed", "last_observed"):
            if p in o:
                check(f"stix: {o['id']}.{p} is a UTC timestamp", timestamp.match(o[p]) is not None, o[p])
        if "created" in o:
            check(f"stix: {o['id']} modified is not before created", o["modified"] >= o["created"])
        refs = [o[k] for k in o if k.endswith("_ref")] + [r for k in o if k.endswith("_refs") for r in o[k]]
        check(f"stix: {o['id']} refs resolve", all(r in by_id for r in refs),
              [r for r in refs if r not in by_id])
        if "confidence" in o:
            check(f"stix: {o['id']} confidence 0-100", 0 <= o["confidence"] <= 100)
        for k in o:
            check(f"stix: {o['id']}.{k} is a valid property name", re.match(r"^[a-z0-9_]{3,250}$", k) or k == "id")
    groupings = [o for o in objects if o["type"] == "grouping"]
    check("stix: one grouping for the board", len(groupings) == 1)
    check("stix: the grouping holds everything else",
          set(groupings[0]["object_refs"]) == set(by_id) - {groupings[0]["id"]})
    check("stix: the grouping's id is UUIDv5 of the board",
          groupings[0]["id"] == f"grouping--{uuid.uuid5(EVB_STIX_NAMESPACE, 'board/' + original['board']['created'])}")
    rels = [o for o in objects if o["type"] == "relationship"]
    check("stix: a relationship for each link", len(rels) == len(original["links"])
          and {r["relationship_type"] for r in rels} == {"supports", "refutes"})
    files = [o for o in objects if o["type"] == "file"]
    check("stix: the attachment is a file with its SHA-256", len(files) == 1 and files[0]["hashes"]["SHA-256"] == SHA)
    canonical = json.dumps({"hashes": {"SHA-256": SHA}, "name": "clip.mp4"}, separators=(",", ":"), sort_keys=True)
    check("stix: the file's id follows STIX's SCO rule",
          files and files[0]["id"] == f"file--{uuid.uuid5(STIX_SCO_NAMESPACE, canonical)}")
    observed = by_id[f"observed-data--{uuid.uuid5(EVB_STIX_NAMESPACE, 'node/att')}"]
    check("stix: evidence with a file is observed-data, graded",
          observed["object_refs"] == [files[0]["id"]] and observed["confidence"] == 70
          and observed["first_observed"] == "2025-12-28T22:30:00Z", observed)
    check("stix: claims are notes", all(by_id[f"note--{uuid.uuid5(EVB_STIX_NAMESPACE, 'node/' + n['id'])}"]["type"] == "note"
                                        for n in original["nodes"] if n["kind"] == "claim"))

    # CSV: two tables, every field quoted, formulas defused, read back.
    export(board, tmp / "board.csv")
    nodes_text = (tmp / "board.csv").read_bytes().decode()
    links_text = (tmp / "board-links.csv").read_bytes().decode()
    rows = list(csv.DictReader(io.StringIO(nodes_text, newline="")))
    link_rows = list(csv.DictReader(io.StringIO(links_text, newline="")))
    check("csv: a row a node, a row a link", len(rows) == len(original["nodes"])
          and len(link_rows) == len(original["links"]))
    quoted_lines = r'(?:"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*\r\n)*'
    check("csv: every field quoted", re.fullmatch(quoted_lines, nodes_text) is not None
          and re.fullmatch(quoted_lines, links_text) is not None)
    att_row = next(r for r in rows if r["ID"] == "att")
    check("csv: a formula is defused", att_row["Label"].startswith("'=") and att_row["Tags"] == "a|+b"
          and att_row["X"] == "-12.5", att_row)
    check("csv: Kumu's columns first", list(rows[0])[:5] == ["ID", "Label", "Type", "Description", "Tags"]
          and list(link_rows[0])[:4] == ["ID", "From", "To", "Type"])
    result = run("import", tmp / "board.csv", tmp / "from-csv.evboard")
    check("csv: import", result.returncode == 0, result.stderr)
    back = as_json(tmp, tmp / "from-csv.evboard")
    check("csv: nodes and links come back the same",
          back["nodes"] == original["nodes"] and back["links"] == original["links"])

    # Hostile canvases.
    def hostile(name, text, place, suffix=".canvas"):
        path = tmp / f"{name}{suffix}"
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        expect_failure(tmp, name, path, place)

    hostile("canvas-duplicate-key", '{"nodes": [], "nodes": [], "edges": []}', "nodes")
    hostile("canvas-trailing", '{"nodes": [], "edges": []} {}', "byte")
    hostile("canvas-nodes-object", '{"nodes": {}, "edges": []}', "nodes: must be an array")
    hostile("canvas-no-id", '{"nodes": [{"type": "text", "text": "a", "x": 0, "y": 0}]}', "nodes[0].id")
    hostile("canvas-x-string", '{"nodes": [{"id": "a", "type": "text", "text": "a", "x": "0", "y": 0}]}',
            "nodes[0].x")
    hostile("canvas-no-place", '{"nodes": [{"id": "a", "type": "text", "text": "a"}]}', "nodes[0]: needs")
    hostile("canvas-unknown-type", '{"nodes": [{"id": "a", "type": "blob", "x": 0, "y": 0}]}', "nodes[0].type")
    bad = json.loads(canvas.read_text())
    bad["nodes"][1]["evidence-board"]["kind"] = "rumour"
    hostile("canvas-bad-kind", json.dumps(bad), "nodes[1].evidence-board.kind")
    bad = json.loads(canvas.read_text())
    bad["edges"][0]["toNode"] = "nowhere"
    hostile("canvas-edge-nowhere", json.dumps(bad), "edges[0]")
    hostile("canvas-not-utf8", b'{"nodes": [{"id": "\xff"}]}', "UTF-8")
    hostile("canvas-deep", '{"nodes": [' + "[" * 100 + "]" * 100 + "]}", "nested")

    # Hostile tables.
    header = '"ID","Label","Type"\r\n'
    hostile("csv-unclosed", header + '"a","unclosed,"claim"\r\n', "line 2", ".csv")
    hostile("csv-stray-quote", header + 'a,b"c,claim\r\n', "line 2", ".csv")
    hostile("csv-after-quote", header + '"a","b"x,claim\r\n', "line 2", ".csv")
    hostile("csv-width", header + '"a","b"\r\n', "line 2", ".csv")
    hostile("csv-type", header + '"a","b","person"\r\n', "line 2", ".csv")
    hostile("csv-credibility", '"ID","Label","Credibility"\r\n"a","b","9"\r\n', "line 2: credibility", ".csv")
    hostile("csv-duplicate-id", header + '"a","b","claim"\r\n"a","c","claim"\r\n', "line 3", ".csv")
    (tmp / "relation.csv").write_text(header + '"a","A","claim"\r\n"b","B","evidence"\r\n')
    (tmp / "relation-links.csv").write_text('"ID","From","To","Type"\r\n"l","b","a","causes"\r\n')
    expect_failure(tmp, "csv-unknown-relation", tmp / "relation.csv", "links table, line 2: relation")
    huge = '"ID","Label","Description"\r\n"a","b","' + "x" * (63 * 1024 * 1024 + 1) + '"\r\n'
    hostile("csv-huge-field", huge, "longer than 63 MiB", ".csv")

    # A failing CSV export leaves neither table.
    (tmp / "taken-links.csv").write_text("mine")
    result = run("export", board, tmp / "taken.csv")
    check("csv export: refuses an existing links table", result.returncode == 1
          and not (tmp / "taken.csv").exists() and (tmp / "taken-links.csv").read_text() == "mine",
          result.stderr)

    # Merge two diverged copies of the sample.
    ours = json.loads(json.dumps(sample))
    theirs = json.loads(json.dumps(sample))
    ours["nodes"][0]["title"] = "Ours"
    ours["nodes"][0]["modified"] = "2026-02-01T00:00:00Z"
    theirs["nodes"][0]["title"] = "Theirs"
    theirs["nodes"][0]["modified"] = "2026-03-01T00:00:00Z"
    ours["nodes"][1]["body"] = "ours, newer"
    ours["nodes"][1]["modified"] = "2026-05-01T00:00:00Z"
    theirs["nodes"][1]["body"] = "theirs, older"
    theirs["nodes"][1]["modified"] = "2026-04-01T00:00:00Z"
    theirs["nodes"].append({"id": "n-new", "kind": "evidence", "title": "Only theirs", "x": 0, "y": 900})
    theirs["links"].append({"id": "l-new", "from": "n-new", "to": "c1", "relation": "refutes"})
    theirs["links"][0]["strength"] = "strong" if theirs["links"][0]["strength"] != "strong" else "weak"
    theirs["groups"] = [{"id": "g-theirs", "label": "Only theirs", "nodes": ["n-new"]}]
    gone = ours["nodes"][2]["id"]
    ours["nodes"] = [n for n in ours["nodes"] if n["id"] != gone]
    ours["links"] = [l for l in ours["links"] if gone not in (l["from"], l["to"])]
    ours_board = board_from(tmp, "ours", ours)
    theirs_board = board_from(tmp, "theirs", theirs)
    result = run("merge", ours_board, theirs_board)
    check("merge: exit 0", result.returncode == 0, result.stderr)
    merged = as_json(tmp, ours_board)
    merged_nodes = {n["id"]: n for n in merged["nodes"]}
    check("merge: the union of the cards",
          set(merged_nodes) == {n["id"] for n in sample["nodes"]} | {"n-new"})
    check("merge: the union of the links",
          {l["id"] for l in merged["links"]} == {l["id"] for l in sample["links"]} | {"l-new"})
    check("merge: the newer copy wins", merged_nodes[sample["nodes"][0]["id"]]["title"] == "Theirs"
          and merged_nodes[sample["nodes"][1]["id"]]["body"] == "ours, newer")
    conflicts = [l for l in result.stdout.splitlines() if ": conflict: " in l]
    check("merge: three conflicts listed", len(conflicts) == 3, result.stdout)
    check("merge: the link conflict keeps ours", any(sample["links"][0]["id"] in l for l in conflicts)
          and next(l for l in merged["links"] if l["id"] == sample["links"][0]["id"])["strength"]
          == sample["links"][0]["strength"])
    check("merge: one-sided items are reported", gone in result.stdout and "n-new" in result.stdout)
    check("merge: the summary line counts every kind",
          re.search(r": merged: 2 cards added, 1 cards updated, 9 links added, 1 groups added, "
                    r"0 groups updated, 3 conflicts$", result.stdout, re.M) is not None, result.stdout)
    check("merge: the group arrives", [g["id"] for g in as_json(tmp, ours_board).get("groups", [])]
          == ["g-theirs"], result.stdout)
    result = run("merge", ours_board, tmp / "theirs.json")
    check("merge: again from JSON, nothing new", result.returncode == 0
          and "0 cards added" in result.stdout and "0 links added" in result.stdout, result.stdout)
    # A board open in the app (its document holds the lock) is refused.
    import fcntl
    import hashlib
    import os
    data_home = tmp / "data-home"
    working = data_home / "evidence-board" / "working"
    working.mkdir(parents=True)
    lock_name = hashlib.sha256(ours_board.as_uri().encode()).hexdigest() + ".lock"
    before = ours_board.read_bytes()
    with open(working / lock_name, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = subprocess.run([cli, "merge", str(ours_board), str(theirs_board)], capture_output=True,
                                text=True, env=dict(os.environ, XDG_DATA_HOME=str(data_home)))
        check("merge: refuses a board open in the app", result.returncode == 1
              and len(result.stderr.splitlines()) == 1 and ours_board.read_bytes() == before,
              result.stderr)
    (tmp / "broken.json").write_text("{")
    result = run("merge", ours_board, tmp / "broken.json")
    check("merge: a broken OTHER fails and changes nothing",
          result.returncode == 1 and ours_board.read_bytes() == before, result.stderr)

    # Groups merge by id like cards: a new group comes with its cards; one
    # that differs follows the side whose cards are newer; a card in a
    # different group on each side stays where it is and is reported.
    ids = [n["id"] for n in sample["nodes"]]
    ours = json.loads(json.dumps(sample))
    theirs = json.loads(json.dumps(sample))
    ours["groups"] = [{"id": "g-both", "label": "Ours", "nodes": ids[0:2]},
                      {"id": "g-mine", "label": "Mine", "nodes": [ids[3]]}]
    theirs["groups"] = [{"id": "g-both", "label": "Theirs", "nodes": ids[0:3]},
                        {"id": "g-new", "label": "New", "nodes": [ids[3], ids[4]]}]
    theirs["nodes"][1]["modified"] = "2026-06-01T00:00:00Z"
    result = run("merge", board_from(tmp, "ours-groups", ours), board_from(tmp, "theirs-groups", theirs))
    check("merge groups: exit 0", result.returncode == 0, result.stderr)
    groups = {g["id"]: g for g in as_json(tmp, tmp / "ours-groups.evboard").get("groups", [])}
    check("merge groups: the newer side's group is taken",
          groups.get("g-both", {}).get("label") == "Theirs"
          and groups["g-both"]["nodes"] == ids[0:3], groups)
    check("merge groups: a new group comes with its free cards",
          groups.get("g-new", {}).get("nodes") == [ids[4]], groups)
    check("merge groups: a card in two groups stays in ours",
          groups.get("g-mine", {}).get("nodes") == [ids[3]], groups)
    conflicts = [l for l in result.stdout.splitlines() if ": conflict: " in l]
    check("merge groups: the group and the card in two groups are conflicts",
          any("(g-both) differs" in l for l in conflicts)
          and any(f"({ids[3]}) is in group" in l for l in conflicts), result.stdout)

print(f"{len(failures)} failures" if failures else "all passed")
sys.exit(1 if failures else 0)
