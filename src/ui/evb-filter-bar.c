/* evb-filter-bar.c: choosing which cards to see
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bar edits the session's one filter and never keeps a copy of it:
 * its controls are set from the filter whenever the filter changes (with
 * `syncing` set, so that setting a control does not write back), and each
 * control writes its criterion into the filter at once. The criteria that
 * are sets of choices are boolean actions, so the keyboard, the popovers'
 * check buttons and the tests all go through the same path.
 *
 * Narrow windows: the criteria, then the count, Dim or Hide and Clear, sit
 * on one row where they fit. Where they do not, the bar keeps to two rows
 * at most (the criteria over the rest, unless one row shows all but one of
 * what two would): criteria that fit nowhere go, from the last, under More,
 * a list in a popover whose rows slide in each criterion's own page, as a
 * popover menu's submenus do. A criterion's content (its checks, drop-downs, entries)
 * moves between its own button's popover and that page; its controls and
 * their actions stay the same. The bar decides from its width in an idle
 * after an allocation (as the window's header does), since a layout may not
 * change while it is allocated; until then, for a frame, its content is
 * cut off rather than widening the window.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "evb-compat.h"
#include "evb-filter-bar.h"

#define N_CRITERIA 8
/* The spacing of criteria_row and of bar_box and status_row in the
 * template. */
#define ROW_SPACING 2
#define BAR_SPACING 6

typedef enum
{
  GROUP_KINDS,
  GROUP_TYPES,
  GROUP_ATTACHMENTS,
  GROUP_LIKELIHOODS,
} Group;

/* One criterion: its menu button in the bar, or its row under More and
 * the page that row opens. */
typedef struct
{
  GtkWidget *button;
  GtkWidget *content;
  GtkWidget *row;
  GtkWidget *page;
  char      *page_name;
  char      *label;     /* its name with the mnemonic, "_Kind" */
  gboolean   in_more;
} Criterion;

struct _EvbFilterBar
{
  GtkWidget           parent_instance;

  EvbSession         *session;
  EvbFilter          *filter;
  GSimpleActionGroup *actions;
  gboolean            syncing;
  char               *summary;

  GtkWidget          *kind_button;
  GtkWidget          *type_button;
  GtkWidget          *reliability_button;
  GtkWidget          *credibility_button;
  GtkWidget          *tags_button;
  GtkWidget          *dates_button;
  GtkWidget          *attachment_button;
  GtkWidget          *assessment_button;
  GtkDropDown        *reliability_best;
  GtkDropDown        *reliability_worst;
  GtkDropDown        *credibility_best;
  GtkDropDown        *credibility_worst;
  GtkBox             *tags_box;
  GtkDropDown        *date_field;
  GtkEditable        *date_from;
  GtkEditable        *date_to;

  Criterion           criteria[N_CRITERIA];
  int                 n_criteria;
  int                 width;
  int                 more_width;
  guint               arrange_idle;
  gboolean            arrange_later;  /* once the open popover closes */

  /* Template widgets */
  GtkSearchBar       *search_bar;
  GtkBox             *bar_box;
  GtkBox             *criteria_row;
  GtkWidget          *more_button;
  GtkStack           *more_stack;
  GtkBox             *more_list;
  GtkBox             *status_row;
  GtkLabel           *count_label;
  GtkWidget          *mode_box;
  GtkWidget          *clear_button;
};

enum {
  PROP_0,
  PROP_SEARCH_MODE_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (EvbFilterBar, evb_filter_bar, GTK_TYPE_WIDGET)

static const char * const reliability_grades = "ABCDEF";

static void fill_tags (EvbFilterBar *self);
static void arrange_cb (gpointer user_data);
static char *strip_mnemonic (const char *label);

/* Helpers */

static guint
get_group (EvbFilter *filter,
           Group      group)
{
  switch (group)
    {
    case GROUP_KINDS:
      return evb_filter_get_kinds (filter);
    case GROUP_TYPES:
      return evb_filter_get_evidence_types (filter);
    case GROUP_ATTACHMENTS:
      return evb_filter_get_attachments (filter);
    case GROUP_LIKELIHOODS:
    default:
      return evb_filter_get_likelihoods (filter);
    }
}

static void
set_group (EvbFilter *filter,
           Group      group,
           guint      bits)
{
  switch (group)
    {
    case GROUP_KINDS:
      evb_filter_set_kinds (filter, bits);
      break;
    case GROUP_TYPES:
      evb_filter_set_evidence_types (filter, bits);
      break;
    case GROUP_ATTACHMENTS:
      evb_filter_set_attachments (filter, bits);
      break;
    case GROUP_LIKELIHOODS:
    default:
      evb_filter_set_likelihoods (filter, bits);
      break;
    }
}

static void
mark_active (GtkWidget *button,
             gboolean   active)
{
  /* A criterion in use reads as such before its popover is opened. */
  if (active)
    gtk_widget_add_css_class (button, "accent");
  else
    gtk_widget_remove_css_class (button, "accent");
}

/* Under More, a criterion in use reads as such on its row, and on More. */
static void
mark_more (EvbFilterBar *self)
{
  gboolean any = FALSE;

  for (int i = 0; i < self->n_criteria; i++)
    {
      Criterion *c = &self->criteria[i];
      gboolean active = gtk_widget_has_css_class (c->button, "accent");

      mark_active (c->row, active);
      any |= c->in_more && active;
    }
  mark_active (self->more_button, any);
}

/* The criteria's buttons grew or shrank: the bar is arranged again, but
 * not under the person's hand. A criterion whose popover is open would
 * close if it went under More: that waits until the popover closes. */
static void
queue_arrange (EvbFilterBar *self)
{
  GtkPopover *more = gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->more_button));

  if (gtk_widget_get_visible (GTK_WIDGET (more)))
    {
      self->arrange_later = TRUE;
      return;
    }
  for (int i = 0; i < self->n_criteria; i++)
    if (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->criteria[i].button)))))
      {
        self->arrange_later = TRUE;
        return;
      }
  self->arrange_later = FALSE;
  if (self->arrange_idle == 0 && self->width > 0)
    self->arrange_idle = g_idle_add_once (arrange_cb, self);
}

