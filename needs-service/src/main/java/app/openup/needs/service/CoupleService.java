package app.openup.needs.service;

import app.openup.eventing.TimeOrderedIds;
import app.openup.eventing.domain.RuleViolation;
import app.openup.eventing.store.AppendRequest;
import app.openup.eventing.store.AppendResult;
import app.openup.eventing.store.EventSourcedRepository;
import app.openup.eventing.store.EventSourcedRepository.Handled;
import app.openup.eventing.store.EventSourcedRepository.Loaded;
import app.openup.eventing.store.EventStore;
import app.openup.eventing.store.StreamCommand;
import app.openup.eventing.vault.SealedText;
import app.openup.eventing.vault.SubjectForgotten;
import app.openup.eventing.vault.Vault;
import app.openup.needs.config.NeedsConfig;
import app.openup.needs.domain.Couple;
import app.openup.needs.domain.CoupleCommand;
import app.openup.needs.domain.CoupleCommand.ErasePartner;
import app.openup.needs.domain.CoupleCommand.FormCouple;
import app.openup.needs.domain.CoupleCommand.InvitePartner;
import app.openup.needs.domain.CoupleCommand.JoinCouple;
import app.openup.needs.domain.CoupleCommand.LeaveCouple;
import app.openup.needs.domain.CoupleEvent;
import app.openup.needs.domain.Rule;
import app.openup.needs.repository.InvitationRepository;
import app.openup.needs.repository.InvitationRepository.Invitation;
import app.openup.needs.repository.NeedsEventTypes;
import app.openup.support.command.CommandContext;
import app.openup.support.command.CommandMetrics;
import app.openup.support.command.NotFound;
import app.openup.support.command.PartnerErased;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Forming a couple, inviting and joining, leaving, and erasing a partner. */
@ApplicationScoped
public class CoupleService {

  /** A couple as a partner sees it, with its stream version. */
  public record CoupleState(Couple couple, long version) {}

  /** A command's outcome: the couple after it and the append (null if nothing was appended). */
  public record CoupleResult(CoupleState state, AppendResult result) {}

  /** A couple with a fresh invitation code, for its inviter only. */
  public record Invited(CoupleResult outcome, String code, Instant expiresAt) {}

  private final EventSourcedRepository<CoupleCommand, Couple, CoupleEvent> couples;
  private final EventStore store;
  private final InvitationRepository invitations;
  private final Vault vault;
  private final NeedsConfig config;
  private final CommandMetrics metrics;
  private final Clock clock = Clock.systemUTC();

  public CoupleService(
      EventSourcedRepository<CoupleCommand, Couple, CoupleEvent> couples,
      EventStore store,
      InvitationRepository invitations,
      Vault vault,
      NeedsConfig config,
      CommandMetrics metrics) {
    this.couples = couples;
    this.store = store;
    this.invitations = invitations;
    this.vault = vault;
    this.config = config;
    this.metrics = metrics;
  }

  /**
   * Forms a couple with the caller as its first partner, and a code for the second. A repeat of the
   * request (same Idempotency-Key and request) gets the first response: that couple and its first
   * code, also after the partner joined with it.
   */
  public Uni<Invited> form(CommandContext context) {
    String key = context.scopedKey("form-couple");
    if (key == null) {
      return formNew(context, null);
    }
    return store
        .outcomeOf(new AppendRequest.Idempotency(key, context.fingerprint()))
        .flatMap(
            first ->
                first.isPresent() ? firstResponse(context, first.get()) : formNew(context, key));
  }

  private Uni<Invited> formNew(CommandContext context, String key) {
    UUID coupleId = TimeOrderedIds.next();
    Instant now = clock.instant();
    return newInvitation(coupleId, context.partner(), now)
        .flatMap(
            fresh ->
                handle(
                        coupleId,
                        null,
                        new FormCouple(
                            coupleId, fresh.id(), fresh.expiresAt(), context.partner(), now),
                        context,
                        key)
                    .flatMap(
                        handled ->
                            handled.result().repeated()
                                // Another attempt of the same request was first: its answer.
                                ? invitations
                                    .delete(fresh.id())
                                    .flatMap(ignored -> firstResponse(context, handled.result()))
                                : Uni.createFrom()
                                    .item(
                                        new Invited(
                                            outcome(handled.state(), handled.result()),
                                            fresh.code(),
                                            fresh.expiresAt()))));
  }

