/* test-wait.h: waiting in UI tests, for a condition and never for a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fixed sleep is either too long or, on a loaded machine, too short (one
 * flaked). These iterate the main context until a condition holds, with a
 * timeout long enough for a loaded machine.
 */

#pragma once

#include <glib.h>

#define TIMEOUT_MS 30000

static inline gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until condition (data) holds or timeout_ms
 * passes; returns whether it holds. Threads finishing (hashing, export)
 * report through the main context, so their results are seen here; a
 * timer wakes the loop often enough to notice anything else. */
static inline gboolean
wait_until (gboolean (*condition) (gpointer data),
            gpointer   data,
            guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (5, wake_cb, NULL);
  gboolean holds;

  while (!(holds = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return holds;
}

/* The same for an expression, failing the test with it on timeout. */
#define WAIT_FOR(expr) \
  G_STMT_START { \
    gint64 wait_deadline_ = g_get_monotonic_time () + (gint64) TIMEOUT_MS * 1000; \
    guint wait_wake_ = g_timeout_add (5, wake_cb, NULL); \
    while (!(expr) && g_get_monotonic_time () < wait_deadline_) \
      g_main_context_iteration (NULL, TRUE); \
    g_source_remove (wait_wake_); \
    if (!(expr)) \
      g_error ("%s:%d: waited %d ms in vain for %s", __FILE__, __LINE__, TIMEOUT_MS, #expr); \
  } G_STMT_END