static void
popover_closed_cb (EvbFilterBar *self)
{
  if (self->arrange_later)
    queue_arrange (self);
}

/* A value as a button's label shows it: its underscores are no mnemonic. */
static char *
escape_mnemonic (const char *value)
{
  GString *text = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '_')
        g_string_append_c (text, '_');
      g_string_append_c (text, *p);
    }
  return g_string_free (text, FALSE);
}

/* At most max characters of text, the rest cut with an ellipsis. */
static char *
shorten (const char *text,
         glong       max)
{
  if (g_utf8_strlen (text, -1) <= max)
    return g_strdup (text);
  {
    g_autofree char *start = g_utf8_substring (text, 0, max - 1);

    return g_strconcat (start, "…", NULL);
  }
}

/* The first chosen value, and how many more: "Video" or "Video +2". */
static char *
first_and_more (const char *first,
                guint       n)
{
  g_autofree char *cut = shorten (first, 14);

  if (n <= 1)
    return g_steal_pointer (&cut);
  /* Translators: a filter button's value: the first thing chosen and how
   * many more, e.g. "Video +2" */
  return g_strdup_printf (_("%s +%u"), cut, n - 1);
}

/* A criterion's button shows what was chosen, in short ("Type: Video +2",
 * "Dates: since 28 Dec"), and says it in full as its tooltip and name; not
 * in use, its name alone. Under More, its row says it in full too. */
static void
show_chosen (EvbFilterBar *self,
             GtkWidget    *button,
             const char   *value,
             const char   *description)
{
  Criterion *c = g_object_get_data (G_OBJECT (button), "evb-criterion");
  g_autofree char *name = strip_mnemonic (c->label);
  g_autofree char *label = NULL;

  if (value != NULL)
    {
      g_autofree char *escaped = escape_mnemonic (value);

      /* Translators: a filter button in use: the criterion (with its
       * mnemonic) and what was chosen, e.g. "_Type: Video +2" */
      label = g_strdup_printf (_("%s: %s"), c->label, escaped);
    }
  mark_active (button, value != NULL);
  if (g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), label != NULL ? label : c->label) != 0)
    {
      gtk_menu_button_set_label (GTK_MENU_BUTTON (button), label != NULL ? label : c->label);
      queue_arrange (self);
    }
  gtk_widget_set_tooltip_text (button, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description != NULL ? description : name, -1);
  gtk_widget_set_tooltip_text (c->row, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (c->row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description != NULL ? description : name, -1);
}

/* A set of choices (kinds, types, files, assessments): the labels of the
 * check buttons in content whose actions are on, in order. */
static void
show_choices (EvbFilterBar *self,
              GtkWidget    *button)
{
  Criterion *c = g_object_get_data (G_OBJECT (button), "evb-criterion");
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  g_autofree char *name = strip_mnemonic (c->label);
  g_autofree char *value = NULL;
  g_autofree char *description = NULL;

  g_ptr_array_add (stack, c->content);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, 0);
      const char *action = GTK_IS_ACTIONABLE (widget) ? gtk_actionable_get_action_name (GTK_ACTIONABLE (widget))
                                                      : NULL;
      guint at = 0;

      if (GTK_IS_CHECK_BUTTON (widget) && action != NULL && g_str_has_prefix (action, "filter."))
        {
          g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (self->actions),
                                                                       action + strlen ("filter."));

          if (state != NULL && g_variant_get_boolean (state))
            g_ptr_array_add (chosen, (gpointer) gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)));
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_insert (stack, at++, child);
    }
  if (chosen->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (chosen, NULL);
      list = g_strjoinv (", ", (char **) chosen->pdata);
      value = first_and_more (g_ptr_array_index (chosen, 0), chosen->len - 1);
      /* Translators: a filter button's tooltip and name: the criterion and
       * everything chosen, e.g. "Type: Video, Photo" */
      description = g_strdup_printf (_("%s: %s"), name, list);
    }
  show_chosen (self, button, value, description);
}

/* A range of grades: "A–C", or "B" for one grade. */
static void
show_grades (EvbFilterBar *self,
             GtkWidget    *button,
             gboolean      letters,
             guint         best,
             guint         worst)
{
  Criterion *c = g_object_get_data (G_OBJECT (button), "evb-criterion");
  g_autofree char *name = strip_mnemonic (c->label);
  g_autofree char *value = NULL;
  g_autofree char *description = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (best == 0 && worst == 0)
    {
      show_chosen (self, button, NULL, NULL);
      return;
    }
  /* "At most" is the best grade wanted, "at least" the worst. */
  best = best != 0 ? best : 1;
  worst = worst != 0 ? worst : 6;
  if (letters)
    {
      from = g_strdup_printf ("%c", reliability_grades[best - 1]);
      to = g_strdup_printf ("%c", reliability_grades[worst - 1]);
    }
  else
    {
      from = g_strdup_printf ("%u", best);
      to = g_strdup_printf ("%u", worst);
    }
  if (best == worst)
    {
      value = g_strdup (from);
      /* Translators: a filter button's tooltip and name: a criterion and
       * the one grade wanted, e.g. "Reliability: B — Usually reliable" */
      description = g_strdup_printf (_("%s: %s — %s"), name, from,
                                     letters ? evb_reliability_get_label (reliability_grades[best - 1])
                                             : evb_credibility_get_label (best));
    }
  else
    {
      value = g_strdup_printf ("%s–%s", from, to);
      /* Translators: a filter button's tooltip and name: a criterion and
       * the grades wanted, e.g. "Reliability: A (Completely reliable) to
       * C (Fairly reliable)" */
      description = g_strdup_printf (_("%s: %s (%s) to %s (%s)"), name, from,
                                     letters ? evb_reliability_get_label (reliability_grades[best - 1])
                                             : evb_credibility_get_label (best),
                                     to,
                                     letters ? evb_reliability_get_label (reliability_grades[worst - 1])
                                             : evb_credibility_get_label (worst));
    }
  show_chosen (self, button, value, description);
}