  /** The first answer of a repeated form: its couple as it is now, and its first code. */
  private Uni<Invited> firstResponse(CommandContext context, AppendResult first) {
    UUID coupleId =
        UUID.fromString(first.streamId().substring(NeedsEventTypes.COUPLE_STREAM_PREFIX.length()));
    return member(context.partner(), coupleId)
        .flatMap(
            state ->
                store
                    .load(first.streamId(), 0)
                    .map(
                        events ->
                            events.stream()
                                .map(NeedsEventTypes.COUPLE::decode)
                                .filter(e -> e instanceof CoupleEvent.PartnerInvited)
                                .map(e -> ((CoupleEvent.PartnerInvited) e).invitationId())
                                .findFirst()
                                .orElseThrow(() -> new NotFound("Invitation")))
                    .flatMap(invitations::findById)
                    .flatMap(
                        invitation -> {
                          if (invitation == null
                              || !invitation.invitedBy().equals(context.partner())) {
                            return Uni.createFrom().failure(new NotFound("Invitation"));
                          }
                          return vault
                              .decrypt(context.partner(), new SealedText(invitation.sealedCode()))
                              .map(
                                  code ->
                                      new Invited(
                                          new CoupleResult(state, first),
                                          code.erased() ? null : code.text(),
                                          invitation.expiresAt()));
                        }));
  }

  /** A new code for the second partner, replacing the previous one. */
  public Uni<Invited> invite(CommandContext context, UUID coupleId) {
    Instant now = clock.instant();
    return member(context.partner(), coupleId)
        .flatMap(ignored -> newInvitation(coupleId, context.partner(), now))
        .flatMap(
            fresh ->
                handle(
                        coupleId,
                        context.ifMatch(),
                        new InvitePartner(fresh.id(), fresh.expiresAt(), context.partner(), now),
                        context,
                        null)
                    .map(
                        handled ->
                            new Invited(
                                outcome(handled.state(), handled.result()),
                                fresh.code(),
                                fresh.expiresAt())));
  }

  /** The current invitation code, for the partner who issued it. */
  public Uni<Invited> currentInvitation(CommandContext context, UUID coupleId) {
    return member(context.partner(), coupleId)
        .flatMap(
            state ->
                currentInvitation(state.couple(), context)
                    .map(
                        code ->
                            new Invited(
                                new CoupleResult(state, null), code.code(), code.expiresAt())));
  }

  /**
   * Joins the couple that the code invites to. A code that cannot be used (unknown, expired, used,
   * for a couple that is full or closed) gets one answer, "not found", so that a code reveals
   * nothing of its couple.
   */
  public Uni<CoupleResult> join(CommandContext context, String code) {
    return invitations
        .findByCode(code)
        .flatMap(
            invitation -> {
              if (invitation == null) {
                return Uni.createFrom().failure(new NotFound("Invitation"));
              }
              UUID coupleId = invitation.coupleId();
              return handle(
                      coupleId,
                      null,
                      new JoinCouple(invitation.invitationId(), context.partner(), clock.instant()),
                      context,
                      null)
                  .map(handled -> outcome(handled.state(), handled.result()))
                  .onFailure(CoupleService::unusableCode)
                  .transform(refused -> new NotFound("Invitation"));
            });
  }

  private static boolean unusableCode(Throwable failure) {
    return failure instanceof RuleViolation violation && UNUSABLE_CODE.contains(violation.rule());
  }

  private static final java.util.Set<String> UNUSABLE_CODE =
      java.util.Set.of(
          Rule.INVITATION_VALID.ruleName(),
          Rule.INVITATION_NOT_EXPIRED.ruleName(),
          Rule.TWO_PARTNERS_ONLY.ruleName(),
          Rule.COUPLE_IS_OPEN.ruleName());

  /** The safety exit: the caller leaves, without the other's consent; the couple closes. */
  public Uni<CoupleResult> leave(CommandContext context, UUID coupleId) {
    return member(context.partner(), coupleId)
        .flatMap(
            ignored ->
                handle(
                    coupleId,
                    context.ifMatch(),
                    new LeaveCouple(context.partner(), clock.instant()),
                    context,
                    null))
        .map(handled -> outcome(handled.state(), handled.result()));
  }

