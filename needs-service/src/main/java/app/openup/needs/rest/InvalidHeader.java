package app.openup.needs.rest;

/** A request header that is not what the API expects. */
final class InvalidHeader extends RuntimeException {

  private final String header;

  InvalidHeader(String header, String message) {
    super(message, null, false, false);
    this.header = header;
  }

  String header() {
    return header;
  }
}
