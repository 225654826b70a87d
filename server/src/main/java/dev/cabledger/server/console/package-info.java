/**
 * The reviewer web console: server-rendered pages (Thymeleaf) over the same records, roles and
 * tenant scope as the API. Sign-in and the console's filter chain live in {@code identity}; the
 * decide form's endpoint in {@code decisions}, which owns the decisions' write path.
 */
@NullMarked
package dev.cabledger.server.console;

import org.jspecify.annotations.NullMarked;
