/* evb-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "evb-types.h"

static const char * const kind_names[] = { "claim", "evidence" };
static const char * const evidence_type_names[] = {
  "video", "photo", "satellite-imagery", "radar", "intercept",
  "document", "statement", "social-media", "report", "other",
};
static const char * const relation_names[] = { "supports", "refutes" };
static const char * const strength_names[] = { "weak", "moderate", "strong" };

G_STATIC_ASSERT (G_N_ELEMENTS (evidence_type_names) == EVB_N_EVIDENCE_TYPES);

static gboolean
lookup_name (const char * const *names,
             guint               n_names,
             const char         *str,
             int                *value)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (strcmp (names[i], str) == 0)
        {
          *value = (int) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
evb_node_kind_to_string (EvbNodeKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
evb_node_kind_from_string (const char  *str,
                           EvbNodeKind *kind)
{
  int value;

  if (!lookup_name (kind_names, G_N_ELEMENTS (kind_names), str, &value))
    return FALSE;
  if (kind != NULL)
    *kind = (EvbNodeKind) value;
  return TRUE;
}

const char *
evb_evidence_type_to_string (EvbEvidenceType type)
{
  if (type == EVB_EVIDENCE_TYPE_NONE)
    return NULL;
  g_return_val_if_fail ((guint) type < EVB_N_EVIDENCE_TYPES, NULL);
  return evidence_type_names[type];
}

gboolean
evb_evidence_type_from_string (const char      *str,
                               EvbEvidenceType *type)
{
  int value;

  if (!lookup_name (evidence_type_names, G_N_ELEMENTS (evidence_type_names), str, &value))
    return FALSE;
  if (type != NULL)
    *type = (EvbEvidenceType) value;
  return TRUE;
}

const char *
evb_relation_to_string (EvbRelation relation)
{
  g_return_val_if_fail ((guint) relation < G_N_ELEMENTS (relation_names), NULL);
  return relation_names[relation];
}

gboolean
evb_relation_from_string (const char  *str,
                          EvbRelation *relation)
{
  int value;

  if (!lookup_name (relation_names, G_N_ELEMENTS (relation_names), str, &value))
    return FALSE;
  if (relation != NULL)
    *relation = (EvbRelation) value;
  return TRUE;
}

const char *
evb_strength_to_string (EvbStrength strength)
{
  g_return_val_if_fail ((guint) strength < G_N_ELEMENTS (strength_names), NULL);
  return strength_names[strength];
}

gboolean
evb_strength_from_string (const char  *str,
                          EvbStrength *strength)
{
  int value;

  if (!lookup_name (strength_names, G_N_ELEMENTS (strength_names), str, &value))
    return FALSE;
  if (strength != NULL)
    *strength = (EvbStrength) value;
  return TRUE;
}

gboolean
evb_reliability_is_valid (char reliability)
{
  return reliability >= 'A' && reliability <= 'F';
}

gboolean
evb_credibility_is_valid (int credibility)
{
  return credibility >= 1 && credibility <= 6;
}

static gboolean
parse_digits (const char **p,
              guint        n,
              int         *value)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *value = v;
  return TRUE;
}

static gboolean
is_valid_plain_date (const char **p)
{
  int year, month, day;

  if (!parse_digits (p, 4, &year) || *(*p)++ != '-' ||
      !parse_digits (p, 2, &month) || *(*p)++ != '-' ||
      !parse_digits (p, 2, &day))
    return FALSE;

  return year >= 1 && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

gboolean
evb_date_is_valid (const char *date)
{
  const char *p = date;
  g_autoptr(GDateTime) parsed = NULL;

  if (date == NULL)
    return FALSE;

  if (!is_valid_plain_date (&p))
    return FALSE;
  if (*p == '\0')
    return TRUE;

  /* RFC 3339 requires a time zone; GDateTime accepts a few more forms
   * (ISO 8601 week dates, no zone), so check the shape ourselves first. */
  if (*p != 'T' && *p != 't' && *p != ' ')
    return FALSE;
  {
    size_t len = strlen (date);
    char last = date[len - 1];
    if (last != 'Z' && last != 'z' &&
        !(len > 6 && (date[len - 6] == '+' || date[len - 6] == '-') && date[len - 3] == ':'))
      return FALSE;
  }

  parsed = g_date_time_new_from_iso8601 (date, NULL);
  return parsed != NULL;
}

gboolean
evb_color_is_valid (const char *color)
{
  if (color == NULL || color[0] != '#' || strlen (color) != 7)
    return FALSE;

  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (color[i]))
      return FALSE;

  return TRUE;
}

char *
evb_now_timestamp (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

const char *
evb_node_kind_get_label (EvbNodeKind kind)
{
  switch (kind)
    {
    case EVB_NODE_KIND_CLAIM:
      return _("Claim");
    case EVB_NODE_KIND_EVIDENCE:
      return _("Evidence");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
evb_evidence_type_get_label (EvbEvidenceType type)
{
  switch (type)
    {
    case EVB_EVIDENCE_TYPE_VIDEO:
      return _("Video");
    case EVB_EVIDENCE_TYPE_PHOTO:
      return _("Photo");
    case EVB_EVIDENCE_TYPE_SATELLITE_IMAGERY:
      return _("Satellite imagery");
    case EVB_EVIDENCE_TYPE_RADAR:
      return _("Radar");
    case EVB_EVIDENCE_TYPE_INTERCEPT:
      return _("Intercept");
    case EVB_EVIDENCE_TYPE_DOCUMENT:
      return _("Document");
    case EVB_EVIDENCE_TYPE_STATEMENT:
      return _("Statement");
    case EVB_EVIDENCE_TYPE_SOCIAL_MEDIA:
      return _("Social media");
    case EVB_EVIDENCE_TYPE_REPORT:
      return _("Report");
    case EVB_EVIDENCE_TYPE_OTHER:
      return _("Other");
    case EVB_EVIDENCE_TYPE_NONE:
    case EVB_N_EVIDENCE_TYPES:
    default:
      return NULL;
    }
}

const char *
evb_relation_get_label (EvbRelation relation)
{
  switch (relation)
    {
    case EVB_RELATION_SUPPORTS:
      return _("Supports");
    case EVB_RELATION_REFUTES:
      return _("Refutes");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
evb_strength_get_label (EvbStrength strength)
{
  switch (strength)
    {
    case EVB_STRENGTH_WEAK:
      return _("Weak");
    case EVB_STRENGTH_MODERATE:
      return _("Moderate");
    case EVB_STRENGTH_STRONG:
      return _("Strong");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
evb_reliability_get_label (char reliability)
{
  /* The Admiralty (NATO STANAG 2511) source reliability scale. */
  switch (reliability)
    {
    case 'A':
      return _("Completely reliable");
    case 'B':
      return _("Usually reliable");
    case 'C':
      return _("Fairly reliable");
    case 'D':
      return _("Not usually reliable");
    case 'E':
      return _("Unreliable");
    case 'F':
      return _("Reliability cannot be judged");
    default:
      return NULL;
    }
}

const char *
evb_credibility_get_label (int credibility)
{
  switch (credibility)
    {
    case 1:
      return _("Confirmed by other sources");
    case 2:
      return _("Probably true");
    case 3:
      return _("Possibly true");
    case 4:
      return _("Doubtful");
    case 5:
      return _("Improbable");
    case 6:
      return _("Truth cannot be judged");
    default:
      return NULL;
    }
}
