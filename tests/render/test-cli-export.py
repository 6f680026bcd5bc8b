#!/usr/bin/env python3
# test-cli-export.py: evidence-board-cli exports the sample board as PNG, SVG
# and PDF without a display, and a failed export leaves no file behind.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

cli, source_root = sys.argv[1], sys.argv[2]
sample = os.path.join(source_root, 'data', 'samples', 'dolgiye-borody.json')

env = dict(os.environ)
env.pop('DISPLAY', None)
env.pop('WAYLAND_DISPLAY', None)


def run(*args):
    return subprocess.run([cli, *args], env=env, capture_output=True, text=True, timeout=60)


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    assert head[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    return struct.unpack('>II', head[16:24])


def flat(text):
    return ' '.join(text.split())


with tempfile.TemporaryDirectory() as tmp:
    board = os.path.join(tmp, 'sample.evboard')
    r = run('import', sample, board)
    assert r.returncode == 0, r.stderr

    with open(sample, encoding='utf-8') as f:
        doc = json.load(f)
    titles = [n['title'] for n in doc['nodes']]

    out1 = os.path.join(tmp, 'board.png')
    r = run('export', board, out1)
    assert r.returncode == 0, r.stderr
    w1, h1 = png_size(out1)
    assert w1 > 200 and h1 > 200, (w1, h1)

    out2 = os.path.join(tmp, 'board@2.png')
    r = run('export', board, out2, '--scale', '2')
    assert r.returncode == 0, r.stderr
    w2, h2 = png_size(out2)
    assert abs(w2 - 2 * w1) <= 1 and abs(h2 - 2 * h1) <= 1, ((w1, h1), (w2, h2))

    svg = os.path.join(tmp, 'board.svg')
    r = run('export', board, svg)
    assert r.returncode == 0, r.stderr
    if shutil.which('rsvg-convert'):
        r = subprocess.run(['rsvg-convert', '-o', os.path.join(tmp, 'svg.png'), svg],
                           capture_output=True)
        assert r.returncode == 0, r.stderr

    pdf = os.path.join(tmp, 'board.pdf')
    r = run('export', board, pdf)
    assert r.returncode == 0, r.stderr
    if shutil.which('pdftotext'):
        r = subprocess.run(['pdftotext', '-raw', pdf, '-'], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        text = flat(r.stdout)
        # Long titles are ellipsized on their cards; their first words are always there.
        for title in titles:
            start = ' '.join(title.split()[:3])
            assert start in text, f'{start!r} not in the PDF text'

    # Too large for a PNG: refused with a hint, nothing written.
    huge = os.path.join(tmp, 'huge.png')
    r = run('export', board, huge, '--scale', '60')
    assert r.returncode == 1, (r.returncode, r.stderr)
    assert '--scale' in r.stderr and '32767' in r.stderr, r.stderr
    assert not os.path.exists(huge)

    # A folder that does not exist: an error, nothing written anywhere.
    before = sorted(os.listdir(tmp))
    r = run('export', board, os.path.join(tmp, 'missing', 'x.pdf'))
    assert r.returncode == 1, (r.returncode, r.stderr)
    assert sorted(os.listdir(tmp)) == before

    # No temporary files left beside the outputs.
    leftovers = [n for n in os.listdir(tmp) if n.startswith('.')]
    assert not leftovers, leftovers

print('ok')
