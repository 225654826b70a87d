/**
 * CAB decisions on a change: approve, deny or approve with conditions ({@code POST
 * /api/changes/{id}/decisions}, and the source article's {@code POST /api/cab/approve}); a platform
 * admin's revocation of any approval; the scheduled expiry of approvals; and the audit schema's
 * approval queries ({@code GET /api/approvals}), each answer read from the signed entries.
 */
@NullMarked
package dev.cabledger.server.decisions;

import org.jspecify.annotations.NullMarked;
