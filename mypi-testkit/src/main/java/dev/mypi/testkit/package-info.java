/**
 * A real Python package index inside a test: {@link dev.mypi.testkit.MockIndexServer} (mypi's
 * servlet in an embedded Jetty over in-memory storage, with a scenario API, request recording and
 * {@linkplain dev.mypi.testkit.Fault fault injection}), and generated distributions ({@link
 * dev.mypi.testkit.WheelBuilder}, {@link dev.mypi.testkit.SdistBuilder}) that pip installs.
 *
 * <pre>{@code
 * try (MockIndexServer server = MockIndexServer.create().start()) {
 *   server.publish(WheelBuilder.of("foo", "1.0").build());
 *   // pip install --index-url server.simpleUrl() foo
 *   assertThat(server.takeRequest().path()).isEqualTo("/simple/foo/");
 * }
 * }</pre>
 *
 * <p>JUnit 5 integration is in {@link dev.mypi.testkit.junit5}; the storage-backend contract
 * suite in {@link dev.mypi.testkit.contract}.
 */
@org.jspecify.annotations.NullMarked
package dev.mypi.testkit;
