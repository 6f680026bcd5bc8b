/* evb-cli-attach.c: the attach and extract commands' work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-attachment.h"
#include "evb-editing.h"
#include "evb-error.h"
#include "evb-store-blobs.h"
#include "evb-cli-attach.h"

/* The evidence card node_id, or an error that names what is wrong. */
static EvbNode *
find_evidence_card (EvbBoard    *board,
                    const char  *node_id,
                    GError     **error)
{
  EvbNode *node = evb_board_get_node (board, node_id);

  if (node == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND,
                   _("there is no card with id “%s”"), node_id);
      return NULL;
    }
  if (evb_node_get_kind (node) != EVB_NODE_KIND_EVIDENCE)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("card “%s” is a claim; only evidence cards hold files"), node_id);
      return NULL;
    }
  return node;
}

gboolean
evb_cli_attach_file (EvbBoard    *board,
                     EvbStore    *store,
                     const char  *node_id,
                     const char  *file_path,
                     gboolean     reference,
                     GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (file_path);
  g_autoptr(GFileInfo) file_info = NULL;
  g_autoptr(EvbBlobInfo) blob = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *media_type = NULL;
  EvbAttachmentInfo info = { 0 };
  gint64 size = -1;

  if (find_evidence_card (board, node_id, error) == NULL)
    return FALSE;

  file_info = g_file_query_info (file,
                                 G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                 G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE ","
                                 G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                                 G_FILE_QUERY_INFO_NONE, NULL, error);
  if (file_info == NULL)
    return FALSE;
  if (g_file_info_get_file_type (file_info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("“%s” is not a regular file"),
                   g_file_info_get_display_name (file_info));
      return FALSE;
    }
  if (g_file_info_get_content_type (file_info) != NULL)
    media_type = g_content_type_get_mime_type (g_file_info_get_content_type (file_info));
  uri = g_file_get_uri (file);

  info.uri = uri;
  info.media_type = media_type;
  info.name = g_file_info_get_display_name (file_info);
  if (reference)
    {
      sha256 = evb_attachment_hash (file, &size, NULL, NULL, NULL, error);
      if (sha256 == NULL)
        return FALSE;
      info.sha256 = sha256;
      info.size = size;
    }
  else
    {
      blob = evb_store_embed_file (store, file, media_type, NULL, NULL, NULL, error);
      if (blob == NULL)
        return FALSE;
      info.sha256 = blob->sha256;
      info.size = blob->size;
      info.embedded = TRUE;
    }

  /* One undo step, one transaction. */
  if (evb_editing_attach (board, node_id, &info, 0, 0, error) == NULL)
    return FALSE;
  /* A command has no undo history: a file the card held before, that no
   * other card refers to, goes now. */
  return evb_store_reclaim_blobs (store, error) >= 0;
}

gboolean
evb_cli_extract_file (EvbBoard    *board,
                      EvbStore    *store,
                      const char  *node_id,
                      const char  *out_path,
                      GError     **error)
{
  const EvbNodeData *data;
  EvbNode *node;

  node = find_evidence_card (board, node_id, error);
  if (node == NULL)
    return FALSE;
  data = evb_node_get_data (node);
  if (data->attachment_uri == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND,
                   _("card “%s” has no attached file"), node_id);
      return FALSE;
    }
  if (!data->attachment_embedded)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND,
                   _("the file of card “%s” is linked, not kept in the board: %s"), node_id,
                   data->attachment_uri);
      return FALSE;
    }
  return evb_store_extract_blob_to_file (store, data->attachment_sha256, out_path, 0666, NULL,
                                         NULL, NULL, error);
}