/* A date of the filter (YYYY-MM-DD) as a button shows it: "28 Dec". */
static char *
short_date (const char *date)
{
  int year, month, day;
  g_autoptr(GDateTime) time = NULL;

  if (sscanf (date, "%d-%d-%d", &year, &month, &day) != 3 ||
      (time = g_date_time_new_utc (year, month, day, 0, 0, 0)) == NULL)
    return g_strdup (date);
  /* Translators: a short date on the filter's Dates button, as
   * g_date_time_format() writes it: "28 Dec" (%-d the day, %b the month) */
  return g_date_time_format (time, _("%-d %b"));
}

static void
show_dates (EvbFilterBar *self)
{
  const char *from = evb_filter_get_date_from (self->filter);
  const char *to = evb_filter_get_date_to (self->filter);
  Criterion *c = g_object_get_data (G_OBJECT (self->dates_button), "evb-criterion");
  gboolean collected = evb_filter_get_date_field (self->filter) == EVB_FILTER_DATE_COLLECTED;
  g_autofree char *name = strip_mnemonic (c->label);
  g_autofree char *value = NULL;
  g_autofree char *description = NULL;
  g_autofree char *short_from = from != NULL ? short_date (from) : NULL;
  g_autofree char *short_to = to != NULL ? short_date (to) : NULL;

  if (from != NULL && to != NULL)
    {
      /* Translators: the filter's Dates button: a range, e.g. "28 Dec–3 Jan" */
      value = g_strdup_printf (_("%s–%s"), short_from, short_to);
      /* Translators: after "Dates: " in the Dates button's tooltip; %s are dates (YYYY-MM-DD) */
      description = g_strdup_printf (collected ? _("collected from %s to %s") : _("occurred from %s to %s"),
                                     from, to);
    }
  else if (from != NULL)
    {
      /* Translators: the filter's Dates button, e.g. "since 28 Dec" */
      value = g_strdup_printf (_("since %s"), short_from);
      /* Translators: after "Dates: " in the Dates button's tooltip; %s are dates (YYYY-MM-DD) */
      description = g_strdup_printf (collected ? _("collected on or after %s") : _("occurred on or after %s"), from);
    }
  else if (to != NULL)
    {
      /* Translators: the filter's Dates button, e.g. "until 3 Jan" */
      value = g_strdup_printf (_("until %s"), short_to);
      /* Translators: after "Dates: " in the Dates button's tooltip; %s are dates (YYYY-MM-DD) */
      description = g_strdup_printf (collected ? _("collected on or before %s") : _("occurred on or before %s"),
                                     to);
    }
  if (description != NULL)
    {
      /* As the others: "Dates: occurred from …". */
      g_autofree char *sentence = g_steal_pointer (&description);

      description = g_strdup_printf (_("%s: %s"), name, sentence);
    }
  show_chosen (self, self->dates_button, value, description);
}

static void
show_tags (EvbFilterBar *self)
{
  const char * const *tags = evb_filter_get_tags (self->filter);
  Criterion *c = g_object_get_data (G_OBJECT (self->tags_button), "evb-criterion");
  g_autofree char *name = strip_mnemonic (c->label);
  g_autofree char *value = NULL;
  g_autofree char *description = NULL;

  if (tags[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) tags);

      value = first_and_more (tags[0], g_strv_length ((char **) tags));
      description = g_strdup_printf (_("%s: %s"), name, list);
    }
  show_chosen (self, self->tags_button, value, description);
}

/* Where the keyboard starts: the first criterion, or More holding it. */
static GtkWidget *
get_first_control (EvbFilterBar *self)
{
  return self->criteria[0].in_more ? self->more_button : self->criteria[0].button;
}

static void
update_summary (EvbFilterBar *self)
{
  guint total = 0, shown = 0;
  GHashTable *matches;
  g_autofree char *before = g_steal_pointer (&self->summary);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (self->session != NULL)
    {
      total = evb_board_get_n_nodes (evb_session_get_board (self->session));
      matches = evb_session_get_filter_matches (self->session);
      shown = matches != NULL ? g_hash_table_size (matches) : total;
    }
  /* Translators: how many cards the filter lets through, of all the
   * board's cards, e.g. "3 of 12 cards" */
  self->summary = g_strdup_printf (ngettext ("%u of %u card", "%u of %u cards", total), shown, total);
  gtk_label_set_text (self->count_label, self->summary);
  /* A listener who ticks a criterion hears what it leaves; the count is
   * elsewhere in the bar, where the focus is not. */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self))
      && g_strcmp0 (before, self->summary) != 0)
    evb_compat_announce (focus, self->summary);
}

static void
sync_grade_range (GtkDropDown *best,
                  GtkDropDown *worst,
                  guint        best_index,
                  guint        worst_index)
{
  gtk_drop_down_set_selected (best, best_index);
  gtk_drop_down_set_selected (worst, worst_index);
}

static void
sync_date_entry (GtkEditable *entry,
                 const char  *date)
{
  if (g_strcmp0 (date != NULL ? date : "", gtk_editable_get_text (entry)) == 0)
    return;
  gtk_editable_set_text (entry, date != NULL ? date : "");
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

/* Every control from the filter. */
static void
sync_controls (EvbFilterBar *self)
{
  g_auto(GStrv) names = NULL;
  char best, worst;
  int cbest, cworst;

  if (self->filter == NULL)
    return;

  self->syncing = TRUE;
  names = g_action_group_list_actions (G_ACTION_GROUP (self->actions));
  for (guint i = 0; names[i] != NULL; i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), names[i]);
      gpointer group = g_object_get_data (G_OBJECT (action), "evb-group");

      if (group == NULL)
        continue;
      g_simple_action_set_state (G_SIMPLE_ACTION (action),
                                 g_variant_new_boolean (get_group (self->filter, GPOINTER_TO_INT (group) - 1) &
                                                        GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (action),
                                                                                             "evb-bit"))));
    }
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "mode")),
                             g_variant_new_string (evb_filter_get_hide (self->filter) ? "hide" : "dim"));

  evb_filter_get_reliability (self->filter, &best, &worst);
  sync_grade_range (self->reliability_best, self->reliability_worst,
                    best != '\0' ? (guint) (best - 'A' + 1) : 0,
                    worst != '\0' ? (guint) (worst - 'A' + 1) : 0);
  evb_filter_get_credibility (self->filter, &cbest, &cworst);
  sync_grade_range (self->credibility_best, self->credibility_worst, cbest, cworst);
  gtk_drop_down_set_selected (self->date_field, evb_filter_get_date_field (self->filter));
  sync_date_entry (self->date_from, evb_filter_get_date_from (self->filter));
  sync_date_entry (self->date_to, evb_filter_get_date_to (self->filter));

  show_choices (self, self->kind_button);
  show_choices (self, self->type_button);
  show_grades (self, self->reliability_button, TRUE, best != '\0' ? (guint) (best - 'A' + 1) : 0,
               worst != '\0' ? (guint) (worst - 'A' + 1) : 0);
  show_grades (self, self->credibility_button, FALSE, cbest, cworst);
  show_tags (self);
  show_dates (self);
  show_choices (self, self->attachment_button);
  show_choices (self, self->assessment_button);
  mark_more (self);
  self->syncing = FALSE;

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "clear")),
                               evb_filter_is_active (self->filter));
}

