package app.openup.support.rest;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The W3C {@code traceparent} a command's events carry: the current span's when tracing is on,
 * otherwise the one the caller sent (passed on as is, if well formed), otherwise none.
 */
public final class TraceContext {

  private TraceContext() {}

  public static String traceparent(String fromCaller) {
    SpanContext span = Span.current().getSpanContext();
    if (span.isValid()) {
      return "00-"
          + span.getTraceId()
          + "-"
          + span.getSpanId()
          + "-"
          + span.getTraceFlags().asHex();
    }
    return fromCaller != null
            && fromCaller.matches("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")
        ? fromCaller
        : null;
  }
}
