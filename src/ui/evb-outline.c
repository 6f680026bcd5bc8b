/* evb-outline.c: the board as a list, for the keyboard and screen readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The canvas draws cards; GTK 4.8 cannot expose drawn things to a screen
 * reader, so this list is how a listener (and a keyboard) reaches every
 * card and link, through standard widgets that GTK already makes
 * accessible.
 *
 * The rows are items of a GListStore inside a GtkTreeListModel; only the
 * rows on screen have widgets. The items are rebuilt from the board in an
 * idle after a change that shows in a row (a card's title, kind or grades;
 * any link; a card added or removed): moving cards around, which the board
 * reports a great deal, changes nothing here and costs a string compare.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-assessment.h"
#include "evb-editing.h"
#include "evb-outline.h"

/* How long a pause ends a type-ahead word. */
#define TYPE_AHEAD_RESET_US (G_USEC_PER_SEC)

/* EvbOutlineItem: one row */

typedef enum
{
  ITEM_CARD,
  ITEM_LINK,
  ITEM_GROUP,
} ItemKind;

#define EVB_TYPE_OUTLINE_ITEM (evb_outline_item_get_type ())
G_DECLARE_FINAL_TYPE (EvbOutlineItem, evb_outline_item, EVB, OUTLINE_ITEM, GObject)

struct _EvbOutlineItem
{
  GObject     parent_instance;

  ItemKind    kind;
  char       *id;        /* the card's or the link's */
  char       *node_id;   /* the card the row names: for a link, where it comes from;
                          * for a group, its first card */
  char       *title;
  char       *detail;
  char       *label;     /* what a screen reader says */
  GListStore *children;  /* a claim's links; NULL otherwise */
};

