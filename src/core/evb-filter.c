/* evb-filter.c: which cards a person wants to see
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A filter is asked about every card of the board each time it or the
 * board changes, so a card is tested with the fields it already holds and
 * no allocation: grades are compared as characters and numbers, dates as
 * the first ten characters of their text (RFC 3339 and plain dates both
 * begin with YYYY-MM-DD, which sorts as text), tags by a hash lookup. The
 * assessment and the attachment statuses come from their owners through
 * the context, which keeps the core free of the render layer.
 *
 * The filter is saved as compact JSON (a board setting, and the CLI's
 * --filter), so that a person can read and write it.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "evb-error.h"
#include "evb-filter.h"

#define ALL_KINDS       ((1u << (EVB_NODE_KIND_EVIDENCE + 1)) - 1)
#define ALL_TYPES       ((1u << EVB_N_EVIDENCE_TYPES) - 1)
#define ALL_ATTACHMENTS (EVB_FILTER_ATTACHMENT_NO_FILE | EVB_FILTER_ATTACHMENT_FINE | \
                         EVB_FILTER_ATTACHMENT_CHANGED | EVB_FILTER_ATTACHMENT_MISSING)
#define ALL_LIKELIHOODS (EVB_FILTER_UNASSESSED | (EVB_FILTER_UNASSESSED - 1))

/* The criteria, apart from the object, so a loaded filter can be checked
 * whole before it replaces the current one. */
typedef struct
{
  guint               kinds;
  guint               types;
  char                reliability_best;
  char                reliability_worst;
  int                 credibility_best;
  int                 credibility_worst;
  GStrv               tags;      /* sorted, never NULL */
  EvbFilterDateField  date_field;
  char               *date_from;
  char               *date_to;
  guint               attachments;
  guint               likelihoods;
  gboolean            hide;
} Criteria;

struct _EvbFilter
{
  GObject     parent_instance;

