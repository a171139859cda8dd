package app.openup.feedback.rest;

import static org.assertj.core.api.Assertions.assertThat;

import app.openup.eventing.quarkus.TopicProjections;
import app.openup.feedback.support.Browser;
import app.openup.feedback.support.KnownHistory;
import app.openup.feedback.support.KnownHistory.Order;
import app.openup.feedback.support.KnownHistory.Tokens;
import app.openup.feedback.support.Platform;
import app.openup.feedback.support.SessionsEvents;
import app.openup.testkit.NeedsEvents;
import app.openup.testkit.OpenUpTestResources;
import app.openup.testkit.TopicWriter;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The couple's page in a real browser (headless Chromium): a partner of a couple whose history is
 * known (the one worked out by hand in {@code ProgressTest}) signs in with the link the local run
 * prints, reads the figures, charts and moments off the page, appreciates a share from it, and a
 * stranger sees nothing of the couple. Values are read from the page's DOM, never from the API.
 */
@QuarkusTest
@WithTestResource(value = OpenUpTestResources.class, scope = TestResourceScope.GLOBAL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CouplePageBrowserTest {

  @TestHTTPResource("/couple")
  URL page;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject TopicProjections projections;

  /** The couple whose page is read; another with the same history, whose page is written. */
  KnownHistory history;

  KnownHistory appreciating;
  Browser browser;

  @BeforeAll
  void twoCouplesWithAKnownHistoryAndABrowser() throws Exception {
    history = published(new KnownHistory(Instant.now()));
    appreciating = published(new KnownHistory(Instant.now()));
    browser = Browser.open(1280, 900);
  }

  /** Publishes the history; the read side holds its last event of each topic on return. */
  private KnownHistory published(KnownHistory known) throws Exception {
    Tokens tokens;
    try (NeedsEvents needs = new NeedsEvents(bootstrapServers);
        SessionsEvents sessions = new SessionsEvents(bootstrapServers);
        TopicWriter feedback = KnownHistory.feedbackTopic(bootstrapServers)) {
      tokens = known.publish(needs, sessions, feedback, Order.NEEDS_SESSIONS_FEEDBACK);
    }
    tokens.awaitProjectedBy(projections);
    return known;
  }

  @AfterAll
  void closeTheBrowser() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  private String url(String rest) {
    return page.toString() + rest;
  }

  /**
   * Signs in with the link the local run prints: the token in the fragment (never sent as such)
   * fills the form, and the partner presses "Sign in" (a link alone signs nobody in).
   */
  private void signInAs(UUID partner) {
    browser.driver.manage().deleteAllCookies();
    browser.driver.get(url("/sign-in#token=" + Platform.TOKENS.forPartner(partner)));
    assertThat(browser.driver.findElement(By.id("from-link")).isDisplayed()).isTrue();
    assertThat(browser.driver.getCurrentUrl()).doesNotContain("token");
    browser.driver.findElement(By.cssSelector("#sign-in button[type='submit']")).click();
    new WebDriverWait(browser.driver, Duration.ofSeconds(20))
        .until(d -> !d.getCurrentUrl().contains("/sign-in"));
  }

  private List<WebElement> all(String css) {
    return browser.driver.findElements(By.cssSelector(css));
  }

  private String text(String css) {
    return browser.driver.findElement(By.cssSelector(css)).getText().strip();
  }

  /** A figure of the table: its row by name, its column by window (30, 90, all). */
  private String figure(String name, String window) {
    return text("tr[data-figure='" + name + "'] td[data-window='" + window + "']");
  }

  /** The sum of a chart series over its weeks, read from the chart's table of numbers. */
  private double sum(String chart, int series) {
    return all("#chart-" + chart + " table.series td[data-series='" + series + "']").stream()
        .map(td -> td.getAttribute("data-value"))
        .filter(v -> v != null && !v.isEmpty())
        .mapToDouble(Double::parseDouble)
        .sum();
  }

  @Test
  void aPartnerSeesTheFiguresChartsAndMomentsOfTheirKnownHistory() throws Exception {
    signInAs(history.alex);
    assertThat(browser.driver.getCurrentUrl()).endsWith("/couple/" + history.couple);

    // The figures worked out by hand in ProgressTest, as the page writes them.
    assertThat(figure("Sessions held", "30")).isEqualTo("2");
    assertThat(figure("Average depth of shares", "30")).isEqualTo("2.25");
    assertThat(figure("Vulnerable shares appreciated", "30")).isEqualTo("75%");
    assertThat(figure("Vulnerable shares appreciated", "all")).isEqualTo("60%");
    assertThat(figure("Warm to defensive moments", "30")).isEqualTo("6 to 1");
    assertThat(figure("Needs shared", "30")).isEqualTo("1");
    assertThat(figure("Needs shared", "all")).isEqualTo("2");
    assertThat(figure("Needs met", "30")).isEqualTo("1");
    assertThat(figure("The one who asked went first", "30")).isEqualTo("100%");
    assertThat(figure("How safe sessions felt", "30")).isEqualTo("3 of 5");

    // Five charts of the last twelve weeks, each with its explanation, definition and numbers.
    assertThat(all("figure.chart")).hasSize(5);
    for (WebElement chart : all("figure.chart")) {
      assertThat(chart.findElement(By.cssSelector("p.explain")).getText()).isNotBlank();
      assertThat(chart.findElement(By.cssSelector("details.define summary")).getText())
          .isNotBlank();
      assertThat(chart.findElement(By.cssSelector("figcaption")).getText()).isNotBlank();
      assertThat(chart.findElements(By.cssSelector("table.series tbody tr"))).hasSize(12);
    }
    assertThat(sum("ready", 0)).as("S1 and S2 started").isEqualTo(2);
    assertThat(sum("moments", 0)).as("3 praise and 3 open questions").isEqualTo(6);
    assertThat(sum("moments", 1)).as("Alex's defensive moment").isEqualTo(1);
    assertThat(sum("needs", 0)).as("N1 (N2 is older than 12 weeks)").isEqualTo(1);
    assertThat(sum("needs", 1)).as("N1 met").isEqualTo(1);
    // Depth 2.0 the week of S1 (1, 3, 2), 3.0 the week of S2 (3): a bar for each, at its height.
    List<String> depths =
        all("#chart-depth rect.bar").stream().map(r -> r.getAttribute("data-value")).toList();
    assertThat(depths).containsExactlyInAnyOrder("2.0", "3.0");
    // Each bar drawn is the value in the chart's table.
    for (WebElement bar : all("rect.bar")) {
      String week = bar.getAttribute("data-week");
      String series = bar.getAttribute("data-series");
      WebElement chart = bar.findElement(By.xpath("ancestor::figure"));
      String cell =
          chart
              .findElement(
                  By.cssSelector(
                      "table.series tr[data-week='" + week + "'] td[data-series='" + series + "']"))
              .getAttribute("data-value");
      assertThat(Double.parseDouble(cell))
          .isEqualTo(Double.parseDouble(bar.getAttribute("data-value")));
    }

    // The history, newest first: S3 proposed two days ago is the newest moment.
    List<WebElement> moments = all("li.moment");
    assertThat(moments.get(0).getAttribute("data-kind")).isEqualTo("SESSION_PROPOSED");
    assertThat(moments.get(0).findElement(By.cssSelector("p.what")).getText())
        .contains("You proposed a session");
    List<Instant> times =
        moments.stream().map(m -> Instant.parse(m.getAttribute("data-at"))).toList();
    assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));

    // Step 4 alone: the four shares, newest first, from Alex's side.
    browser.driver.findElement(By.linkText("Step 4")).click();
    List<WebElement> shares = all("li.moment");
    assertThat(shares.stream().map(m -> m.getAttribute("data-kind")).toList())
        .containsExactly("WENT_FIRST", "SHARED", "SHARED", "WENT_FIRST");
    assertThat(shares.stream().map(m -> m.findElement(By.cssSelector("p.what")).getText()).toList())
        .containsExactly(
            "Step 4 Your partner went first (deep)",
            "Step 4 You shared (moderate)",
            "Step 4 Your partner shared (deep)",
            "Step 4 You went first (light)");
    assertThat(shares.get(0).getAttribute("data-share")).isEqualTo(history.samDeep2.toString());
    assertThat(shares.get(0).findElements(By.cssSelector("details.appreciate"))).hasSize(1);
    assertThat(shares.get(2).findElement(By.cssSelector("p.done")).getText())
        .isEqualTo("You appreciated this.");
    assertThat(shares.get(1).findElements(By.cssSelector("details.appreciate")))
        .as("one does not appreciate one's own share")
        .isEmpty();
    assertThat(shares.get(3).findElements(By.cssSelector("details.appreciate")))
        .as("nor one's own light one")
        .isEmpty();
  }

  @Test
  void aPartnerAppreciatesAShareFromTheHistoryAndTheOtherReceivesIt() {
    signInAs(appreciating.alex);
    browser.driver.get(url("/" + appreciating.couple + "?step=4"));
    WebElement share =
        browser.driver.findElement(
            By.cssSelector("li[data-share='" + appreciating.samDeep2 + "']"));
    share.findElement(By.cssSelector("details.appreciate summary")).click();
    share.findElement(By.cssSelector("input[value='GRATITUDE']")).click();
    share
        .findElement(By.cssSelector("textarea[name='words']"))
        .sendKeys("<b>Thank you</b> for telling me about the baby");
    share.findElement(By.cssSelector("button[type='submit']")).click();

    new WebDriverWait(browser.driver, Duration.ofSeconds(20))
        .until(ExpectedConditions.urlContains("after="));
    // Back on the page, read after the write: the moment is appreciated, step 5 shows it.
    browser.driver.get(url("/" + appreciating.couple + "?step=4"));
    WebElement appreciated =
        browser.driver.findElement(
            By.cssSelector("li[data-share='" + appreciating.samDeep2 + "']"));
    assertThat(appreciated.findElement(By.cssSelector("p.done")).getText())
        .isEqualTo("You appreciated this.");
    assertThat(appreciated.findElements(By.cssSelector("details.appreciate"))).isEmpty();
    browser.driver.findElement(By.linkText("Step 5")).click();
    List<WebElement> praise = all("li.moment");
    assertThat(praise.get(0).getAttribute("data-kind")).isEqualTo("PRAISE_GIVEN");
    assertThat(praise.get(0).findElement(By.cssSelector("p.what")).getText())
        .contains("You appreciated a share");

    // Sam receives it, with the words as written (shown as text, not markup).
    signInAs(appreciating.sam);
    List<String> received = all("ul.received li").stream().map(li -> li.getText()).toList();
    assertThat(received)
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains("Grateful for what this gives us")
                    .contains("<b>Thank you</b> for telling me about the baby"));
    assertThat(all("ul.received blockquote b")).as("words are text, never markup").isEmpty();
  }

  @Test
  void earlierMomentsLoadAsOneScrollsToTheEndOfTheHistory() {
    browser.viewport(1280, 800);
    signInAs(history.alex);
    assertThat(all("li.moment")).hasSize(20);
    WebElement more = browser.driver.findElement(By.cssSelector("a.more"));
    browser.driver.executeScript("arguments[0].scrollIntoView()", more);
    new WebDriverWait(browser.driver, Duration.ofSeconds(20))
        .until(d -> d.findElements(By.cssSelector("li.moment")).size() == 21);
    assertThat(all("a.more")).as("the beginning of the history: nothing earlier").isEmpty();
    assertThat(browser.driver.getCurrentUrl()).doesNotContain("cursor");
    List<Instant> times =
        all("li.moment").stream().map(m -> Instant.parse(m.getAttribute("data-at"))).toList();
    assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(all("li.moment").get(20).getAttribute("data-kind")).isEqualTo("NEED_SHARED");
  }

  @Test
  void aStrangerSeesOnlyTheirOwnEmptyPageAndNothingOfTheCouple() {
    UUID stranger = UUID.randomUUID();
    signInAs(stranger);
    assertThat(browser.driver.getCurrentUrl()).endsWith("/couple");
    assertThat(text("h1")).isEqualTo("Welcome to Open Up");
    assertThat(all("ol.method li")).hasSize(5);

    for (UUID guessed : List.of(history.couple, UUID.randomUUID())) {
      browser.driver.get(url("/" + guessed));
      assertThat(text("h1")).isEqualTo("Not found");
      assertThat(browser.driver.getPageSource())
          .doesNotContain(history.alex.toString())
          .doesNotContain("moment");
      browser.driver.get(url("/" + guessed + "/moments"));
      assertThat(text("h1")).isEqualTo("Not found");
    }
  }

  @Test
  void onAPhoneNothingOverflowsAndAnAccessibilityCheckFindsNothingSeriousOrCritical()
      throws Exception {
    signInAs(history.alex);
    for (String path : List.of("/" + history.couple, "/" + history.couple + "?step=4")) {
      for (int width : List.of(360, 1280)) {
        browser.viewport(width, 800);
        browser.driver.get(url(path));
        // Open every definition and table of numbers: they must fit too.
        browser.driver.executeScript(
            "document.querySelectorAll('details').forEach(d => d.open = true)");
        Number scroll =
            (Number) browser.driver.executeScript("return document.documentElement.scrollWidth");
        assertThat(scroll.intValue())
            .as("page width at %d px on %s", width, path)
            .isLessThanOrEqualTo(width);
        Results results = new AxeBuilder().analyze(browser.driver);
        List<String> serious =
            results.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .map(CouplePageBrowserTest::describe)
                .toList();
        assertThat(serious).as("axe-core at %d px on %s", width, path).isEmpty();
      }
    }
    browser.driver.get(url("/sign-in"));
    Results signIn = new AxeBuilder().analyze(browser.driver);
    assertThat(signIn.getViolations().stream().filter(v -> "critical".equals(v.getImpact())))
        .isEmpty();

    screenshot(360, 2400, "couple-page-phone.png");
    screenshot(1280, 6000, "couple-page-desktop.png");
  }

  private static String describe(Rule rule) {
    return rule.getId() + ": " + rule.getHelp() + " " + rule.getNodes().size() + " node(s)";
  }

  /** A screenshot of the page at this width, its top {@code maxHeight} pixels, under target/. */
  private void screenshot(int width, int maxHeight, String name) throws Exception {
    browser.viewport(width, 800);
    browser.driver.get(url("/" + history.couple));
    Number height =
        (Number) browser.driver.executeScript("return document.documentElement.scrollHeight");
    browser.viewport(width, Math.min(maxHeight, height.intValue()));
    Path shot = browser.driver.getScreenshotAs(OutputType.FILE).toPath();
    Path target = Path.of("target", name);
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(target)).isPositive();
  }
}
