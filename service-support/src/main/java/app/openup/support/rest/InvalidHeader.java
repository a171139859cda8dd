package app.openup.support.rest;

/** A request header that is not what the API expects (400). */
public final class InvalidHeader extends RuntimeException {

  private final String header;

  public InvalidHeader(String header, String message) {
    super(message, null, false, false);
    this.header = header;
  }

  public String header() {
    return header;
  }
}
