/** The JUnit 5 extension behind {@link dev.mypi.testkit.junit5.MockIndex}. Not API. */
@org.jspecify.annotations.NullMarked
package dev.mypi.testkit.junit5.internal;