/* Actions */

static void
change_choice (GSimpleAction *action,
               GVariant      *value,
               gpointer       user_data)
{
  EvbFilterBar *self = user_data;
  Group group = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (action), "evb-group")) - 1;
  guint bit = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (action), "evb-bit"));
  guint bits;

  g_simple_action_set_state (action, value);
  if (self->filter == NULL || self->syncing)
    return;
  bits = get_group (self->filter, group);
  set_group (self->filter, group, g_variant_get_boolean (value) ? bits | bit : bits & ~bit);
}

static void
change_mode (GSimpleAction *action,
             GVariant      *value,
             gpointer       user_data)
{
  EvbFilterBar *self = user_data;

  g_simple_action_set_state (action, value);
  if (self->filter != NULL && !self->syncing)
    evb_filter_set_hide (self->filter, g_str_equal (g_variant_get_string (value, NULL), "hide"));
}

/* A page under More ('list' for the list), as a row or Back opens it. */
static void
show_more_page (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  EvbFilterBar *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);
  const char *previous = gtk_stack_get_visible_child_name (self->more_stack);
  GtkWidget *page = gtk_stack_get_child_by_name (self->more_stack, name);

  if (page == NULL)
    return;
  for (int i = 0; i < self->n_criteria; i++)
    if (self->criteria[i].page == page && self->criteria[i].button == self->tags_button)
      fill_tags (self);
  gtk_stack_set_visible_child (self->more_stack, page);

  /* The keyboard follows: into the page's controls, or back to the row
   * of the page it came from. */
  if (g_str_equal (name, "list"))
    {
      for (int i = 0; i < self->n_criteria; i++)
        if (g_strcmp0 (self->criteria[i].page_name, previous) == 0)
          gtk_widget_grab_focus (self->criteria[i].row);
    }
  else
    {
      for (int i = 0; i < self->n_criteria; i++)
        if (self->criteria[i].page == page)
          gtk_widget_child_focus (self->criteria[i].content, GTK_DIR_TAB_FORWARD);
    }
}

static void
clear_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  EvbFilterBar *self = user_data;

  if (self->filter != NULL)
    evb_filter_clear (self->filter);
}

/* Signal callbacks */

static void
grade_selected_cb (EvbFilterBar *self)
{
  guint best, worst;

  if (self->filter == NULL || self->syncing)
    return;
  best = gtk_drop_down_get_selected (self->reliability_best);
  worst = gtk_drop_down_get_selected (self->reliability_worst);
  evb_filter_set_reliability (self->filter, best > 0 && best <= 6 ? reliability_grades[best - 1] : '\0',
                              worst > 0 && worst <= 6 ? reliability_grades[worst - 1] : '\0');
  best = gtk_drop_down_get_selected (self->credibility_best);
  worst = gtk_drop_down_get_selected (self->credibility_worst);
  evb_filter_set_credibility (self->filter, best <= 6 ? best : 0, worst <= 6 ? worst : 0);
}

/* A date entry's text as a bound: "" is none; FALSE while not a date. */
static gboolean
read_date (GtkEditable  *entry,
           const char  **date)
{
  const char *text = gtk_editable_get_text (entry);
  gboolean valid = text[0] == '\0' || (strlen (text) == 10 && evb_date_is_valid (text));

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  *date = text[0] != '\0' ? text : NULL;
  return valid;
}

static void
date_changed_cb (EvbFilterBar *self)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  const char *text;

  if (self->filter == NULL || self->syncing)
    return;
  if (!read_date (self->date_from, &text))
    return;
  from = g_strdup (text);
  if (!read_date (self->date_to, &text))
    return;
  to = g_strdup (text);
  evb_filter_set_date_range (self->filter, gtk_drop_down_get_selected (self->date_field) == 1
                                           ? EVB_FILTER_DATE_COLLECTED : EVB_FILTER_DATE_OCCURRED,
                             from, to);
}

static void
tag_toggled_cb (EvbFilterBar   *self,
                GtkCheckButton *check)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) tags = NULL;
  const char *tag = g_object_get_data (G_OBJECT (check), "evb-tag");
  const char * const *current;

  if (self->filter == NULL || self->syncing)
    return;
  current = evb_filter_get_tags (self->filter);
  for (guint i = 0; current[i] != NULL; i++)
    if (!g_str_equal (current[i], tag))
      g_strv_builder_add (builder, current[i]);
  if (gtk_check_button_get_active (check))
    g_strv_builder_add (builder, tag);
  tags = g_strv_builder_end (builder);
  evb_filter_set_tags (self->filter, (const char * const *) tags);
}

