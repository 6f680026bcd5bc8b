/* evb-date.h: dates as people type them, read into the board's form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * evb_date_parse:
 * @text: a date as typed, e.g. "2025-05-12", "2025-05-12 14:03",
 *   "12 May 2025" or the locale's form ("12.05.2025" in German)
 * @zone: (nullable): the time zone of a date and time typed without one
 *   (%NULL: the local time zone)
 *
 * Reads a date the way a person writes it into the form the board keeps
 * (docs/DESIGN.md, the data model): a plain date ("2025-05-12") or an
 * RFC 3339 date and time with its offset ("2025-05-12T14:03:00+02:00").
 * Accepted are what evb_date_is_valid() accepts (returned as it is), an
 * ISO date and time without seconds or zone, with "T" or a space
 * (placed in @zone), the form evb_date_format() gives ("2025-05-12
 * 14:03 UTC"), "12 May 2025" and "May 12, 2025" with English month
 * names, and the date forms of the current locale (LC_TIME). Surrounding
 * white space is ignored. It reads nothing but its arguments and the
 * locale, so it is tested without a display.
 *
 * Returns: (transfer full) (nullable): the date in the board's form, or
 *   %NULL with @error set (%EVB_ERROR_INVALID) to a sentence that says
 *   what is wrong and how to write it
 */
char *evb_date_parse (const char  *text,
                      GTimeZone   *zone,
                      GError     **error);

/**
 * evb_date_parse_edit:
 * @text: a date as typed over @before, in any form evb_date_parse() reads
 * @before: (nullable): the date in the board's form that the person began
 *   to edit (the field's value when the typing began), or %NULL
 * @zone: (nullable): the time zone of a date and time typed without one
 *   (%NULL: the local time zone)
 * @error: return location for an error
 *
 * Reads @text as evb_date_parse() does, as an edit of @before that keeps
 * what the person did not change. The forms people edit show less than
 * the board keeps (evb_date_format() shows no seconds and only UTC), so:
 *
 * - text that reads as @before itself, or as @before is shown, gives
 *   @before exactly;
 * - a date and time typed without an offset of its own (the shown
 *   "… UTC", or a time in @zone) is written in @before's offset, so that
 *   the "+02:00" a source gave stays; the board's own form typed out
 *   with its offset ("2025-12-03T12:05:00Z") is taken as typed;
 * - a time typed without seconds that names the same hour and minute of
 *   the day (in UTC, as shown) as @before keeps @before's seconds, so
 *   that correcting the day keeps the time to the second; another minute
 *   is a new time, whose seconds are :00 as typed.
 *
 * Returns: (transfer full) (nullable): the date in the board's form, or
 *   %NULL with @error set as evb_date_parse() sets it
 */
char *evb_date_parse_edit (const char  *text,
                           const char  *before,
                           GTimeZone   *zone,
                           GError     **error);

/**
 * evb_date_format:
 * @date: (nullable): a date in the board's form, as evb_date_parse()
 *   returns it
 *
 * The date as the board's cards, pictures and reports show it: a plain
 * date as it is, a date and time in UTC without seconds
 * ("2025-12-29 00:30 UTC" for "2025-12-29T02:30:00+02:00"), so that
 * every reader of a board handed on sees the same moment. Text that is
 * neither is returned as it is.
 *
 * Returns: (transfer full) (nullable): the date to show, or %NULL for %NULL
 */
char *evb_date_format (const char *date);

G_END_DECLS
