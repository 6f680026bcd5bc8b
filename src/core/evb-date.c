/* evb-date.c: dates as people type them, read into the board's form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The inspector once took only the board's own forms, so "12 May 2025"
 * was silently dropped and "2025-05-12T14:03" turned red without a word.
 * It now shows a date as the cards do (evb_date_format()), so that form
 * is read back too.
 * This reads the common forms and, for anything else, says why in a
 * sentence. The order matters: the exact forms first (ISO, then English
 * month names), the locale's parser last, because GDate's parser guesses
 * generously ("12" alone is a day of this month): it is only asked about
 * text with a day, a month and a year in it.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "evb-date.h"
#include "evb-error.h"
#include "evb-types.h"

static const char * const months[] = {
  "january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december",
};

/* "may", "sep", "sept", "september" → 5, 9, 9, 9; 0 when no month. */
static int
month_from_name (const char *word)
{
  size_t len = strlen (word);

  if (len < 3)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    if (g_ascii_strncasecmp (months[i], word, len) == 0 ||
        (len == 4 && i == 8 && g_ascii_strcasecmp (word, "sept") == 0))
      return (int) i + 1;
  return 0;
}

static gboolean
parse_number (const char *word,
              int        *value)
{
  char *end = NULL;
  long number;

  if (word[0] == '\0' || !g_ascii_isdigit (word[0]))
    return FALSE;
  number = strtol (word, &end, 10);
  if (*end != '\0' || number > 99999)
    return FALSE;
  *value = (int) number;
  return TRUE;
}

static char *
format_plain_date (int year,
                   int month,
                   int day)
{
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

static gboolean
is_calendar_date (int year,
                  int month,
                  int day)
{
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static void
set_no_such_day (GError **error)
{
  g_set_error_literal (error, EVB_ERROR, EVB_ERROR_INVALID,
                       _("There is no such day: check the day and the month."));
}

/* "2025-05-12T14:03", "2025-05-12 14:03", "2025-05-12 14:03:30": an
 * ISO date and time without a zone. Returns FALSE if text is not of
 * that shape; TRUE with *result set, or with error set if the shape is
 * right but the day or the time does not exist. */
static gboolean
parse_iso_without_zone (const char  *text,
                        GTimeZone   *zone,
                        char       **result,
                        GError     **error)
{
  int year, month, day, hour, minute, second = 0, consumed = 0;
  g_autoptr(GDateTime) when = NULL;
  size_t len = strlen (text);

  if (len != 16 && len != 19)
    return FALSE;
  if (len == 16 &&
      (sscanf (text, "%4d-%2d-%2d%*1[Tt ]%2d:%2d%n", &year, &month, &day, &hour, &minute, &consumed) != 5 ||
       consumed != 16))
    return FALSE;
  if (len == 19 &&
      (sscanf (text, "%4d-%2d-%2d%*1[Tt ]%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute, &second,
               &consumed) != 6 || consumed != 19))
    return FALSE;
  for (size_t i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]) && i != 4 && i != 7 && i != 10 && i != 13 && i != 16)
      return FALSE;

  if (!is_calendar_date (year, month, day))
    {
      set_no_such_day (error);
      return TRUE;
    }
  if (hour > 23 || minute > 59 || second > 59)
    {
      g_set_error_literal (error, EVB_ERROR, EVB_ERROR_INVALID,
                           _("There is no such time: hours go from 00 to 23, minutes from 00 to 59."));
      return TRUE;
    }
  when = g_date_time_new (zone, year, month, day, hour, minute, second);
  /* A time the clocks skip when summer time begins. */
  if (when == NULL)
    {
      g_set_error_literal (error, EVB_ERROR, EVB_ERROR_INVALID,
                           _("That time does not exist on that day in this time zone."));
      return TRUE;
    }
  *result = g_date_time_format (when, "%Y-%m-%dT%H:%M:%S%:z");
  return TRUE;
}

/* "12 May 2025", "12. May 2025", "May 12, 2025", "12-May-2025". */
static gboolean
parse_month_name (char       **words,
                  char       **result,
                  GError     **error)
{
  int day, month, year;

  if (g_strv_length (words) != 3)
    return FALSE;
  if (parse_number (words[0], &day) && (month = month_from_name (words[1])) != 0 &&
      parse_number (words[2], &year))
    ;
  else if ((month = month_from_name (words[0])) != 0 && parse_number (words[1], &day) &&
           parse_number (words[2], &year))
    ;
  else
    return FALSE;

  if (year < 1000 || !is_calendar_date (year, month, day))
    {
      set_no_such_day (error);
      return TRUE;
    }
  *result = format_plain_date (year, month, day);
  return TRUE;
}

static void
set_not_a_date (GError **error)
{
  GDate example;
  char locale_example[64] = "";

  /* The locale's own form, as its users would write 12 May 2025. */
  g_date_clear (&example, 1);
  g_date_set_dmy (&example, 12, G_DATE_MAY, 2025);
  if (g_date_strftime (locale_example, sizeof locale_example, "%x", &example) == 0)
    g_strlcpy (locale_example, "12 May 2025", sizeof locale_example);
  g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
               /* Translators: %s is the date 12 May 2025 as the user's locale writes it */
               _("Not a date. Write it as 2025-05-12, 2025-05-12 14:03, 12 May 2025 or %s."),
               locale_example);
}

