package app.openup.needs.repository;

import app.openup.eventing.store.Envelope;
import app.openup.eventing.store.EventStore;
import app.openup.eventing.store.RecordedEvent;
import app.openup.needs.domain.NeedEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A need's two streams, read together: the private draft and the public shared need (see {@link
 * NeedEvent}). The store reads concurrent loads in one statement.
 */
@ApplicationScoped
public class NeedStreams {

  /** What a need's streams hold, in order, and each stream's version. */
  public record Loaded(
      UUID needId, List<Envelope<NeedEvent>> draft, List<Envelope<NeedEvent>> shared) {

    public long draftVersion() {
      return draft.isEmpty() ? 0 : draft.get(draft.size() - 1).recorded().streamVersion();
    }

    public long sharedVersion() {
      return shared.isEmpty() ? 0 : shared.get(shared.size() - 1).recorded().streamVersion();
    }

    /** Every event, the draft's first. */
    public List<Envelope<NeedEvent>> all() {
      List<Envelope<NeedEvent>> all = new ArrayList<>(draft);
      all.addAll(shared);
      return all;
    }

    /**
     * The version a client sees as the need's ETag: the events of both its streams, so that it only
     * ever rises (a draft's "1" never matches the shared need's first version).
     */
    public long version() {
      return draftVersion() + sharedVersion();
    }
  }

  private final EventStore store;

  public NeedStreams(EventStore store) {
    this.store = store;
  }

  public Uni<Loaded> load(UUID needId) {
    return Uni.combine()
        .all()
        .unis(
            store.load(NeedsEventTypes.draftStream(needId)),
            store.load(NeedsEventTypes.needStream(needId)))
        .asTuple()
        .map(both -> new Loaded(needId, decode(both.getItem1()), decode(both.getItem2())));
  }

  private static List<Envelope<NeedEvent>> decode(List<RecordedEvent> events) {
    List<Envelope<NeedEvent>> envelopes = new ArrayList<>(events.size());
    events.forEach(e -> envelopes.add(NeedsEventTypes.NEED.envelope(e)));
    return envelopes;
  }
}
