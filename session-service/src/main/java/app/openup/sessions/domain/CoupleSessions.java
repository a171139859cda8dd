package app.openup.sessions.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A couple's sessions, one aggregate: a couple's calendar is one consistency boundary, so that two
 * sessions never overlap however their proposals race.
 */
public record CoupleSessions(Map<UUID, Session> sessions) {

  public static final CoupleSessions NONE = new CoupleSessions(Map.of());

  public CoupleSessions {
    sessions = Collections.unmodifiableMap(new LinkedHashMap<>(sessions));
  }

  /** The session, or null. */
  public Session session(UUID id) {
    return sessions.get(id);
  }

  CoupleSessions with(Session session) {
    Map<UUID, Session> next = new LinkedHashMap<>(sessions);
    next.put(session.id(), session);
    return new CoupleSessions(next);
  }

  CoupleSessions change(UUID id, UnaryOperator<Session> change) {
    Session session = sessions.get(id);
    return session == null ? this : with(change.apply(session));
  }
}
