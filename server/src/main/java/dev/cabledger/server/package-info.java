/** The CAB Ledger service: Spring Boot application and its feature packages. */
@NullMarked
package dev.cabledger.server;

import org.jspecify.annotations.NullMarked;
