/* test-date-edit.c: editing a date in the inspector keeps what was not changed, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The inspector shows "2025-12-03 12:05 UTC" for a card that happened at
 * "2025-12-03T14:05:30+02:00" (as the cards show it). Changing only the
 * day there wrote "2025-12-04T12:05:00Z": the seconds and the offset the
 * source gave were gone, and so was the exact moment. Here each edit is
 * typed a key at a time, as a person types it.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "evb-inspector.h"
#include "evb-window.h"
#include "test-run.h"
#include "test-screens.h"
#include "test-wait.h"
#include "test-windows.h"

static const char dated[] =
  "{\"format\": \"evidence-board\", \"version\": 1, \"board\": {\"title\": \"Dates\"},"
  " \"nodes\": ["
  "  {\"id\": \"c1\", \"kind\": \"claim\", \"title\": \"Residence attacked\", \"x\": 100, \"y\": 100,"
  "   \"occurred\": \"2025-12-03\"},"
  "  {\"id\": \"e1\", \"kind\": \"evidence\", \"title\": \"Drone video\", \"evidence_type\": \"video\","
  "   \"x\": 100, \"y\": 400,"
  "   \"occurred\": \"2025-12-03T14:05:30+02:00\", \"collected\": \"2025-12-04T09:30:45Z\"}],"
  " \"links\": [{\"id\": \"l1\", \"from\": \"e1\", \"to\": \"c1\", \"relation\": \"supports\"}]}";

static const char *
occurred_of (EvbDocument *document)
{
  return evb_node_get_data (evb_board_get_node (evb_document_get_board (document), "e1"))->occurred;
}

static const char *
collected_of (EvbDocument *document)
{
  return evb_node_get_data (evb_board_get_node (evb_document_get_board (document), "e1"))->collected;
}

static GtkWidget *
inspector_field (EvbWindow  *window,
                 const char *name)
{
  GtkWidget *field = evb_inspector_get_field (EVB_INSPECTOR (window_child (window, "inspector")), name);

  g_assert_nonnull (field);
  return field;
}

/* The window with the video selected and the keyboard in row. */
static EvbWindow *
open_with_row (const char   *name,
               EvbDocument **document,
               GtkWidget   **row)
{
  EvbWindow *window = open_board_window (dated, 1280, 800, document);

  evb_selection_select (evb_canvas_get_selection (evb_window_get_canvas (window)), "e1", FALSE);
  wait_drawn (GTK_WIDGET (window));
  *row = inspector_field (window, name);
  gtk_widget_grab_focus (*row);
  wait_drawn (GTK_WIDGET (window));
  g_assert_true (gtk_widget_has_focus (*row) || (gtk_widget_get_state_flags (*row) & GTK_STATE_FLAG_FOCUS_WITHIN));
  return window;
}

/* Replaces the character at position with what, as Backspace and a key do:
 * two changes, the first of which leaves no date. */
static void
retype_character (GtkWidget  *row,
                  int         position,
                  const char *what)
{
  gtk_editable_delete_text (GTK_EDITABLE (row), position, position + 1);
  settle ();
  gtk_editable_insert_text (GTK_EDITABLE (row), what, -1, &position);
  settle ();
}

/* Types text into row from its end, one character at a time. */
static void
type_text (GtkWidget  *row,
           const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      int position = -1;
      char character[7] = "";

      g_utf8_strncpy (character, p, 1);
      position = g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (row)), -1);
      gtk_editable_insert_text (GTK_EDITABLE (row), character, -1, &position);
      settle ();
    }
}

