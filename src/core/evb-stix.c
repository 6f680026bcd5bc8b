/* evb-stix.c: a board as a STIX 2.1 bundle (OpenCTI, MISP)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One grouping for the board; evidence with a hashed attachment as
 * observed-data over a file object, other evidence and claims as notes;
 * links as relationships "supports" and "refutes". Every id is a UUIDv5
 * of the board's or the item's own id, so that exporting twice gives the
 * same bundle and a platform that imports it again deduplicates. The
 * mapping of grades to confidence is in docs/DESIGN.md.
 */

#include "config.h"

#include <string.h>

#include "evb-formats-private.h"

/* Ours, fixed for ever: changing it changes every id we ever exported. */
#define EVB_STIX_NAMESPACE  "5d0c3f1e-8a47-4f2b-9b6e-2c7a91d4e3f8"
/* STIX 2.1's own, for the ids of cyber-observable objects (section 2.9). */
#define STIX_SCO_NAMESPACE  "00abedb4-aa42-466c-9c01-fed23315a9b7"

char *
evb_uuid5 (const char *namespace_uuid,
           const char *name)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 ns[16] = { 0 };
  guint8 digest[20];
  gsize digest_length = sizeof digest;
  guint n = 0;

  g_return_val_if_fail (namespace_uuid != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (const char *p = namespace_uuid; *p != '\0' && n < 32; p++)
    {
      int v = g_ascii_xdigit_value (*p);

      if (v < 0)
        continue;
      ns[n / 2] |= (guint8) (n % 2 == 0 ? v << 4 : v);
      n++;
    }
  g_checksum_update (checksum, ns, sizeof ns);
  g_checksum_update (checksum, (const guchar *) name, strlen (name));
  g_checksum_get_digest (checksum, digest, &digest_length);
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

static char *
stix_id (const char *type,
         const char *kind,
         const char *id)
{
  g_autofree char *name = g_strdup_printf ("%s/%s", kind, id);
  g_autofree char *uuid = evb_uuid5 (EVB_STIX_NAMESPACE, name);

  return g_strdup_printf ("%s--%s", type, uuid);
}

/* A string as RFC 8785 (JSON canonicalization) writes it. */
static void
append_canonical_string (GString    *out,
                         const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\b')
        g_string_append (out, "\\b");
      else if (c == '\f')
        g_string_append (out, "\\f");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/* A file object's id, as STIX says: a UUIDv5 of its id-contributing
 * properties (hashes and name), so every producer gives one file one id. */
static char *
file_id (const char *sha256,
         const char *name)
{
  g_autoptr(GString) canonical = g_string_new ("{\"hashes\":{\"SHA-256\":");
  g_autofree char *uuid = NULL;

  append_canonical_string (canonical, sha256);
  g_string_append (canonical, "}");
  if (name != NULL)
    {
      g_string_append (canonical, ",\"name\":");
      append_canonical_string (canonical, name);
    }
  g_string_append (canonical, "}");
  uuid = evb_uuid5 (STIX_SCO_NAMESPACE, canonical->str);
  return g_strdup_printf ("file--%s", uuid);
}

/* RFC 3339 in UTC with a Z, as STIX requires; a plain date is its midnight. */
static GDateTime *
parse_time (const char *date)
{
  if (date == NULL)
    return NULL;
  if (strlen (date) == 10)
    {
      g_autofree char *midnight = g_strconcat (date, "T00:00:00Z", NULL);

      return g_date_time_new_from_iso8601 (midnight, NULL);
    }
  return g_date_time_new_from_iso8601 (date, NULL);
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  if (g_date_time_get_microsecond (utc) != 0)
    return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* created and modified, the second never before the first. */
static void
set_times (JsonObject *object,
           const char *created,
           const char *modified,
           const char *fallback)
{
  g_autoptr(GDateTime) c = parse_time (created);
  g_autoptr(GDateTime) m = parse_time (modified);
  g_autoptr(GDateTime) f = parse_time (fallback);

  if (c == NULL)
    c = f != NULL ? g_date_time_ref (f) : g_date_time_new_from_unix_utc (0);
  if (m == NULL || g_date_time_compare (m, c) < 0)
    {
      g_clear_pointer (&m, g_date_time_unref);
      m = g_date_time_ref (c);
    }
  {
    g_autofree char *created_text = format_time (c);
    g_autofree char *modified_text = format_time (m);

    json_object_set_string_member (object, "created", created_text);
    json_object_set_string_member (object, "modified", modified_text);
  }
}

static JsonObject *
new_object (const char *type,
            const char *id)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", type);
  json_object_set_string_member (object, "spec_version", "2.1");
  json_object_set_string_member (object, "id", id);
  return object;
}

/* Admiralty credibility to STIX confidence: the values of the STIX 2.1
 * "Admiralty Credibility" scale (Appendix A); 6, "cannot be judged", and
 * ungraded items have none. */
static int
credibility_confidence (int credibility)
{
  static const int values[] = { -1, 90, 70, 50, 30, 10, -1 };

  return credibility >= 1 && credibility <= 6 ? values[credibility] : -1;
}

static int
strength_confidence (EvbStrength strength)
{
  switch (strength)
    {
    case EVB_STRENGTH_WEAK:
      return 30;
    case EVB_STRENGTH_MODERATE:
      return 60;
    case EVB_STRENGTH_STRONG:
    default:
      return 90;
    }
}

static JsonArray *
labels_for (const EvbNodeData *d)
{
  JsonArray *labels = json_array_new ();

  json_array_add_string_element (labels, evb_node_kind_to_string (d->kind));
  if (d->kind == EVB_NODE_KIND_EVIDENCE)
    json_array_add_string_element (labels, evb_evidence_type_to_string (d->evidence_type));
  for (guint i = 0; d->tags != NULL && d->tags[i] != NULL; i++)
    json_array_add_string_element (labels, d->tags[i]);
  return labels;
}

static void
add_source (JsonObject        *object,
            const EvbNodeData *d)
{
  JsonArray *references;
  JsonObject *reference;

  if (d->source_url == NULL)
    return;
  references = json_array_new ();
  reference = json_object_new ();
  json_object_set_string_member (reference, "source_name", d->source != NULL ? d->source : d->source_url);
  json_object_set_string_member (reference, "url", d->source_url);
  json_array_add_object_element (references, reference);
  json_object_set_array_member (object, "external_references", references);
}

char *
evb_stix_write_board (EvbBoard *board,
                      gsize    *length)
{
  g_autoptr(JsonNode) tree = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(GHashTable) node_ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *bundle_id = NULL;
  g_autofree char *grouping_id = NULL;
  const char *board_created = evb_board_get_created (board);
  JsonObject *bundle, *grouping;
  JsonArray *objects, *refs, *our_nodes, *our_links;
  GPtrArray *nodes, *links;
  char *text;
  gsize n = 0;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  tree = _evb_formats_board_tree (board);
  our_nodes = json_object_get_array_member (json_node_get_object (tree), "nodes");
  our_links = json_object_get_array_member (json_node_get_object (tree), "links");
  nodes = evb_board_get_nodes (board);
  links = evb_board_get_links (board);

  /* A board has no id of its own: its creation time is what stays. */
  bundle_id = stix_id ("bundle", "bundle", board_created != NULL ? board_created : "");
  grouping_id = stix_id ("grouping", "board", board_created != NULL ? board_created : "");

  bundle = json_object_new ();
  json_object_set_string_member (bundle, "type", "bundle");
  json_object_set_string_member (bundle, "id", bundle_id);
  objects = json_array_new ();
  refs = json_array_new ();

  grouping = new_object ("grouping", grouping_id);
  set_times (grouping, board_created, evb_board_get_modified (board), NULL);
  json_object_set_string_member (grouping, "name", evb_board_get_title (board));
  if (evb_board_get_description (board) != NULL)
    json_object_set_string_member (grouping, "description", evb_board_get_description (board));
  json_object_set_string_member (grouping, "context", "unspecified");
  json_array_add_object_element (objects, grouping);

  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *d = evb_node_get_data (g_ptr_array_index (nodes, i));
      int confidence = credibility_confidence (d->credibility);
      JsonObject *object;
      char *id;

      if (d->kind == EVB_NODE_KIND_EVIDENCE && d->attachment_sha256 != NULL)
        {
          g_autofree char *path = g_filename_from_uri (d->attachment_uri, NULL, NULL);
          g_autofree char *name = g_path_get_basename (path != NULL ? path : d->attachment_uri);
          g_autofree char *file = file_id (d->attachment_sha256, name);
          g_autoptr(GDateTime) first = parse_time (d->occurred != NULL ? d->occurred
                                                   : d->collected != NULL ? d->collected
                                                   : d->created != NULL ? d->created : board_created);
          g_autofree char *first_text = NULL;
          JsonArray *observed;

          if (!g_hash_table_contains (files, file))
            {
              JsonObject *file_object = new_object ("file", file);
              JsonObject *hashes = json_object_new ();

              json_object_set_string_member (hashes, "SHA-256", d->attachment_sha256);
              json_object_set_object_member (file_object, "hashes", hashes);
              json_object_set_string_member (file_object, "name", name);
              if (d->attachment_size >= 0)
                json_object_set_int_member (file_object, "size", d->attachment_size);
              if (d->attachment_media_type != NULL)
                json_object_set_string_member (file_object, "mime_type", d->attachment_media_type);
              json_array_add_object_element (objects, file_object);
              json_array_add_string_element (refs, file);
              g_hash_table_add (files, g_strdup (file));
            }

          id = stix_id ("observed-data", "node", d->id);
          object = new_object ("observed-data", id);
          set_times (object, d->created, d->modified, board_created);
          first_text = first != NULL ? format_time (first)
                                     : g_strdup (json_object_get_string_member (object, "created"));
          json_object_set_string_member (object, "first_observed", first_text);
          json_object_set_string_member (object, "last_observed", first_text);
          json_object_set_int_member (object, "number_observed", 1);
          observed = json_array_new ();
          json_array_add_string_element (observed, file);
          json_object_set_array_member (object, "object_refs", observed);
        }
      else
        {
          JsonArray *about = json_array_new ();

          id = stix_id ("note", "node", d->id);
          object = new_object ("note", id);
          set_times (object, d->created, d->modified, board_created);
          json_object_set_string_member (object, "abstract", d->title);
          json_object_set_string_member (object, "content", d->body != NULL ? d->body : d->title);
          if (d->claimant != NULL)
            {
              JsonArray *authors = json_array_new ();

              json_array_add_string_element (authors, d->claimant);
              json_object_set_array_member (object, "authors", authors);
            }
          /* A note must be about something: the board's grouping. */
          json_array_add_string_element (about, grouping_id);
          json_object_set_array_member (object, "object_refs", about);
        }
      json_object_set_array_member (object, "labels", labels_for (d));
      if (confidence >= 0)
        json_object_set_int_member (object, "confidence", confidence);
      add_source (object, d);
      /* Every field, as our JSON writes it, for a reader that knows us. */
      json_object_set_member (object, "x_evidence_board",
                              json_node_copy (json_array_get_element (our_nodes, i)));
      json_array_add_object_element (objects, object);
      json_array_add_string_element (refs, id);
      g_hash_table_insert (node_ids, (gpointer) d->id, id);
    }

  for (guint i = 0; i < links->len; i++)
    {
      const EvbLinkData *d = evb_link_get_data (g_ptr_array_index (links, i));
      g_autofree char *id = stix_id ("relationship", "link", d->id);
      JsonObject *object = new_object ("relationship", id);

      set_times (object, board_created, board_created, NULL);
      json_object_set_string_member (object, "relationship_type", evb_relation_to_string (d->relation));
      json_object_set_string_member (object, "source_ref", g_hash_table_lookup (node_ids, d->from));
      json_object_set_string_member (object, "target_ref", g_hash_table_lookup (node_ids, d->to));
      if (d->note != NULL)
        json_object_set_string_member (object, "description", d->note);
      json_object_set_int_member (object, "confidence", strength_confidence (d->strength));
      json_object_set_member (object, "x_evidence_board",
                              json_node_copy (json_array_get_element (our_links, i)));
      json_array_add_object_element (objects, object);
      json_array_add_string_element (refs, id);
    }

  /* A grouping must refer to something: an empty board's is a note of
   * the board itself. */
  if (json_array_get_length (refs) == 0)
    {
      g_autofree char *id = stix_id ("note", "board", board_created != NULL ? board_created : "");
      JsonObject *object = new_object ("note", id);
      JsonArray *about = json_array_new ();

      set_times (object, board_created, evb_board_get_modified (board), NULL);
      json_object_set_string_member (object, "content", evb_board_get_title (board));
      json_array_add_string_element (about, grouping_id);
      json_object_set_array_member (object, "object_refs", about);
      json_array_add_object_element (objects, object);
      json_array_add_string_element (refs, id);
    }
  json_object_set_array_member (grouping, "object_refs", refs);
  json_object_set_array_member (bundle, "objects", objects);

  root = json_node_init_object (json_node_alloc (), bundle);
  json_object_unref (bundle);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &n);
  if (length != NULL)
    *length = n;
  return text;
}
