package app.openup.eventing.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import app.openup.eventing.domain.Decider;
import app.openup.eventing.domain.RuleViolation;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeciderFixtureTest {

  /** A tiny aggregate: a session that two partners join, at most two. */
  sealed interface Joined permits PartnerJoined {}

  record PartnerJoined(String partner) implements Joined {}

  record Join(String partner) {}

  static final Decider<Join, Integer, Joined> SESSION =
      new Decider<>() {
        @Override
        public Integer initialState() {
          return 0;
        }

        @Override
        public Integer evolve(Integer state, Joined event) {
          return state + 1;
        }

        @Override
        public List<Joined> decide(Join command, Integer joined) {
          if (joined >= 2) {
            throw new RuleViolation("TwoPartnersOnly", "a session is for the two of you");
          }
          return List.of(new PartnerJoined(command.partner()));
        }
      };

  private final DeciderFixture<Join, Integer, Joined> fixture = DeciderFixture.of(SESSION);

  @Test
  void givenWhenThenPassesOnTheRightEventsAndTheRightRule() {
    fixture.given().when(new Join("alex")).thenEvents(new PartnerJoined("alex"));
    fixture
        .given(new PartnerJoined("alex"), new PartnerJoined("sam"))
        .when(new Join("kim"))
        .thenRefusedBy("TwoPartnersOnly");
  }

  @Test
  void givenWhenThenFailsOnTheWrongEventsOrTheWrongRule() {
    assertThrows(
        AssertionError.class,
        () -> fixture.given().when(new Join("alex")).thenEvents(new PartnerJoined("sam")));
    assertThrows(
        AssertionError.class,
        () -> fixture.given().when(new Join("alex")).thenRefusedBy("TwoPartnersOnly"));
    assertThrows(
        AssertionError.class,
        () ->
            fixture
                .given(new PartnerJoined("alex"), new PartnerJoined("sam"))
                .when(new Join("kim"))
                .thenRefusedBy("SomeOtherRule"));
    assertThrows(
        AssertionError.class,
        () ->
            fixture
                .given(new PartnerJoined("alex"), new PartnerJoined("sam"))
                .when(new Join("kim"))
                .thenEvents());
  }
}
