package app.openup.needs.domain;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * A couple as its events made it: its partners (one or two), the open invitation if any, and
 * whether a partner has left (then it is closed for good).
 *
 * @param id null until formed
 * @param partners the current and former partners, in the order they came
 * @param leavers the partners who left or were erased
 * @param erased the partners who were erased
 */
public record Couple(
    UUID id, Set<UUID> partners, Invitation invitation, Set<UUID> leavers, Set<UUID> erased) {

  /** An open invitation for the second partner. */
  public record Invitation(UUID id, Instant expiresAt) {}

  public static final Couple NONE = new Couple(null, Set.of(), null, Set.of(), Set.of());

  public Couple {
    partners = Set.copyOf(new LinkedHashSet<>(partners));
    leavers = Set.copyOf(leavers);
    erased = Set.copyOf(erased);
  }

  /** A couple nobody was erased from. */
  public Couple(UUID id, Set<UUID> partners, Invitation invitation, Set<UUID> leavers) {
    this(id, partners, invitation, leavers, Set.of());
  }

  static Couple formed(UUID id, UUID firstPartner) {
    return new Couple(id, Set.of(firstPartner), null, Set.of());
  }

  Couple withInvitation(Invitation next) {
    return new Couple(id, partners, next, leavers, erased);
  }

  Couple withPartner(UUID partner) {
    Set<UUID> more = new LinkedHashSet<>(partners);
    more.add(partner);
    return new Couple(id, more, invitation, leavers, erased);
  }

  Couple closedBy(UUID partner) {
    Set<UUID> left = new LinkedHashSet<>(leavers);
    left.add(partner);
    return new Couple(id, partners, null, left, erased);
  }

  Couple erasing(UUID partner) {
    Set<UUID> gone = new LinkedHashSet<>(erased);
    gone.add(partner);
    return closedBy(partner).withErased(gone);
  }

  private Couple withErased(Set<UUID> gone) {
    return new Couple(id, partners, invitation, leavers, gone);
  }

  public boolean exists() {
    return id != null;
  }

  /** Closed once either partner left: no new needs, no new partners. */
  public boolean isClosed() {
    return !leavers.isEmpty();
  }

  public boolean isMember(UUID partner) {
    return partners.contains(partner);
  }

  /** The other partner of {@code partner}, or null while the couple waits for them. */
  public UUID partnerOf(UUID partner) {
    return partners.stream().filter(p -> !p.equals(partner)).findFirst().orElse(null);
  }
}
