package app.openup.feedback.domain;

import java.util.UUID;

/**
 * A share or need as feedback-service learnt it from the owning service's topic: who wrote it, in
 * which couple.
 */
public record Target(TargetKind kind, UUID id, UUID coupleId, UUID author) {}