  Criteria    criteria;
  GHashTable *tag_set;  /* the tags (owned by criteria.tags) */
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const attachment_names[] = { "no-file", "fine", "changed", "missing" };

G_DEFINE_FINAL_TYPE (EvbFilter, evb_filter, G_TYPE_OBJECT)

/* Helpers */

static void
criteria_clear (Criteria *c)
{
  g_clear_pointer (&c->tags, g_strfreev);
  g_clear_pointer (&c->date_from, g_free);
  g_clear_pointer (&c->date_to, g_free);
}

static void
criteria_init (Criteria *c)
{
  memset (c, 0, sizeof *c);
  c->tags = g_new0 (char *, 1);
}

static void
rebuild_tag_set (EvbFilter *self)
{
  g_hash_table_remove_all (self->tag_set);
  for (guint i = 0; self->criteria.tags[i] != NULL; i++)
    g_hash_table_add (self->tag_set, self->criteria.tags[i]);
}

static void
emit_changed (EvbFilter *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Sorted, without duplicates or empty tags. */
static GStrv
normalise_tags (const char * const *tags)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (tags[i][0] != '\0')
      g_ptr_array_add (sorted, (gpointer) tags[i]);
  g_ptr_array_sort (sorted, compare_strings);
  for (guint i = 0; i < sorted->len; i++)
    if (i == 0 || strcmp (g_ptr_array_index (sorted, i - 1), g_ptr_array_index (sorted, i)) != 0)
      g_strv_builder_add (builder, g_ptr_array_index (sorted, i));
  return g_strv_builder_end (builder);
}

static gboolean
is_plain_date (const char *date)
{
  return date != NULL && strlen (date) == 10 && evb_date_is_valid (date);
}

static gboolean
date_in_range (const char *date,
               const char *from,
               const char *to)
{
  if (from == NULL && to == NULL)
    return TRUE;
  /* An undated card cannot be said to fall in the range. */
  if (date == NULL)
    return FALSE;
  if (from != NULL && strncmp (date, from, 10) < 0)
    return FALSE;
  if (to != NULL && strncmp (date, to, 10) > 0)
    return FALSE;
  return TRUE;
}

static guint
attachment_bit (const EvbNodeData     *data,
                const EvbFilterContext *context)
{
  EvbAttachmentStatus status = EVB_ATTACHMENT_NONE;

  if (data->attachment_uri == NULL && data->attachment_sha256 == NULL)
    return EVB_FILTER_ATTACHMENT_NO_FILE;
  if (context != NULL && context->attachment_status != NULL)
    status = context->attachment_status (data, context->user_data);
  switch (status)
    {
    case EVB_ATTACHMENT_OK:
      return EVB_FILTER_ATTACHMENT_FINE;
    case EVB_ATTACHMENT_CHANGED:
      return EVB_FILTER_ATTACHMENT_CHANGED;
    case EVB_ATTACHMENT_MISSING:
    case EVB_ATTACHMENT_UNREADABLE:
      return EVB_FILTER_ATTACHMENT_MISSING;
    case EVB_ATTACHMENT_NONE:
    default:
      /* Not checked yet: no status to match. */
      return 0;
    }
}

static guint
likelihood_bit (const EvbNodeData     *data,
                const EvbFilterContext *context)
{
  const EvbClaimAssessment *assessment = NULL;

  if (context != NULL && context->assessment != NULL)
    assessment = evb_assessment_get (context->assessment, data->id);
  if (assessment == NULL || !assessment->assessed)
    return EVB_FILTER_UNASSESSED;
  return 1u << assessment->likelihood;
}

static gboolean
criteria_match (const Criteria         *c,
                GHashTable             *tag_set,
                const EvbNodeData      *data,
                const EvbFilterContext *context)
{
  gboolean evidence = data->kind == EVB_NODE_KIND_EVIDENCE;

  if (c->kinds != 0 && !(c->kinds & (1u << data->kind)))
    return FALSE;
  if (evidence && c->types != 0 &&
      (data->evidence_type < 0 || !(c->types & (1u << data->evidence_type))))
    return FALSE;
  /* Grades: 'A' and 1 are the best, so "better" is "smaller". */
  if (c->reliability_best != '\0' || c->reliability_worst != '\0')
    {
      if (data->reliability == '\0' ||
          (c->reliability_best != '\0' && data->reliability < c->reliability_best) ||
          (c->reliability_worst != '\0' && data->reliability > c->reliability_worst))
        return FALSE;
    }
  if (c->credibility_best != 0 || c->credibility_worst != 0)
    {
      if (data->credibility == 0 ||
          (c->credibility_best != 0 && data->credibility < c->credibility_best) ||
          (c->credibility_worst != 0 && data->credibility > c->credibility_worst))
        return FALSE;
    }
  if (c->tags[0] != NULL)
    {
      gboolean any = FALSE;

      for (guint i = 0; data->tags[i] != NULL && !any; i++)
        any = g_hash_table_contains (tag_set, data->tags[i]);
      if (!any)
        return FALSE;
    }
  if (c->date_field == EVB_FILTER_DATE_OCCURRED)
    {
      if (!date_in_range (data->occurred, c->date_from, c->date_to))
        return FALSE;
    }
  else if (evidence && !date_in_range (data->collected, c->date_from, c->date_to))
    return FALSE;
  if (evidence && c->attachments != 0 && !(c->attachments & attachment_bit (data, context)))
    return FALSE;
  if (!evidence && c->likelihoods != 0 && !(c->likelihoods & likelihood_bit (data, context)))
    return FALSE;
  return TRUE;
}

static gboolean
criteria_active (const Criteria *c)
{
  return c->kinds != 0 || c->types != 0 || c->reliability_best != '\0' ||
         c->reliability_worst != '\0' || c->credibility_best != 0 || c->credibility_worst != 0 ||
         c->tags[0] != NULL || c->date_from != NULL || c->date_to != NULL ||
         c->attachments != 0 || c->likelihoods != 0;
}

/* Serialisation */

static void
add_names (JsonBuilder *builder,
           const char  *member,
           guint        bits,
           guint        n,
           const char *(*name) (guint index))
{
  if (bits == 0)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    if (bits & (1u << i))
      json_builder_add_string_value (builder, name (i));
  json_builder_end_array (builder);
}

static const char *
kind_name (guint index)
{
  return evb_node_kind_to_string (index);
}

static const char *
type_name (guint index)
{
  return evb_evidence_type_to_string (index);
}

static const char *
attachment_name (guint index)
{
  return attachment_names[index];
}

static const char *
likelihood_name (guint index)
{
  return index <= EVB_LIKELIHOOD_ALMOST_CERTAIN ? evb_likelihood_to_string (index) : "unassessed";
}

static char *
criteria_to_string (const Criteria *c)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_names (builder, "kinds", c->kinds, EVB_NODE_KIND_EVIDENCE + 1, kind_name);
  add_names (builder, "types", c->types, EVB_N_EVIDENCE_TYPES, type_name);
  if (c->reliability_best != '\0' || c->reliability_worst != '\0')
    {
      char best[2] = { c->reliability_best, '\0' };
      char worst[2] = { c->reliability_worst, '\0' };

      json_builder_set_member_name (builder, "reliability");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, best);
      json_builder_add_string_value (builder, worst);
      json_builder_end_array (builder);
    }
  if (c->credibility_best != 0 || c->credibility_worst != 0)
    {
      json_builder_set_member_name (builder, "credibility");
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, c->credibility_best);
      json_builder_add_int_value (builder, c->credibility_worst);
      json_builder_end_array (builder);
    }
  if (c->tags[0] != NULL)
    {
      json_builder_set_member_name (builder, "tags");
      json_builder_begin_array (builder);
      for (guint i = 0; c->tags[i] != NULL; i++)
        json_builder_add_string_value (builder, c->tags[i]);
      json_builder_end_array (builder);
    }
  if (c->date_from != NULL || c->date_to != NULL)
    {
      json_builder_set_member_name (builder, c->date_field == EVB_FILTER_DATE_OCCURRED ? "occurred"
                                                                                     : "collected");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, c->date_from != NULL ? c->date_from : "");
      json_builder_add_string_value (builder, c->date_to != NULL ? c->date_to : "");
      json_builder_end_array (builder);
    }
  add_names (builder, "attachments", c->attachments, G_N_ELEMENTS (attachment_names),
             attachment_name);
  add_names (builder, "likelihoods", c->likelihoods, EVB_LIKELIHOOD_ALMOST_CERTAIN + 2,
             likelihood_name);
  if (c->hide)
    {
      json_builder_set_member_name (builder, "hide");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
invalid (GError    **error,
         const char *member)
{
  g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
               /* Translators: %s is the name of a part of a filter, e.g. "reliability" */
               _("The filter’s “%s” is not valid"), member);
  return FALSE;
}

