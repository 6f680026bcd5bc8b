/* evb-filter.h: which cards a person wants to see
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "evb-assessment.h"
#include "evb-attachment.h"
#include "evb-board.h"

G_BEGIN_DECLS

/**
 * EvbFilterDateField:
 * @EVB_FILTER_DATE_OCCURRED: the date range applies to when it happened
 * @EVB_FILTER_DATE_COLLECTED: the date range applies to when the evidence
 *   was obtained
 */
typedef enum
{
  EVB_FILTER_DATE_OCCURRED,
  EVB_FILTER_DATE_COLLECTED,
} EvbFilterDateField;

/**
 * EvbFilterAttachment:
 * @EVB_FILTER_ATTACHMENT_NO_FILE: cards without a file
 * @EVB_FILTER_ATTACHMENT_FINE: the file is there as recorded
 * @EVB_FILTER_ATTACHMENT_CHANGED: the file's size or SHA-256 differ
 * @EVB_FILTER_ATTACHMENT_MISSING: the file is missing or cannot be read
 *
 * Flags: the attachment statuses a card may have to match.
 */
typedef enum /*< flags >*/
{
  EVB_FILTER_ATTACHMENT_NO_FILE = 1 << 0,
  EVB_FILTER_ATTACHMENT_FINE    = 1 << 1,
  EVB_FILTER_ATTACHMENT_CHANGED = 1 << 2,
  EVB_FILTER_ATTACHMENT_MISSING = 1 << 3,
} EvbFilterAttachment;

/* The bit of evb_filter_set_likelihoods() for claims nothing bears on. */
#define EVB_FILTER_UNASSESSED (1u << (EVB_LIKELIHOOD_ALMOST_CERTAIN + 1))

/**
 * EvbFilterStatusFunc:
 * @data: a card's fields
 * @user_data: the context's user data
 *
 * What is known of the card's file (the app's #EvbAttachmentState lives
 * above the core, so the filter asks through this).
 *
 * Returns: the status, %EVB_ATTACHMENT_NONE when nothing is known
 */
typedef EvbAttachmentStatus (*EvbFilterStatusFunc) (const EvbNodeData *data,
                                                    gpointer           user_data);

/**
 * EvbFilterContext:
 * @assessment: (nullable): the board's assessment, for the likelihood
 *   criterion; without it no claim is assessed
 * @attachment_status: (nullable): the status of a card's file; without
 *   it a file's status is unknown
 * @user_data: for @attachment_status
 *
 * What the filter needs besides the cards themselves.
 */
typedef struct
{
  EvbAssessment       *assessment;
  EvbFilterStatusFunc  attachment_status;
  gpointer             user_data;
} EvbFilterContext;

#define EVB_TYPE_FILTER (evb_filter_get_type ())

G_DECLARE_FINAL_TYPE (EvbFilter, evb_filter, EVB, FILTER, GObject)

/**
 * EvbFilter:
 *
 * The cards a person wants to see on one board: a view setting, kept with
 * the board but not in its undo history. Every criterion left unset lets
 * every card through; a card matches when it passes all of them.
 *
 * A criterion that concerns one kind only leaves cards of the other kind
 * alone: evidence types and the collected date apply to evidence, the
 * likelihood to claims. Choose the kind to leave the other kind out.
 * Grades range from best to worst (A to F, 1 to 6); an ungraded card, an
 * undated one and a claim with no assessment fail a criterion on those.
 *
 * Signals:
 * - `changed` (void): a criterion or the mode changed; emitted once per
 *   call that changes something.
 */

/**
 * evb_filter_new:
 *
 * Returns: (transfer full): a filter that lets every card through.
 */
EvbFilter   *evb_filter_new                  (void);

/* Whether any criterion is set (the mode does not count). */
gboolean     evb_filter_is_active            (EvbFilter          *self);
/* Unsets every criterion (keeps the mode). */
void         evb_filter_clear                (EvbFilter          *self);

/* Bits 1 << EvbNodeKind; 0 = every kind. */
void         evb_filter_set_kinds            (EvbFilter          *self,
                                              guint               kinds);
