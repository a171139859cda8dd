package app.openup.needs.service;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.projection.NotCaughtUp;
import app.openup.eventing.quarkus.StoreProjections;
import app.openup.eventing.vault.Vault;
import app.openup.needs.domain.Couple;
import app.openup.needs.messaging.NeedsReadModel;
import app.openup.needs.repository.NeedAcknowledgementRow;
import app.openup.needs.repository.NeedQuestionRow;
import app.openup.needs.repository.NeedRow;
import app.openup.support.command.NotFound;
import app.openup.support.rest.Cursors;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A couple's needs as the reader may see them ({@code NeedVisibility}), read from the read model:
 * the list (newest first, a page at a time) and one need with the words the reader may read. A read
 * that passes a consistency token waits, bounded, until the read model has caught up with it.
 */
@ApplicationScoped
public class NeedReads {

  private final StoreProjections projections;
  private final CoupleReads couples;
  private final Vault vault;

  public NeedReads(StoreProjections projections, CoupleReads couples, Vault vault) {
    this.projections = projections;
    this.couples = couples;
    this.vault = vault;
  }

  /** One need with the words the reader may read; {@link NotFound} if they may not see it. */
  public Uni<NeedViews.Detail> get(
      UUID reader, UUID coupleId, UUID needId, Optional<ConsistencyToken> token) {
    return NotCaughtUp.unlessReached(projections.await(NeedsReadModel.NAME, token))
        .chain(
            () ->
                projections
                    .activeVersion(NeedsReadModel.NAME)
                    .chain(
                        version ->
                            Panache.withSession(() -> record(reader, coupleId, needId, version))))
        .chain(
            found -> {
              if (found == null) {
                return Uni.createFrom().failure(new NotFound("Need"));
              }
              return NeedViews.reveal(vault, reader, found.couple(), found.need());
            });
  }

  private record Found(Couple couple, NeedRecord need) {}

  private Uni<Found> record(UUID reader, UUID coupleId, UUID needId, int version) {
    return member(reader, coupleId, version)
        .chain(
            couple ->
                NeedRow.<NeedRow>findById(new NeedRow.Key(needId, version))
                    .chain(
                        row -> {
                          if (row == null) {
                            return Uni.createFrom().nullItem();
                          }
                          // One session runs one statement at a time: the two reads in turn.
                          return NeedAcknowledgementRow.<NeedAcknowledgementRow>list(
                                  "needId = ?1 and version = ?2", needId, version)
                              .chain(
                                  acks ->
                                      NeedQuestionRow.<NeedQuestionRow>list(
                                              "needId = ?1 and version = ?2", needId, version)
                                          .map(
                                              questions -> {
                                                NeedRecord need =
                                                    NeedRecord.of(row, acks, questions);
                                                return need.isVisibleTo(reader, couple)
                                                    ? new Found(couple, need)
                                                    : null;
                                              }));
                        }));
  }

  /**
   * The needs of the couple the reader may see, newest first, {@code limit} at a time after the
   * cursor of the previous page.
   */
  public Uni<NeedViews.Page<NeedViews.Summary>> list(
      UUID reader, UUID coupleId, String cursor, int limit, Optional<ConsistencyToken> token) {
    String after = Cursors.read(cursor);
    long before;
    try {
      before = after == null ? Long.MAX_VALUE : Long.parseLong(after);
    } catch (NumberFormatException e) {
      return Uni.createFrom()
          .failure(
              new app.openup.support.rest.InvalidHeader(
                  "cursor", "The cursor is not one this service handed out."));
    }
    return NotCaughtUp.unlessReached(projections.await(NeedsReadModel.NAME, token))
        .chain(
            () ->
                projections
                    .activeVersion(NeedsReadModel.NAME)
                    .chain(
                        version ->
                            Panache.withSession(
                                () -> page(reader, coupleId, before, limit, version))));
  }

  private Uni<NeedViews.Page<NeedViews.Summary>> page(
      UUID reader, UUID coupleId, long before, int limit, int version) {
    return member(reader, coupleId, version)
        .chain(
            couple ->
                NeedRow.<NeedRow>find(
                        "coupleId = ?1 and version = ?2 and draftedPosition < ?3"
                            + " and status <> 'DISCARDED'"
                            + " and (author = ?4 or (status <> 'DRAFT' and ?5 = false))"
                            + " order by draftedPosition desc",
                        coupleId,
                        version,
                        before,
                        reader,
                        couple.isClosed())
                    .range(0, limit)
                    .list()
                    .chain(rows -> summaries(reader, couple, rows, limit, version)));
  }

  private Uni<NeedViews.Page<NeedViews.Summary>> summaries(
      UUID reader, Couple couple, List<NeedRow> rows, int limit, int version) {
    List<NeedRow> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
    if (shown.isEmpty()) {
      return Uni.createFrom().item(new NeedViews.Page<>(List.of(), null));
    }
    List<UUID> ids = shown.stream().map(r -> r.needId).toList();
    return NeedAcknowledgementRow.<NeedAcknowledgementRow>list(
            "version = ?1 and needId in ?2", version, ids)
        .chain(
            acknowledged ->
                NeedQuestionRow.<NeedQuestionRow>list("version = ?1 and needId in ?2", version, ids)
                    .map(asked -> new Object[] {acknowledged, asked}))
        .map(
            t -> {
              @SuppressWarnings("unchecked")
              Map<UUID, List<NeedAcknowledgementRow>> acks =
                  ((List<NeedAcknowledgementRow>) t[0])
                      .stream().collect(Collectors.groupingBy(a -> a.needId));
              @SuppressWarnings("unchecked")
              Map<UUID, List<NeedQuestionRow>> questions =
                  ((List<NeedQuestionRow>) t[1])
                      .stream().collect(Collectors.groupingBy(q -> q.needId));
              List<NeedViews.Summary> items = new ArrayList<>();
              for (NeedRow row : shown) {
                NeedRecord need =
                    NeedRecord.of(
                        row,
                        acks.getOrDefault(row.needId, List.of()),
                        questions.getOrDefault(row.needId, List.of()));
                if (need.isVisibleTo(reader, couple)) {
                  items.add(NeedViews.summary(reader, couple, need));
                }
              }
              String next =
                  rows.size() > limit
                      ? Cursors.after(Long.toString(shown.get(shown.size() - 1).draftedPosition))
                      : null;
              return new NeedViews.Page<>(items, next);
            });
  }

  private Uni<Couple> member(UUID reader, UUID coupleId, int version) {
    return couples
        .load(coupleId, version)
        .map(
            state -> {
              if (state == null || !state.couple().isMember(reader)) {
                throw new NotFound("Couple");
              }
              return state.couple();
            });
  }
}
