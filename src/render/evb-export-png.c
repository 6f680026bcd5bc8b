/* evb-export-png.c: a big PNG drawn and compressed in bands on every core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One core drawing a 3,000 px picture of a 10,000-card board, then
 * compressing it, left the other cores idle. Here the picture is cut into
 * horizontal bands, one cairo image surface each, drawn in a pool of one
 * thread a core by the same drawing code with the band's offset as a
 * translation (pixels come out the same: the offset is a whole number of
 * pixels, so every coordinate cairo rasterises moves by a whole pixel and
 * nothing else changes; tests/render checks it against the one-surface
 * writer). Then every band is converted to PNG's rows and compressed at
 * zlib level 1 as a piece of one deflate stream of its own: a raw deflate
 * ending with a full flush (a byte-aligned empty stored block, never a
 * final block), except the last one, which finishes the stream. Pieces put
 * one after the other are one valid stream (pigz does the same); the
 * Adler-32 of the whole is combined from the bands'. The file is written
 * in order by the calling thread: signature, IHDR, bKGD, one IDAT a band,
 * IEND.
 *
 * Each band draws a picture of its own, built for it (the caller builds
 * one per band): cairo 1.16 cannot paint one recording surface (a cairo
 * render node) from two threads at once. While it replays one onto an
 * image it attaches the half-drawn image to it, for recursion, and a
 * second thread painting the same recording then reads that image instead
 * (a band came out without its lines). Before the pool starts, the first
 * picture is drawn once onto a single pixel without culling: pango makes a
 * font's cairo font the first time it draws with it, and the threads must
 * find those made instead of racing to make them. The threads then share
 * only fonts (which cairo locks) and textures (which they only read).
 */

#include "config.h"

#include <string.h>

#include <zlib.h>

#include "evb-export-private.h"

/* At least this many rows a band: below that, the work each band repeats
 * (walking the picture, its paths) costs more than the rows save. */
#define MIN_BAND_ROWS 64

typedef struct
{
  guint            index;
  int              y;
  int              height;
  cairo_surface_t *surface;
  gboolean         opaque;
  GByteArray      *deflated;
  guint32          adler;
  gsize            raw_length;
  gboolean         last;
  gboolean         failed;
} Band;

typedef struct
{
  int                  width;
  gboolean             opaque;   /* of the whole picture, once every band is drawn */
  EvbExportDrawBand    draw;
  gpointer             draw_data;
  GMutex               mutex;
  GCond                cond;
  guint                pending;
  guint                done;
} Job;

static guint n_bands_override;

void
_evb_export_set_png_bands (guint n_bands)
{
  n_bands_override = n_bands;
}

guint
_evb_export_get_png_bands (int height)
{
  guint n = n_bands_override > 0 ? n_bands_override : g_get_num_processors ();

  /* Never bands of fewer rows than MIN_BAND_ROWS, unless asked for. */
  if (n_bands_override == 0)
    n = MIN (n, (guint) MAX (height / MIN_BAND_ROWS, 1));
  return CLAMP (n, 1, (guint) MAX (height, 1));
}

static void
finish_task (Job *job)
{
  g_mutex_lock (&job->mutex);
  job->pending--;
  job->done++;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->mutex);
}

static void
draw_band (Job  *job,
           Band *band)
{
  cairo_t *cr;

  band->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width, band->height);
  cr = cairo_create (band->surface);
  cairo_translate (cr, 0, -band->y);
  job->draw (cr, band->index, TRUE, job->draw_data);
  band->failed = cairo_status (cr) != CAIRO_STATUS_SUCCESS;
  cairo_destroy (cr);
  cairo_surface_flush (band->surface);
  band->opaque = _evb_export_surface_is_opaque (cairo_image_surface_get_data (band->surface),
                                                job->width, band->height,
                                                cairo_image_surface_get_stride (band->surface));
}

static gboolean
deflate_all (z_stream   *stream,
             GByteArray *out,
             int         flush)
{
  guint8 chunk[64 * 1024];

  do
    {
      int rc;

      stream->next_out = chunk;
      stream->avail_out = sizeof chunk;
      rc = deflate (stream, flush);
      if (rc == Z_STREAM_ERROR)
        return FALSE;
      g_byte_array_append (out, chunk, sizeof chunk - stream->avail_out);
    }
  while (stream->avail_out == 0);
  return TRUE;
}