guint        evb_filter_get_kinds            (EvbFilter          *self);
/* Bits 1 << EvbEvidenceType; 0 = every type. */
void         evb_filter_set_evidence_types   (EvbFilter          *self,
                                              guint               types);
guint        evb_filter_get_evidence_types   (EvbFilter          *self);
/* From best to worst, each inclusive: 'A'..'F', '\0' = unbounded. */
void         evb_filter_set_reliability      (EvbFilter          *self,
                                              char                best,
                                              char                worst);
void         evb_filter_get_reliability      (EvbFilter          *self,
                                              char               *best,
                                              char               *worst);
/* From best to worst, each inclusive: 1..6, 0 = unbounded. */
void         evb_filter_set_credibility      (EvbFilter          *self,
                                              int                 best,
                                              int                 worst);
void         evb_filter_get_credibility      (EvbFilter          *self,
                                              int                *best,
                                              int                *worst);
/* Cards with any of these tags; NULL or empty = any card. */
void         evb_filter_set_tags             (EvbFilter          *self,
                                              const char * const *tags);
/**
 * evb_filter_get_tags:
 *
 * Returns: (transfer none) (array zero-terminated=1): the tags, sorted.
 */
const char * const *evb_filter_get_tags      (EvbFilter          *self);
/* Plain dates "YYYY-MM-DD", inclusive; NULL = unbounded. A card's date
 * counts as the day it names (its own time zone). */
void         evb_filter_set_date_range       (EvbFilter          *self,
                                              EvbFilterDateField  field,
                                              const char         *from,
                                              const char         *to);
EvbFilterDateField evb_filter_get_date_field (EvbFilter          *self);
const char  *evb_filter_get_date_from        (EvbFilter          *self);
const char  *evb_filter_get_date_to          (EvbFilter          *self);
/* EvbFilterAttachment flags; 0 = any. */
void         evb_filter_set_attachments      (EvbFilter          *self,
                                              guint               statuses);
guint        evb_filter_get_attachments      (EvbFilter          *self);
/* Bits 1 << EvbLikelihood and EVB_FILTER_UNASSESSED; 0 = any. */
void         evb_filter_set_likelihoods      (EvbFilter          *self,
                                              guint               likelihoods);
guint        evb_filter_get_likelihoods      (EvbFilter          *self);
/* Cards that do not match are hidden (TRUE) or dimmed (FALSE). */
void         evb_filter_set_hide             (EvbFilter          *self,
                                              gboolean            hide);
gboolean     evb_filter_get_hide             (EvbFilter          *self);

/* Whether the card passes every criterion. */
gboolean     evb_filter_matches              (EvbFilter              *self,
                                              EvbNode                *node,
                                              const EvbFilterContext *context);

/**
 * evb_filter_find:
 * @context: (nullable): assessment and attachment statuses
 *
 * Returns: (transfer container): the ids of the board's matching cards as
 *   a set (keys owned by the nodes: valid until the board next changes).
 */
GHashTable  *evb_filter_find                 (EvbFilter              *self,
                                              EvbBoard               *board,
                                              const EvbFilterContext *context);

/**
 * evb_filter_describe:
 *
 * Returns: (transfer full): the criteria in words, for a person, e.g.
 *   "evidence only; reliability A to B; tags: osint"; "every card" when
 *   none is set. The mode (dim or hide) is not said.
 */
char        *evb_filter_describe             (EvbFilter          *self);
/**
 * evb_filter_to_string:
 *
 * Returns: (transfer full): the filter as one line of compact JSON, e.g.
 *   `{"kinds":["evidence"],"reliability":["A","B"],"hide":true}`; "{}"
 *   for a filter that lets every card through in the dimming mode.
 */
char        *evb_filter_to_string            (EvbFilter          *self);
/**
 * evb_filter_load:
 * @text: what evb_filter_to_string() wrote
 *
 * Replaces every criterion and the mode with those of @text (one `changed`
 * at most). Unknown members are ignored; a wrong value is an error that
 * names it, and leaves the filter as it was.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%EVB_ERROR_PARSE,
 *   %EVB_ERROR_INVALID)
 */
gboolean     evb_filter_load                 (EvbFilter          *self,
                                              const char         *text,
                                              GError            **error);

G_END_DECLS
