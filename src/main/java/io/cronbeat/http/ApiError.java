package io.cronbeat.http;

/**
 * A request the API refuses, with its status and one line saying what to change. Thrown by the
 * routes and turned into the error shape {@code {"error": ..., "field": ...}} in one place.
 *
 * @param field the parameter or JSON key at fault, or null
 */
final class ApiError extends RuntimeException {

  private final int status;
  private final String field;

  ApiError(int status, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
  }

  static ApiError badRequest(String field, String message) {
    return new ApiError(400, message, field);
  }

  static ApiError notFound(String message) {
    return new ApiError(404, message, null);
  }

  int status() {
    return status;
  }

  String field() {
    return field;
  }
}
