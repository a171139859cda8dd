package app.openup.eventing.store;

import app.openup.eventing.ConsistencyToken;

/**
 * What an append did.
 *
 * @param streamId the stream appended to
 * @param fromVersion the version of the first event appended
 * @param toVersion the stream's version after the append (the new ETag)
 * @param lastPosition the global position of the last event appended
 * @param token the consistency token of the append
 * @param repeated true if this is the stored outcome of an earlier command with the same
 *     idempotency key, and nothing was appended now
 */
public record AppendResult(
    String streamId,
    long fromVersion,
    long toVersion,
    long lastPosition,
    ConsistencyToken token,
    boolean repeated) {

  /**
   * The outcome of an unpublished append, its token naming the published event of this store it was
   * decided after ({@link ConsistencyToken#unpublishedAfter}): what other services wait for.
   */
  public AppendResult after(String stream, long version) {
    return new AppendResult(
        streamId,
        fromVersion,
        toVersion,
        lastPosition,
        token.unpublishedAfter(stream, version),
        repeated);
  }

  AppendResult asRepeat() {
    return new AppendResult(streamId, fromVersion, toVersion, lastPosition, token, true);
  }
}
