package dev.mypi.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the registry in the Prometheus text format (0.0.4), or OpenMetrics 1.0
 * when the scraper asks for it in {@code Accept}.
 */
final class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final transient PrometheusMeterRegistry registry;

  MetricsServlet(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String method = req.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      byte[] body = "Method Not Allowed: use GET, HEAD\n".getBytes(StandardCharsets.UTF_8);
      resp.setStatus(405);
      resp.setHeader("Allow", "GET, HEAD");
      resp.setContentType("text/plain; charset=utf-8");
      resp.setContentLength(body.length);
      resp.getOutputStream().write(body);
      return;
    }
    String accept = req.getHeader("Accept");
    String contentType = accept != null && accept.contains("application/openmetrics-text") ? OPEN_METRICS : TEXT_FORMAT;
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    registry.scrape(out, contentType);
    resp.setStatus(200);
    resp.setContentType(contentType);
    resp.setHeader("Cache-Control", "no-store");
    resp.setContentLength(out.size());
    if (!method.equals("HEAD")) {
      out.writeTo(resp.getOutputStream());
    }
  }
}
