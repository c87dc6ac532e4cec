/**
 * JUnit 5 integration of the testkit: annotate a {@link dev.mypi.testkit.MockIndexServer} field
 * or parameter with {@link dev.mypi.testkit.junit5.MockIndex @MockIndex} and JUnit starts and
 * closes it.
 */
@org.jspecify.annotations.NullMarked
package dev.mypi.testkit.junit5;