static int
compare_tags (gconstpointer a,
              gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* The board's tags, gathered when the popover opens: they change with
 * every edit, and are wanted only now. */
static void
fill_tags (EvbFilterBar *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  const char * const *chosen;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_box))) != NULL)
    gtk_box_remove (self->tags_box, child);
  if (self->session == NULL)
    return;

  /* Tags chosen before, and no longer on any card, can still be unchosen. */
  chosen = evb_filter_get_tags (self->filter);
  for (guint i = 0; chosen[i] != NULL; i++)
    if (g_hash_table_add (seen, (gpointer) chosen[i]))
      g_ptr_array_add (tags, (gpointer) chosen[i]);
  {
    GPtrArray *nodes = evb_board_get_nodes (evb_session_get_board (self->session));

    for (guint i = 0; i < nodes->len; i++)
      {
        const EvbNodeData *data = evb_node_get_data (g_ptr_array_index (nodes, i));

        for (guint t = 0; data->tags[t] != NULL; t++)
          if (g_hash_table_add (seen, data->tags[t]))
            g_ptr_array_add (tags, data->tags[t]);
      }
  }
  g_ptr_array_sort (tags, compare_tags);

  if (tags->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("No card has tags"));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->tags_box, label);
      return;
    }
  self->syncing = TRUE;
  for (guint i = 0; i < tags->len; i++)
    {
      const char *tag = g_ptr_array_index (tags, i);
      GtkWidget *check = gtk_check_button_new_with_label (tag);

      g_object_set_data_full (G_OBJECT (check), "evb-tag", g_strdup (tag), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_strv_contains (chosen, tag));
      g_signal_connect_object (check, "toggled", G_CALLBACK (tag_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->tags_box, check);
    }
  self->syncing = FALSE;
}

static void
filter_changed_cb (EvbFilterBar *self)
{
  sync_controls (self);
  update_summary (self);
}

static void
search_mode_cb (EvbFilterBar *self)
{
  /* Opened from the keyboard or the header, the next key goes to the
   * first criterion. */
  if (gtk_search_bar_get_search_mode (self->search_bar))
    gtk_widget_grab_focus (get_first_control (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE_ENABLED]);
}

static gboolean
key_pressed_cb (EvbFilterBar    *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  if (keyval != GDK_KEY_Escape)
    return GDK_EVENT_PROPAGATE;
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  return GDK_EVENT_STOP;
}

/* Building the popovers */

/* The label without its mnemonic's underscore: GTK 4.8 gives a menu button
 * no name of its own. */
static char *
strip_mnemonic (const char *label)
{
  char *name = g_strdup (label);
  char *out = name;

  for (const char *p = label; *p != '\0'; p++)
    if (*p != '_')
      *out++ = *p;
  *out = '\0';
  return name;
}

/* The row that stands for a criterion under More, and its page: Back and
 * the criterion's name over its content. */
static void
add_more_row (EvbFilterBar *self,
              Criterion    *c,
              const char   *label)
{
  g_autofree char *name = strip_mnemonic (label);
  g_autofree char *target = NULL;
  GtkWidget *box, *text, *back;

  c->page_name = g_strdup_printf ("criterion-%d", self->n_criteria);
  target = g_strdup_printf ("filter.more-page('%s')", c->page_name);

  c->row = gtk_button_new ();
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  text = gtk_label_new_with_mnemonic (label);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_button_set_child (GTK_BUTTON (c->row), box);
  gtk_widget_add_css_class (c->row, "flat");
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (c->row), target);
  gtk_accessible_update_property (GTK_ACCESSIBLE (c->row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (c->row), GTK_ACCESSIBLE_PROPERTY_HAS_POPUP, TRUE, -1);
  g_object_set_data (G_OBJECT (c->row), "evb-criterion", c);
  gtk_widget_set_visible (c->row, FALSE);
  gtk_box_append (self->more_list, c->row);

  c->page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  back = gtk_button_new ();
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("go-previous-symbolic"));
  text = gtk_label_new (name);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_add_css_class (text, "heading");
  gtk_box_append (GTK_BOX (box), text);
  gtk_button_set_child (GTK_BUTTON (back), box);
  gtk_widget_add_css_class (back, "flat");
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (back), "filter.more-page('list')");
  gtk_widget_set_tooltip_text (back, _("Back"));
  {
    /* Translators: the button over a criterion's page under More, which
     * goes back to the list; %s is the criterion, e.g. "Back from Dates" */
    g_autofree char *back_name = g_strdup_printf (_("Back from %s"), name);

    gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL, back_name, -1);
  }
  gtk_box_append (GTK_BOX (c->page), back);
  gtk_stack_add_named (self->more_stack, c->page, c->page_name);
}

static GtkWidget *
add_criterion (EvbFilterBar *self,
               const char   *label,
               GtkWidget    *content)
{
  Criterion *c = &self->criteria[self->n_criteria];
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  g_autofree char *name = strip_mnemonic (label);

  g_assert (self->n_criteria < N_CRITERIA);
  gtk_widget_set_margin_start (content, 6);
  gtk_widget_set_margin_end (content, 6);
  gtk_widget_set_margin_top (content, 6);
  gtk_widget_set_margin_bottom (content, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), content);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), label);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (button), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "evb-criterion", c);
  /* In order, before More, which the template holds. */
  gtk_box_insert_child_after (self->criteria_row, button,
                              self->n_criteria > 0 ? self->criteria[self->n_criteria - 1].button : NULL);

  c->button = button;
  c->content = content;
  c->label = g_strdup (label);
  g_signal_connect_object (popover, "closed", G_CALLBACK (popover_closed_cb), self, G_CONNECT_SWAPPED);
  add_more_row (self, c, label);
  self->n_criteria++;
  return button;
}

static GtkWidget *
vbox (void)
{
  return gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
}

/* A boolean action for one choice of a group, and its check button. */
static void
add_choice (EvbFilterBar *self,
            GtkWidget    *box,
            Group         group,
            guint         bit,
            const char   *name,
            const char   *label)
{
  GSimpleAction *action = g_simple_action_new_stateful (name, NULL, g_variant_new_boolean (FALSE));
  g_autofree char *detailed = g_strconcat ("filter.", name, NULL);
  GtkWidget *check = gtk_check_button_new_with_label (label);

  g_object_set_data (G_OBJECT (action), "evb-group", GINT_TO_POINTER (group + 1));
  g_object_set_data (G_OBJECT (action), "evb-bit", GUINT_TO_POINTER (bit));
  g_signal_connect (action, "change-state", G_CALLBACK (change_choice), self);
  g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
  g_object_unref (action);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (check), detailed);
  gtk_box_append (GTK_BOX (box), check);
}

