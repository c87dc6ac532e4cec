package dev.mypi.server.it;

import dev.mypi.core.ProjectIndex;
import dev.mypi.http.MypiServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The servlet mounted at {@code /pypi} in a plain embedded Jetty, behind a filter that makes
 * every request accept HTML only (as pip before 22.2 does), counting the representations served.
 */
final class HtmlOnlyMount implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final AtomicInteger html = new AtomicInteger();
  private final AtomicInteger json = new AtomicInteger();

  private HtmlOnlyMount(ProjectIndex index) throws Exception {
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(MypiServlet.builder(index).build()), "/pypi/*");
    Filter htmlOnly =
        (request, response, chain) -> {
          HttpServletRequest wrapped =
              new HttpServletRequestWrapper((HttpServletRequest) request) {
                @Override
                public String getHeader(String name) {
                  return name.equalsIgnoreCase("Accept") ? "text/html" : super.getHeader(name);
                }

                @Override
                public Enumeration<String> getHeaders(String name) {
                  return name.equalsIgnoreCase("Accept") ? Collections.enumeration(java.util.List.of("text/html")) : super.getHeaders(name);
                }
              };
          chain.doFilter(wrapped, response);
          String type = ((HttpServletResponse) response).getContentType();
          if (type != null && type.startsWith("text/html")) {
            html.incrementAndGet();
          } else if (type != null && type.contains("json")) {
            json.incrementAndGet();
          }
        };
    context.addFilter(new FilterHolder(htmlOnly), "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
  }

  static HtmlOnlyMount start(ProjectIndex index) throws Exception {
    return new HtmlOnlyMount(index);
  }

  String simpleUrl() {
    return "http://127.0.0.1:" + connector.getLocalPort() + "/pypi/simple/";
  }

  String uploadUrl() {
    return "http://127.0.0.1:" + connector.getLocalPort() + "/pypi/legacy/";
  }

  int htmlPagesServed() {
    return html.get();
  }

  int jsonPagesServed() {
    return json.get();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
