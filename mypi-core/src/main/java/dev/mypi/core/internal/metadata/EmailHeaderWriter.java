package dev.mypi.core.internal.metadata;

import dev.mypi.core.internal.metadata.EmailHeaderParser.Header;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes core metadata in the "email header" format, as UTF-8 with {@code \n} line breaks, the
 * way modern build backends do: one header per line, the description as the body after a blank
 * line. A value that spans lines is folded: every following line that does not start with a blank
 * is indented by eight spaces, so {@link EmailHeaderParser} reads the header back as one field.
 */
public final class EmailHeaderWriter {
  private static final String FOLD_INDENT = "        ";

  private EmailHeaderWriter() {}

  /** Returns the bytes of a message with {@code headers} in order and an optional body. */
  public static byte[] write(List<Header> headers, @Nullable String body) {
    StringBuilder out = new StringBuilder();
    for (Header header : headers) {
      out.append(header.name()).append(": ");
      String[] lines = header.value().split("\\r\\n|\\r|\\n", -1);
      out.append(lines[0]);
      for (int i = 1; i < lines.length; i++) {
        out.append('\n');
        String line = lines[i];
        if (line.isEmpty() || (line.charAt(0) != ' ' && line.charAt(0) != '\t')) {
          out.append(FOLD_INDENT);
        }
        out.append(line);
      }
      out.append('\n');
    }
    if (body != null && !body.isEmpty()) {
      out.append('\n').append(body);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