enum
{
  ITEM_PROP_0,
  ITEM_PROP_LABEL,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

G_DEFINE_FINAL_TYPE (EvbOutlineItem, evb_outline_item, G_TYPE_OBJECT)

static void
evb_outline_item_finalize (GObject *object)
{
  EvbOutlineItem *self = EVB_OUTLINE_ITEM (object);

  g_free (self->id);
  g_free (self->node_id);
  g_free (self->title);
  g_free (self->detail);
  g_free (self->label);
  g_clear_object (&self->children);
  G_OBJECT_CLASS (evb_outline_item_parent_class)->finalize (object);
}

static void
evb_outline_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EvbOutlineItem *self = EVB_OUTLINE_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_outline_item_class_init (EvbOutlineItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = evb_outline_item_finalize;
  object_class->get_property = evb_outline_item_get_property;
  item_properties[ITEM_PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
evb_outline_item_init (EvbOutlineItem *self)
{
}

/* EvbOutline */

struct _EvbOutline
{
  GtkWidget          parent_instance;

  EvbBoard          *board;
  EvbSelection      *selection;
  EvbAssessment     *assessment;
  GSignalGroup      *board_signals;
  GSignalGroup      *selection_signals;

  /* What each card's row shows, to tell a move from a change worth a
   * rebuild: node id → key. */
  GHashTable        *keys;
  /* The cards a filter lets through, when it hides the others: node id →
   * itself (owned), NULL = every card. */
  GHashTable        *scope;
  guint              rebuild_idle;
  gboolean           dirty;      /* the rows are older than the board: hidden meanwhile */
  guint              n_rebuilds; /* for tests */
  guint              focus_idle;
  gboolean           refocus;    /* the list had the focus before a rebuild took it */

  GListStore        *roots;
  GtkTreeListModel  *tree;
  GtkSingleSelection *rows;
  GtkWidget         *menu;

  GString           *typed;
  gint64             typed_at;

  /* Template widgets */
  GtkWidget         *scrolled;
  GtkListView       *list_view;
  GMenuModel        *card_menu;
  GMenuModel        *link_menu;
};

enum
{
  ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EvbOutline, evb_outline, GTK_TYPE_WIDGET)

/* Helpers */

static const char *
kind_label (EvbNode *node)
{
  if (evb_node_get_kind (node) == EVB_NODE_KIND_CLAIM)
    return evb_node_kind_get_label (EVB_NODE_KIND_CLAIM);
  return evb_evidence_type_get_label (evb_node_get_evidence_type (node));
}

/* "B2", or NULL when the card is not graded. */
static char *
dup_grade_code (const EvbNodeData *data)
{
  if (data->reliability == '\0' && data->credibility == 0)
    return NULL;
  return g_strdup_printf ("%c%c", data->reliability != '\0' ? data->reliability : '-',
                          data->credibility != 0 ? '0' + data->credibility : '-');
}

/* The grades in words, a whole sentence, or an empty string. */
static char *
dup_grade_sentence (const EvbNodeData *data)
{
  const char *reliability = evb_reliability_get_label (data->reliability);
  const char *credibility = evb_credibility_get_label (data->credibility);

  if (reliability == NULL && credibility == NULL)
    return g_strdup ("");
  /* Translators: a card's Admiralty grade said by a screen reader, e.g.
   * "Source: usually reliable. Information: probably true." */
  return g_strdup_printf (_(" Source: %s. Information: %s."),
                          reliability != NULL ? reliability : _("not graded"),
                          credibility != NULL ? credibility : _("not graded"));
}

static char *
dup_node_key (EvbNode *node)
{
  const EvbNodeData *data = evb_node_get_data (node);

  return g_strdup_printf ("%d\x1f%d\x1f%c\x1f%d\x1f%s", data->kind, data->evidence_type,
                          data->reliability ? data->reliability : ' ', data->credibility, data->title);
}

static EvbOutlineItem *
make_link_item (EvbBoard *board,
                EvbLink  *link)
{
  EvbOutlineItem *item = g_object_new (EVB_TYPE_OUTLINE_ITEM, NULL);
  EvbNode *from = evb_board_get_node (board, evb_link_get_from (link));
  EvbNode *to = evb_board_get_node (board, evb_link_get_to (link));
  g_autofree char *code = dup_grade_code (evb_node_get_data (from));
  g_autofree char *grades = dup_grade_sentence (evb_node_get_data (from));
  const char *strength = evb_strength_get_label (evb_link_get_strength (link));
  g_autofree char *sentence = NULL;

  item->kind = ITEM_LINK;
  item->id = g_strdup (evb_link_get_id (link));
  item->node_id = g_strdup (evb_link_get_from (link));
  item->title = g_strdup (evb_node_get_title (from));
  if (evb_link_get_relation (link) == EVB_RELATION_SUPPORTS)
    /* Translators: a link for a screen reader: "<card> supports <claim>" */
    sentence = g_strdup_printf (_("%s supports %s"), evb_node_get_title (from), evb_node_get_title (to));
  else
    /* Translators: a link for a screen reader: "<card> refutes <claim>" */
    sentence = g_strdup_printf (_("%s refutes %s"), evb_node_get_title (from), evb_node_get_title (to));
  /* Translators: a link's row in the outline: relation · strength · card kind, e.g.
   * "Supports · Strong · Video" */
  item->detail = g_strdup_printf (_("%s · %s · %s"), evb_relation_get_label (evb_link_get_relation (link)),
                                  strength, kind_label (from));
  if (code != NULL)
    {
      g_autofree char *detail = g_steal_pointer (&item->detail);

      item->detail = g_strdup_printf ("%s · %s", detail, code);
    }
  /* Translators: what a screen reader says of a link: the sentence "<card>
   * supports <claim>", the strength, the card's kind, then its grades */
  item->label = g_strdup_printf (_("%s. Strength: %s. %s.%s"), sentence, strength, kind_label (from), grades);
  return item;
}

static char *
dup_assessment_text (EvbAssessment *assessment,
                     EvbNode       *claim)
{
  const EvbClaimAssessment *assessed = NULL;

  if (assessment != NULL)
    assessed = evb_assessment_get (assessment, evb_node_get_id (claim));
  if (assessed == NULL || !assessed->assessed)
    return g_strdup (_("Not assessed"));
  /* Translators: a claim's assessment, e.g. "likely (70 %). Confidence: moderate".
   * ICD 203: the likelihood and the confidence are never one sentence. */
  return g_strdup_printf (_("%s (%.0f %%). Confidence: %s"), evb_likelihood_get_label (assessed->likelihood),
                          assessed->probability * 100, evb_confidence_get_label (assessed->confidence));
}

static EvbOutlineItem *
make_card_item (EvbOutline *self,
                EvbNode    *node,
                GPtrArray  *incoming)
{
  EvbOutlineItem *item = g_object_new (EVB_TYPE_OUTLINE_ITEM, NULL);
  const EvbNodeData *data = evb_node_get_data (node);
  g_autofree char *grades = dup_grade_sentence (data);
  g_autofree char *code = dup_grade_code (data);
  g_autofree char *count = NULL;

  item->kind = ITEM_CARD;
  item->id = g_strdup (evb_node_get_id (node));
  item->node_id = g_strdup (item->id);
  item->title = g_strdup (evb_node_get_title (node));
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u link", "%u links", evb_node_get_links (node)->len),
                           evb_node_get_links (node)->len);

  if (evb_node_get_kind (node) == EVB_NODE_KIND_CLAIM)
    {
      g_autofree char *assessment = dup_assessment_text (self->assessment, node);

      item->detail = g_strdup_printf ("%s · %s · %s", kind_label (node), assessment, count);
      /* Translators: what a screen reader says of a claim: "Claim: <title>.
       * <assessment>. <n links>." */
      item->label = g_strdup_printf (_("%s: %s. %s. %s."), kind_label (node), item->title, assessment, count);
    }
  else
    {
      item->detail = g_strdup_printf ("%s · %s%s%s", kind_label (node), count, code ? " · " : "",
                                      code ? code : "");
      /* Translators: what a screen reader says of a card: "Video: <title>.
       * <n links>." then the grades */
      item->label = g_strdup_printf (_("%s: %s. %s.%s"), kind_label (node), item->title, count, grades);
    }

  /* The group a card is in, said after the rest. */
  {
    EvbGroup *group = evb_board_get_node_group (self->board, item->id);

    if (group != NULL && evb_group_get_label (group)[0] != '\0')
      {
        g_autofree char *detail = g_steal_pointer (&item->detail);
        g_autofree char *label = g_steal_pointer (&item->label);
        g_autofree char *in_group = NULL;

        item->detail = g_strdup_printf ("%s · %s", detail, evb_group_get_label (group));
        /* Translators: said after a card by a screen reader; %s is the
         * label of the group the card is in */
        in_group = g_strdup_printf (_("In the group “%s”."), evb_group_get_label (group));
        item->label = g_strdup_printf ("%s %s", label, in_group);
      }
  }

  if (incoming != NULL && incoming->len > 0)
    {
      item->children = g_list_store_new (EVB_TYPE_OUTLINE_ITEM);
      for (guint i = 0; i < incoming->len; i++)
        {
          g_autoptr(EvbOutlineItem) child = make_link_item (self->board, g_ptr_array_index (incoming, i));

          g_list_store_append (item->children, child);
        }
    }
  return item;
}

/* "Group: <label>" with its number of cards: activating the row selects
 * them, as a click on the group's label does on the canvas. */
static EvbOutlineItem *
make_group_item (EvbGroup *group)
{
  EvbOutlineItem *item = g_object_new (EVB_TYPE_OUTLINE_ITEM, NULL);
  guint n = evb_group_get_n_nodes (group);

  item->kind = ITEM_GROUP;
  item->id = g_strdup (evb_group_get_id (group));
  item->node_id = g_strdup (evb_group_get_nodes (group)[0]);
  /* Translators: an outline row for a group of cards; %s is its label */
  item->title = g_strdup_printf (_("Group: %s"), evb_group_get_label (group));
  item->detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u card", "%u cards", n), n);
  /* Translators: what a screen reader says of a group's row in the
   * outline: "Group: <label> — 3 cards" */
  item->label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Group: %s — %u card", "Group: %s — %u cards", n),
                                 evb_group_get_label (group), n);
  return item;
}

/* Whether a filter shows any of the group's cards. */
static gboolean
group_in_scope (EvbOutline *self,
                EvbGroup   *group)
{
  const char * const *nodes = evb_group_get_nodes (group);

  if (self->scope == NULL)
    return TRUE;
  for (guint i = 0; nodes[i] != NULL; i++)
    if (g_hash_table_contains (self->scope, nodes[i]))
      return TRUE;
  return FALSE;
}

static gboolean
has_no_links (EvbNode *node)
{
  return evb_node_get_links (node)->len == 0;
}

/* GTK 4.8 has no call to put the list's focus on a row: once the row is
 * scrolled into view and has a widget, that widget takes the focus (the
 * list follows its focused child), so Enter and the arrows go on from
 * there. */
/* Every card this one links to is hidden by the filter: nothing above
 * lists it, so it is listed at the top. */
static gboolean
links_leave_scope (EvbOutline *self,
                   EvbNode    *node)
{
  GPtrArray *links = evb_node_get_links (node);

  if (self->scope == NULL)
    return FALSE;
  for (guint i = 0; i < links->len; i++)
    if (g_str_equal (evb_link_get_from (g_ptr_array_index (links, i)), evb_node_get_id (node)) &&
        g_hash_table_contains (self->scope, evb_link_get_to (g_ptr_array_index (links, i))))
      return FALSE;
  return TRUE;
}

static gboolean
list_has_focus (EvbOutline *self)
{
  return gtk_widget_has_focus (GTK_WIDGET (self->list_view)) ||
         gtk_widget_get_focus_child (GTK_WIDGET (self->list_view)) != NULL;
}

static gboolean
focus_selected_row (EvbOutline *self,
                    gboolean    force)
{
  guint position = gtk_single_selection_get_selected (self->rows);

  if (!force && !list_has_focus (self))
    return TRUE;   /* the person is elsewhere: leave the focus there */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_view)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *expander = gtk_widget_get_first_child (row);
      GtkTreeListRow *list_row;

