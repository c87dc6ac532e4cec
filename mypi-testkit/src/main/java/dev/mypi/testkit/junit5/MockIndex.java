package dev.mypi.testkit.junit5;

import dev.mypi.testkit.junit5.internal.MockIndexExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test a started {@link dev.mypi.testkit.MockIndexServer} that JUnit closes, also when the
 * test fails. On a {@code static} field: one server for the test class, started before
 * {@code @BeforeAll}, closed after {@code @AfterAll}. On an instance field: a new server for every
 * test. On a parameter of a test, lifecycle or constructor: a new server for that invocation.
 * Servers are independent (own port, threads, index), so this is safe with JUnit's parallel
 * execution.
 *
 * <pre>{@code
 * class InstallerTest {
 *   @MockIndex static MockIndexServer shared;       // per class
 *   @MockIndex MockIndexServer server;              // per test
 *
 *   @Test
 *   void installsFromTheIndex(@MockIndex MockIndexServer another) throws Exception {
 *     server.publish(WheelBuilder.of("foo", "1.0").build());
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>The field or parameter must be of type {@code MockIndexServer}; a field is assigned even if
 * it is private or already holds a value.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
@ExtendWith(MockIndexExtension.class)
public @interface MockIndex {}
