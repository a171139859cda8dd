package app.openup.feedback.service;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.projection.NotCaughtUp;
import app.openup.feedback.service.FeedbackViews.Dashboard;
import app.openup.feedback.service.FeedbackViews.Entry;
import app.openup.feedback.service.FeedbackViews.Mine;
import app.openup.feedback.service.FeedbackViews.Share;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the couple's page shows a partner: the dashboard, a page of the connection history with the
 * shares its moments name (and whether the reader appreciated each), and their private view. Only
 * the partners of the couple see anything ({@link app.openup.support.command.NotFound} otherwise),
 * exactly as through the API: every figure and moment comes from {@link FeedbackReads}.
 */
@ApplicationScoped
public class CouplePage {

  /** Moments per page of the history. */
  public static final int MOMENTS = 20;

  /** A moment of the history, with the share it names when it is one (step 4). */
  public record Moment(Entry entry, Share share, boolean yours) {

    public boolean appreciatedByYou() {
      return share != null && share.appreciatedByReader();
    }

    /** The other partner's moderate or deep share, which the reader may appreciate (step 5). */
    public boolean appreciable() {
      return share != null && !yours && share.vulnerable() && !appreciatedByYou();
    }
  }

  /** A page of moments, and the cursor of the next (null at the beginning of the history). */
  public record Moments(List<Moment> items, String nextCursor) {}

  /** The whole page. */
  public record View(UUID reader, Dashboard dashboard, Moments moments, Mine mine) {

    /** Whether the couple has done anything yet: otherwise the page teaches how to begin. */
    public boolean begun() {
      var all = dashboard.allTime();
      return all.sessionsProposed() > 0 || all.needsShared() > 0 || !moments.items().isEmpty();
    }
  }

  private final FeedbackReads reads;

  public CouplePage(FeedbackReads reads) {
    this.reads = reads;
  }

  /**
   * The couple the reader last formed, if any. The page's own token (after its command) is waited
   * for; if the read side is still behind when the wait runs out, the page shows what it holds
   * rather than an error: the command happened, and the next visit shows it.
   */
  public Uni<Optional<UUID>> coupleOf(UUID reader, Optional<ConsistencyToken> token) {
    return reads
        .couplesOf(reader, token)
        .onFailure(NotCaughtUp.class)
        .recoverWithUni(() -> reads.couplesOf(reader, Optional.empty()))
        .map(ids -> ids.stream().findFirst());
  }

  /** The couple's page; behind the page's own token when the wait ran out, what it holds. */
  public Uni<View> view(
      UUID reader, UUID coupleId, Integer step, String cursor, Optional<ConsistencyToken> token) {
    return reads
        .dashboard(reader, coupleId, token)
        .onFailure(NotCaughtUp.class)
        .recoverWithUni(() -> reads.dashboard(reader, coupleId, Optional.empty()))
        .chain(
            dashboard ->
                reads
                    .mine(reader, coupleId, Optional.empty())
                    .chain(
                        mine ->
                            moments(reader, coupleId, step, cursor)
                                .map(moments -> new View(reader, dashboard, moments, mine))));
  }

  /** A page of moments, newest first (the history's "earlier moments", loaded as one scrolls). */
  public Uni<Moments> moments(UUID reader, UUID coupleId, Integer step, String cursor) {
    return reads
        .history(reader, coupleId, step, null, null, cursor, MOMENTS, Optional.empty())
        .chain(
            page -> {
              Set<UUID> sessions =
                  page.items().stream()
                      .filter(e -> e.step() == 4)
                      .map(e -> e.link() == null ? null : sessionOf(e))
                      .filter(id -> id != null)
                      .collect(Collectors.toSet());
              return reads
                  .shares(reader, coupleId, sessions)
                  .map(
                      shares -> {
                        Map<String, Share> byMoment =
                            shares.stream()
                                .collect(
                                    Collectors.toMap(
                                        CouplePage::momentKey, Function.identity(), (a, b) -> a));
                        List<Moment> items =
                            page.items().stream()
                                .map(
                                    e -> {
                                      Share share =
                                          e.step() == 4
                                              ? byMoment.get(
                                                  sessionOf(e) + "|" + e.actor() + "|" + e.at())
                                              : null;
                                      return new Moment(e, share, reader.equals(e.actor()));
                                    })
                                .toList();
                        return new Moments(items, page.nextCursor());
                      });
            });
  }

  /** A share is the moment of its session, author and time (the history names the session). */
  private static String momentKey(Share share) {
    return share.sessionId() + "|" + share.author() + "|" + share.sharedAt();
  }

  /** The session a step-4 moment links to: {@code /api/v1/couples/{c}/sessions/{id}}. */
  private static UUID sessionOf(Entry entry) {
    String path = entry.link().path();
    try {
      return UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
