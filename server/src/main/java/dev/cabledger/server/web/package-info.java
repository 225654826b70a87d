/** HTTP concerns shared by every feature: RFC 9457 problem responses. */
@NullMarked
package dev.cabledger.server.web;

import org.jspecify.annotations.NullMarked;
