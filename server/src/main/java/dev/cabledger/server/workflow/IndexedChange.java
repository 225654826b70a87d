package dev.cabledger.server.workflow;

import dev.cabledger.core.event.ClientId;
import java.util.Optional;

/**
 * A change as the change index ({@code change_request}) has it: enough to scope access before its
 * entries are read, and to record a gate call on a change whose entries do not verify. Never a
 * value an answer shows: those come from the signed entries.
 *
 * @param changeId the change request id
 * @param client the client the index files it under
 * @param environment the environment the index says it targets, if any
 */
public record IndexedChange(String changeId, ClientId client, Optional<String> environment) {}