      if (!GTK_IS_TREE_EXPANDER (expander) ||
          (list_row = gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (expander))) == NULL)
        continue;
      if (gtk_tree_list_row_get_position (list_row) == position)
        return gtk_widget_grab_focus (row);
    }
  return FALSE;
}

static gboolean
focus_selected_idle_cb (gpointer user_data)
{
  EvbOutline *self = user_data;

  self->focus_idle = 0;
  focus_selected_row (self, self->refocus);
  self->refocus = FALSE;
  return G_SOURCE_REMOVE;
}

static void
select_position (EvbOutline *self,
                 guint       position,
                 gboolean    refocus)
{
  gtk_single_selection_set_selected (self->rows, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  self->refocus = refocus;
  /* A row far away has no widget until the list has scrolled to it. */
  if (!focus_selected_row (self, refocus) && self->focus_idle == 0)
    self->focus_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE + 20, focus_selected_idle_cb, self, NULL);
}

/* Claims first, each with the links into it; then the other cards that
 * something links to, and the cards linked to nothing; then the groups. */
static void
rebuild (EvbOutline *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) incoming = NULL;
  g_autofree char *selected_id = NULL;
  EvbOutlineItem *selected = gtk_single_selection_get_selected_item (self->rows) != NULL
    ? gtk_tree_list_row_get_item (gtk_single_selection_get_selected_item (self->rows)) : NULL;
  GPtrArray *nodes, *links;

  /* Replacing the rows destroys the focused row's widget; the focus
   * comes back to the same item afterwards. */
  gboolean had_focus = list_has_focus (self);

  self->dirty = FALSE;
  self->n_rebuilds++;

  if (selected != NULL)
    {
      selected_id = g_strdup (selected->id);
      g_object_unref (selected);
    }
  g_hash_table_remove_all (self->keys);
  if (self->board != NULL)
    {
      incoming = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
      nodes = evb_board_get_nodes (self->board);
      links = evb_board_get_links (self->board);
      for (guint i = 0; i < links->len; i++)
        {
          EvbLink *link = g_ptr_array_index (links, i);
          GPtrArray *into = g_hash_table_lookup (incoming, evb_link_get_to (link));

          /* A filter that hides cards hides the links from them too. */
          if (self->scope != NULL && !g_hash_table_contains (self->scope, evb_link_get_from (link)))
            continue;
          if (into == NULL)
            g_hash_table_insert (incoming, (gpointer) evb_link_get_to (link), into = g_ptr_array_new ());
          g_ptr_array_add (into, link);
        }
      for (int pass = 0; pass < 2; pass++)
        for (guint i = 0; i < nodes->len; i++)
          {
            EvbNode *node = g_ptr_array_index (nodes, i);
            GPtrArray *into = g_hash_table_lookup (incoming, evb_node_get_id (node));
            gboolean claim = evb_node_get_kind (node) == EVB_NODE_KIND_CLAIM;

            if (pass == 0)
              g_hash_table_insert (self->keys, g_strdup (evb_node_get_id (node)), dup_node_key (node));
            if (self->scope != NULL && !g_hash_table_contains (self->scope, evb_node_get_id (node)))
              continue;
            if ((pass == 0 && claim) ||
                (pass == 1 && !claim && (into != NULL || has_no_links (node) || links_leave_scope (self, node))))
              g_ptr_array_add (items, make_card_item (self, node, into));
          }
      for (guint i = 0; i < evb_board_get_n_groups (self->board); i++)
        {
          EvbGroup *group = g_ptr_array_index (evb_board_get_groups (self->board), i);

          if (group_in_scope (self, group))
            g_ptr_array_add (items, make_group_item (group));
        }
    }
  g_list_store_splice (self->roots, 0, g_list_model_get_n_items (G_LIST_MODEL (self->roots)), items->pdata,
                       items->len);

  if (selected_id != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);
          g_autoptr(EvbOutlineItem) item = gtk_tree_list_row_get_item (row);

          if (g_str_equal (item->id, selected_id))
            {
              select_position (self, i, had_focus);
              return;
            }
        }
    }
  if (had_focus && !list_has_focus (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static gboolean
rebuild_idle_cb (gpointer user_data)
{
  EvbOutline *self = user_data;

  self->rebuild_idle = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Only an outline on screen follows the board at once: rebuilding the
 * rows of a board of 100,000 cards takes seconds, which a hidden list
 * (the outline is hidden until asked for) would spend after every edit.
 * It catches up when shown (evb_outline_map()) or read. */
static void
queue_rebuild (EvbOutline *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      g_clear_handle_id (&self->rebuild_idle, g_source_remove);
      self->dirty = TRUE;
      return;
    }
  if (self->rebuild_idle == 0)
    self->rebuild_idle = g_idle_add_full (G_PRIORITY_LOW, rebuild_idle_cb, self, NULL);
}

static void
catch_up (EvbOutline *self)
{
  if (self->dirty)
    rebuild (self);
}

/* The item of the focused (selected) row, or NULL. */
static EvbOutlineItem *
get_current_item (EvbOutline *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->rows);
  g_autoptr(EvbOutlineItem) item = NULL;

  if (row == NULL)
    return NULL;
  item = gtk_tree_list_row_get_item (row);
  return item;   /* the model keeps it */
}

/* Selects the current row's card or link on the board. */
static EvbOutlineItem *
select_current (EvbOutline *self)
{
  EvbOutlineItem *item = get_current_item (self);

  if (item == NULL || self->selection == NULL)
    return NULL;
  if (item->kind == ITEM_GROUP)
    {
      EvbGroup *group = self->board != NULL ? evb_board_get_group (self->board, item->id) : NULL;

      if (group == NULL)
        return NULL;
      evb_selection_set (self->selection, evb_group_get_nodes (group));
    }
  else
    evb_selection_select (self->selection, item->id, FALSE);
  g_signal_emit (self, signals[ACTIVATED], 0, item->node_id);
  return item;
}

static void
popup_menu (EvbOutline *self,
            double      x,
            double      y)
{
  EvbOutlineItem *item = get_current_item (self);
  GdkRectangle at = { x, y, 1, 1 };

  /* A group's commands are in the canvas's context menu. */
  if (item == NULL || item->kind == ITEM_GROUP)
    return;
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu),
                                   item->kind == ITEM_LINK ? self->link_menu : self->card_menu);
  if (x < 0)
    {
      /* From the keyboard: beside the focused row. */
      GtkWidget *focus = gtk_widget_get_focus_child (GTK_WIDGET (self->list_view));
      graphene_point_t point;

      if (focus == NULL || !gtk_widget_compute_point (focus, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (24, 12),
                                                      &point))
        point = GRAPHENE_POINT_INIT (24, 12);
      at.x = point.x;
      at.y = point.y;
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &at);
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