static GtkDropDown *
grade_drop_down (const char *any,
                 gboolean    letters)
{
  g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);
  GtkWidget *drop_down;

  gtk_string_list_append (items, any);
  for (int i = 1; i <= 6; i++)
    {
      g_autofree char *text = NULL;

      /* Written as the inspector writes a grade ("B — Usually reliable"),
       * so a person finds the grade they gave under the same words. */
      if (letters)
        /* Translators: a reliability grade and its meaning, e.g. "B — Usually reliable" */
        text = g_strdup_printf (_("%c — %s"), reliability_grades[i - 1],
                                evb_reliability_get_label (reliability_grades[i - 1]));
      else
        /* Translators: a credibility grade and its meaning, e.g. "2 — Probably true" */
        text = g_strdup_printf (_("%d — %s"), i, evb_credibility_get_label (i));
      gtk_string_list_append (items, text);
    }
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&items)), NULL);
  return GTK_DROP_DOWN (drop_down);
}

/* "At least" is the worst grade still wanted, "at most" the best. */
static GtkWidget *
grade_range (EvbFilterBar  *self,
             gboolean       letters,
             GtkDropDown  **best,
             GtkDropDown  **worst)
{
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *label;

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  *worst = grade_drop_down (_("Any"), letters);
  *best = grade_drop_down (_("Any"), letters);
  label = gtk_label_new (_("At least"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (*worst), 1, 0, 1, 1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (*worst), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  label = gtk_label_new (_("At most"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (*best), 1, 1, 1, 1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (*best), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  g_signal_connect_object (*worst, "notify::selected", G_CALLBACK (grade_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (*best, "notify::selected", G_CALLBACK (grade_selected_cb), self, G_CONNECT_SWAPPED);
  return grid;
}

static GtkWidget *
date_range (EvbFilterBar *self)
{
  GtkWidget *grid = gtk_grid_new ();
  const char *fields[] = { _("Occurred"), _("Collected"), NULL };
  const char *names[] = { _("From"), _("To") };
  GtkEditable **entries[] = { &self->date_from, &self->date_to };

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  self->date_field = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (fields));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_field), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Date"), -1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->date_field), 0, 0, 2, 1);
  g_signal_connect_object (self->date_field, "notify::selected", G_CALLBACK (date_changed_cb), self,
                           G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *label = gtk_label_new (names[i]);
      GtkWidget *entry = gtk_entry_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      /* Translators: the form of a date typed in the filter; keep it as it is */
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("YYYY-MM-DD"));
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 11);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 11);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
      gtk_grid_attach (GTK_GRID (grid), label, 0, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), entry, 1, i + 1, 1, 1);
      *entries[i] = GTK_EDITABLE (entry);
      g_signal_connect_object (entry, "changed", G_CALLBACK (date_changed_cb), self, G_CONNECT_SWAPPED);
    }
  return grid;
}

static void
build_criteria (EvbFilterBar *self)
{
  static const char * const attachment_names[] = { "no-file", "fine", "changed", "missing" };
  const char *attachment_labels[] = { _("No file"), _("File as recorded"), _("File changed"),
                                      _("File missing") };
  GtkWidget *box;
  GtkWidget *scrolled;

  box = vbox ();
  add_choice (self, box, GROUP_KINDS, 1u << EVB_NODE_KIND_CLAIM, "kind-claim", _("Claims"));
  add_choice (self, box, GROUP_KINDS, 1u << EVB_NODE_KIND_EVIDENCE, "kind-evidence", _("Evidence"));
  self->kind_button = add_criterion (self, _("_Kind"), box);

  box = vbox ();
  for (int type = 0; type < EVB_N_EVIDENCE_TYPES; type++)
    {
      g_autofree char *name = g_strconcat ("type-", evb_evidence_type_to_string (type), NULL);

      add_choice (self, box, GROUP_TYPES, 1u << type, name, evb_evidence_type_get_label (type));
    }
  self->type_button = add_criterion (self, _("_Type"), box);

  self->reliability_button = add_criterion (self, _("_Reliability"),
                                            grade_range (self, TRUE, &self->reliability_best,
                                                         &self->reliability_worst));
  self->credibility_button = add_criterion (self, _("Cr_edibility"),
                                            grade_range (self, FALSE, &self->credibility_best,
                                                         &self->credibility_worst));

  self->tags_box = GTK_BOX (vbox ());
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->tags_box));
  self->tags_button = add_criterion (self, _("T_ags"), scrolled);
  g_signal_connect_object (gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->tags_button)), "show",
                           G_CALLBACK (fill_tags), self, G_CONNECT_SWAPPED);

  self->dates_button = add_criterion (self, _("_Dates"), date_range (self));

  box = vbox ();
  for (guint i = 0; i < G_N_ELEMENTS (attachment_names); i++)
    {
      g_autofree char *name = g_strconcat ("attachment-", attachment_names[i], NULL);

      add_choice (self, box, GROUP_ATTACHMENTS, 1u << i, name, attachment_labels[i]);
    }
  self->attachment_button = add_criterion (self, _("_Files"), box);

  box = vbox ();
  for (int likelihood = EVB_LIKELIHOOD_ALMOST_CERTAIN; likelihood >= EVB_LIKELIHOOD_ALMOST_NO_CHANCE; likelihood--)
    {
      g_autofree char *name = g_strdup_printf ("likelihood-%d", likelihood);
      g_autofree char *label = g_strdup (evb_likelihood_get_label (likelihood));

      /* The ICD 203 words are lower case inside sentences; here they start a line. */
      label[0] = g_ascii_toupper (label[0]);
      add_choice (self, box, GROUP_LIKELIHOODS, 1u << likelihood, name, label);
    }
  add_choice (self, box, GROUP_LIKELIHOODS, EVB_FILTER_UNASSESSED, "likelihood-unassessed",
              _("Not assessed"));
  self->assessment_button = add_criterion (self, _("A_ssessment"), box);
}

