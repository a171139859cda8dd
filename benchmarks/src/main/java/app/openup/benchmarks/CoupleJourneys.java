package app.openup.benchmarks;

import app.openup.benchmarks.OpenLoad.Call;
import app.openup.benchmarks.OpenLoad.Reply;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The workload: couples going through the five steps through the public API, each one step at a
 * time (a couple's next request waits for the last one's answer, as its partners' apps would), many
 * couples at once. The load generator asks for the next request at its own pace; it comes from a
 * couple whose last answer has arrived, or from a new couple when none is waiting.
 *
 * <p>A couple's journey is 21 commands: formed and joined; a need drafted, shared, acknowledged; a
 * session proposed, accepted, both checked in, started, four shares (the initiator first) and an
 * open question; each partner praising the other's first share; closed, rated by both; the need
 * met. Between commands, reads ({@code readsPerCommand} of them on average): the couple and needs
 * (needs-service), the session (session-service), the history, dashboard and praise
 * (feedback-service).
 *
 * <p>End to end: after each share, the other partner's history is asked with the share's
 * consistency token until it lists the share's event (its id is in the token); after the need is
 * shared, the dashboard with its token. The time from the command's answer to that read's answer is
 * recorded in {@link EndToEnd}.
 */
final class CoupleJourneys implements Supplier<Call> {

  /** A partner and a token the services trust. */
  record Partner(UUID id, String token) {}

  /** Where the three services listen. */
  record Ports(int needs, int sessions, int feedback) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  static final int COMMANDS = 21;

  private final Ports ports;
  private final Supplier<Partner> partners;
  private final double readsPerCommand;
  private final OpenLoad load;
  private final EndToEnd endToEnd;
  private final Queue<Journey> ready = new ConcurrentLinkedQueue<>();
  final AtomicLong started = new AtomicLong();
  final AtomicLong finished = new AtomicLong();
  final AtomicLong abandoned = new AtomicLong();
  private final List<String[]> done = new java.util.concurrent.CopyOnWriteArrayList<>();

  CoupleJourneys(
      Ports ports,
      Supplier<Partner> partners,
      double readsPerCommand,
      OpenLoad load,
      EndToEnd endToEnd) {
    this.ports = ports;
    this.partners = partners;
    this.readsPerCommand = readsPerCommand;
    this.load = load;
    this.endToEnd = endToEnd;
  }

  /** Requests per command on average: the command and its reads. */
  double callsPerCommand() {
    return 1 + readsPerCommand;
  }

  /** Couples that went the whole way: each one's id and a partner's token. */
  List<String[]> couplesDone() {
    return List.copyOf(done);
  }

  @Override
  public Call get() {
    Journey journey = ready.poll();
    if (journey == null) {
      journey = new Journey(partners.get(), partners.get());
      started.incrementAndGet();
    }
    return journey.next();
  }

  /** One couple's way through the method. */
  private final class Journey {
    final Partner a;
    final Partner b;
    String couple;
    String code;
    String need;
    String session;
    String shareOfA;
    String shareOfB;
    String needsToken;
    String sessionsToken;
    int command;
    int readsDue;
    int readsDone;
    double readCredit;

    Journey(Partner a, Partner b) {
      this.a = a;
      this.b = b;
    }

    Call next() {
      if (readsDue > 0) {
        readsDue--;
        return read(readsDone++);
      }
      return command();
    }

    private String base() {
      return "/api/v1/couples/" + couple;
    }

    private Call read(int n) {
      Partner who = n % 2 == 0 ? b : a;
      Consumer<Reply> then = reply -> ready.add(this);
      switch (n % 4) {
        case 0:
          if (session != null) {
            return get(
                "read-session",
                ports.sessions,
                base() + "/sessions/" + session,
                who,
                sessionsToken,
                then);
          }
          return get("read-needs", ports.needs, base() + "/needs", who, needsToken, then);
        case 1:
          return couple(n, who, then);
        case 2:
          return new Call(
              "read-history",
              false,
              ports.feedback,
              HttpMethod.GET,
              base() + "/history",
              who.token(),
              needsToken,
              null,
              then);
        default:
          return new Call(
              "read-dashboard",
              false,
              ports.feedback,
              HttpMethod.GET,
              base() + "/dashboard",
              who.token(),
              needsToken,
              null,
              then);
      }
    }

    private Call couple(int n, Partner who, Consumer<Reply> then) {
      if (shareOfA != null && n % 8 == 1) {
        return new Call(
            "read-praise",
            false,
            ports.feedback,
            HttpMethod.GET,
            base() + "/praise",
            who.token(),
            needsToken,
            null,
            then);
      }
      return get("read-couple", ports.needs, base(), who, needsToken, then);
    }

    /** A read with the couple's latest token of the service: its partners' own writes show. */
    private Call get(
        String type, int port, String path, Partner who, String token, Consumer<Reply> then) {
      return new Call(type, false, port, HttpMethod.GET, path, who.token(), token, null, then);
    }

    private Call post(
        String type,
        int port,
        String path,
        Partner who,
        String token,
        Object body,
        Consumer<JsonNode> then) {
      return new Call(
          type,
          true,
          port,
          HttpMethod.POST,
          path,
          who.token(),
          token,
          body == null ? null : json(body),
          reply -> done(reply, port, then));
    }

    /**
     * After a command: its service's consistency token (every command answers one; the couple's
     * next requests carry the latest of each service), what its answer says, the reads due before
     * the next command, and on.
     */
    private void done(Reply reply, int port, Consumer<JsonNode> then) {
      if (reply == null) {
        abandoned.incrementAndGet();
        return;
      }
      String token = reply.headers().get("Consistency-Token");
      if (token != null && port == ports.needs) {
        needsToken = token;
      } else if (token != null && port == ports.sessions) {
        sessionsToken = token;
      }
      try {
        then.accept(reply.body().isEmpty() ? JSON.nullNode() : JSON.readTree(reply.body()));
      } catch (JsonProcessingException | RuntimeException e) {
        abandoned.incrementAndGet();
        return;
      }
      command++;
      if (command == COMMANDS) {
        finished.incrementAndGet();
        done.add(new String[] {couple, a.token()});
        return;
      }
      if (command >= 2) {
        // Reads once both partners are in the couple (before the join only one of them may read).
        readCredit += readsPerCommand;
        readsDue = (int) readCredit;
        readCredit -= readsDue;
      }
      ready.add(this);
    }

    private Call command() {
      String sessions = base() + "/sessions";
      String one = sessions + "/" + session;
      String words = "words of couple " + couple + " at step " + command;
      switch (command) {
        case 0:
          return post(
              "form-couple",
              ports.needs,
              "/api/v1/couples",
              a,
              null,
              null,
              r -> {
                couple = r.path("id").asText();
                code = r.path("invitation").path("code").asText();
              });
        case 1:
          return post(
              "join-couple",
              ports.needs,
              "/api/v1/couples/join",
              b,
              null,
              Map.of("code", code),
              r -> {});
        case 2:
          return post(
              "draft-need",
              ports.needs,
              base() + "/needs",
              a,
              needsToken,
              Map.of("topic", "QUALITY_TIME", "meaning", words),
              r -> need = r.path("id").asText());
        case 3:
          return post(
              "share-need",
              ports.needs,
              base() + "/needs/" + need + "/share",
              a,
              null,
              Map.of("why", words),
              r -> endToEnd.dashboard(ports.feedback, base(), b.token(), needsToken));
        case 4:
          return post(
              "acknowledge-need",
              ports.needs,
              base() + "/needs/" + need + "/acknowledge",
              b,
              needsToken,
              Map.of("heard", words),
              r -> {});
        case 5:
          Instant starts =
              Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
          return post(
              "propose-session",
              ports.sessions,
              sessions,
              a,
              needsToken,
              Map.of(
                  "startsAt",
                  starts.toString(),
                  "endsAt",
                  starts.plus(Duration.ofHours(1)).toString(),
                  "place",
                  "home"),
              r -> session = r.path("id").asText());
        case 6:
          return post("accept-session", ports.sessions, one + "/accept", b, null, null, r -> {});
        case 7:
        case 8:
          return post(
              "check-in",
              ports.sessions,
              one + "/check-ins",
              command == 7 ? a : b,
              null,
              Map.of("calm", 4, "rushed", false, "angry", false),
              r -> {});
        case 9:
          return post("start-session", ports.sessions, one + "/start", a, null, null, r -> {});
        case 10:
          return share(one, a, "DEEP", words, id -> shareOfA = id);
        case 11:
          return share(one, b, "MODERATE", words, id -> shareOfB = id);
        case 12:
          return post(
              "open-question",
              ports.sessions,
              one + "/questions",
              b,
              null,
              Map.of("question", "TELL_ME_MORE"),
              r -> {});
        case 13:
          return share(one, a, "MODERATE", words, id -> {});
        case 14:
          return share(one, b, "LIGHT", words, id -> {});
        case 15:
        case 16:
          boolean first = command == 15;
          String praised = first ? shareOfA : shareOfB;
          if (praised == null) {
            // The share's answer did not name it: this couple stops here (counted as abandoned).
            abandoned.incrementAndGet();
            return get("read-session", ports.sessions, one, a, sessionsToken, reply -> {});
          }
          return post(
              "praise",
              ports.feedback,
              base() + "/praise",
              first ? b : a,
              sessionsToken,
              Map.of(
                  "target",
                  Map.of("kind", "SHARE", "id", praised),
                  "style",
                  "GRATITUDE",
                  "words",
                  words),
              r -> {});
        case 17:
          return post("close-session", ports.sessions, one + "/close", a, null, null, r -> {});
        case 18:
        case 19:
          return post(
              "rate-session",
              ports.sessions,
              one + "/ratings",
              command == 18 ? a : b,
              null,
              Map.of("safety", 5, "start", "SOFT", "shareWithPartner", true),
              r -> {});
        default:
          return post(
              "need-met", ports.needs, base() + "/needs/" + need + "/met", b, null, null, r -> {});
      }
    }

    private Call share(String one, Partner who, String depth, String words, Consumer<String> id) {
      Partner other = who == a ? b : a;
      return new Call(
          "share",
          true,
          ports.sessions,
          HttpMethod.POST,
          one + "/shares",
          who.token(),
          null,
          json(Map.of("depth", depth, "kind", "FEELING", "text", words)),
          reply -> {
            if (reply != null) {
              JsonNode shares;
              try {
                shares = JSON.readTree(reply.body()).path("shares");
              } catch (JsonProcessingException e) {
                shares = JSON.missingNode();
              }
              id.accept(shares.path(shares.size() - 1).path("id").asText(null));
              String token = reply.headers().get("Consistency-Token");
              endToEnd.history(ports.feedback, base(), other.token(), token, reply.arrivedAt());
            }
            done(reply, ports.sessions, r -> {});
          });
    }

    private String json(Object body) {
      try {
        return JSON.writeValueAsString(body);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(e);
      }
    }
  }

  /** The event id a consistency token names (its third field). */
  static String eventIdOf(String token) {
    String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    return text.split(":", 5)[2];
  }
}