/* Type-ahead: the next row whose title starts with what was typed. */
static gboolean
type_ahead (EvbOutline *self,
            gunichar    c)
{
  gint64 now = g_get_monotonic_time ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint start = gtk_single_selection_get_selected (self->rows);
  g_autofree char *prefix = NULL;
  char utf8[7] = { 0 };

  if (now - self->typed_at > TYPE_AHEAD_RESET_US)
    g_string_truncate (self->typed, 0);
  self->typed_at = now;
  g_unichar_to_utf8 (c, utf8);
  g_string_append (self->typed, utf8);
  prefix = g_utf8_casefold (self->typed->str, -1);

  if (start == GTK_INVALID_LIST_POSITION)
    start = 0;
  else if (g_utf8_strlen (self->typed->str, -1) == 1)
    start++;   /* the same letter again: the next row with it */
  for (guint k = 0; k < n; k++)
    {
      guint i = (start + k) % n;
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);
      g_autoptr(EvbOutlineItem) item = gtk_tree_list_row_get_item (row);
      g_autofree char *title = g_utf8_casefold (item->title, -1);

      if (g_str_has_prefix (title, prefix))
        {
          select_position (self, i, FALSE);
          return TRUE;
        }
    }
  gtk_widget_error_bell (GTK_WIDGET (self));
  return TRUE;
}