/* A member that is a list of names, each one of n, into bits. */
static gboolean
read_names (JsonObject  *object,
            const char  *member,
            guint        n,
            const char *(*name) (guint index),
            guint       *bits,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  *bits = 0;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, member);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text;
      guint k;

      if (json_node_get_value_type (element) != G_TYPE_STRING)
        return invalid (error, member);
      text = json_node_get_string (element);
      for (k = 0; k < n && g_strcmp0 (name (k), text) != 0; k++)
        ;
      if (k == n)
        return invalid (error, member);
      *bits |= 1u << k;
    }
  return TRUE;
}

/* A member that is a pair [best, worst] or [from, to]. */
static JsonArray *
read_pair (JsonObject *object,
           const char *member,
           GType       type)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  if (json_array_get_length (array) != 2 ||
      json_node_get_value_type (json_array_get_element (array, 0)) != type ||
      json_node_get_value_type (json_array_get_element (array, 1)) != type)
    return NULL;
  return array;
}

static gboolean
read_grade (const char *text,
            char       *grade)
{
  if (text[0] == '\0')
    {
      *grade = '\0';
      return TRUE;
    }
  *grade = text[0];
  return text[1] == '\0' && evb_reliability_is_valid (text[0]);
}

static gboolean
read_date (const char  *text,
           char       **date)
{
  if (text[0] == '\0')
    return TRUE;
  if (!is_plain_date (text))
    return FALSE;
  *date = g_strdup (text);
  return TRUE;
}

