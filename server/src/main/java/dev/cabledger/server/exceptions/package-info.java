/**
 * Security exceptions: a pipeline asks for one on a change ({@code POST /api/exceptions}, {@code
 * EXCEPTION_REQUESTED}), a security reviewer other than the change's and the exception's requesters
 * approves or denies it ({@code POST /api/exceptions/{id}/decisions}, {@code EXCEPTION_APPROVED} or
 * {@code EXCEPTION_DENIED}), and anyone in the client's scope reads it with its decisions and the
 * state the policy gives it ({@code GET /api/exceptions/{id}}).
 */
@NullMarked
package dev.cabledger.server.exceptions;

import org.jspecify.annotations.NullMarked;
