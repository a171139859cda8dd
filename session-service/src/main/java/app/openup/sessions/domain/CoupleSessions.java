package app.openup.sessions.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A couple's sessions, one aggregate: a couple's calendar is one consistency boundary, so that two
 * sessions never overlap however their proposals race.
 *
 * @param ended whether the safety exit was taken (a partner left or was erased): nothing more
 *     happens in the couple's sessions, whatever anyone's view of the membership
 */
public record CoupleSessions(Map<UUID, Session> sessions, boolean ended) {

  public static final CoupleSessions NONE = new CoupleSessions(Map.of(), false);

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
    return new CoupleSessions(next, ended);
  }

  CoupleSessions endedForGood() {
    return new CoupleSessions(sessions, true);
  }

  CoupleSessions change(UUID id, UnaryOperator<Session> change) {
    Session session = sessions.get(id);
    return session == null ? this : with(change.apply(session));
  }
}
