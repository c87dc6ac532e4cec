package dev.mypi.storage.s3;

import java.util.Map;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables the contract tests that check a behaviour S3Proxy does not have, naming the deviation.
 * Each one runs against moto ({@code S3BlobStoreOnMotoTest}) where moto is installed. Registered on
 * the S3Proxy contract test class, so it also applies to the inherited {@code @Nested} classes.
 */
final class S3ProxyDeviations implements ExecutionCondition {
  private static final Map<String, String> DEVIATIONS =
      Map.of(
          "utf8Order",
          "S3Proxy lists keys in Java String (UTF-16) order; AWS S3 and moto list by UTF-8 bytes, as the contract"
              + " says. S3BlobStore passes S3's order through; this test runs against moto.");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return context
        .getTestMethod()
        .map(m -> DEVIATIONS.get(m.getName()))
        .map(reason -> ConditionEvaluationResult.disabled("skipped on S3Proxy: " + reason))
        .orElse(ConditionEvaluationResult.enabled("S3Proxy behaves like S3 here"));
  }
}