static gboolean
criteria_parse (Criteria    *c,
                const char  *text,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonArray *pair;
  JsonNode *node;

  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_PARSE, _("The filter is not valid JSON: %s"),
                   local_error->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_PARSE, _("The filter is not a JSON object"));
      return FALSE;
    }
  object = json_node_get_object (json_parser_get_root (parser));

  if (!read_names (object, "kinds", EVB_NODE_KIND_EVIDENCE + 1, kind_name, &c->kinds, error) ||
      !read_names (object, "types", EVB_N_EVIDENCE_TYPES, type_name, &c->types, error) ||
      !read_names (object, "attachments", G_N_ELEMENTS (attachment_names), attachment_name,
                   &c->attachments, error) ||
      !read_names (object, "likelihoods", EVB_LIKELIHOOD_ALMOST_CERTAIN + 2, likelihood_name,
                   &c->likelihoods, error))
    return FALSE;

  if (json_object_has_member (object, "reliability"))
    {
      pair = read_pair (object, "reliability", G_TYPE_STRING);
      if (pair == NULL ||
          !read_grade (json_array_get_string_element (pair, 0), &c->reliability_best) ||
          !read_grade (json_array_get_string_element (pair, 1), &c->reliability_worst) ||
          (c->reliability_best != '\0' && c->reliability_worst != '\0' &&
           c->reliability_best > c->reliability_worst))
        return invalid (error, "reliability");
    }
  if (json_object_has_member (object, "credibility"))
    {
      pair = read_pair (object, "credibility", G_TYPE_INT64);
      if (pair == NULL)
        return invalid (error, "credibility");
      c->credibility_best = CLAMP (json_array_get_int_element (pair, 0), -1, 7);
      c->credibility_worst = CLAMP (json_array_get_int_element (pair, 1), -1, 7);
      if ((c->credibility_best != 0 && !evb_credibility_is_valid (c->credibility_best)) ||
          (c->credibility_worst != 0 && !evb_credibility_is_valid (c->credibility_worst)) ||
          (c->credibility_best != 0 && c->credibility_worst != 0 &&
           c->credibility_best > c->credibility_worst))
        return invalid (error, "credibility");
    }

  node = json_object_get_member (object, "tags");
  if (node != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) tags = NULL;
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return invalid (error, "tags");
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (json_node_get_value_type (json_array_get_element (array, i)) != G_TYPE_STRING)
            return invalid (error, "tags");
          g_strv_builder_add (builder, json_array_get_string_element (array, i));
        }
      tags = g_strv_builder_end (builder);
      g_strfreev (c->tags);
      c->tags = normalise_tags ((const char * const *) tags);
    }

  for (int field = EVB_FILTER_DATE_OCCURRED; field <= EVB_FILTER_DATE_COLLECTED; field++)
    {
      const char *member = field == EVB_FILTER_DATE_OCCURRED ? "occurred" : "collected";

      if (!json_object_has_member (object, member))
        continue;
      pair = read_pair (object, member, G_TYPE_STRING);
      g_clear_pointer (&c->date_from, g_free);
      g_clear_pointer (&c->date_to, g_free);
      if (pair == NULL ||
          !read_date (json_array_get_string_element (pair, 0), &c->date_from) ||
          !read_date (json_array_get_string_element (pair, 1), &c->date_to))
        return invalid (error, member);
      c->date_field = field;
    }

  node = json_object_get_member (object, "hide");
  if (node != NULL)
    {
      if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return invalid (error, "hide");
      c->hide = json_node_get_boolean (node);
    }
  return TRUE;
}

