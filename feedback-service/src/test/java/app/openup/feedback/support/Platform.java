package app.openup.feedback.support;

import static io.restassured.RestAssured.given;

import app.openup.testkit.NeedsEvents;
import app.openup.testkit.PartnerTokens;
import io.restassured.filter.Filter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The platform around feedback-service in its tests: needs.events and sessions.events written as
 * their services write them, and partners calling the API with their tokens.
 */
public final class Platform {

  public static final PartnerTokens TOKENS = PartnerTokens.forTests();

  private static NeedsEvents needs;
  private static SessionsEvents sessions;

  private Platform() {}

  static String bootstrap() {
    return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
  }

  public static synchronized NeedsEvents needs() {
    if (needs == null) {
      needs = new NeedsEvents(bootstrap());
    }
    return needs;
  }

  public static synchronized SessionsEvents sessions() {
    if (sessions == null) {
      sessions = new SessionsEvents(bootstrap());
    }
    return sessions;
  }

  /** A partner with a token; each passes back the consistency token of their last call. */
  public record Partner(UUID id, String token, AtomicReference<String> last) {
    public static Partner create() {
      UUID id = UUID.randomUUID();
      return new Partner(id, TOKENS.forPartner(id), new AtomicReference<>());
    }

    public RequestSpecification request() {
      Filter readYourWrites =
          (request, response, context) -> {
            String token = last.get();
            if (token != null && !request.getHeaders().hasHeaderWithName("Consistency-Token")) {
              request.header("Consistency-Token", token);
            }
            Response answered = context.next(request, response);
            String next = answered.header("Consistency-Token");
            if (next != null) {
              last.set(next);
            }
            return answered;
          };
      return given().filter(readYourWrites).auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** The next request waits for the event this token names. */
    public Partner after(String token) {
      last.set(token);
      return this;
    }
  }

  /** Two partners of a couple needs-service formed. */
  public record Couple(UUID id, Partner alex, Partner sam) {
    public String path(String rest) {
      return "/api/v1/couples/" + id + rest;
    }
  }

  public static Couple together() {
    Partner alex = Partner.create();
    Partner sam = Partner.create();
    UUID coupleId = UUID.randomUUID();
    String joined = needs().together(coupleId, alex.id(), sam.id());
    alex.after(joined);
    sam.after(joined);
    return new Couple(coupleId, alex, sam);
  }
}
