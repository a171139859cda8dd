package app.openup.support.rest;

import app.openup.support.command.ErasedPartners;
import io.quarkus.security.Authenticated;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.AnnotatedElement;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * The gate of every endpoint that needs a partner ({@link Authenticated}), before its body is read
 * or validated: the caller must be a partner ({@link CurrentPartner}: a verified token of the
 * partner group, recent enough, naming a partner id), or it is a 401 whatever the body says; and an
 * erased partner can do nothing any more: 410, except on endpoints marked {@link
 * AllowedAfterErasure}. The service says who was erased ({@link ErasedPartners}).
 */
public class PartnerGate {

  private final ErasedPartners erased;
  private final CurrentPartner caller;

  /** One {@link ErasedPartners} bean, or the application does not start (never fails open). */
  public PartnerGate(ErasedPartners erased, CurrentPartner caller) {
    this.erased = erased;
    this.caller = caller;
  }

  @ServerRequestFilter
  public Uni<Response> admit(SimpleResourceInfo resource) {
    if (!marked(resource, Authenticated.class)) {
      return Uni.createFrom().nullItem();
    }
    UUID partner;
    try {
      partner = caller.id();
    } catch (UnauthorizedException notAPartner) {
      return Uni.createFrom().failure(notAPartner);
    }
    if (marked(resource, AllowedAfterErasure.class)) {
      return Uni.createFrom().nullItem();
    }
    return erased
        .isErased(partner)
        .map(gone -> gone ? ProblemMapper.respond(ProblemMapper.erasedProblem()) : null);
  }

  /** Whether the resource's class or method carries the annotation. */
  private static boolean marked(
      SimpleResourceInfo resource, Class<? extends java.lang.annotation.Annotation> annotation) {
    if (resource == null || resource.getResourceClass() == null) {
      return false;
    }
    if (resource.getResourceClass().isAnnotationPresent(annotation)) {
      return true;
    }
    try {
      AnnotatedElement method =
          resource
              .getResourceClass()
              .getMethod(resource.getMethodName(), resource.parameterTypes());
      return method.isAnnotationPresent(annotation);
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