/* Signal callbacks */

static void
node_changed_cb (EvbOutline *self,
                 EvbNode    *node)
{
  g_autofree char *key = dup_node_key (node);
  const char *known = g_hash_table_lookup (self->keys, evb_node_get_id (node));

  if (known == NULL || !g_str_equal (known, key))
    queue_rebuild (self);
}

static void
board_selection_changed_cb (EvbOutline *self)
{
  GPtrArray *nodes, *links;
  const char *id = NULL;
  EvbOutlineItem *current = get_current_item (self);
  guint n;

  /* Follow the board's selection when it is one thing and the list is
   * not already on it. */
  nodes = evb_selection_get_nodes (self->selection);
  links = evb_selection_get_links (self->selection);
  if (nodes->len + links->len != 1)
    return;
  id = nodes->len == 1 ? g_ptr_array_index (nodes, 0) : g_ptr_array_index (links, 0);
  if (current != NULL && g_str_equal (current->id, id))
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);
      g_autoptr(EvbOutlineItem) item = gtk_tree_list_row_get_item (row);

      if (g_str_equal (item->id, id))
        {
          select_position (self, i, FALSE);
          return;
        }
    }
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  EvbOutlineItem *outline_item = item;

  return outline_item->children != NULL ? g_object_ref (G_LIST_MODEL (outline_item->children)) : NULL;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              EvbOutline               *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             EvbOutline               *self)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  g_autoptr(EvbOutlineItem) item = gtk_tree_list_row_get_item (row);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (title);
  GtkWidget *row_widget = gtk_widget_get_parent (expander);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_text (GTK_LABEL (title), item->title);
  gtk_label_set_text (GTK_LABEL (detail), item->detail);
  if (item->kind != ITEM_LINK)
    gtk_widget_add_css_class (title, "heading");
  else
    gtk_widget_remove_css_class (title, "heading");
  /* The row is what takes the focus: it says the whole sentence. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL, item->label, -1);
  if (row_widget != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row_widget), GTK_ACCESSIBLE_PROPERTY_LABEL, item->label, -1);
}

static void
activate_cb (EvbOutline *self,
             guint       position)
{
  gtk_single_selection_set_selected (self->rows, position);
  select_current (self);
}

static gboolean
key_pressed_cb (EvbOutline      *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  gunichar c = gdk_keyval_to_unicode (keyval);

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;
  if (c != 0 && g_unichar_isgraph (c))
    return type_ahead (self, c);
  if (c == ' ' && self->typed->len > 0 && g_get_monotonic_time () - self->typed_at < TYPE_AHEAD_RESET_US)
    return type_ahead (self, c);
  return FALSE;
}

static void
right_click_cb (EvbOutline *self,
                int         n_press,
                double      x,
                double      y,
                GtkGesture *gesture)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);

  for (; picked != NULL && picked != GTK_WIDGET (self); picked = gtk_widget_get_parent (picked))
    if (GTK_IS_TREE_EXPANDER (picked))
      {
        GtkTreeListRow *row = gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (picked));

        if (row != NULL)
          gtk_single_selection_set_selected (self->rows, gtk_tree_list_row_get_position (row));
        popup_menu (self, x, y);
        gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
        return;
      }
}

/* Actions: each works on the focused row. */

