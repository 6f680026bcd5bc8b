#!/usr/bin/env python3
# test-cli-export.py: evidence-board-cli exports the sample board as PNG, SVG
# and PDF without a display, and a failed export leaves no file behind.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import unicodedata
import zlib

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


def png_chunk(kind, data):
    return (struct.pack('>I', len(data)) + kind + data
            + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))


def solid_png(width, height, rgb):
    rows = b''.join(b'\0' + bytes(rgb) * width for _ in range(height))
    return (b'\x89PNG\r\n\x1a\n'
            + png_chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0))
            + png_chunk(b'IDAT', zlib.compress(rows)) + png_chunk(b'IEND', b''))


def png_pixels(path):
    """The RGB(A) pixels of an 8-bit, non-interlaced PNG, as rows of tuples."""
    with open(path, 'rb') as f:
        data = f.read()
    pos, idat, width, height, channels = 8, b'', 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            width, height, depth, colour = struct.unpack('>IIBB', body[:10])
            assert depth == 8 and body[12] == 0, 'only 8-bit, non-interlaced'
            channels = {2: 3, 6: 4}[colour]
        elif kind == b'IDAT':
            idat += body
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * channels, [], bytearray(width * channels)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xff
            elif kind == 2:
                line[i] = (line[i] + b) & 0xff
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xff
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xff
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        prev = line
    return rows


