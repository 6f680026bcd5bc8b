/* evb-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "evb-compat.h"
#include "evb-document.h"
#include "evb-window.h"

G_BEGIN_DECLS

/*
 * Ownership: evb_application_new() returns (transfer full).
 */

#define EVB_TYPE_APPLICATION (evb_application_get_type ())

G_DECLARE_FINAL_TYPE (EvbApplication, evb_application, EVB, APPLICATION, AdwApplication)

EvbApplication *evb_application_new (void);

/**
 * evb_application_dup_sample_file:
 *
 * The sample board has one copy, in the user's data folder: Open Sample
 * Board writes it the first time and reopens it, edits and all, after
 * that.
 *
 * Returns: (transfer full): where that copy is (it may not exist yet).
 */
GFile          *evb_application_dup_sample_file (void);
/* Whether file is the sample's copy: its window offers Restore Sample Board. */
gboolean        evb_application_is_sample   (GFile          *file);
/**
 * evb_application_read_sample:
 *
 * Returns: (transfer full) (nullable): the sample board as shipped, read
 *   from its JSON, or %NULL with @error set.
 */
EvbBoard       *evb_application_read_sample (GError        **error);
/**
 * evb_application_make_sample:
 *
 * Writes the sample as shipped to its one copy's place, replacing what is
 * there (open it with the application, which writes only when there is no
 * copy yet).
 *
 * Returns: (transfer full) (nullable): the copy, or %NULL with @error set.
 */
GFile          *evb_application_make_sample (GError        **error);

/* Whether boards are being opened (read and copied in a thread): their
 * windows are not there yet. Asked to open one of them again meanwhile,
 * the application waits for the first window instead of making two. */
gboolean        evb_application_get_opening (EvbApplication *self);

/* Reads a JSON board in a thread; asks where to save it as a new board
 * and opens it, or shows where the file is wrong. A window shows the
 * progress from the start, with Cancel. */
void            evb_application_import      (EvbApplication *self,
                                             GFile          *source);
/* The same into target (replaced if it exists), or asking when NULL.
 * Returns: (transfer none): the window that shows the import. */
EvbWindow      *evb_application_import_to   (EvbApplication *self,
                                             GFile          *source,
                                             GFile          *target);

/* Does what the person chose for a working copy left by a crash: recover
 * (opens it in a window), later (keeps it) or discard (deletes it). Both
 * recovery dialogs and EVB_RECOVER=always end here. */
gboolean        evb_application_resolve_recovery (EvbApplication        *self,
                                                  const EvbRecoverable  *recoverable,
                                                  EvbRecoveryChoice      choice,
                                                  GError               **error);

G_END_DECLS
