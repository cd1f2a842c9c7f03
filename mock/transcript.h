/*
 * transcript.h - the journal as canonical text: every exchange with
 * nothing that changes from run to run (no wall-clock time, no port, no
 * client header), so two runs of the same requests give the same bytes
 * (golden files, diffs).
 *
 * Transcript form, per request (numbered from 1 in the output):
 *   ### 1 2026-01-01T00:00:00Z sessionsCreate [create-501: step 1 (...)]
 *   > POST /api/sessions
 *   > Prefer: code=501            (only headers that change the answer)
 *   >
 *   > {"path": "a.ipynb", ...}
 *   < 201 Created
 *   < Content-Type: application/json
 *   < Location: /api/sessions/...
 *   <
 *   < {"id": ...}
 */
#ifndef TRANSCRIPT_H
#define TRANSCRIPT_H

#include "buf.h"
#include "journal.h"
#include "journal_view.h"

/* Appends the transcript of the entries passing f (NULL: all). */
void transcript_write(struct journal *j, const struct journal_filter *f,
		      struct buf *out);

#endif
