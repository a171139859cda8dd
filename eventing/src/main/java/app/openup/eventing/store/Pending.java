package app.openup.eventing.store;

/**
 * An append waiting for its batch, with the time by which it must be taken into one, and how many
 * times it was queued again after losing a race.
 */
record Pending(
    AppendRequest request, Caller<AppendResult> caller, long deadlineNanos, int attempt) {

  Pending again() {
    return new Pending(request, caller, deadlineNanos, attempt + 1);
  }
}
