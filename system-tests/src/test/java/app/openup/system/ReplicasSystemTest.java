package app.openup.system;

import static org.assertj.core.api.Assertions.assertThat;

import app.openup.system.SystemPlatform.Partner;
import app.openup.testkit.LocalPlatform;
import app.openup.testkit.LocalPlatform.Service;
import io.cloudevents.CloudEvent;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances of session-service on one database: commands go through both, the relay publishes
 * from one (its advisory lock); when that one is killed (SIGKILL), the other takes the relay over.
 * Nothing is lost and nothing is counted twice.
 */
@ExtendWith(SystemPlatform.class)
@Order(4)
class ReplicasSystemTest {

  /** The session-service processes, and which holds the relay (its metric says so). */
  private static boolean relayActive(Service service) {
    String metrics =
        RestAssured.given()
            .baseUri(service.managementUrl())
            .get("/q/metrics")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return metrics.lines().anyMatch(l -> l.startsWith("openup_relay_active") && l.endsWith(" 1.0"));
  }

  /** Proposes, accepts and checks in both partners, alternating the two processes given. */
  private static String sessionThrough(Couple couple, List<Service> through) {
    // Within the hour: partners check in from an hour before the agreed time.
    Instant starts = Instant.now().plus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    String base = "/api/v1/couples/" + couple.id() + "/sessions";
    // After a kill, the needs.events partitions the killed instance consumed are the other's only
    // once the consumer group has noticed (its session timeout): until then the couple may be
    // unknown here, and the proposal is refused as not found, changing nothing.
    java.util.concurrent.atomic.AtomicReference<Response> answer =
        new java.util.concurrent.atomic.AtomicReference<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              answer.set(
                  request(through.get(0), couple.alex)
                      .header("Consistency-Token", couple.tokens.get("needs"))
                      .body(
                          Map.of(
                              "startsAt", starts.toString(),
                              "endsAt", starts.plus(1, ChronoUnit.HOURS).toString(),
                              "place", "home"))
                      .post(base));
              assertThat(answer.get().statusCode()).as(answer.get().asString()).isEqualTo(201);
            });
    Response proposed = answer.get();
    String id = proposed.path("id");
    String token = proposed.header("Consistency-Token");
    Response accepted =
        request(through.get(1 % through.size()), couple.sam)
            .header("Consistency-Token", token)
            .post(base + "/" + id + "/accept");
    assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(200);
    Response checkedIn =
        request(through.get(0), couple.alex)
            .header("Consistency-Token", accepted.header("Consistency-Token"))
            .body(Map.of("calm", 4, "rushed", false, "angry", false))
            .post(base + "/" + id + "/check-ins");
    assertThat(checkedIn.statusCode()).as(checkedIn.asString()).isEqualTo(200);
    couple.tokens.put("sessions", checkedIn.header("Consistency-Token"));
    return id;
  }

  private static io.restassured.specification.RequestSpecification request(
      Service service, Partner partner) {
    return RestAssured.given()
        .baseUri(service.url())
        .auth()
        .oauth2(partner.token())
        .contentType(ContentType.JSON);
  }

  @Test
  void twoInstancesServeTogetherAndTheOtherTakesTheRelayOverWhenOneIsKilled() {
    LocalPlatform platform = SystemPlatform.platform();
    Service first = platform.service("session-service");
    Service second = platform.addReplica("session-service");
    List<Service> both = List.of(first, second);

    Map<String, Couple> couples = new HashMap<>();
    for (int i = 0; i < 6; i++) {
      Couple couple = Couple.together();
      couples.put(sessionThrough(couple, i % 2 == 0 ? both : List.of(second, first)), couple);
    }
    // One of them publishes, the other stands by.
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> both.stream().filter(ReplicasSystemTest::relayActive).count() == 1);
    Service relay = relayActive(first) ? first : second;
    Service survivor = relay == first ? second : first;

    platform.kill(relay);
    for (int i = 0; i < 6; i++) {
      Couple couple = Couple.together();
      couples.put(sessionThrough(couple, List.of(survivor)), couple);
    }
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> relayActive(survivor));

    // On the topic: each couple's three session events, versions 1 to 3, each once.
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Map<String, List<Long>> versions = new HashMap<>();
              Set<String> ids = new HashSet<>();
              for (ConsumerRecord<String, byte[]> record :
                  Topics.readAll(List.of("sessions.events"))) {
                CloudEvent event = Topics.event(record);
                // A couple's sessions are one stream, its subject the couple.
                if (ids.add(event.getId())) {
                  versions
                      .computeIfAbsent(event.getSubject(), k -> new ArrayList<>())
                      .add(Long.parseLong(String.valueOf(event.getExtension("streamversion"))));
                }
              }
              for (Map.Entry<String, Couple> session : couples.entrySet()) {
                assertThat(versions.get(session.getValue().id()))
                    .as("session %s", session.getKey())
                    .containsExactly(1L, 2L, 3L);
              }
            });
    // Counted once: each couple's dashboard has one session proposed.
    for (Couple couple : couples.values()) {
      for (String token : couple.tokens.values()) {
        couple
            .alex
            .feedback()
            .header("Consistency-Token", token)
            .get("/api/v1/couples/" + couple.id() + "/dashboard")
            .then()
            .statusCode(200);
      }
      couple
          .alex
          .feedback()
          .get("/api/v1/couples/" + couple.id() + "/dashboard")
          .then()
          .statusCode(200)
          .body("allTime.sessionsProposed", org.hamcrest.Matchers.equalTo(1));
    }
  }
}
