package app.openup.eventing.relay;

/**
 * Where the relay has published up to: the (transaction id, global position) of the last event
 * Kafka acknowledged, every event before it in that order acknowledged too.
 */
record Checkpoint(String txId, long position) {
  static final Checkpoint START = new Checkpoint("0", 0);
}
