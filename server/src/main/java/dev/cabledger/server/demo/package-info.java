/** Sample data for a first look at the service (serve --demo). */
@NullMarked
package dev.cabledger.server.demo;

import org.jspecify.annotations.NullMarked;
