/* test-date.c: dates as people type them (evb_date_parse)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "evb-date.h"
#include "evb-error.h"
#include "evb-types.h"

static GTimeZone *
plus_two (void)
{
  return g_time_zone_new_identifier ("+02:00");
}

static void
assert_parses (const char *text,
               const char *expected)
{
  g_autoptr(GTimeZone) zone = plus_two ();
  g_autoptr(GError) error = NULL;
  g_autofree char *parsed = evb_date_parse (text, zone, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (parsed, ==, expected);
  /* Whatever it returns, the board takes. */
  g_assert_true (evb_date_is_valid (parsed));
}

static char *
parse_error (const char *text)
{
  g_autoptr(GTimeZone) zone = plus_two ();
  g_autoptr(GError) error = NULL;
  g_autofree char *parsed = evb_date_parse (text, zone, &error);

  g_assert_null (parsed);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_INVALID);
  g_assert_cmpuint (strlen (error->message), >, 10);
  return g_strdup (error->message);
}

/* The board's own forms come back as they are. */
static void
test_board_forms (void)
{
  assert_parses ("2025-05-12", "2025-05-12");
  assert_parses ("2025-12-29T21:40:00+03:00", "2025-12-29T21:40:00+03:00");
  assert_parses ("2025-12-29T21:40:00Z", "2025-12-29T21:40:00Z");
  assert_parses ("  2025-05-12 ", "2025-05-12");
}

/* A date and time without seconds or zone: in the zone given. */
static void
test_without_zone (void)
{
  assert_parses ("2025-05-12T14:03", "2025-05-12T14:03:00+02:00");
  assert_parses ("2025-05-12 14:03", "2025-05-12T14:03:00+02:00");
  assert_parses ("2025-05-12t14:03", "2025-05-12T14:03:00+02:00");
  assert_parses ("2025-05-12 14:03:30", "2025-05-12T14:03:30+02:00");
}

static void
test_month_names (void)
{
  assert_parses ("12 May 2025", "2025-05-12");
  assert_parses ("12 may 2025", "2025-05-12");
  assert_parses ("1 Sept 2025", "2025-09-01");
  assert_parses ("29 December 2025", "2025-12-29");
  assert_parses ("May 12, 2025", "2025-05-12");
  assert_parses ("12-Dec-2025", "2025-12-12");
}

/* The C locale writes dates month first. */
static void
test_locale (void)
{
  assert_parses ("05/12/2025", "2025-05-12");
}

/* Anything else is refused with a sentence, never silently dropped. */
static void
test_errors (void)
{
  g_autofree char *not_a_date = parse_error ("29 December");
  g_autofree char *no_day = parse_error ("2025-02-30 10:00");
  g_autofree char *no_time = parse_error ("2025-05-12T25:03");
  g_autofree char *no_day_named = parse_error ("31 April 2025");
  g_autofree char *word = parse_error ("yesterday");
  g_autofree char *number = parse_error ("12");

  /* The sentence shows the forms that work. */
  g_assert_nonnull (strstr (not_a_date, "2025-05-12"));
  g_assert_cmpstr (no_day, !=, not_a_date);
  g_assert_cmpstr (no_time, !=, no_day);
  g_assert_cmpstr (no_day_named, ==, no_day);
  g_assert_cmpstr (word, ==, not_a_date);
  g_assert_cmpstr (number, ==, not_a_date);
}

/* Shown as on the card: a date as it is, a date and time in UTC. */
static void
test_format (void)
{
  g_autofree char *plain = evb_date_format ("2025-12-29");
  g_autofree char *moment = evb_date_format ("2025-12-29T02:30:00+02:00");
  g_autofree char *other = evb_date_format ("sometime in late December");

  g_assert_null (evb_date_format (NULL));
  g_assert_cmpstr (plain, ==, "2025-12-29");
  g_assert_cmpstr (moment, ==, "2025-12-29 00:30 UTC");
  g_assert_cmpstr (other, ==, "sometime in late December");
}

/* What evb_date_format() shows reads back as the same moment: the
 * inspector shows dates that way, and a person edits what they see. */
