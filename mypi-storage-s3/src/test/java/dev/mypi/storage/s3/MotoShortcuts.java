package dev.mypi.storage.s3;

import java.util.Map;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables, on moto, the contract tests that {@link MotoBehaviourTest} already runs in a stronger
 * and faster form, naming where. Registered on {@link S3BlobStoreOnMotoTest}, so it also applies
 * to the inherited {@code @Nested} classes.
 */
final class MotoShortcuts implements ExecutionCondition {
  private static final Map<String, String> COVERED =
      Map.of(
          "moreThanOnePage",
          "MotoBehaviourTest.listsMoreThanOneThousandKeysPageByPageAndFetchesPagesOnlyWhenConsumed lists the same"
              + " 1,001 keys (written in parallel; one by one they take 15 s on moto) and also counts the pages");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return context
        .getTestMethod()
        .map(m -> COVERED.get(m.getName()))
        .map(reason -> ConditionEvaluationResult.disabled("skipped on moto: " + reason))
        .orElse(ConditionEvaluationResult.enabled("not covered elsewhere"));
  }
}
