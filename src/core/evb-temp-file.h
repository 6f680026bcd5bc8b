/* evb-temp-file.h: temporary files beside a user's file, and only ours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EvbTempFile:
 *
 * A temporary file beside a user's file, written and then renamed over it
 * (or removed). Its name is `.NAME.evb-tmp-XXXXXX`: the fixed marker says
 * that Evidence Board made it, and an flock() held for as long as the
 * EvbTempFile lives says that its maker is still at work. Only a marked file
 * whose lock can be taken is ever removed as stale
 * (evb_temp_file_remove_stale_beside()), so a person's own hidden files
 * beside a board or an export (`.case.evboard.backup`, rsync's
 * temporaries) are never touched.
 */
typedef struct _EvbTempFile EvbTempFile;

EvbTempFile *evb_temp_file_new_beside      (const char   *path,
                                            int           mode,
                                            GError      **error);
const char  *evb_temp_file_get_path        (EvbTempFile  *temp);
int          evb_temp_file_dup_fd          (EvbTempFile  *temp,
                                            GError      **error);
void         evb_temp_file_discard         (EvbTempFile  *temp);
void         evb_temp_file_free            (EvbTempFile  *temp);

guint        evb_temp_file_remove_stale_beside (const char *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbTempFile, evb_temp_file_free)

G_END_DECLS
