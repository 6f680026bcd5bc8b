/* render-test-board.h: boards for the renderer's tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-board.h"

G_BEGIN_DECLS

/* A small case with claims, evidence of several types, both relations,
 * grades, dates, a note, an attachment and Cyrillic titles. The claim "c1"
 * sits to the right of the evidence "e1" on the same height, joined by a
 * supports link "l1" without a note. */
EvbBoard *render_test_board_new    (void);
EvbNode  *render_test_add_node     (EvbBoard        *board,
                                    const char      *id,
                                    EvbNodeKind      kind,
                                    EvbEvidenceType  type,
                                    const char      *title,
                                    double           x,
                                    double           y);
EvbLink  *render_test_add_link     (EvbBoard        *board,
                                    const char      *id,
                                    const char      *from,
                                    const char      *to,
                                    EvbRelation      relation,
                                    EvbStrength      strength,
                                    const char      *note);

G_END_DECLS
