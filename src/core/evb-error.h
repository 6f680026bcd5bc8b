/* evb-error.h: the error domain of Evidence Board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EVB_ERROR (evb_error_quark ())

/**
 * EvbError:
 * @EVB_ERROR_INVALID: a value breaks the data model (unknown enum, bad grade, self link, …)
 * @EVB_ERROR_NOT_FOUND: an id that is not on the board
 * @EVB_ERROR_DUPLICATE: an id or a link that is already on the board
 * @EVB_ERROR_PARSE: input that is not well-formed (JSON syntax, UTF-8, nesting)
 * @EVB_ERROR_FORMAT: well-formed input that is not an Evidence Board document
 * @EVB_ERROR_NOT_A_BOARD: a file that is not a board file
 * @EVB_ERROR_TOO_NEW: a board or document from a newer version of the app
 * @EVB_ERROR_DAMAGED: a board file that is damaged or has been tampered with
 * @EVB_ERROR_IO: reading or writing failed
 * @EVB_ERROR_BUSY: the board is in use by another process
 * @EVB_ERROR_LIMIT: input over one of the generous limits
 * @EVB_ERROR_TRANSACTION: misuse of history transactions
 */
typedef enum
{
  EVB_ERROR_INVALID,
  EVB_ERROR_NOT_FOUND,
  EVB_ERROR_DUPLICATE,
  EVB_ERROR_PARSE,
  EVB_ERROR_FORMAT,
  EVB_ERROR_NOT_A_BOARD,
  EVB_ERROR_TOO_NEW,
  EVB_ERROR_DAMAGED,
  EVB_ERROR_IO,
  EVB_ERROR_BUSY,
  EVB_ERROR_LIMIT,
  EVB_ERROR_TRANSACTION,
} EvbError;

GQuark evb_error_quark (void);

G_END_DECLS