/* The band's rows, each after its filter byte (none), as one piece of
 * the picture's deflate stream. */
static void
encode_band (Job  *job,
             Band *band)
{
  const guint8 *data = cairo_image_surface_get_data (band->surface);
  int stride = cairo_image_surface_get_stride (band->surface);
  gsize row_length = 1 + (gsize) job->width * (job->opaque ? 3 : 4);
  g_autofree guint8 *row = g_malloc (row_length);
  z_stream stream = { 0 };

  band->deflated = g_byte_array_new ();
  band->adler = adler32 (0, NULL, 0);
  if (deflateInit2 (&stream, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    {
      band->failed = TRUE;
      return;
    }
  row[0] = 0; /* PNG_FILTER_NONE */
  for (int y = 0; y < band->height && !band->failed; y++)
    {
      _evb_export_convert_row ((const guint32 *) (data + (gsize) y * stride), row + 1,
                               job->width, job->opaque);
      band->adler = adler32 (band->adler, row, row_length);
      band->raw_length += row_length;
      stream.next_in = row;
      stream.avail_in = row_length;
      band->failed = !deflate_all (&stream, band->deflated, Z_NO_FLUSH);
    }
  if (!band->failed)
    band->failed = !deflate_all (&stream, band->deflated, band->last ? Z_FINISH : Z_FULL_FLUSH);
  deflateEnd (&stream);
  g_clear_pointer (&band->surface, cairo_surface_destroy);
}

static void
run_task (gpointer task,
          gpointer user_data)
{
  Job *job = user_data;
  Band *band = task;

  /* The first phase draws, the second encodes what the first drew. */
  if (band->surface == NULL)
    draw_band (job, band);
  else
    encode_band (job, band);
  finish_task (job);
}

/* Runs every band through the pool and waits, reporting each band done. */
static void
run_phase (GThreadPool       *pool,
           Job               *job,
           Band              *bands,
           guint              n_bands,
           double             from,
           double             to,
           EvbExportProgress  progress,
           gpointer           progress_data)
{
  job->pending = n_bands;
  job->done = 0;
  for (guint i = 0; i < n_bands; i++)
    g_thread_pool_push (pool, &bands[i], NULL);

  g_mutex_lock (&job->mutex);
  while (job->pending > 0)
    {
      guint done = job->done;

      g_cond_wait (&job->cond, &job->mutex);
      if (progress != NULL && job->done != done)
        {
          double fraction = from + (to - from) * job->done / n_bands;

          g_mutex_unlock (&job->mutex);
          progress (fraction, progress_data);
          g_mutex_lock (&job->mutex);
        }
    }
  g_mutex_unlock (&job->mutex);
}

static void
put_u32 (guint8  *p,
         guint32  value)
{
  p[0] = value >> 24;
  p[1] = value >> 16;
  p[2] = value >> 8;
  p[3] = value;
}

static cairo_status_t
write_chunk (cairo_write_func_t  write,
             gpointer            closure,
             const char         *type,
             const guint8       *data,
             gsize               length)
{
  guint8 head[8], tail[4];
  guint32 crc;
  cairo_status_t status;

  /* PNG chunks are at most 2^31 - 1 bytes. */
  if (length > G_MAXINT32)
    return CAIRO_STATUS_NO_MEMORY;
  put_u32 (head, (guint32) length);
  memcpy (head + 4, type, 4);
  crc = crc32 (crc32 (0, NULL, 0), head + 4, 4);
  if (length > 0)
    crc = crc32 (crc, data, length);
  put_u32 (tail, crc);

  status = write (closure, head, sizeof head);
  if (status == CAIRO_STATUS_SUCCESS && length > 0)
    status = write (closure, data, length);
  if (status == CAIRO_STATUS_SUCCESS)
    status = write (closure, tail, sizeof tail);
  return status;
}

/* What libpng writes for the one-surface writer (evb-export.c's
 * write_png): 8 bits a channel, RGB when every pixel is opaque, RGBA
 * otherwise, and cairo's white bKGD. */
static cairo_status_t
write_file (Job                *job,
            int                 height,
            Band               *bands,
            guint               n_bands,
            cairo_write_func_t  write,
            gpointer            closure)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 white[6] = { 0, 0xff, 0, 0xff, 0, 0xff };
  /* Deflate, a 32 KiB window, "fastest" (zlib level 1): 0x78 0x01. */
  static const guint8 zlib_header[2] = { 0x78, 0x01 };
  guint8 ihdr[13];
  guint32 adler;
  cairo_status_t status;

  put_u32 (ihdr, job->width);
  put_u32 (ihdr + 4, height);
  ihdr[8] = 8;
  ihdr[9] = job->opaque ? 2 : 6;
  ihdr[10] = ihdr[11] = ihdr[12] = 0;

  status = write (closure, signature, sizeof signature);
  if (status == CAIRO_STATUS_SUCCESS)
    status = write_chunk (write, closure, "IHDR", ihdr, sizeof ihdr);
  if (status == CAIRO_STATUS_SUCCESS)
    status = write_chunk (write, closure, "bKGD", white, sizeof white);
  if (status == CAIRO_STATUS_SUCCESS)
    status = write_chunk (write, closure, "IDAT", zlib_header, sizeof zlib_header);

  adler = adler32 (0, NULL, 0);
  for (guint i = 0; i < n_bands && status == CAIRO_STATUS_SUCCESS; i++)
    {
      status = write_chunk (write, closure, "IDAT", bands[i].deflated->data, bands[i].deflated->len);
      adler = adler32_combine (adler, bands[i].adler, (z_off_t) bands[i].raw_length);
    }
  if (status == CAIRO_STATUS_SUCCESS)
    {
      guint8 trailer[4];

      put_u32 (trailer, adler);
      status = write_chunk (write, closure, "IDAT", trailer, sizeof trailer);
    }
  if (status == CAIRO_STATUS_SUCCESS)
    status = write_chunk (write, closure, "IEND", NULL, 0);
  return status;
}

cairo_status_t
_evb_export_write_png_bands (int                 width,
                             int                 height,
                             guint               n_bands,
                             EvbExportDrawBand   draw,
                             gpointer            draw_data,
                             cairo_write_func_t  write,
                             gpointer            closure,
                             EvbExportProgress   progress,
                             gpointer            progress_data)
{
  Job job = { width, TRUE, draw, draw_data };
  g_autofree Band *bands = NULL;
  GThreadPool *pool;
  cairo_status_t status = CAIRO_STATUS_SUCCESS;
  guint n_threads = MIN (n_bands, g_get_num_processors ());

  g_assert (width > 0 && height > 0 && n_bands >= 1 && n_bands <= (guint) height);

  /* The warm-up on one pixel (see the top of the file). */
  {
    cairo_surface_t *pixel = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create (pixel);

    draw (cr, 0, FALSE, draw_data);
    status = cairo_status (cr);
    cairo_destroy (cr);
    cairo_surface_destroy (pixel);
    if (status != CAIRO_STATUS_SUCCESS)
      return status;
  }

  bands = g_new0 (Band, n_bands);
  for (guint i = 0; i < n_bands; i++)
    {
      bands[i].index = i;
      bands[i].y = (int) ((gint64) height * i / n_bands);
      bands[i].height = (int) ((gint64) height * (i + 1) / n_bands) - bands[i].y;
      bands[i].last = i == n_bands - 1;
    }

  g_mutex_init (&job.mutex);
  g_cond_init (&job.cond);
  pool = g_thread_pool_new (run_task, &job, (int) MAX (n_threads, 1), FALSE, NULL);

  run_phase (pool, &job, bands, n_bands, 0.0, 0.6, progress, progress_data);
  for (guint i = 0; i < n_bands; i++)
    {
      job.opaque = job.opaque && bands[i].opaque;
      if (bands[i].failed)
        status = CAIRO_STATUS_NO_MEMORY;
    }
  if (status == CAIRO_STATUS_SUCCESS)
    {
      run_phase (pool, &job, bands, n_bands, 0.6, 0.95, progress, progress_data);
      for (guint i = 0; i < n_bands; i++)
        if (bands[i].failed)
          status = CAIRO_STATUS_NO_MEMORY;
    }
  g_thread_pool_free (pool, FALSE, TRUE);

  if (status == CAIRO_STATUS_SUCCESS)
    status = write_file (&job, height, bands, n_bands, write, closure);

  for (guint i = 0; i < n_bands; i++)
    {
      g_clear_pointer (&bands[i].surface, cairo_surface_destroy);
      g_clear_pointer (&bands[i].deflated, g_byte_array_unref);
    }
  g_mutex_clear (&job.mutex);
  g_cond_clear (&job.cond);
  return status;
}
