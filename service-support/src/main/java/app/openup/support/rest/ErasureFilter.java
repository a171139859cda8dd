package app.openup.support.rest;

import app.openup.support.command.ErasedPartners;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * An erased partner can do nothing any more: every request of theirs, read or command, is answered
 * 410, except on endpoints marked {@link AllowedAfterErasure}. The service says who was erased
 * ({@link ErasedPartners}).
 */
public class ErasureFilter {

  private final Instance<ErasedPartners> erased;
  private final JsonWebToken token;

  public ErasureFilter(Instance<ErasedPartners> erased, JsonWebToken token) {
    this.erased = erased;
    this.token = token;
  }

  @ServerRequestFilter
  public Uni<Response> refuseErased(SimpleResourceInfo resource) {
    if (erased.isUnsatisfied() || token.getRawToken() == null || allowed(resource)) {
      return Uni.createFrom().nullItem();
    }
    UUID partner;
    try {
      partner = UUID.fromString(token.getSubject());
    } catch (RuntimeException notAPartner) {
      // The resource's own check answers 401.
      return Uni.createFrom().nullItem();
    }
    return erased
        .get()
        .isErased(partner)
        .map(gone -> gone ? ProblemMapper.respond(ProblemMapper.erasedProblem()) : null);
  }

  private static boolean allowed(SimpleResourceInfo resource) {
    if (resource == null || resource.getResourceClass() == null) {
      return true;
    }
    if (resource.getResourceClass().isAnnotationPresent(AllowedAfterErasure.class)) {
      return true;
    }
    try {
      return resource
          .getResourceClass()
          .getMethod(resource.getMethodName(), resource.parameterTypes())
          .isAnnotationPresent(AllowedAfterErasure.class);
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
