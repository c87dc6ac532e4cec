package dev.mypi.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately raw HTTP/1.1 client for the tests: one request per connection ({@code Connection:
 * close}), the response read to the end of the stream whatever its {@code Content-Length} says, so
 * that truncated bodies and dropped connections can be observed as they are.
 */
final class Http {
  /** A response as it came over the wire; {@code status} 0 when the connection closed without one. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private Http() {}

  static Response get(URI url, String... headerLines) throws IOException {
    return send("GET", url, null, null, headerLines);
  }

  static Response post(URI url, String contentType, byte[] body) throws IOException {
    return send("POST", url, contentType, body);
  }

  static Response send(String method, URI url, String contentType, byte[] body, String... headerLines) throws IOException {
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(30_000);
      StringBuilder req = new StringBuilder();
      req.append(method).append(' ').append(url.getRawPath()).append(url.getRawQuery() == null ? "" : "?" + url.getRawQuery()).append(" HTTP/1.1\r\n");
      req.append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n");
      req.append("Connection: close\r\n");
      for (String h : headerLines) {
        req.append(h).append("\r\n");
      }
      if (body != null) {
        req.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length).append("\r\n");
      }
      req.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return parse(socket.getInputStream());
    }
  }

  private static Response parse(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    try {
      while ((n = in.read(buf)) > 0) {
        all.write(buf, 0, n);
      }
    } catch (java.net.SocketException reset) {
      // a connection closed by a fault: keep what arrived
    }
    byte[] bytes = all.toByteArray();
    int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (end < 0) {
      return new Response(0, Map.of(), bytes);
    }
    String[] head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(head[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < head.length; i++) {
      int colon = head[i].indexOf(':');
      headers.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
    return new Response(status, headers, body);
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