static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  select_current (EVB_OUTLINE (widget));
}

static void
window_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EvbOutline *self = EVB_OUTLINE (widget);
  EvbOutlineItem *item = select_current (self);
  const char *win_action = strchr (action_name, '.') + 1;
  g_autofree char *name = g_strconcat ("win.", win_action, NULL);

  if (item == NULL)
    return;
  if (item->kind == ITEM_GROUP)
    {
      /* F2 renames the group; deleting or linking every card of a group
       * from its row would be a surprise. */
      if (g_str_equal (win_action, "edit-title"))
        gtk_widget_activate_action (widget, "win.rename-group", NULL);
      return;
    }
  if (g_str_equal (win_action, "edit-title") && item->kind == ITEM_LINK)
    evb_selection_select (self->selection, item->node_id, FALSE);
  gtk_widget_activate_action (widget, name, NULL);
}

static void
set_relation_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EvbOutline *self = EVB_OUTLINE (widget);
  EvbOutlineItem *item = get_current_item (self);
  EvbRelation relation = EVB_RELATION_SUPPORTS;
  g_autoptr(EvbLinkData) data = NULL;
  g_autoptr(GError) error = NULL;
  EvbLink *link;

  if (item == NULL || item->kind != ITEM_LINK || self->board == NULL ||
      (link = evb_board_get_link (self->board, item->id)) == NULL)
    return;
  evb_relation_from_string (g_variant_get_string (parameter, NULL), &relation);
  data = evb_link_dup_data (link);
  data->relation = relation;
  if (!evb_editing_update_link (self->board, _("Change Relation"), NULL, data, &error))
    g_warning ("%s", error->message);
}

