package app.openup.support.messaging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.smallrye.reactive.messaging.TracingMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The trace a consumed record continues, for the events a consumer appends because of it. */
public final class Traces {

  private Traces() {}

  /**
   * The consumer's span of the record (SmallRye made it a child of the record's {@code
   * traceparent}), as a W3C {@code traceparent}; null when tracing is off.
   */
  public static String traceparent(Message<?> message) {
    SpanContext span =
        TracingMetadata.fromMessage(message)
            .map(tracing -> Span.fromContext(tracing.getCurrentContext()).getSpanContext())
            .orElse(SpanContext.getInvalid());
    return span.isValid()
        ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
        : null;
  }
}
