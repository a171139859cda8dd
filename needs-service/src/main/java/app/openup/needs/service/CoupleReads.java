package app.openup.needs.service;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.projection.NotCaughtUp;
import app.openup.eventing.quarkus.StoreProjections;
import app.openup.needs.domain.Couple;
import app.openup.needs.messaging.NeedsReadModel;
import app.openup.needs.repository.CoupleMemberRow;
import app.openup.needs.repository.CoupleRow;
import app.openup.support.command.NotFound;
import app.openup.support.rest.Cursors;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A partner's couples, read from the read model (after their own writes, given a token). */
@ApplicationScoped
public class CoupleReads {

  private final StoreProjections projections;

  public CoupleReads(StoreProjections projections) {
    this.projections = projections;
  }

  /** A couple the reader is (or was) a partner of, with its version; otherwise {@link NotFound}. */
  public Uni<CoupleService.CoupleState> get(
      UUID reader, UUID coupleId, Optional<ConsistencyToken> token) {
    return NotCaughtUp.unlessReached(projections.await(NeedsReadModel.NAME, token))
        .chain(
            () ->
                projections
                    .activeVersion(NeedsReadModel.NAME)
                    .chain(version -> Panache.withSession(() -> load(coupleId, version))))
        .map(
            state -> {
              if (state == null || !state.couple().isMember(reader)) {
                throw new NotFound("Couple");
              }
              return state;
            });
  }

  /** The reader's couples, the one they came to last first, a page at a time. */
  public Uni<NeedViews.Page<CoupleService.CoupleState>> list(
      UUID reader, String cursor, int limit, Optional<ConsistencyToken> token) {
    String after = Cursors.read(cursor);
    long before = after == null ? Long.MAX_VALUE : parse(after);
    return NotCaughtUp.unlessReached(projections.await(NeedsReadModel.NAME, token))
        .chain(
            () ->
                projections
                    .activeVersion(NeedsReadModel.NAME)
                    .chain(
                        version ->
                            Panache.withSession(
                                () ->
                                    CoupleMemberRow.<CoupleMemberRow>find(
                                            "partnerId = ?1 and version = ?2 and sincePosition < ?3"
                                                + " order by sincePosition desc",
                                            reader,
                                            version,
                                            before)
                                        .range(0, limit)
                                        .list()
                                        .chain(rows -> page(rows, version, limit)))));
  }

  private Uni<NeedViews.Page<CoupleService.CoupleState>> page(
      List<CoupleMemberRow> rows, int version, int limit) {
    List<CoupleMemberRow> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
    Uni<List<CoupleService.CoupleState>> couples = Uni.createFrom().item(new ArrayList<>());
    for (CoupleMemberRow row : shown) {
      couples =
          couples.chain(
              list ->
                  load(row.coupleId, version)
                      .map(
                          state -> {
                            if (state != null) {
                              list.add(state);
                            }
                            return list;
                          }));
    }
    String next =
        rows.size() > limit
            ? Cursors.after(Long.toString(shown.get(shown.size() - 1).sincePosition))
            : null;
    return couples.map(items -> new NeedViews.Page<>(items, next));
  }

  /** The couple as the read model's version holds it, or null. */
  Uni<CoupleService.CoupleState> load(UUID coupleId, int version) {
    return CoupleRow.<CoupleRow>findById(new CoupleRow.Key(coupleId, version))
        .chain(
            row -> {
              if (row == null) {
                return Uni.createFrom().nullItem();
              }
              return CoupleMemberRow.<CoupleMemberRow>list(
                      "coupleId = ?1 and version = ?2 order by sincePosition", coupleId, version)
                  .map(
                      members ->
                          new CoupleService.CoupleState(couple(row, members), row.streamVersion));
            });
  }

  private static Couple couple(CoupleRow row, List<CoupleMemberRow> members) {
    Set<UUID> partners = new LinkedHashSet<>();
    Set<UUID> leavers = new LinkedHashSet<>();
    Set<UUID> erased = new LinkedHashSet<>();
    for (CoupleMemberRow member : members) {
      partners.add(member.partnerId);
      if (member.leftCouple) {
        leavers.add(member.partnerId);
      }
      if (member.erased) {
        erased.add(member.partnerId);
      }
    }
    Couple.Invitation invitation =
        row.invitationId == null
            ? null
            : new Couple.Invitation(row.invitationId, row.invitationExpiresAt);
    return new Couple(row.coupleId, partners, invitation, leavers, erased);
  }

  private static long parse(String key) {
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException e) {
      throw new app.openup.support.rest.InvalidHeader(
          "cursor", "The cursor is not one this service handed out.");
    }
  }
}
