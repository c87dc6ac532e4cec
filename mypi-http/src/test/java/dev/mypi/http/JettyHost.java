package dev.mypi.http;

import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A servlet in a plain embedded Jetty on a free loopback port, for tests of the servlet alone. */
final class JettyHost implements AutoCloseable {
  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);

  static JettyHost start(MypiServlet servlet) throws Exception {
    JettyHost host = new JettyHost();
    host.connector.setHost("127.0.0.1");
    host.connector.setPort(0);
    host.server.addConnector(host.connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(servlet), "/*");
    host.server.setHandler(context);
    host.server.start();
    return host;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
