/**
 * Identity and access: JWT bearer authentication (an OIDC issuer, or the embedded local issuer),
 * roles, tenant scope, the authorization table and the limit on failed authentication.
 */
@NullMarked
package dev.cabledger.server.identity;

import org.jspecify.annotations.NullMarked;