static void
menu_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  popup_menu (EVB_OUTLINE (widget), -1, -1);
}

/* GObject and GtkWidget */

static void
evb_outline_dispose (GObject *object)
{
  EvbOutline *self = EVB_OUTLINE (object);

  evb_outline_set_board (self, NULL, NULL, NULL);
  g_clear_handle_id (&self->rebuild_idle, g_source_remove);
  g_clear_handle_id (&self->focus_idle, g_source_remove);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_object (&self->board_signals);
  g_clear_object (&self->selection_signals);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->scope, g_hash_table_unref);
  if (self->typed != NULL)
    {
      g_string_free (self->typed, TRUE);
      self->typed = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), EVB_TYPE_OUTLINE);
  G_OBJECT_CLASS (evb_outline_parent_class)->dispose (object);
}

static void
evb_outline_map (GtkWidget *widget)
{
  EvbOutline *self = EVB_OUTLINE (widget);

  GTK_WIDGET_CLASS (evb_outline_parent_class)->map (widget);
  if (self->roots != NULL)
    catch_up (self);
}

static void
evb_outline_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  EvbOutline *self = EVB_OUTLINE (widget);

  GTK_WIDGET_CLASS (evb_outline_parent_class)->size_allocate (widget, width, height, baseline);
  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static gboolean
evb_outline_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (EVB_OUTLINE (widget)->list_view));
}

static void
evb_outline_class_init (EvbOutlineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = evb_outline_dispose;
  widget_class->map = evb_outline_map;
  widget_class->size_allocate = evb_outline_size_allocate;
  widget_class->grab_focus = evb_outline_grab_focus;

  /**
   * EvbOutline::activated:
   * @node_id: the card the row names (for a link, where it comes from)
   *
   * A row was chosen (Enter): its card or link is now the board's
   * selection; the window shows it.
   */
  signals[ACTIVATED] = g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/evidenceboard/EvidenceBoard/evb-outline.ui");
  gtk_widget_class_bind_template_child (widget_class, EvbOutline, scrolled);
  gtk_widget_class_bind_template_child (widget_class, EvbOutline, list_view);
  gtk_widget_class_bind_template_child (widget_class, EvbOutline, card_menu);
  gtk_widget_class_bind_template_child (widget_class, EvbOutline, link_menu);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "outline");

  gtk_widget_class_install_action (widget_class, "outline.select", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "outline.delete", NULL, window_action);
  gtk_widget_class_install_action (widget_class, "outline.edit-title", NULL, window_action);
  gtk_widget_class_install_action (widget_class, "outline.link-to", NULL, window_action);
  gtk_widget_class_install_action (widget_class, "outline.set-relation", "s", set_relation_action);
  gtk_widget_class_install_action (widget_class, "outline.menu", NULL, menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "outline.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "outline.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "outline.edit-title", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "outline.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "outline.menu", NULL);
}

