package dev.mypi.storage.s3.internal;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Classifies and describes the SDK's exceptions. */
public final class S3Errors {
  private S3Errors() {}

  /** Returns the HTTP status of an error S3 answered, or 0 if there was no answer. */
  public static int status(SdkException e) {
    return e instanceof S3Exception s3 ? s3.statusCode() : 0;
  }

  /** Returns whether S3 answered 404 (no such key, or for {@code HEAD} no body at all). */
  public static boolean isNotFound(SdkException e) {
    return status(e) == 404;
  }

  /** Returns one line for messages: {@code S3 answered 403 AccessDenied: Access Denied} or the client's message. */
  public static String describe(SdkException e) {
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      String message = s3.awsErrorDetails() == null ? s3.getMessage() : s3.awsErrorDetails().errorMessage();
      return "S3 answered " + s3.statusCode() + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message);
    }
    return e.getMessage();
  }
}