/* Overrides */

static void
evb_filter_finalize (GObject *object)
{
  EvbFilter *self = EVB_FILTER (object);

  g_clear_pointer (&self->tag_set, g_hash_table_unref);
  criteria_clear (&self->criteria);

  G_OBJECT_CLASS (evb_filter_parent_class)->finalize (object);
}

static void
evb_filter_class_init (EvbFilterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = evb_filter_finalize;

  /**
   * EvbFilter::changed:
   *
   * A criterion or the mode changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
evb_filter_init (EvbFilter *self)
{
  criteria_init (&self->criteria);
  self->tag_set = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Public API */

EvbFilter *
evb_filter_new (void)
{
  return g_object_new (EVB_TYPE_FILTER, NULL);
}

gboolean
evb_filter_is_active (EvbFilter *self)
{
  g_return_val_if_fail (EVB_IS_FILTER (self), FALSE);
  return criteria_active (&self->criteria);
}

void
evb_filter_clear (EvbFilter *self)
{
  gboolean hide;

  g_return_if_fail (EVB_IS_FILTER (self));

  if (!criteria_active (&self->criteria))
    return;
  hide = self->criteria.hide;
  criteria_clear (&self->criteria);
  criteria_init (&self->criteria);
  self->criteria.hide = hide;
  rebuild_tag_set (self);
  emit_changed (self);
}

void
evb_filter_set_kinds (EvbFilter *self,
                      guint      kinds)
{
  g_return_if_fail (EVB_IS_FILTER (self));

  kinds &= ALL_KINDS;
  if (self->criteria.kinds == kinds)
    return;
  self->criteria.kinds = kinds;
  emit_changed (self);
}

guint
evb_filter_get_kinds (EvbFilter *self)
{
  g_return_val_if_fail (EVB_IS_FILTER (self), 0);
  return self->criteria.kinds;
}

void
evb_filter_set_evidence_types (EvbFilter *self,
                               guint      types)
{
  g_return_if_fail (EVB_IS_FILTER (self));

  types &= ALL_TYPES;
  if (self->criteria.types == types)
    return;
  self->criteria.types = types;
  emit_changed (self);
}

guint
evb_filter_get_evidence_types (EvbFilter *self)
{
  g_return_val_if_fail (EVB_IS_FILTER (self), 0);
  return self->criteria.types;
}

void
evb_filter_set_reliability (EvbFilter *self,
                            char       best,
                            char       worst)
{
  g_return_if_fail (EVB_IS_FILTER (self));
  g_return_if_fail (best == '\0' || evb_reliability_is_valid (best));
  g_return_if_fail (worst == '\0' || evb_reliability_is_valid (worst));

  /* A range given the wrong way round means the same range. */
  if (best != '\0' && worst != '\0' && best > worst)
    {
      char swap = best;

      best = worst;
      worst = swap;
    }
  if (self->criteria.reliability_best == best && self->criteria.reliability_worst == worst)
    return;
  self->criteria.reliability_best = best;
  self->criteria.reliability_worst = worst;
  emit_changed (self);
}

void
evb_filter_get_reliability (EvbFilter *self,
                            char      *best,
                            char      *worst)
{
  g_return_if_fail (EVB_IS_FILTER (self));

  if (best != NULL)
    *best = self->criteria.reliability_best;
  if (worst != NULL)
    *worst = self->criteria.reliability_worst;
}

void
evb_filter_set_credibility (EvbFilter *self,
                            int        best,
                            int        worst)
{
  g_return_if_fail (EVB_IS_FILTER (self));
  g_return_if_fail (best == 0 || evb_credibility_is_valid (best));
  g_return_if_fail (worst == 0 || evb_credibility_is_valid (worst));

  if (best != 0 && worst != 0 && best > worst)
    {
      int swap = best;

      best = worst;
      worst = swap;
    }
  if (self->criteria.credibility_best == best && self->criteria.credibility_worst == worst)
    return;
  self->criteria.credibility_best = best;
  self->criteria.credibility_worst = worst;
  emit_changed (self);
}

void
evb_filter_get_credibility (EvbFilter *self,
                            int       *best,
                            int       *worst)
{
  g_return_if_fail (EVB_IS_FILTER (self));

  if (best != NULL)
    *best = self->criteria.credibility_best;
  if (worst != NULL)
    *worst = self->criteria.credibility_worst;
}

void
evb_filter_set_tags (EvbFilter          *self,
                     const char * const *tags)
{
  g_auto(GStrv) normal = NULL;

  g_return_if_fail (EVB_IS_FILTER (self));

  normal = normalise_tags (tags);
  if (g_strv_equal ((const char * const *) normal, (const char * const *) self->criteria.tags))
    return;
  g_strfreev (self->criteria.tags);
  self->criteria.tags = g_steal_pointer (&normal);
  rebuild_tag_set (self);
  emit_changed (self);
}

const char * const *
evb_filter_get_tags (EvbFilter *self)
{
  g_return_val_if_fail (EVB_IS_FILTER (self), NULL);
  return (const char * const *) self->criteria.tags;
}

void
evb_filter_set_date_range (EvbFilter          *self,
                           EvbFilterDateField  field,
                           const char         *from,
                           const char         *to)
{
  g_return_if_fail (EVB_IS_FILTER (self));
  g_return_if_fail (field == EVB_FILTER_DATE_OCCURRED || field == EVB_FILTER_DATE_COLLECTED);
  g_return_if_fail (from == NULL || is_plain_date (from));
  g_return_if_fail (to == NULL || is_plain_date (to));

  if (from != NULL && to != NULL && strcmp (from, to) > 0)
    {
      const char *swap = from;

      from = to;
      to = swap;
    }
  if (self->criteria.date_field == field && g_strcmp0 (self->criteria.date_from, from) == 0 &&
      g_strcmp0 (self->criteria.date_to, to) == 0)
    return;
  self->criteria.date_field = field;
  g_free (self->criteria.date_from);
  self->criteria.date_from = g_strdup (from);
  g_free (self->criteria.date_to);
  self->criteria.date_to = g_strdup (to);
  emit_changed (self);
}

EvbFilterDateField
evb_filter_get_date_field (EvbFilter *self)
{
  g_return_val_if_fail (EVB_IS_FILTER (self), EVB_FILTER_DATE_OCCURRED);
  return self->criteria.date_field;
}

const char *
evb_filter_get_date_from (EvbFilter *self)
{
  g_return_val_if_fail (EVB_IS_FILTER (self), NULL);
  return self->criteria.date_from;
}

const char *
evb_filter_get_date_to (EvbFilter *self)
{
  g_return_val_if_fail (EVB_IS_FILTER (self), NULL);
  return self->criteria.date_to;
}

void
evb_filter_set_attachments (EvbFilter *self,
                            guint      statuses)
{
  g_return_if_fail (EVB_IS_FILTER (self));

  statuses &= ALL_ATTACHMENTS;
  if (self->criteria.attachments == statuses)
    return;
  self->criteria.attachments = statuses;
  emit_changed (self);
}

guint
evb_filter_get_attachments (EvbFilter *self)
{
  g_return_val_if_fail (EVB_IS_FILTER (self), 0);
  return self->criteria.attachments;
}

void
evb_filter_set_likelihoods (EvbFilter *self,
                            guint      likelihoods)
{
  g_return_if_fail (EVB_IS_FILTER (self));

  likelihoods &= ALL_LIKELIHOODS;
  if (self->criteria.likelihoods == likelihoods)
    return;
  self->criteria.likelihoods = likelihoods;
  emit_changed (self);
}

guint
evb_filter_get_likelihoods (EvbFilter *self)
{
  g_return_val_if_fail (EVB_IS_FILTER (self), 0);
  return self->criteria.likelihoods;
}

void
evb_filter_set_hide (EvbFilter *self,
                     gboolean   hide)
{
  g_return_if_fail (EVB_IS_FILTER (self));

  hide = !!hide;
  if (self->criteria.hide == hide)
    return;
  self->criteria.hide = hide;
  emit_changed (self);
}

gboolean
evb_filter_get_hide (EvbFilter *self)
{
  g_return_val_if_fail (EVB_IS_FILTER (self), FALSE);
  return self->criteria.hide;
}

gboolean
evb_filter_matches (EvbFilter              *self,
                    EvbNode                *node,
                    const EvbFilterContext *context)
{
  g_return_val_if_fail (EVB_IS_FILTER (self), FALSE);
  g_return_val_if_fail (EVB_IS_NODE (node), FALSE);

  return criteria_match (&self->criteria, self->tag_set, evb_node_get_data (node), context);
}

GHashTable *
evb_filter_find (EvbFilter              *self,
                 EvbBoard               *board,
                 const EvbFilterContext *context)
{
  GHashTable *ids;
  GPtrArray *nodes;

  g_return_val_if_fail (EVB_IS_FILTER (self), NULL);
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  ids = g_hash_table_new (g_str_hash, g_str_equal);
  nodes = evb_board_get_nodes (board);
  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *data = evb_node_get_data (g_ptr_array_index (nodes, i));

      if (criteria_match (&self->criteria, self->tag_set, data, context))
        g_hash_table_add (ids, data->id);
    }
  return ids;
}