/* Arranging the bar for its width */

static int
natural_width (GtkWidget *widget)
{
  int natural = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* A hidden widget measures as nothing: shown for the measure, between two
 * frames, so nothing is drawn in between. */
static int
natural_width_shown (GtkWidget *widget)
{
  int natural;

  if (gtk_widget_get_visible (widget))
    return natural_width (widget);
  gtk_widget_set_visible (widget, TRUE);
  natural = natural_width (widget);
  gtk_widget_set_visible (widget, FALSE);
  return natural;
}

/* Moves a criterion's content between its button's popover and its page
 * under More. */
static void
place_criterion (EvbFilterBar *self,
                 Criterion    *c,
                 gboolean      in_more)
{
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (c->button));
  gboolean had_focus = gtk_widget_has_focus (in_more ? c->button : c->row);

  if (c->in_more == in_more)
    return;
  g_object_ref (c->content);
  if (in_more)
    {
      gtk_popover_popdown (popover);
      gtk_popover_set_child (popover, NULL);
      gtk_box_append (GTK_BOX (c->page), c->content);
    }
  else
    {
      if (gtk_stack_get_visible_child (self->more_stack) == c->page)
        gtk_stack_set_visible_child_name (self->more_stack, "list");
      gtk_box_remove (GTK_BOX (c->page), c->content);
      gtk_popover_set_child (popover, c->content);
    }
  g_object_unref (c->content);
  c->in_more = in_more;
  gtk_widget_set_visible (c->button, !in_more);
  gtk_widget_set_visible (c->row, in_more);
  /* The keyboard is not lost with the button it was on. */
  if (had_focus)
    gtk_widget_grab_focus (in_more ? self->more_button : c->button);
}

/* How many of the criteria, in order, fit in space beside More. */
static int
count_fitting (const int *widths,
               int        n,
               int        more,
               int        space)
{
  int used = more;
  int k = 0;

  while (k < n && used + ROW_SPACING + widths[k] <= space)
    used += ROW_SPACING + widths[k++];
  return k;
}

/* The count goes up beside the criteria where the count, Dim or Hide and
 * Clear do not fit on a row of their own (a phone's width). */
static void
place_count (EvbFilterBar *self,
             gboolean      with_criteria)
{
  GtkWidget *count = GTK_WIDGET (self->count_label);
  GtkBox *box = with_criteria ? self->criteria_row : self->status_row;

  if (gtk_widget_get_parent (count) == GTK_WIDGET (box))
    return;
  g_object_ref (count);
  gtk_box_remove (GTK_BOX (gtk_widget_get_parent (count)), count);
  if (with_criteria)
    gtk_box_append (box, count);
  else
    gtk_box_prepend (box, count);
  g_object_unref (count);
}

static void
arrange_cb (gpointer user_data)
{
  EvbFilterBar *self = user_data;
  int widths[N_CRITERIA];
  int all = 0, status, count, space, inner, outer, k;
  gboolean vertical = FALSE, count_up = FALSE;

  self->arrange_idle = 0;
  for (int i = 0; i < self->n_criteria; i++)
    {
      widths[i] = natural_width_shown (self->criteria[i].button);
      all += widths[i] + (i > 0 ? ROW_SPACING : 0);
    }
  self->more_width = natural_width_shown (self->more_button);
  count = natural_width (GTK_WIDGET (self->count_label));
  status = count + BAR_SPACING + natural_width (self->mode_box) + BAR_SPACING + natural_width (self->clear_button);
  /* The search bar's own padding and border around the content. */
  gtk_widget_measure (GTK_WIDGET (self->search_bar), GTK_ORIENTATION_HORIZONTAL, -1, &outer, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (self->bar_box), GTK_ORIENTATION_HORIZONTAL, -1, &inner, NULL, NULL, NULL);
  space = self->width - MAX (outer - inner, 0);

  if (all + BAR_SPACING + status <= space)
    k = self->n_criteria;
  else
    {
      int beside = count_fitting (widths, self->n_criteria, self->more_width, space - BAR_SPACING - status);
      int above;

      /* Else a row of their own, over the count and the rest (which get
       * the count taken up beside them where they do not fit alone). */
      count_up = status > space;
      above = space - (count_up ? ROW_SPACING + count : 0);
      above = all <= above ? self->n_criteria : count_fitting (widths, self->n_criteria, self->more_width, above);
      /* One row unless two would show at least two criteria more: a row
       * of the window is worth one criterion under More, not more. */
      vertical = above > beside + 1;
      k = vertical ? above : beside;
      count_up = vertical && count_up;
    }

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->bar_box),
                                  vertical ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_halign (GTK_WIDGET (self->status_row), vertical ? GTK_ALIGN_START : GTK_ALIGN_END);
  place_count (self, count_up);
  for (int i = 0; i < self->n_criteria; i++)
    place_criterion (self, &self->criteria[i], i >= k);
  gtk_widget_set_visible (self->more_button, k < self->n_criteria);
  if (k == self->n_criteria)
    gtk_popover_popdown (gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->more_button)));
  mark_more (self);
}

static void
more_closed_cb (EvbFilterBar *self)
{
  /* Opened again, More shows its list. */
  gtk_stack_set_visible_child_full (self->more_stack, "list", GTK_STACK_TRANSITION_TYPE_NONE);
  popover_closed_cb (self);
}

/* Overrides */

