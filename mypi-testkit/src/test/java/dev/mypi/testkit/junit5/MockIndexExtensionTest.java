package dev.mypi.testkit.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.mypi.testkit.MockIndexServer;
import dev.mypi.testkit.WheelBuilder;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@link MockIndex} on fields and parameters: servers per class and per test, closed by JUnit
 * even when the test fails, independent under parallel execution. The fixture classes below are
 * run through the JUnit launcher (surefire skips nested classes).
 */
class MockIndexExtensionTest {
  /** What the fixtures saw: label → server. Filled only while a fixture runs. */
  static final Queue<Map.Entry<String, MockIndexServer>> SEEN = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void forget() {
    SEEN.clear();
  }

  private static TestExecutionSummary run(Class<?> fixture, Map<String, String> config) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).configurationParameters(config).build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    return listener.getSummary();
  }

  private static List<MockIndexServer> seen(String label) {
    List<MockIndexServer> servers = new ArrayList<>();
    for (Map.Entry<String, MockIndexServer> e : SEEN) {
      if (e.getKey().equals(label)) {
        servers.add(e.getValue());
      }
    }
    return servers;
  }

  private static void assertClosed(MockIndexServer server) {
    URI url = server.url();
    assertThatThrownBy(() -> new Socket(url.getHost(), url.getPort()).close()).isInstanceOf(ConnectException.class);
    assertThat(server.toString()).contains("closed");
  }

  @Test
  void staticFieldIsOneServerPerClassInstanceFieldAndParameterOnePerTest() {
    TestExecutionSummary summary = run(Lifecycles.class, Map.of());

    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(seen("static")).hasSize(2).containsOnly(seen("static").get(0));
    assertThat(seen("instance")).hasSize(2).doesNotHaveDuplicates();
    assertThat(seen("parameter")).hasSize(2).doesNotHaveDuplicates();
    assertThat(seen("beforeAll")).hasSize(1);
    SEEN.forEach(e -> assertClosed(e.getValue()));
  }

  @Test
  void serversAreClosedWhenTheTestFails() {
    TestExecutionSummary summary = run(Failing.class, Map.of());

    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException()).hasMessageContaining("the test fails");
    assertThat(SEEN).hasSize(3);
    SEEN.forEach(e -> assertClosed(e.getValue()));
  }

  @Test
  void parallelTestsEachGetTheirOwnServer() {
    TestExecutionSummary summary =
        run(Parallel.class, Map.of("junit.jupiter.execution.parallel.enabled", "true", "junit.jupiter.execution.parallel.mode.default", "concurrent"));

    assertThat(summary.getTestsSucceededCount()).as(summary.getFailures().toString()).isEqualTo(8);
    assertThat(seen("parallel")).hasSize(8).doesNotHaveDuplicates();
    assertThat(seen("parallel")).extracting(MockIndexServer::url).doesNotHaveDuplicates();
    SEEN.forEach(e -> assertClosed(e.getValue()));
  }

  @Test
  void aFieldOfAnotherTypeIsAConfigurationError() {
    TestExecutionSummary summary = run(WrongType.class, Map.of());

    assertThat(summary.getTestsSucceededCount()).isZero();
    assertThat(summary.getTotalFailureCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException()).hasMessageContaining("must be of type MockIndexServer");
  }

  // ---- fixtures, run by the tests above ------------------------------------------------------

  static class Lifecycles {
    @MockIndex static MockIndexServer shared;
    @MockIndex MockIndexServer server;

    @org.junit.jupiter.api.BeforeAll
    static void beforeAll(@MockIndex MockIndexServer forSetUp) throws Exception {
      assertThat(shared).isNotNull();
      forSetUp.url();
      SEEN.add(Map.entry("beforeAll", forSetUp));
    }

    @Test
    void first(@MockIndex MockIndexServer parameter) throws Exception {
      record(parameter);
    }

    @Test
    void second(@MockIndex MockIndexServer parameter) throws Exception {
      record(parameter);
    }

    private void record(MockIndexServer parameter) throws Exception {
      assertThat(shared.url()).isNotEqualTo(server.url());
      server.publish(WheelBuilder.of("foo", "1.0").build());
      assertThat(server.index().projects().projects()).hasSize(1);
      SEEN.add(Map.entry("static", shared));
      SEEN.add(Map.entry("instance", server));
      SEEN.add(Map.entry("parameter", parameter));
    }
  }

  static class Failing {
    @MockIndex static MockIndexServer shared;
    @MockIndex MockIndexServer server;

    @Test
    void fails(@MockIndex MockIndexServer parameter) {
      SEEN.add(Map.entry("static", shared));
      SEEN.add(Map.entry("instance", server));
      SEEN.add(Map.entry("parameter", parameter));
      throw new AssertionError("the test fails");
    }
  }

  static class Parallel {
    @MockIndex MockIndexServer server;

    private void own(String project) throws Exception {
      server.publish(WheelBuilder.of(project, "1.0").build());
      Thread.sleep(20); // let the other tests run meanwhile
      assertThat(server.index().projects().projects()).extracting(p -> p.name().normalized()).containsExactly(project);
      SEEN.add(Map.entry("parallel", server));
    }

    @Test void p1() throws Exception { own("p1"); }
    @Test void p2() throws Exception { own("p2"); }
    @Test void p3() throws Exception { own("p3"); }
    @Test void p4() throws Exception { own("p4"); }
    @Test void p5() throws Exception { own("p5"); }
    @Test void p6() throws Exception { own("p6"); }
    @Test void p7() throws Exception { own("p7"); }
    @Test void p8() throws Exception { own("p8"); }
  }

  static class WrongType {
    @MockIndex String notAServer;

    @Test
    void neverRuns() {}
  }
}