static void
test_format_reads_back (void)
{
  const char *moments[] = { "2025-12-29T02:30:00+02:00", "2025-12-29T00:30:00Z", "2025-05-12" };
  g_autofree char *no_time = parse_error ("2025-05-12 25:03 UTC");

  for (guint i = 0; i < G_N_ELEMENTS (moments); i++)
    {
      g_autofree char *shown = evb_date_format (moments[i]);
      g_autoptr(GError) error = NULL;
      g_autofree char *parsed = evb_date_parse (shown, NULL, &error);
      g_autoptr(GDateTime) a = NULL;
      g_autoptr(GDateTime) b = NULL;

      g_assert_no_error (error);
      if (strlen (moments[i]) == 10)
        {
          g_assert_cmpstr (parsed, ==, moments[i]);
          continue;
        }
      a = g_date_time_new_from_iso8601 (moments[i], NULL);
      b = g_date_time_new_from_iso8601 (parsed, NULL);
      g_assert_true (g_date_time_equal (a, b));
    }
  assert_parses ("2025-12-29 00:30 UTC", "2025-12-29T00:30:00Z");
  assert_parses ("2025-12-29T00:30 UTC", "2025-12-29T00:30:00Z");
  g_assert_nonnull (strstr (no_time, "no such time"));
}

static void
assert_edit (const char *text,
             const char *before,
             GTimeZone  *zone,
             const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parsed = evb_date_parse_edit (text, before, zone, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (parsed, ==, expected);
  g_assert_true (evb_date_is_valid (parsed));
}

/* A date edited in the inspector, which shows it without seconds and in
 * UTC: what the person did not change stays as the board had it. */
static void
test_edit (void)
{
  g_autoptr(GTimeZone) zone = plus_two ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  const char *before = "2025-12-03T14:05:30+02:00";
  g_autoptr(GError) error = NULL;
  g_autofree char *wrong = NULL;

  /* Unchanged: exactly as it was, in the shown form or its own. */
  assert_edit ("2025-12-03 12:05 UTC", before, zone, before);
  assert_edit (" 2025-12-03 12:05 UTC ", before, zone, before);
  assert_edit (before, before, zone, before);
  assert_edit ("2025-12-04 09:30 UTC", "2025-12-04T09:30:45.250Z", zone, "2025-12-04T09:30:45.250Z");

  /* Only the day changed: the time of day keeps its seconds, the
   * moment its offset (and a fraction the source gave). */
  assert_edit ("2025-12-04 12:05 UTC", before, zone, "2025-12-04T14:05:30+02:00");
  assert_edit ("2025-12-05 09:30 UTC", "2025-12-04T09:30:45.250Z", zone, "2025-12-05T09:30:45.250Z");
  /* The same minute typed in the local zone. */
  assert_edit ("2025-12-04 14:05", before, zone, "2025-12-04T14:05:30+02:00");

  /* Another minute: a new time, its seconds as typed (none: :00), still
   * in the offset the board had unless one is typed. */
  assert_edit ("2025-12-03 12:06 UTC", before, zone, "2025-12-03T14:06:00+02:00");
  assert_edit ("2025-12-03 12:05:10 UTC", before, zone, "2025-12-03T14:05:10+02:00");
  assert_edit ("2025-12-04 14:05", before, utc, "2025-12-04T16:05:00+02:00");
  assert_edit ("2025-12-03T12:07:00Z", before, zone, "2025-12-03T12:07:00Z");
  assert_edit ("2025-12-03 12:05:00Z", before, zone, "2025-12-03 12:05:00Z");

  /* The time taken away, or nothing to keep. */
  assert_edit ("2025-12-04", before, zone, "2025-12-04");
  assert_edit ("4 December 2025", before, zone, "2025-12-04");
  assert_edit ("2025-12-03 12:05 UTC", NULL, zone, "2025-12-03T12:05:00Z");
  assert_edit ("2025-12-03 12:05 UTC", "2025-12-03", zone, "2025-12-03T12:05:00Z");

  /* What is not a date is not one over another either. */
  wrong = evb_date_parse_edit ("2025-12-32 12:05 UTC", before, zone, &error);
  g_assert_null (wrong);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/board-forms", test_board_forms);
  g_test_add_func ("/date/without-zone", test_without_zone);
  g_test_add_func ("/date/month-names", test_month_names);
  g_test_add_func ("/date/locale", test_locale);
  g_test_add_func ("/date/errors", test_errors);
  g_test_add_func ("/date/format", test_format);
  g_test_add_func ("/date/format-reads-back", test_format_reads_back);
  g_test_add_func ("/date/edit", test_edit);

  return g_test_run ();
}
