/* evb-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "evb-types.h"

/* The machine names are the nicks glib-mkenums derives from the value
 * names (EVB_EVIDENCE_TYPE_SATELLITE_IMAGERY is "satellite-imagery"), so
 * one list, the enum, says them all; tests/json checks them against the
 * contract. */
static GEnumClass *
enum_class (GType type)
{
  /* A class of a static type, once referenced, lives as long as the
   * process; g_type_class_peek is then a cheap lookup. */
  GEnumClass *klass = g_type_class_peek (type);

  return klass != NULL ? klass : g_type_class_ref (type);
}

static const char *
enum_to_nick (GType type,
              int   value)
{
  GEnumValue *found = g_enum_get_value (enum_class (type), value);

  return found != NULL ? found->value_nick : NULL;
}

/* Only the values that have a machine name: never a negative one (the
 * evidence type of a claim). */
static gboolean
enum_from_nick (GType       type,
                const char *nick,
                int        *value)
{
  GEnumValue *found;

  if (nick == NULL)
    return FALSE;
  found = g_enum_get_value_by_nick (enum_class (type), nick);
  if (found == NULL || found->value < 0)
    return FALSE;
  *value = found->value;
  return TRUE;
}

const char *
evb_node_kind_to_string (EvbNodeKind kind)
{
  const char *name = enum_to_nick (EVB_TYPE_NODE_KIND, kind);

  g_return_val_if_fail (name != NULL, NULL);
  return name;
}

gboolean
evb_node_kind_from_string (const char  *str,
                           EvbNodeKind *kind)
{
  int value;

  if (!enum_from_nick (EVB_TYPE_NODE_KIND, str, &value))
    return FALSE;
  if (kind != NULL)
    *kind = (EvbNodeKind) value;
  return TRUE;
}

const char *
evb_evidence_type_to_string (EvbEvidenceType type)
{
  const char *name;

  if (type == EVB_EVIDENCE_TYPE_NONE)
    return NULL;
  name = enum_to_nick (EVB_TYPE_EVIDENCE_TYPE, type);
  g_return_val_if_fail (name != NULL, NULL);
  return name;
}

gboolean
evb_evidence_type_from_string (const char      *str,
                               EvbEvidenceType *type)
{
  int value;

  if (!enum_from_nick (EVB_TYPE_EVIDENCE_TYPE, str, &value))
    return FALSE;
  if (type != NULL)
    *type = (EvbEvidenceType) value;
  return TRUE;
}

const char *
evb_relation_to_string (EvbRelation relation)
{
  const char *name = enum_to_nick (EVB_TYPE_RELATION, relation);

  g_return_val_if_fail (name != NULL, NULL);
  return name;
}

gboolean
evb_relation_from_string (const char  *str,
                          EvbRelation *relation)
{
  int value;

  if (!enum_from_nick (EVB_TYPE_RELATION, str, &value))
    return FALSE;
  if (relation != NULL)
    *relation = (EvbRelation) value;
  return TRUE;
}

const char *
evb_strength_to_string (EvbStrength strength)
{
  const char *name = enum_to_nick (EVB_TYPE_STRENGTH, strength);

  g_return_val_if_fail (name != NULL, NULL);
  return name;
}

gboolean
evb_strength_from_string (const char  *str,
                          EvbStrength *strength)
{
  int value;

  if (!enum_from_nick (EVB_TYPE_STRENGTH, str, &value))
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
