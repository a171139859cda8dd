package app.openup.needs.service;

import app.openup.needs.repository.InvitationRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Removes invitation codes that can no longer be used, every hour. Several replicas may run it at
 * once: each deletes what is unusable, once.
 */
@ApplicationScoped
public class InvitationCleanup {

  private final InvitationRepository invitations;

  public InvitationCleanup(InvitationRepository invitations) {
    this.invitations = invitations;
  }

  @Scheduled(
      every = "${openup.needs.invitation-cleanup-every}",
      delayed = "1m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> clean() {
    return invitations
        .deleteUnusable()
        .invoke(removed -> Log.debugf("Removed %d unusable invitation codes", removed))
        .replaceWithVoid();
  }
}