  /**
   * Erases the caller across the platform: each of their couples records {@code PartnerErased} (the
   * other services forget the partner when they see it) and closes; then their key is forgotten, so
   * all their words become unreadable everywhere.
   */
  public Uni<Void> erase(CommandContext context) {
    // Forget first: from then on nothing of theirs can be written or read, even if a couple
    // below fails and the erasure is asked again (which is safe: it repeats nothing done).
    return vault
        .forget(context.partner())
        .flatMap(ignored -> couplesOf(context.partner()))
        .flatMap(
            states -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (CoupleState state : states) {
                UUID coupleId = state.couple().id();
                chain =
                    chain.flatMap(
                        ignored ->
                            handle(
                                    coupleId,
                                    null,
                                    new ErasePartner(context.partner(), clock.instant()),
                                    context,
                                    null)
                                .replaceWithVoid());
              }
              return chain;
            });
  }

  /** The couple, if the partner is (or was) one of its two partners; otherwise {@link NotFound}. */
  public Uni<CoupleState> member(UUID partner, UUID coupleId) {
    return couples
        .load(NeedsEventTypes.coupleStream(coupleId))
        .map(
            loaded -> {
              if (!loaded.state().exists() || !loaded.state().isMember(partner)) {
                throw new NotFound("Couple");
              }
              return state(loaded);
            });
  }

  /** The caller's couples, the one they formed or joined last first. */
  public Uni<List<CoupleState>> couplesOf(UUID partner) {
    return store
        .partitionsOf(partner.toString(), NeedsEventTypes.COUPLE_STREAM_PREFIX)
        .flatMap(
            ids -> {
              if (ids.isEmpty()) {
                return Uni.createFrom().item(List.<CoupleState>of());
              }
              List<Uni<Loaded<Couple>>> loads = new ArrayList<>();
              ids.forEach(id -> loads.add(couples.load(NeedsEventTypes.coupleStream(id))));
              return Uni.join()
                  .all(loads)
                  .andFailFast()
                  .map(
                      all ->
                          all.stream()
                              .filter(loaded -> loaded.state().isMember(partner))
                              .map(CoupleService::state)
                              .toList());
            });
  }

  private record Fresh(UUID id, String code, Instant expiresAt) {}

  private record Code(String code, Instant expiresAt) {}

  private Uni<Fresh> newInvitation(UUID coupleId, UUID inviter, Instant now) {
    String code = InvitationRepository.newCode();
    UUID invitationId = TimeOrderedIds.next();
    Instant expiresAt = now.plus(config.invitationValidFor());
    return vault
        .encrypt(inviter, code)
        .onFailure(SubjectForgotten.class)
        .transform(forgotten -> new PartnerErased())
        .flatMap(
            locked ->
                invitations.save(
                    code,
                    new Invitation(coupleId, invitationId, inviter, locked.sealed(), expiresAt)))
        .replaceWith(new Fresh(invitationId, code, expiresAt));
  }

  private Uni<Code> currentInvitation(Couple couple, CommandContext context) {
    if (couple.invitation() == null) {
      return Uni.createFrom().failure(new NotFound("Invitation"));
    }
    return invitations
        .findById(couple.invitation().id())
        .flatMap(
            invitation -> {
              if (invitation == null || !invitation.invitedBy().equals(context.partner())) {
                return Uni.createFrom().failure(new NotFound("Invitation"));
              }
              return vault
                  .decrypt(context.partner(), new SealedText(invitation.sealedCode()))
                  .map(
                      code -> new Code(code.erased() ? null : code.text(), invitation.expiresAt()));
            });
  }

  private static CoupleState state(Loaded<Couple> loaded) {
    return new CoupleState(loaded.state(), loaded.version());
  }

  private Uni<Handled<Couple, CoupleEvent>> handle(
      UUID coupleId, Long ifMatch, CoupleCommand command, CommandContext context, String key) {
    return couples
        .handle(
            StreamCommand.of(NeedsEventTypes.coupleStream(coupleId), command)
                .ifMatch(ifMatch)
                .partitionKey(coupleId)
                .actor(context.partner().toString())
                .metadata(context.metadata())
                .idempotency(key, context.fingerprint())
                .asGuarded())
        .invoke(handled -> metrics.handled(command, handled.events().size()));
  }

  private static CoupleResult outcome(Couple couple, AppendResult result) {
    return new CoupleResult(
        new CoupleState(couple, result == null ? 0 : result.toVersion()), result);
  }
}