static void
evb_outline_init (EvbOutline *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->typed = g_string_new (NULL);
  self->roots = g_list_store_new (EVB_TYPE_OUTLINE_ITEM);
  self->tree = gtk_tree_list_model_new (G_LIST_MODEL (self->roots), FALSE, TRUE, create_children_cb, NULL,
                                        NULL);
  self->rows = gtk_single_selection_new (G_LIST_MODEL (self->tree));
  gtk_single_selection_set_autoselect (self->rows, FALSE);
  gtk_single_selection_set_can_unselect (self->rows, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->rows));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (right_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  self->menu = gtk_popover_menu_new_from_model (self->card_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));

  self->board_signals = g_signal_group_new (EVB_TYPE_BOARD);
  g_signal_group_connect_swapped (self->board_signals, "node-added", G_CALLBACK (queue_rebuild), self);
  g_signal_group_connect_swapped (self->board_signals, "node-removed", G_CALLBACK (queue_rebuild), self);
  g_signal_group_connect_swapped (self->board_signals, "node-changed", G_CALLBACK (node_changed_cb), self);
  g_signal_group_connect_swapped (self->board_signals, "link-added", G_CALLBACK (queue_rebuild), self);
  g_signal_group_connect_swapped (self->board_signals, "link-removed", G_CALLBACK (queue_rebuild), self);
  g_signal_group_connect_swapped (self->board_signals, "link-changed", G_CALLBACK (queue_rebuild), self);
  g_signal_group_connect_swapped (self->board_signals, "group-added", G_CALLBACK (queue_rebuild), self);
  g_signal_group_connect_swapped (self->board_signals, "group-removed", G_CALLBACK (queue_rebuild), self);
  g_signal_group_connect_swapped (self->board_signals, "group-changed", G_CALLBACK (queue_rebuild), self);
  self->selection_signals = g_signal_group_new (EVB_TYPE_SELECTION);
  g_signal_group_connect_swapped (self->selection_signals, "changed", G_CALLBACK (board_selection_changed_cb),
                                  self);
}

/* Public API */

GtkWidget *
evb_outline_new (void)
{
  return g_object_new (EVB_TYPE_OUTLINE, NULL);
}

void
evb_outline_set_board (EvbOutline    *self,
                       EvbBoard      *board,
                       EvbSelection  *selection,
                       EvbAssessment *assessment)
{
  g_return_if_fail (EVB_IS_OUTLINE (self));
  g_return_if_fail (board == NULL || EVB_IS_BOARD (board));
  g_return_if_fail (selection == NULL || EVB_IS_SELECTION (selection));
  g_return_if_fail (assessment == NULL || EVB_IS_ASSESSMENT (assessment));

  if (self->board == board && self->selection == selection && self->assessment == assessment)
    return;
  /* The session's one assessment, as the cards and the inspector show. */
  g_set_object (&self->assessment, assessment);
  g_set_object (&self->board, board);
  g_set_object (&self->selection, selection);
  if (self->board_signals != NULL)
    g_signal_group_set_target (self->board_signals, board);
  if (self->selection_signals != NULL)
    g_signal_group_set_target (self->selection_signals, selection);
  g_clear_handle_id (&self->rebuild_idle, g_source_remove);
  if (self->roots != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild (self);
  else
    self->dirty = TRUE;
}

void
evb_outline_focus (EvbOutline *self)
{
  g_return_if_fail (EVB_IS_OUTLINE (self));

  catch_up (self);
  if (gtk_single_selection_get_selected (self->rows) == GTK_INVALID_LIST_POSITION &&
      g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0)
    gtk_single_selection_set_selected (self->rows, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

guint
_evb_outline_get_n_rebuilds (EvbOutline *self)
{
  return self->n_rebuilds;
}

GListModel *
evb_outline_get_list_model (EvbOutline *self)
{
  g_return_val_if_fail (EVB_IS_OUTLINE (self), NULL);

  catch_up (self);
  return G_LIST_MODEL (self->rows);
}

void
evb_outline_set_scope (EvbOutline *self,
                       GHashTable *ids)
{
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (EVB_IS_OUTLINE (self));

  if (self->scope == NULL && ids == NULL)
    return;
  g_clear_pointer (&self->scope, g_hash_table_unref);
  if (ids != NULL)
    {
      self->scope = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_iter_init (&iter, ids);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (self->scope, g_strdup (key));
    }
  queue_rebuild (self);
}