static void
evb_filter_bar_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  EvbFilterBar *self = EVB_FILTER_BAR (widget);
  GtkWidget *child = GTK_WIDGET (self->search_bar);
  int child_minimum, inner, status;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_minimum, NULL, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* As narrow as the most compact arrangement (More and the count
       * over Dim or Hide and Clear), whatever the arrangement now: the
       * bar never keeps the window wide. */
      gtk_widget_measure (GTK_WIDGET (self->bar_box), orientation, -1, &inner, NULL, NULL, NULL);
      status = MAX (self->more_width + ROW_SPACING + natural_width (GTK_WIDGET (self->count_label)),
                    natural_width (self->mode_box) + BAR_SPACING + natural_width (self->clear_button));
      gtk_widget_measure (child, orientation, for_size, NULL, natural, NULL, NULL);
      *minimum = MIN (child_minimum, child_minimum - inner + status);
      *minimum_baseline = *natural_baseline = -1;
      return;
    }
  gtk_widget_measure (child, orientation, for_size < 0 ? -1 : MAX (for_size, child_minimum),
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
evb_filter_bar_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  EvbFilterBar *self = EVB_FILTER_BAR (widget);
  int child_minimum;

  gtk_widget_measure (GTK_WIDGET (self->search_bar), GTK_ORIENTATION_HORIZONTAL, -1, &child_minimum, NULL, NULL,
                      NULL);
  gtk_widget_allocate (GTK_WIDGET (self->search_bar), MAX (width, child_minimum), height, baseline, NULL);
  if (width != self->width)
    {
      self->width = width;
      if (self->arrange_idle == 0)
        self->arrange_idle = g_idle_add_once (arrange_cb, self);
    }
}

static void
evb_filter_bar_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (evb_filter_bar_parent_class)->root (widget);
  /* Its buttons' actions are the bar's own group (GTK 4.8). */
  evb_compat_refresh_actionables (widget);
}

static void
evb_filter_bar_dispose (GObject *object)
{
  EvbFilterBar *self = EVB_FILTER_BAR (object);

  evb_filter_bar_set_session (self, NULL);
  g_clear_handle_id (&self->arrange_idle, g_source_remove);
  for (int i = 0; i < self->n_criteria; i++)
    {
      g_clear_pointer (&self->criteria[i].page_name, g_free);
      g_clear_pointer (&self->criteria[i].label, g_free);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), EVB_TYPE_FILTER_BAR);
  g_clear_object (&self->actions);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (evb_filter_bar_parent_class)->dispose (object);
}

static void
evb_filter_bar_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EvbFilterBar *self = EVB_FILTER_BAR (object);

  switch (prop_id)
    {
    case PROP_SEARCH_MODE_ENABLED:
      g_value_set_boolean (value, evb_filter_bar_get_search_mode (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_filter_bar_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  EvbFilterBar *self = EVB_FILTER_BAR (object);

  switch (prop_id)
    {
    case PROP_SEARCH_MODE_ENABLED:
      evb_filter_bar_set_search_mode (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_filter_bar_class_init (EvbFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = evb_filter_bar_dispose;
  object_class->get_property = evb_filter_bar_get_property;
  object_class->set_property = evb_filter_bar_set_property;

  properties[PROP_SEARCH_MODE_ENABLED] =
    g_param_spec_boolean ("search-mode-enabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->root = evb_filter_bar_root;
  widget_class->measure = evb_filter_bar_measure;
  widget_class->size_allocate = evb_filter_bar_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/evidenceboard/EvidenceBoard/evb-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, EvbFilterBar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, EvbFilterBar, bar_box);
  gtk_widget_class_bind_template_child (widget_class, EvbFilterBar, criteria_row);
  gtk_widget_class_bind_template_child (widget_class, EvbFilterBar, more_button);
  gtk_widget_class_bind_template_child (widget_class, EvbFilterBar, more_stack);
  gtk_widget_class_bind_template_child (widget_class, EvbFilterBar, more_list);
  gtk_widget_class_bind_template_child (widget_class, EvbFilterBar, status_row);
  gtk_widget_class_bind_template_child (widget_class, EvbFilterBar, mode_box);
  gtk_widget_class_bind_template_child (widget_class, EvbFilterBar, clear_button);
  gtk_widget_class_bind_template_callback (widget_class, more_closed_cb);
  gtk_widget_class_bind_template_child (widget_class, EvbFilterBar, count_label);
}

static void
evb_filter_bar_init (EvbFilterBar *self)
{
  static const GActionEntry entries[] = {
    { "clear", clear_activated },
    { "mode", NULL, "s", "'dim'", change_mode },
    { "more-page", show_more_page, "s" },
  };
  GtkEventController *keys;

  /* Before the template: its buttons look their actions up as they are
   * built, and GTK 4.8 does not tell them of a group inserted later. */
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "filter", G_ACTION_GROUP (self->actions));
  gtk_widget_init_template (GTK_WIDGET (self));
  build_criteria (self);
  evb_compat_name_mnemonic_buttons (GTK_WIDGET (self));
  /* The bar is as wide as the window; what does not fit is cut off for the
   * frame before the bar is arranged for it. */
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_cb), self,
                           G_CONNECT_SWAPPED);
  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->bar_box), keys);
  update_summary (self);
}

/* Public API */

void
evb_filter_bar_set_session (EvbFilterBar *self,
                            EvbSession   *session)
{
  g_return_if_fail (EVB_IS_FILTER_BAR (self));
  g_return_if_fail (session == NULL || EVB_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (evb_session_get_board (self->session), self);
    }
  g_set_object (&self->session, session);
  self->filter = session != NULL ? evb_session_get_filter (session) : NULL;
  if (session != NULL)
    {
      g_signal_connect_swapped (session, "filter-changed", G_CALLBACK (filter_changed_cb), self);
      /* The count of all cards changes with the board. */
      g_signal_connect_swapped (evb_session_get_board (session), "committed", G_CALLBACK (update_summary), self);
    }
  sync_controls (self);
  update_summary (self);
}

gboolean
evb_filter_bar_get_search_mode (EvbFilterBar *self)
{
  g_return_val_if_fail (EVB_IS_FILTER_BAR (self), FALSE);
  return gtk_search_bar_get_search_mode (self->search_bar);
}

void
evb_filter_bar_set_search_mode (EvbFilterBar *self,
                                gboolean      enabled)
{
  g_return_if_fail (EVB_IS_FILTER_BAR (self));
  gtk_search_bar_set_search_mode (self->search_bar, enabled);
}

const char *
evb_filter_bar_get_summary (EvbFilterBar *self)
{
  g_return_val_if_fail (EVB_IS_FILTER_BAR (self), NULL);
  return self->summary;
}