static GtkWidget *
find_text (GtkWidget *widget)
{
  if (GTK_IS_TEXT (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_text (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Leaves the row for the canvas, as Tab or a click does. */
static void
leave_row (EvbWindow *window)
{
  gtk_widget_grab_focus (GTK_WIDGET (evb_window_get_canvas (window)));
  wait_drawn (GTK_WIDGET (window));
}

/* Focus, Enter, leave: nothing typed, nothing written, no undo step. */
static void
test_confirm_unchanged (void)
{
  g_autoptr(EvbDocument) document = NULL;
  GtkWidget *row;
  EvbWindow *window = open_with_row ("occurred_row", &document, &row);
  EvbBoard *board = evb_document_get_board (document);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "2025-12-03 12:05 UTC");
  /* Enter in the row's text. */
  g_signal_emit_by_name (find_text (row), "activate");
  settle ();
  leave_row (window);
  g_assert_cmpstr (occurred_of (document), ==, "2025-12-03T14:05:30+02:00");
  g_assert_false (evb_board_can_undo (board));
  close_window (window);
}

/* A digit taken out and typed again: the date reads as it did, and the
 * board keeps exactly what it had, without an undo step. */
static void
test_retyped_unchanged (void)
{
  g_autoptr(EvbDocument) document = NULL;
  GtkWidget *row;
  EvbWindow *window = open_with_row ("occurred_row", &document, &row);
  EvbBoard *board = evb_document_get_board (document);

  /* "2025-12-03 12:05 UTC": the minute's last digit is at 15. */
  retype_character (row, 15, "5");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "2025-12-03 12:05 UTC");
  g_assert_cmpstr (occurred_of (document), ==, "2025-12-03T14:05:30+02:00");
  g_assert_false (evb_board_can_undo (board));

  /* The whole shown text typed again into the emptied row, key by key,
   * emptying it the first thing the person does in the row. */
  leave_row (window);
  gtk_widget_grab_focus (row);
  wait_drawn (GTK_WIDGET (window));
  gtk_editable_delete_text (GTK_EDITABLE (row), 0, -1);
  settle ();
  g_assert_null (occurred_of (document));
  type_text (row, "2025-12-03 12:05 UTC");
  leave_row (window);
  g_assert_cmpstr (occurred_of (document), ==, "2025-12-03T14:05:30+02:00");
  g_assert_cmpstr (collected_of (document), ==, "2025-12-04T09:30:45Z");
  /* (The emptied row was written, and undone by typing it back.) */
  g_assert_false (evb_board_can_undo (board));
  close_window (window);
}

/* Only the day changed: the time of day, its seconds and the offset stay;
 * one undo step takes it back. */
static void
test_day_changed (void)
{
  g_autoptr(EvbDocument) document = NULL;
  GtkWidget *row;
  EvbWindow *window = open_with_row ("occurred_row", &document, &row);
  EvbBoard *board = evb_document_get_board (document);

  /* "2025-12-03 12:05 UTC": the day's last digit is at 9. */
  retype_character (row, 9, "4");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "2025-12-04 12:05 UTC");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  save_screenshot (GTK_WIDGET (window), "date-edit-day.png");
  leave_row (window);
  g_assert_cmpstr (occurred_of (document), ==, "2025-12-04T14:05:30+02:00");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "2025-12-04 12:05 UTC");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (row), "2025-12-04T14:05:30+02:00"));

  g_assert_true (evb_board_can_undo (board));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpstr (occurred_of (document), ==, "2025-12-03T14:05:30+02:00");
  g_assert_false (evb_board_can_undo (board));

  /* The same in a date kept in UTC, here the day it was collected. */
  row = inspector_field (window, "collected_row");
  gtk_widget_grab_focus (row);
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "2025-12-04 09:30 UTC");
  retype_character (row, 9, "5");
  leave_row (window);
  g_assert_cmpstr (collected_of (document), ==, "2025-12-05T09:30:45Z");
  close_window (window);
}

/* Another minute is another time: its seconds are not known, so they are
 * :00; the offset stays unless one is typed. */
static void
test_minute_changed (void)
{
  g_autoptr(EvbDocument) document = NULL;
  GtkWidget *row;
  EvbWindow *window = open_with_row ("occurred_row", &document, &row);

  retype_character (row, 15, "7");
  g_assert_cmpstr (occurred_of (document), ==, "2025-12-03T14:07:00+02:00");
  leave_row (window);
  save_screenshot (GTK_WIDGET (window), "date-edit-minute.png");

  /* Typed with an offset of its own: as typed. */
  gtk_widget_grab_focus (row);
  wait_drawn (GTK_WIDGET (window));
  gtk_editable_delete_text (GTK_EDITABLE (row), 0, -1);
  settle ();
  type_text (row, "2025-12-03T12:07:00Z");
  leave_row (window);
  g_assert_cmpstr (occurred_of (document), ==, "2025-12-03T12:07:00Z");
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = test_run_init (&argc, &argv, "test-date-edit");
  int status;

  g_test_add_func ("/date-edit/confirm-unchanged", test_confirm_unchanged);
  g_test_add_func ("/date-edit/retyped-unchanged", test_retyped_unchanged);
  g_test_add_func ("/date-edit/day-changed", test_day_changed);
  g_test_add_func ("/date-edit/minute-changed", test_minute_changed);

  status = g_test_run ();
  test_remove_tree (home);
  return status;
}
