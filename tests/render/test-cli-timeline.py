#!/usr/bin/env python3
# test-cli-timeline.py: `export --format timeline-png|timeline-svg|timeline-pdf`.
# The PNG is a whole, valid PNG; the SVG parses as XML and keeps every
# dated item's title, the undated items' titles and the warnings' reasons as
# <text>; the PDF's text says the same; lanes by source name the sources;
# a wrong --lanes is a usage error that leaves no file.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import struct
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
import zlib

cli = sys.argv[1]
SVG = '{http://www.w3.org/2000/svg}'

env = dict(os.environ)
env.pop('DISPLAY', None)
env.pop('WAYLAND_DISPLAY', None)

BOARD = {
    'format': 'evidence-board',
    'version': 1,
    'board': {'title': 'Timeline test'},
    'nodes': [
        {'id': 'c1', 'kind': 'claim', 'title': 'The bridge was hit', 'occurred': '2024-03-02'},
        {'id': 'e1', 'kind': 'evidence', 'title': 'Dashcam clip', 'evidence_type': 'video',
         'source': 'Driver', 'occurred': '2024-03-01T22:10:00Z', 'collected': '2024-03-04T09:00:00Z'},
        # Collected before it occurred.
        {'id': 'e2', 'kind': 'evidence', 'title': 'Harbour radar log', 'evidence_type': 'radar',
         'source': 'Port authority', 'occurred': '2024-03-01T23:00:00Z', 'collected': '2024-02-28'},
        # After the claim it supports.
        {'id': 'e3', 'kind': 'evidence', 'title': 'Ministry statement', 'evidence_type': 'statement',
         'source': 'Ministry', 'occurred': '2024-03-05T08:00:00+02:00'},
        {'id': 'e4', 'kind': 'evidence', 'title': 'Unsigned leaflet', 'evidence_type': 'document'},
    ],
    'links': [
        {'id': 'l1', 'from': 'e1', 'to': 'c1', 'relation': 'supports'},
        {'id': 'l2', 'from': 'e3', 'to': 'c1', 'relation': 'supports'},
    ],
}
DATED = ['The bridge was hit', 'Dashcam clip', 'Harbour radar log', 'Ministry statement']


def run(*args, status=0):
    r = subprocess.run([cli, *args], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == status, (args, r.returncode, r.stderr)
    return r


def flat(text):
    return ' '.join(unicodedata.normalize('NFKC', text).split())


def check_png(path):
    """Every chunk's CRC, an IHDR first and an IEND last, and pixel data
    that inflates to exactly the rows the header says."""
    with open(path, 'rb') as f:
        data = f.read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    pos, chunks, idat = 8, [], b''
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc, = struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) & 0xffffffff == crc, kind
        chunks.append(kind)
        if kind == b'IDAT':
            idat += body
        if kind == b'IHDR':
            width, height, depth, colour = struct.unpack('>IIBB', body[:10])
        pos += 12 + length
    assert chunks[0] == b'IHDR' and chunks[-1] == b'IEND', chunks
    channels = {2: 3, 6: 4}[colour]
    assert depth == 8
    raw = zlib.decompress(idat)
    assert len(raw) == height * (1 + width * channels), (len(raw), width, height)
    return width, height


with tempfile.TemporaryDirectory() as tmp:
    source = os.path.join(tmp, 'board.json')
    with open(source, 'w') as f:
        json.dump(BOARD, f)
    board = os.path.join(tmp, 'board.evboard')
    run('import', source, board)

    # The usage text names the formats.
    usage = run('export', board, status=2).stderr
    assert 'timeline-png' in usage and 'timeline-svg' in usage and 'timeline-pdf' in usage, usage

    png = os.path.join(tmp, 'timeline.png')
    run('export', board, png, '--format', 'timeline-png')
    width, height = check_png(png)
    assert width >= 900 and height > 300, (width, height)

    svg = os.path.join(tmp, 'timeline.svg')
    run('export', board, svg, '--format', 'timeline-svg')
    root = ET.parse(svg).getroot()
    assert root.tag == SVG + 'svg'
    texts = [flat(''.join(t.itertext())) for t in root.iter(SVG + 'text')]
    for title in DATED + ['Unsigned leaflet', 'Timeline: Timeline test']:
        assert title in texts, (title, texts)
    joined = ' '.join(texts)
    # Both warnings, with the claim named in the second.
    assert joined.count('Harbour radar log:') == 1, joined
    assert 'Ministry statement:' in joined and '“The bridge was hit”' in joined, joined
    # The dates under a title: occurred, then collected.
    assert '2024-03-01 22:10 UTC → 2024-03-04 09:00 UTC' in texts, texts
    # The axis, zoomed to days, names the month above its ticks.
    assert any('2024' in t for t in texts), texts

    pdf = os.path.join(tmp, 'timeline.pdf')
    run('export', board, pdf, '--format', 'timeline-pdf')
    text = flat(subprocess.run(['pdftotext', pdf, '-'], capture_output=True, text=True,
                               check=True).stdout)
    for title in DATED + ['Unsigned leaflet']:
        assert title in text, (title, text)

    # Lanes by source: the sources label them.
    by_source = os.path.join(tmp, 'by-source.svg')
    run('export', board, by_source, '--format', 'timeline-svg', '--lanes', 'source')
    texts = [flat(''.join(t.itertext())) for t in ET.parse(by_source).getroot().iter(SVG + 'text')]
    for source in ['Driver', 'Port authority', 'Ministry', 'Claims']:
        assert source in texts, (source, texts)
    texts = [flat(''.join(t.itertext())) for t in ET.parse(svg).getroot().iter(SVG + 'text')]
    assert 'Port authority' not in texts and 'Radar' in texts, texts

    # A wrong lanes option: a usage error, and no file.
    wrong = os.path.join(tmp, 'wrong.png')
    r = run('export', board, wrong, '--format', 'timeline-png', '--lanes', 'colour', status=2)
    assert 'colour' in r.stderr
    assert not os.path.exists(wrong)
    # The format from the extension alone is not a timeline.
    run('export', board, os.path.join(tmp, 'plain.svg'))

print('ok')
