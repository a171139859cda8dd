package app.openup.support.rest;

import jakarta.ws.rs.BadRequestException;

/**
 * A query parameter that cannot be read as its type (400, naming the parameter). A {@link
 * BadRequestException}, so the REST layer passes it on as it is, where its own conversion failure
 * of a query parameter would answer 404 as if the resource were missing.
 */
public final class InvalidParameter extends BadRequestException {

  private final String parameter;

  public InvalidParameter(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }
}