/* The names as a list, NULL when there are none (emptied either way). */
static char *
join_names (GPtrArray *names)
{
  char *list;

  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  /* Translators: between the items of a list, e.g. "Video, Photo" */
  list = g_strjoinv (_(", "), (char **) names->pdata);
  g_ptr_array_set_size (names, 0);
  return list;
}

char *
evb_filter_describe (EvbFilter *self)
{
  const Criteria *c;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *list = NULL;
  const char *from, *to;
  /* A context of their own: "missing" elsewhere is a missing field. */
  const char *attachment_words[] = {
    NC_("attachment status", "no file"), NC_("attachment status", "as recorded"),
    NC_("attachment status", "changed"), NC_("attachment status", "missing"),
  };

  g_return_val_if_fail (EVB_IS_FILTER (self), NULL);
  c = &self->criteria;

  if (c->kinds == 1u << EVB_NODE_KIND_CLAIM)
    g_ptr_array_add (parts, g_strdup (_("claims only")));
  else if (c->kinds == 1u << EVB_NODE_KIND_EVIDENCE)
    g_ptr_array_add (parts, g_strdup (_("evidence only")));

  for (int type = 0; type < EVB_N_EVIDENCE_TYPES; type++)
    if (c->types & (1u << type))
      g_ptr_array_add (names, (gpointer) evb_evidence_type_get_label (type));
  list = join_names (names);
  if (list != NULL)
    /* Translators: a filter's criterion, e.g. "evidence type: Video, Photo" */
    g_ptr_array_add (parts, g_strdup_printf (_("evidence type: %s"), list));
  g_clear_pointer (&list, g_free);

  /* Translators: a filter's criteria on the Admiralty grades, A (best) to F */
  if (c->reliability_best != '\0' && c->reliability_worst != '\0')
    g_ptr_array_add (parts, g_strdup_printf (_("reliability %c to %c"), c->reliability_best, c->reliability_worst));
  else if (c->reliability_best != '\0')
    g_ptr_array_add (parts, g_strdup_printf (_("reliability %c or worse"), c->reliability_best));
  else if (c->reliability_worst != '\0')
    g_ptr_array_add (parts, g_strdup_printf (_("reliability %c or better"), c->reliability_worst));
  /* Translators: a filter's criteria on the grades 1 (best) to 6 */
  if (c->credibility_best > 0 && c->credibility_worst > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("credibility %d to %d"), c->credibility_best, c->credibility_worst));
  else if (c->credibility_best > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("credibility %d or worse"), c->credibility_best));
  else if (c->credibility_worst > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("credibility %d or better"), c->credibility_worst));

  for (guint i = 0; c->tags[i] != NULL; i++)
    g_ptr_array_add (names, c->tags[i]);
  list = join_names (names);
  if (list != NULL)
    /* Translators: a filter's criterion: cards with any of these tags */
    g_ptr_array_add (parts, g_strdup_printf (_("tags: %s"), list));
  g_clear_pointer (&list, g_free);

  from = c->date_from;
  to = c->date_to;
  /* Translators: a filter's date range, in plain dates (YYYY-MM-DD) */
  if (c->date_field == EVB_FILTER_DATE_OCCURRED && from != NULL && to != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("occurred from %s to %s"), from, to));
  else if (c->date_field == EVB_FILTER_DATE_OCCURRED && from != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("occurred on or after %s"), from));
  else if (c->date_field == EVB_FILTER_DATE_OCCURRED && to != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("occurred on or before %s"), to));
  else if (from != NULL && to != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("collected from %s to %s"), from, to));
  else if (from != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("collected on or after %s"), from));
  else if (to != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("collected on or before %s"), to));

  for (guint i = 0; i < G_N_ELEMENTS (attachment_words); i++)
    if (c->attachments & (1u << i))
      g_ptr_array_add (names, (gpointer) g_dpgettext2 (GETTEXT_PACKAGE, "attachment status", attachment_words[i]));
  list = join_names (names);
  if (list != NULL)
    /* Translators: a filter's criterion, e.g. "attachment: changed, missing" */
    g_ptr_array_add (parts, g_strdup_printf (_("attachment: %s"), list));
  g_clear_pointer (&list, g_free);

  for (int l = EVB_LIKELIHOOD_ALMOST_NO_CHANCE; l <= EVB_LIKELIHOOD_ALMOST_CERTAIN; l++)
    if (c->likelihoods & (1u << l))
      g_ptr_array_add (names, (gpointer) evb_likelihood_get_label (l));
  if (c->likelihoods & EVB_FILTER_UNASSESSED)
    /* Translators: claims nothing bears on, in a filter's description */
    g_ptr_array_add (names, (gpointer) _("not assessed"));
  list = join_names (names);
  if (list != NULL)
    /* Translators: a filter's criterion, e.g. "likelihood: likely, very likely" */
    g_ptr_array_add (parts, g_strdup_printf (_("likelihood: %s"), list));

  if (parts->len == 0)
    return g_strdup (_("every card"));
  g_ptr_array_add (parts, NULL);
  /* Translators: between the criteria of a filter's description */
  return g_strjoinv (_("; "), (char **) parts->pdata);
}

char *
evb_filter_to_string (EvbFilter *self)
{
  g_return_val_if_fail (EVB_IS_FILTER (self), NULL);
  return criteria_to_string (&self->criteria);
}

gboolean
evb_filter_load (EvbFilter   *self,
                 const char  *text,
                 GError     **error)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Criteria loaded;

  g_return_val_if_fail (EVB_IS_FILTER (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  criteria_init (&loaded);
  if (!criteria_parse (&loaded, text, error))
    {
      criteria_clear (&loaded);
      return FALSE;
    }
  before = criteria_to_string (&self->criteria);
  after = criteria_to_string (&loaded);
  criteria_clear (&self->criteria);
  self->criteria = loaded;
  rebuild_tag_set (self);
  if (!g_str_equal (before, after))
    emit_changed (self);
  return TRUE;
}