char *
evb_date_parse (const char  *text,
                GTimeZone   *zone,
                GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autoptr(GTimeZone) local = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  char *result = NULL;
  GError *local_error = NULL;
  GDate date;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stripped = g_strstrip (g_strdup (text));
  if (evb_date_is_valid (stripped))
    return g_steal_pointer (&stripped);

  /* The form evb_date_format() shows, "2025-12-29 00:30 UTC": the
   * inspector shows it, so a person editing it types into it. */
  if (g_str_has_suffix (stripped, " UTC"))
    {
      g_autofree char *moment = g_strndup (stripped, strlen (stripped) - strlen (" UTC"));
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

      if (parse_iso_without_zone (g_strchomp (moment), utc, &result, &local_error))
        {
          /* As the board's files write UTC: "…T00:30:00Z". */
          if (result != NULL && g_str_has_suffix (result, "+00:00"))
            strcpy (result + strlen (result) - strlen ("+00:00"), "Z");
          goto out;
        }
    }

  if (zone == NULL)
    zone = local = g_time_zone_new_local ();
  if (parse_iso_without_zone (stripped, zone, &result, &local_error))
    goto out;

  /* Words: "12 May 2025" and "May 12, 2025" alike. */
  words = g_strsplit_set (stripped, " ,.-/", -1);
  kept = g_ptr_array_new ();
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (kept, words[i]);
  g_ptr_array_add (kept, NULL);
  if (parse_month_name ((char **) kept->pdata, &result, &local_error))
    goto out;

  /* The locale's forms, but only for a day, a month and a year. */
  if (kept->len - 1 == 3)
    {
      g_date_clear (&date, 1);
      g_date_set_parse (&date, stripped);
      if (g_date_valid (&date) && g_date_get_year (&date) >= 1000)
        {
          result = format_plain_date (g_date_get_year (&date), g_date_get_month (&date),
                                      g_date_get_day (&date));
          goto out;
        }
    }
  set_not_a_date (&local_error);

out:
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      g_clear_pointer (&result, g_free);
    }
  return result;
}

char *
evb_date_format (const char *date)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (date == NULL)
    return NULL;
  if (strchr (date, 'T') == NULL)
    return g_strdup (date);
  dt = g_date_time_new_from_iso8601 (date, NULL);
  if (dt == NULL)
    return g_strdup (date);
  utc = g_date_time_to_utc (dt);
  return g_date_time_format (utc, "%Y-%m-%d %H:%M UTC");
}

/* Where a board date and time ("2025-12-03T14:05:30+02:00") names its
 * offset: "Z" or "+02:00". */
static const char *
zone_suffix (const char *date)
{
  size_t len = strlen (date);

  if (len > 0 && (date[len - 1] == 'Z' || date[len - 1] == 'z'))
    return date + len - 1;
  return len >= 6 ? date + len - 6 : date + len;
}

/* A board date and time's seconds as written ("30", "30.250"): copied,
 * not reformatted, so that a fraction the source gave stays too. */
static char *
dup_seconds (const char *date)
{
  const char *zone = zone_suffix (date);

  if (strlen (date) < 19 || date[16] != ':' || zone < date + 17)
    return g_strdup ("00");
  return g_strndup (date + 17, zone - (date + 17));
}

/* Whether typed text gives its time's seconds. Every form read with a
 * time begins "2025-12-03 12:05". */
static gboolean
has_typed_seconds (const char *text)
{
  size_t len = strlen (text);

  if (len >= 16 && text[13] == ':')
    return len >= 19 && text[16] == ':';
  return TRUE;
}

static gboolean
same_minute_of_day (GDateTime *a,
                    GDateTime *b)
{
  g_autoptr(GDateTime) a_utc = g_date_time_to_utc (a);
  g_autoptr(GDateTime) b_utc = g_date_time_to_utc (b);

  return g_date_time_get_hour (a_utc) == g_date_time_get_hour (b_utc) &&
         g_date_time_get_minute (a_utc) == g_date_time_get_minute (b_utc);
}

char *
evb_date_parse_edit (const char  *text,
                     const char  *before,
                     GTimeZone   *zone,
                     GError     **error)
{
  g_autofree char *parsed = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *minute = NULL;
  g_autofree char *seconds = NULL;
  g_autoptr(GDateTime) old = NULL;
  g_autoptr(GDateTime) typed = NULL;
  g_autoptr(GDateTime) placed = NULL;
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parsed = evb_date_parse (text, zone, error);
  if (parsed == NULL)
    return NULL;
  /* Only a date and time holds more than the field shows. */
  if (before == NULL || strlen (before) <= 10 || !evb_date_is_valid (before))
    return g_steal_pointer (&parsed);

  stripped = g_strstrip (g_strdup (text));
  shown = evb_date_format (before);
  if (strcmp (stripped, before) == 0 || g_strcmp0 (stripped, shown) == 0)
    return g_strdup (before);
  /* A plain date typed over a time: the person took the time away. */
  if (strlen (parsed) <= 10)
    return g_steal_pointer (&parsed);

  old = g_date_time_new_from_iso8601 (before, NULL);
  typed = g_date_time_new_from_iso8601 (parsed, NULL);
  if (old == NULL || typed == NULL)
    return g_steal_pointer (&parsed);

  /* The board's own form (returned as typed) names its offset and its
   * seconds: the person wrote every part of it. */
  if (evb_date_is_valid (stripped))
    return g_steal_pointer (&parsed);

  placed = g_date_time_to_timezone (typed, g_date_time_get_timezone (old));
  minute = g_date_time_format (placed, "%Y-%m-%dT%H:%M:");
  if (!has_typed_seconds (stripped) && same_minute_of_day (old, typed))
    seconds = dup_seconds (before);
  else
    seconds = g_date_time_format (placed, "%S");
  return g_strconcat (minute, seconds, zone_suffix (before), NULL);
}
