/* evb-core.h: everything of the core in one include
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-attachment.h"
#include "evb-board.h"
#include "evb-date.h"
#include "evb-document.h"
#include "evb-editing.h"
#include "evb-error.h"
#include "evb-group.h"
#include "evb-json.h"
#include "evb-layout.h"
#include "evb-link.h"
#include "evb-node.h"
#include "evb-selection.h"
#include "evb-store.h"
#include "evb-store-blobs.h"
#include "evb-types.h"
