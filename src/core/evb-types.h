/* evb-types.h: the enumerations of the data model and their names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "evb-enums.h"

G_BEGIN_DECLS

/*
 * Ownership: every name and label returned here is a static string
 * (transfer none), never freed; evb_now_timestamp() returns (transfer full)
 * a string to g_free().
 */

/* The longest value, and row, a board file holds, in bytes (SQLite's
 * SQLITE_LIMIT_LENGTH, set by evb-store.c, applies to whole rows). */
#define EVB_MAX_ROW_LENGTH (64 * 1024 * 1024)

/* The longest text one field may hold, in bytes: a body of several
 * megabytes is real work, but a board file refuses longer rows, so the
 * model refuses longer text before it is accepted. Less than
 * EVB_MAX_ROW_LENGTH, so that a node's other fields fit in the same row
 * (JSON import also checks all the text of a node together). */
#define EVB_MAX_TEXT_LENGTH (63 * 1024 * 1024)

typedef enum
{
  EVB_NODE_KIND_CLAIM,
  EVB_NODE_KIND_EVIDENCE,
} EvbNodeKind;

/* The order is the order of docs/DESIGN.md and of menus. NONE is for claims. */
typedef enum
{
  EVB_EVIDENCE_TYPE_NONE = -1,
  EVB_EVIDENCE_TYPE_VIDEO = 0,
  EVB_EVIDENCE_TYPE_PHOTO,
  EVB_EVIDENCE_TYPE_SATELLITE_IMAGERY,
  EVB_EVIDENCE_TYPE_RADAR,
  EVB_EVIDENCE_TYPE_INTERCEPT,
  EVB_EVIDENCE_TYPE_DOCUMENT,
  EVB_EVIDENCE_TYPE_STATEMENT,
  EVB_EVIDENCE_TYPE_SOCIAL_MEDIA,
  EVB_EVIDENCE_TYPE_REPORT,
  EVB_EVIDENCE_TYPE_OTHER,
  EVB_N_EVIDENCE_TYPES /*< skip >*/
} EvbEvidenceType;

typedef enum
{
  EVB_RELATION_SUPPORTS,
  EVB_RELATION_REFUTES,
} EvbRelation;

typedef enum
{
  EVB_STRENGTH_WEAK,
  EVB_STRENGTH_MODERATE,
  EVB_STRENGTH_STRONG,
} EvbStrength;

/* Machine names, as in the JSON contract and the board file: the nicks of
 * the registered enum types (EVB_TYPE_NODE_KIND…, in evb-enums.h). NONE is
 * no evidence type: it has no name and is not read from one. */
const char *evb_node_kind_to_string      (EvbNodeKind      kind);
gboolean    evb_node_kind_from_string    (const char      *str,
                                          EvbNodeKind     *kind);
const char *evb_evidence_type_to_string  (EvbEvidenceType  type);
gboolean    evb_evidence_type_from_string (const char     *str,
                                          EvbEvidenceType *type);
const char *evb_relation_to_string       (EvbRelation      relation);
gboolean    evb_relation_from_string     (const char      *str,
                                          EvbRelation     *relation);
const char *evb_strength_to_string       (EvbStrength      strength);
gboolean    evb_strength_from_string     (const char      *str,
                                          EvbStrength     *strength);

/* Admiralty (NATO) grading. A reliability of '\0' and a credibility of 0 mean "not graded". */
gboolean    evb_reliability_is_valid     (char             reliability);
gboolean    evb_credibility_is_valid     (int              credibility);

/* RFC 3339 date-time or a plain date (YYYY-MM-DD). */
gboolean    evb_date_is_valid            (const char      *date);

/* "#rrggbb" */
gboolean    evb_color_is_valid           (const char      *color);

/* Now as an RFC 3339 UTC timestamp, e.g. "2026-01-01T09:00:00Z". */
char       *evb_now_timestamp            (void);

G_END_DECLS

G_BEGIN_DECLS

/* Translated names for people: "Satellite imagery", "Supports", "Claim"… */
const char *evb_node_kind_get_label      (EvbNodeKind      kind);
const char *evb_evidence_type_get_label  (EvbEvidenceType  type);
const char *evb_relation_get_label       (EvbRelation      relation);
const char *evb_strength_get_label       (EvbStrength      strength);
/* "Completely reliable", "Confirmed by other sources"… NULL when not graded or invalid. */
const char *evb_reliability_get_label    (char             reliability);
const char *evb_credibility_get_label    (int              credibility);

G_END_DECLS