def count_colour(path, rgb):
    return sum(row.count(tuple(rgb)) for row in png_pixels(path))


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
            # Cairo 1.16 draws a colour emoji into a PDF as a picture, not as text.
            title = ''.join(c for c in title if unicodedata.category(c) not in ('So', 'Mn'))
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

    # Thumbnails stored in the board file are drawn on its cards; a blob
    # that is no PNG, or a PNG that does not decode, is left out quietly.
    photo = {
        'format': 'evidence-board', 'version': 1, 'board': {'title': 'Thumbnails'},
        'nodes': [{'id': 'e1', 'kind': 'evidence', 'evidence_type': 'photo',
                   'title': 'Wreckage', 'x': 0, 'y': 0,
                   'attachment': {'uri': 'https://example.org/wreckage.jpg',
                                  'sha256': 'ab' * 32, 'size': 1000,
                                  'media_type': 'image/jpeg'}}],
        'links': [],
    }
    photo_json = os.path.join(tmp, 'photo.json')
    with open(photo_json, 'w', encoding='utf-8') as f:
        json.dump(photo, f)
    photo_board = os.path.join(tmp, 'photo.evboard')
    assert run('import', photo_json, photo_board).returncode == 0

    def export_photo(name):
        out = os.path.join(tmp, name)
        r = run('export', photo_board, out, '--force')
        assert r.returncode == 0 and r.stderr == '', r.stderr
        return out

    def store_thumbnail(blob):
        con = sqlite3.connect(photo_board)
        con.execute('INSERT OR REPLACE INTO thumbnails VALUES (?, ?)', ('ab' * 32, blob))
        con.commit()
        con.close()

    magenta = (255, 0, 255)
    plain = export_photo('plain.png')
    assert count_colour(plain, magenta) == 0
    store_thumbnail(solid_png(40, 30, magenta))
    shown = export_photo('thumbnail.png')
    assert count_colour(shown, magenta) > 1000, count_colour(shown, magenta)
    for bad in (b'\xff\xd8\xff\xe0 not a PNG', solid_png(40, 30, magenta)[:60]):
        store_thumbnail(bad)
        out = export_photo('bad-thumbnail.png')
        with open(out, 'rb') as a, open(plain, 'rb') as b:
            assert a.read() == b.read(), 'a bad thumbnail changed the picture'

    # A local attachment that is not there is flagged (in the palette's
    # broken colour), without hashing anything.
    photo['nodes'][0]['attachment']['uri'] = 'file:///nonexistent/evidence-board/wreckage.jpg'
    with open(photo_json, 'w', encoding='utf-8') as f:
        json.dump(photo, f)
    assert run('import', photo_json, photo_board, '--force').returncode == 0
    broken = (0xc0, 0x1c, 0x28)
    assert count_colour(plain, broken) == 0
    flagged = export_photo('missing.png')
    assert count_colour(flagged, broken) > 300, count_colour(flagged, broken)

    def write_board(name, nodes, links=()):
        doc = {'format': 'evidence-board', 'version': 1, 'board': {'title': name},
               'nodes': [{'id': f'n{i}', 'kind': 'claim' if i == 0 else 'evidence',
                          'title': f'Card {i}', 'x': x, 'y': y} for i, (x, y) in enumerate(nodes)],
               'links': [{'id': f'l{i}', 'from': a, 'to': b, 'relation': 'refutes'}
                         for i, (a, b) in enumerate(links)]}
        source = os.path.join(tmp, name + '.json')
        with open(source, 'w', encoding='utf-8') as f:
            json.dump(doc, f)
        target = os.path.join(tmp, name + '.evboard')
        assert run('import', source, target).returncode == 0
        return target

    def suggested(stderr):
        words = stderr.split('--scale ', 1)[1].split()
        return words[0].rstrip(',;')

    # Issue 14.8 and 14.12: a tiny board with two far cards is refused as a
    # PNG over 100 megapixels (not drawn with gigabytes), and the scale the
    # error suggests works when tried.
    far = write_board('far-cards', [(0, 0), (12000, 12000)])
    out = os.path.join(tmp, 'far-cards.png')
    r = run('export', far, out)
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert 'million' in r.stderr and '--scale' in r.stderr, r.stderr
    assert not os.path.exists(out)
    r2 = run('export', far, out, '--scale', suggested(r.stderr))
    assert r2.returncode == 0, (r.stderr, r2.stderr)
    w, h = png_size(out)
    assert w * h <= 100_000_000, (w, h)

    # Issue 14.6, 14.12 and 14.13: a board at the model's bounds exports as
    # SVG and PDF (cairo aborted, leaving a temporary file), the PDF page
    # within 14,400 pt, and as a PNG at the suggested scale.
    bounds = write_board('bounds', [(-10000000, -10000000), (10000000, 10000000), (0, 0)],
                         [('n1', 'n0'), ('n2', 'n0')])
    for fmt in ('svg', 'pdf'):
        out = os.path.join(tmp, f'bounds.{fmt}')
        r = run('export', bounds, out)
        assert r.returncode == 0, (fmt, r.returncode, r.stderr)
        assert os.path.getsize(out) > 1000
    with open(os.path.join(tmp, 'bounds.pdf'), 'rb') as f:
        pdf_bytes = f.read()
    box = pdf_bytes.split(b'/MediaBox [', 1)[1].split(b']', 1)[0].split()
    assert max(float(box[2]), float(box[3])) <= 14400, box
    out = os.path.join(tmp, 'bounds.png')
    r = run('export', bounds, out)
    assert r.returncode == 1 and '--scale' in r.stderr, r.stderr
    r2 = run('export', bounds, out, '--scale', suggested(r.stderr))
    assert r2.returncode == 0, (r.stderr, r2.stderr)

    # Issue 14.8: progress on a terminal, and only there. Issue 20: as a
    # bar, once the work has taken a second (the test shows it at once).
    import pty
    import time

    def on_terminal(args, after_ms=None):
        controller, terminal = pty.openpty()
        term_env = dict(env)
        if after_ms is not None:
            term_env['EVB_CLI_PROGRESS_AFTER_MS'] = str(after_ms)
        start = time.monotonic()
        p = subprocess.Popen([cli] + args, env=term_env, stderr=terminal,
                             stdout=subprocess.DEVNULL)
        os.close(terminal)
        shown = b''
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        os.close(controller)
        assert p.wait(timeout=60) == 0
        return shown, time.monotonic() - start

    shown, _ = on_terminal(['export', board, os.path.join(tmp, 'progress.png')], after_ms=0)
    assert b'100 %' in shown and b'[' + b'#' * 30 + b']' in shown, shown
    # The bar's line is cleared at the end.
    assert shown.endswith(b'\r\x1b[K'), shown
    # Work done within the second shows nothing (when it was that quick).
    shown, took = on_terminal(['export', board, os.path.join(tmp, 'quick.png'), '--force'])
    if took < 0.9:
        assert shown == b'', shown
    r = run('export', board, os.path.join(tmp, 'quiet.png'))
    assert r.returncode == 0 and r.stderr == '', r.stderr

    # Imported cards without a size are sized to their text: a long title
    # makes a card wider than a new one, a short one keeps the new size,
    # and a size the file gave is kept.
    long_title = ('Ukraine attempted a drone strike on the presidential residence at '
                  'Dolgiye Borody in the Novgorod region on the night of 28-29 December')
    unsized = os.path.join(tmp, 'unsized.json')
    with open(unsized, 'w') as f:
        json.dump({'format': 'evidence-board', 'version': 1, 'board': {'title': 'Unsized'},
                   'nodes': [{'id': 'long', 'kind': 'claim', 'title': long_title},
                             {'id': 'short', 'kind': 'claim', 'title': 'Short'},
                             {'id': 'sized', 'kind': 'claim', 'title': long_title,
                              'x': 2000, 'y': 0, 'width': 300, 'height': 200}],
                   'links': []}, f)
    imported = os.path.join(tmp, 'unsized.evboard')
    r = run('import', unsized, imported)
    assert r.returncode == 0, r.stderr
    with sqlite3.connect(imported) as db:
        sizes = {row[0]: (row[1], row[2]) for row in db.execute('SELECT id, width, height FROM node')}
    assert sizes['long'][0] > 260 and sizes['long'][1] >= 150, sizes
    assert sizes['short'] == (260, 150), sizes
    assert sizes['sized'] == (300, 200), sizes

    # No temporary files left beside the outputs.
    leftovers = [n for n in os.listdir(tmp) if n.startswith('.')]
    assert not leftovers, leftovers

print('ok')
