package app.openup.eventing.quarkus;

import app.openup.eventing.projection.MarkStatements;
import app.openup.eventing.projection.Marks;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** eventing's {@link Marks} on a Hibernate Reactive session: in the projection's transaction. */
final class SessionMarks implements Marks {

  private final Mutiny.Session session;
  private final String projection;

  SessionMarks(Mutiny.Session session, String projection) {
    this.session = session;
    this.projection = projection;
  }

  @Override
  public Uni<Boolean> claimNext(String stream, long version) {
    return session
        .createNativeQuery(MarkStatements.claim(version))
        .setParameter(1, projection)
        .setParameter(2, stream)
        .setParameter(3, version)
        .executeUpdate()
        .map(count -> count == 1);
  }

  /**
   * Only when {@link #claimNext} did not claim: Hibernate keeps a plan for each execution of this
   * select, never found again (benchmarks/README.md, "The platform", step 9).
   */
  @Override
  public Uni<Locked> lock(String stream) {
    return session
        .createNativeQuery(MarkStatements.LOCK_STREAM, Object[].class)
        .setParameter(1, projection)
        .setParameter(2, stream)
        .getSingleResult()
        .map(row -> new Locked(((Number) row[0]).longValue(), ((Number) row[1]).intValue()));
  }

  @Override
  public Uni<Boolean> appliedAhead(String stream, long version) {
    return session
        .createNativeQuery(MarkStatements.APPLIED_AHEAD)
        .setParameter(1, projection)
        .setParameter(2, stream)
        .setParameter(3, version)
        .getResultList()
        .map(rows -> !rows.isEmpty());
  }

  @Override
  public Uni<Void> markAhead(String stream, long version, UUID eventId) {
    return session
        .createNativeQuery(MarkStatements.MARK_AHEAD)
        .setParameter(1, projection)
        .setParameter(2, stream)
        .setParameter(3, version)
        .setParameter(4, eventId)
        .executeUpdate()
        .replaceWithVoid();
  }

  @Override
  public Uni<List<Long>> aheadVersions(String stream) {
    return session
        .createNativeQuery(MarkStatements.AHEAD_VERSIONS)
        .setParameter(1, projection)
        .setParameter(2, stream)
        .getResultList()
        .map(
            rows -> {
              List<Long> versions = new ArrayList<>();
              rows.forEach(v -> versions.add(((Number) v).longValue()));
              return versions;
            });
  }

  @Override
  public Uni<Void> foldAhead(String stream, long upTo) {
    return session
        .createNativeQuery(MarkStatements.FOLD_AHEAD)
        .setParameter(1, projection)
        .setParameter(2, stream)
        .setParameter(3, upTo)
        .executeUpdate()
        .replaceWithVoid();
  }

  @Override
  public Uni<Void> setVersion(String stream, long version, int ahead) {
    return session
        .createNativeQuery(MarkStatements.SET_VERSION)
        .setParameter(1, projection)
        .setParameter(2, stream)
        .setParameter(3, version)
        .setParameter(4, ahead)
        .executeUpdate()
        .replaceWithVoid();
  }

  @Override
  public Uni<Void> advance(String source, long globalPosition) {
    return session
        .createNativeQuery(MarkStatements.ADVANCE)
        .setParameter(1, projection)
        .setParameter(2, source)
        .setParameter(3, globalPosition)
        .executeUpdate()
        .replaceWithVoid();
  }
}
