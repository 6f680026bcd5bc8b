#!/usr/bin/env python3
# test-cli-filter.py: `export … --filter` leaves out (hide) or keeps faint
# (dim) the cards a filter does not let through; `--filter board` uses the
# filter saved with the board; a bad filter or a format without a picture
# is a usage error.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import sqlite3
import subprocess
import sys
import tempfile

cli, source_root = sys.argv[1], sys.argv[2]
sample = os.path.join(source_root, 'data', 'samples', 'dolgiye-borody.json')

env = dict(os.environ)
env.pop('DISPLAY', None)
env.pop('WAYLAND_DISPLAY', None)


def run(*args):
    return subprocess.run([cli, *args], env=env, capture_output=True, text=True, timeout=120)


def svg_text(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


with open(sample, encoding='utf-8') as f:
    document = json.load(f)


def words(value):
    if isinstance(value, str):
        return set(value.replace('\u2019', ' ').split())
    if isinstance(value, dict):
        return set().union(*(words(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(words(v) for v in value)) if value else set()
    return set()


# A word only an evidence card's own fields hold: drawn only with that card.
evidence_word = None
for node in document['nodes']:
    if node['kind'] != 'evidence':
        continue
    others = words(document['board']) | words(document['links']) | \
        words([n for n in document['nodes'] if n is not node])
    unique = sorted(w for w in words(node['title']) if w not in others and w.isalpha() and len(w) > 4)
    if unique:
        evidence_word = unique[0]
        break
assert evidence_word is not None

with tempfile.TemporaryDirectory() as tmp:
    board = os.path.join(tmp, 'board.evboard')
    r = run('import', sample, board)
    assert r.returncode == 0, r.stderr

    every = os.path.join(tmp, 'every.svg')
    r = run('export', board, every)
    assert r.returncode == 0, r.stderr
    assert evidence_word in svg_text(every), evidence_word

    hidden = os.path.join(tmp, 'hidden.svg')
    r = run('export', board, hidden, '--filter', '{"kinds":["claim"],"hide":true}')
    assert r.returncode == 0, r.stderr
    assert evidence_word not in svg_text(hidden), 'a hidden evidence card was drawn'

    dimmed = os.path.join(tmp, 'dimmed.svg')
    r = run('export', board, dimmed, '--filter', '{"kinds":["claim"]}')
    assert r.returncode == 0, r.stderr
    # Faint cards are drawn (as outlines: SVG text would lose the opacity),
    # so the file holds more than the one without them.
    assert svg_text(dimmed) != svg_text(every), 'dimmed cards look the same'
    assert len(svg_text(dimmed)) > len(svg_text(hidden)) * 1.2, 'the dimmed cards were not drawn'

    # The filter saved with the board (as the app saves it).
    db = sqlite3.connect(board)
    db.execute("INSERT INTO setting (key, value) VALUES ('filter', ?)",
               ('{"kinds":["claim"],"hide":true}',))
    db.commit()
    db.close()
    saved = os.path.join(tmp, 'saved.svg')
    r = run('export', board, saved, '--filter', 'board')
    assert r.returncode == 0, r.stderr
    assert evidence_word not in svg_text(saved), 'the saved filter was not applied'
    # Without --filter the saved one is not applied.
    r = run('export', board, every, '--force')
    assert r.returncode == 0, r.stderr
    assert evidence_word in svg_text(every)

    # Usage errors: exit 2, no output left behind.
    for args in (['--filter', '{"kinds":["rumour"]}'], ['--filter', 'not json']):
        out = os.path.join(tmp, 'bad.svg')
        r = run('export', board, out, *args)
        assert r.returncode == 2, (args, r.returncode, r.stderr)
        assert '--filter' in r.stderr, r.stderr
        assert not os.path.exists(out)
    r = run('export', board, os.path.join(tmp, 'out.json'), '--filter', '{}')
    assert r.returncode == 2, r.stderr

print('ok')
