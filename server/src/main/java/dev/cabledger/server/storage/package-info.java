/** The database: SQLite by default, PostgreSQL by configuration. */
@NullMarked
package dev.cabledger.server.storage;

import org.jspecify.annotations.NullMarked;
