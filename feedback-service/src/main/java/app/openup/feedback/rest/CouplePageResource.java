package app.openup.feedback.rest;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.domain.RuleViolation;
import app.openup.eventing.projection.NotCaughtUp;
import app.openup.eventing.store.AppendTimedOut;
import app.openup.eventing.store.ConcurrencyConflict;
import app.openup.eventing.store.EventTooLarge;
import app.openup.eventing.store.IdempotencyKeyReused;
import app.openup.eventing.store.StoreOverloaded;
import app.openup.feedback.domain.PraiseStyle;
import app.openup.feedback.domain.TargetKind;
import app.openup.feedback.rest.PraiseResource.PraiseRequest;
import app.openup.feedback.rest.PraiseResource.TargetRequest;
import app.openup.feedback.service.ConsentService;
import app.openup.feedback.service.CouplePage;
import app.openup.feedback.service.FeedbackViews;
import app.openup.feedback.service.PraiseService;
import app.openup.support.command.CommandContext;
import app.openup.support.command.ErasedPartners;
import app.openup.support.command.NotFound;
import app.openup.support.command.PartnerErased;
import app.openup.support.command.RequestFingerprints;
import app.openup.support.rest.ApiHeaders;
import app.openup.support.rest.InvalidHeader;
import app.openup.support.rest.InvalidParameter;
import app.openup.support.rest.Problem;
import app.openup.support.rest.ProblemMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The couple's page: progress charts, the connection history, appreciating the other's shares, and
 * consent to comparisons, server-rendered for a partner signed in with their token (see {@link
 * PageSession}). It reads and writes through the same services as the API, so it shows exactly what
 * the API answers that partner, and nothing of any other couple: a couple that is not the reader's
 * is "not found", whether it exists or not.
 */
@Path(PageSession.PATH)
@Produces(MediaType.TEXT_HTML)
public class CouplePageResource {

  static final int WORDS = PraiseResource.TEXT;
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance signIn(String nonce, String message);

    static native TemplateInstance welcome(String formToken);

    static native TemplateInstance couple(PageModel page);

    static native TemplateInstance couple$moments(PageModel page);

