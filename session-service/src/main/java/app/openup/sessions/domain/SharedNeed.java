package app.openup.sessions.domain;

import java.util.UUID;

/**
 * A need shared in needs-service (step 2), as this service learnt it: a session can be about it.
 */
public record SharedNeed(UUID id, UUID coupleId, Topic topic) {}