    static native TemplateInstance problem(int status, String title, String detail, String back);
  }

  /** What the couple's page template shows. */
  public record PageModel(
      UUID coupleId,
      String formToken,
      CouplePage.View view,
      List<PageCharts.Chart> charts,
      List<Figure> figures,
      List<Comparison> comparisons,
      Integer step,
      List<StepFilter> steps,
      List<MomentView> moments,
      String moreHref,
      String moreFragment,
      List<PraiseView> received,
      boolean together) {

    public String base() {
      return PageSession.PATH + "/" + coupleId;
    }
  }

  /** A row of the figures table: last 30 days, 90 days, all time. */
  public record Figure(
      String name, String last30, String last90, String allTime, String definition) {}

  public record Comparison(String name, String you, String partner) {}

  public record StepFilter(String label, String href, boolean current) {}

  public record MomentView(
      String id,
      int step,
      String kind,
      String text,
      String at,
      String atLabel,
      boolean yours,
      String shareId,
      String depth,
      boolean appreciable,
      boolean appreciated,
      String request) {}

  public record PraiseView(String style, String words, String atLabel, boolean erased) {}

  private final PageSession session;
  private final CouplePage page;
  private final PraiseService praise;
  private final ConsentService consent;
  private final ErasedPartners erased;
  private final RequestFingerprints fingerprints;
  private final ProblemMapper problems;

  public CouplePageResource(
      PageSession session,
      CouplePage page,
      PraiseService praise,
      ConsentService consent,
      ErasedPartners erased,
      RequestFingerprints fingerprints,
      ProblemMapper problems) {
    this.session = session;
    this.problems = problems;
    this.page = page;
    this.praise = praise;
    this.consent = consent;
    this.erased = erased;
    this.fingerprints = fingerprints;
  }

  // ---- sign-in

  @GET
  @Path("sign-in")
  public Response signInForm() {
    String nonce = session.nonce();
    return Response.ok(Templates.signIn(nonce, null)).cookie(session.nonceCookie(nonce)).build();
  }

  @POST
  @Path("sign-in")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response signIn(
      @FormParam("token") String token,
      @FormParam("nonce") String nonce,
      @CookieParam(PageSession.SIGN_IN_COOKIE) String expectedNonce,
      @Context HttpHeaders headers) {
    if (!PageSession.fromThisPage(expectedNonce, nonce, headers)) {
      return refusedForm();
    }
    Optional<PageSession.SignedIn> signedIn = session.verify(token);
    if (signedIn.isEmpty()) {
      String fresh = session.nonce();
      return Response.status(401)
          .entity(
              Templates.signIn(
                  fresh,
                  "That token was not accepted: it may have expired, or it is not a partner's."
                      + " Ask the app for a new sign-in link."))
          .cookie(session.nonceCookie(fresh))
          .build();
    }
    return seeOther(PageSession.PATH)
        .cookie(session.signIn(signedIn.get()), session.nonceSpent())
        .build();
  }

  @POST
  @Path("sign-out")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response signOut(
      @FormParam("form") String form,
      @CookieParam(PageSession.COOKIE) String cookie,
      @Context HttpHeaders headers) {
    if (cookie != null && !PageSession.fromThisPage(PageSession.formToken(cookie), form, headers)) {
      return refusedForm();
    }
    return seeOther(PageSession.PATH + "/sign-in").cookie(session.signOut()).build();
  }

  // ---- the page

  /** The reader's couple, or how to begin when they have none yet. */
  @GET
  public Uni<Response> home(
      @CookieParam(PageSession.COOKIE) String cookie, @QueryParam("after") String after) {
    return signedIn(
        cookie,
        partner ->
            page.coupleOf(partner, ApiHeaders.consistencyToken(after))
                .map(
                    couple ->
                        couple
                            .map(id -> seeOther(PageSession.PATH + "/" + id).build())
                            .orElseGet(
                                () ->
                                    Response.ok(Templates.welcome(PageSession.formToken(cookie)))
                                        .build())));
  }

  @GET
  @Path("{coupleId}")
  public Uni<Response> couple(
      @PathParam("coupleId") UUID coupleId,
      @QueryParam("step") Integer step,
      @QueryParam("cursor") String cursor,
      @QueryParam("after") String after,
      @CookieParam(PageSession.COOKIE) String cookie) {
    Integer filter = step(step);
    return signedIn(
        cookie,
        partner ->
            page.view(partner, coupleId, filter, cursor, ApiHeaders.consistencyToken(after))
                .map(
                    view ->
                        Response.ok(
                                Templates.couple(
                                    model(coupleId, cookie, view, filter, view.moments())))
                            .build()));
  }

  /** The next page of moments, as the list items the history appends when one scrolls to it. */
  @GET
  @Path("{coupleId}/moments")
  public Uni<Response> moments(
      @PathParam("coupleId") UUID coupleId,
      @QueryParam("step") Integer step,
      @QueryParam("cursor") String cursor,
      @CookieParam(PageSession.COOKIE) String cookie) {
    Integer filter = step(step);
    return signedIn(
        cookie,
        partner ->
            page.view(partner, coupleId, filter, cursor, Optional.empty())
                .map(
                    view ->
                        Response.ok(
                                Templates.couple$moments(
                                    model(coupleId, cookie, view, filter, view.moments())))
                            .header("X-Openup-Fragment", "moments")
                            .build()));
  }

  // ---- what a partner does from the page

  /** Step 5 from the history: appreciate one of the other's vulnerable shares. */
  @POST
  @Path("{coupleId}/praise")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> appreciate(
      @PathParam("coupleId") UUID coupleId,
      @FormParam("share") String share,
      @FormParam("style") String style,
      @FormParam("words") String words,
      @FormParam("request") String request,
      @FormParam("form") String form,
      @CookieParam(PageSession.COOKIE) String cookie,
      @Context HttpHeaders headers) {
    return signedIn(
        cookie,
        partner -> {
          if (!PageSession.fromThisPage(PageSession.formToken(cookie), form, headers)) {
            return Uni.createFrom().item(refusedForm());
          }
          UUID shareId = uuid("share", share);
          PraiseStyle chosen = style(style);
          String text = words == null || words.isBlank() ? null : words.strip();
          if (text != null && text.length() > WORDS) {
            throw new InvalidParameter(
                "words", "Your words are longer than " + WORDS + " characters.");
          }
          String key =
              request == null || request.isBlank() ? null : ApiHeaders.idempotencyKey(request);
          PraiseRequest asked =
              new PraiseRequest(new TargetRequest(TargetKind.SHARE, shareId), chosen, text);
          CommandContext context =
              new CommandContext(
                  partner,
                  null,
                  key,
                  key == null
                      ? null
                      : fingerprints.of(
                          "give-praise", "/api/v1/couples/" + coupleId + "/praise", asked),
                  null);
          return praise
              .give(context, Optional.empty(), coupleId, TargetKind.SHARE, shareId, chosen, text)
              .map(
                  outcome ->
                      backTo(
                          coupleId,
                          outcome.result() == null ? null : outcome.result().token(),
                          "moments"));
        });
  }

  /** Opt in to partner comparisons, or revoke it. */
  @POST
  @Path("{coupleId}/comparisons")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> comparisons(
      @PathParam("coupleId") UUID coupleId,
      @FormParam("choice") String choice,
      @FormParam("form") String form,
      @CookieParam(PageSession.COOKIE) String cookie,
      @Context HttpHeaders headers) {
    return signedIn(
        cookie,
        partner -> {
          if (!PageSession.fromThisPage(PageSession.formToken(cookie), form, headers)) {
            return Uni.createFrom().item(refusedForm());
          }
          if (!"opt-in".equals(choice) && !"opt-out".equals(choice)) {
            throw new InvalidParameter("choice", "Choose opt-in or opt-out.");
          }
          return consent
              .set(
                  new CommandContext(partner, null, null, null, null),
                  Optional.empty(),
                  coupleId,
                  "opt-in".equals(choice))
              .map(
                  outcome ->
                      backTo(
                          coupleId,
                          outcome.result() == null ? null : outcome.result().token(),
                          "comparisons"));
        });
  }

  // ---- building the page

  private PageModel model(
      UUID coupleId,
      String cookie,
      CouplePage.View view,
      Integer step,
      CouplePage.Moments moments) {
    String base = PageSession.PATH + "/" + coupleId;
    List<StepFilter> steps = new ArrayList<>();
    steps.add(new StepFilter("All steps", base + "#history", step == null));
    for (int s = 1; s <= 5; s++) {
      steps.add(
          new StepFilter(
              "Step " + s, base + "?step=" + s + "#history", Integer.valueOf(s).equals(step)));
    }
    String query = step == null ? "" : "step=" + step + "&";
    String next = moments.nextCursor();
    return new PageModel(
        coupleId,
        PageSession.formToken(cookie),
        view,
        PageCharts.of(view.dashboard().weeks()),
        PageText.figures(view.dashboard()),
        PageText.comparisons(view.dashboard(), view.reader()),
        step,
        steps,
        moments.items().stream().map(this::moment).toList(),
        next == null ? null : base + "?" + query + "cursor=" + next + "#history",
        next == null ? null : base + "/moments?" + query + "cursor=" + next,
        view.mine().received().stream().map(CouplePageResource::praise).toList(),
        view.dashboard().together());
  }

  private MomentView moment(CouplePage.Moment moment) {
    FeedbackViews.Entry entry = moment.entry();
    FeedbackViews.Share share = moment.share();
    return new MomentView(
        entry.id().toString(),
        entry.step(),
        entry.kind(),
        PageText.moment(entry.kind(), moment.yours(), share),
        entry.at().toString(),
        WHEN.format(entry.at()),
        moment.yours(),
        share == null ? null : share.id().toString(),
        share == null ? null : PageText.depth(share.depth()),
        moment.appreciable(),
        moment.appreciatedByYou(),
        UUID.randomUUID().toString());
  }

  private static PraiseView praise(FeedbackViews.Praise praise) {
    boolean erased =
        praise.words() != null
            && praise.words().visibility() == app.openup.support.command.Words.Visibility.ERASED;
    return new PraiseView(
        PageText.style(praise.style()),
        praise.words() == null ? null : praise.words().text(),
        WHEN.format(praise.givenAt()),
        erased);
  }

  // ---- sign-in, input and answers

  /**
   * Runs {@code then} for the signed-in partner; without a valid sign-in, back to the sign-in form;
   * an erased partner can do nothing here (410), as through the API.
   */
  private Uni<Response> signedIn(String cookie, Function<UUID, Uni<Response>> then) {
    Optional<PageSession.SignedIn> signedIn = session.verify(cookie);
    if (signedIn.isEmpty()) {
      return Uni.createFrom()
          .item(seeOther(PageSession.PATH + "/sign-in").cookie(session.signOut()).build());
    }
    UUID partner = signedIn.get().partner();
    return erased
        .isErased(partner)
        .chain(
            gone ->
                gone
                    ? Uni.createFrom().failure(new PartnerErased())
                    : Uni.createFrom().deferred(() -> then.apply(partner)));
  }

  private static Response backTo(UUID coupleId, ConsistencyToken token, String anchor) {
    String after = token == null ? "" : "?after=" + token.encode();
    return seeOther(PageSession.PATH + "/" + coupleId + after + "#" + anchor).build();
  }

  /**
   * A redirect to a path of this page, as a relative {@code Location}: behind an ingress that ends
   * TLS, an absolute one would be built from the plain-http request and send the browser there.
   */
  private static Response.ResponseBuilder seeOther(String path) {
    return Response.status(Response.Status.SEE_OTHER).header(HttpHeaders.LOCATION, path);
  }

  private static Response refusedForm() {
    return Response.status(403)
        .entity(
            Templates.problem(
                403,
                "This form did not come from your page",
                "Nothing was changed. Reload the page and try again.",
                PageSession.PATH))
        .build();
  }

  private static Integer step(Integer step) {
    if (step != null && (step < 1 || step > 5)) {
      throw new InvalidParameter("step", "A step of the method is 1 to 5.");
    }
    return step;
  }

  private static UUID uuid(String name, String value) {
    try {
      return UUID.fromString(value);
    } catch (RuntimeException e) {
      throw new InvalidParameter(name, "'" + name + "' is not an id this page wrote.");
    }
  }

  private static PraiseStyle style(String value) {
    try {
      return PraiseStyle.valueOf(value);
    } catch (RuntimeException e) {
      throw new InvalidParameter("style", "Choose how you appreciate it.");
    }
  }

  // Errors answer as pages, never as JSON or a stack trace, with the status and words the API's
  // problem would have; each changed nothing.

  @ServerExceptionMapper
  Response refused(RuleViolation violation) {
    return asPage(problems.ruleViolation(violation));
  }

  @ServerExceptionMapper
  Response conflict(ConcurrencyConflict conflict) {
    return asPage(problems.conflict(conflict));
  }

  @ServerExceptionMapper
  Response keyReused(IdempotencyKeyReused reused) {
    return asPage(problems.keyReused(reused));
  }

  @ServerExceptionMapper
  Response overloaded(StoreOverloaded overloaded) {
    return asPage(problems.overloaded(overloaded));
  }

  @ServerExceptionMapper
  Response notCaughtUp(NotCaughtUp behind) {
    return asPage(problems.notCaughtUp(behind));
  }

  @ServerExceptionMapper
  Response timedOut(AppendTimedOut timedOut) {
    return asPage(problems.timedOut(timedOut));
  }

  @ServerExceptionMapper
  Response tooLarge(EventTooLarge tooLarge) {
    return asPage(problems.eventTooLarge(tooLarge));
  }

  @ServerExceptionMapper
  Response notFound(NotFound notFound) {
    return page(404, "Not found", "There is nothing here for you.", PageSession.PATH);
  }

  @ServerExceptionMapper
  Response erased(PartnerErased erased) {
    return page(
        410,
        "Your words were erased",
        "You asked for your words to be erased, and they are. There is nothing more here.",
        null);
  }

  @ServerExceptionMapper
  Response invalid(InvalidParameter invalid) {
    return asPage(problems.invalidParameter(invalid));
  }

  @ServerExceptionMapper
  Response invalidHeader(InvalidHeader invalid) {
    return asPage(problems.invalidHeader(invalid));
  }

  @ServerExceptionMapper
  Response webApplication(WebApplicationException exception) {
    return asPage(problems.webApplication(exception));
  }

  @ServerExceptionMapper
  Response unexpected(Throwable throwable) {
    return asPage(problems.unexpected(throwable));
  }

  /** The API's problem answer, as a page: its status and headers (Retry-After), its words. */
  private static Response asPage(Response problem) {
    String title = "Something went wrong";
    String detail = null;
    if (problem.getEntity() instanceof Problem p) {
      title = p.title();
      detail = p.suggestion() == null ? p.detail() : p.detail() + " " + p.suggestion();
    }
    Response.ResponseBuilder page =
        Response.status(problem.getStatus())
            .type(MediaType.TEXT_HTML_TYPE)
            .entity(Templates.problem(problem.getStatus(), title, detail, PageSession.PATH));
    String retryAfter = problem.getHeaderString(HttpHeaders.RETRY_AFTER);
    if (retryAfter != null) {
      page.header(HttpHeaders.RETRY_AFTER, retryAfter);
    }
    return page.build();
  }

  private static Response page(int status, String title, String detail, String back) {
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE)
        .entity(Templates.problem(status, title, detail, back))
        .build();
  }
}
