package dev.mypi.core.internal.metadata;

import com.google.common.collect.ImmutableList;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Splits core-metadata bytes into headers and body the way Python's {@code email.parser} with the
 * {@code compat32} policy does, which is what {@code packaging.metadata.parse_email} builds on.
 *
 * <ul>
 *   <li>Lines end in {@code \r\n}, {@code \r} or {@code \n}.
 *   <li>A header line is {@code name:value} where the name is printable ASCII without {@code :}; a
 *       line starting with a space or tab continues the previous header, and is kept verbatim
 *       (line break and indentation included). The value loses the blanks after the colon and the
 *       line breaks at its end, nothing else.
 *   <li>The first empty line ends the headers and is dropped; the rest is the body. A line that is
 *       neither a header nor a continuation also ends the headers, but belongs to the body.
 *   <li>Each header line is decoded as UTF-8, or as Latin-1 if it is not valid UTF-8; the body
 *       likewise as a whole. A leading UTF-8 byte-order mark is skipped (Python would not).
 * </ul>
 */
public final class EmailHeaderParser {
  private EmailHeaderParser() {}

  /** One header as written: its name with the file's spelling and its unfolded value. */
  public record Header(String name, String value) {}

  /** The headers in file order and the body, or null when there is no body. */
  public record Message(ImmutableList<Header> headers, @Nullable String body) {}

  /** Parses {@code data}; never fails, since every byte sequence is some message. */
  public static Message parse(byte[] data) {
    int pos = startsWithBom(data) ? 3 : 0;
    ImmutableList.Builder<Header> headers = ImmutableList.builder();
    @Nullable String name = null;
    StringBuilder value = new StringBuilder();
    while (pos < data.length) {
      int end = lineEnd(data, pos);
      int contentEnd = contentEnd(data, pos, end);
      if (contentEnd == pos && end > pos) {
        pos = end; // the blank separator line: dropped
        break;
      }
      byte first = data[pos];
      if (first == ' ' || first == '\t') {
        if (name != null) {
          value.append(decode(data, pos, end));
        }
        // else: a continuation before any header is ignored, as email.parser does
      } else if (startsWith(data, pos, end, "From ")) {
        // An mbox "From " envelope line (it cannot be a header: the name has a space). email.parser
        // skips it, except at the very end of the header block; we always skip it.
      } else {
        int colon = headerColon(data, pos, contentEnd);
        if (colon < 0) {
          break; // not a header: the body starts on this line
        }
        if (name != null) {
          headers.add(new Header(name, finish(value)));
        }
        value.setLength(0);
        if (colon == pos) {
          name = null; // ":value" has no name; email.parser drops it
        } else {
          name = new String(data, pos, colon - pos, StandardCharsets.US_ASCII);
          int valueStart = colon + 1;
          while (valueStart < end && (data[valueStart] == ' ' || data[valueStart] == '\t')) {
            valueStart++;
          }
          value.append(decode(data, valueStart, end));
        }
      }
      pos = end;
    }
    if (name != null) {
      headers.add(new Header(name, finish(value)));
    }
    String body = pos < data.length ? decode(data, pos, data.length) : null;
    return new Message(headers.build(), body);
  }

  private static boolean startsWithBom(byte[] data) {
    return data.length >= 3
        && (data[0] & 0xff) == 0xef
        && (data[1] & 0xff) == 0xbb
        && (data[2] & 0xff) == 0xbf;
  }

  /** Returns the index just past the line starting at {@code pos}, line break included. */
  private static int lineEnd(byte[] data, int pos) {
    for (int i = pos; i < data.length; i++) {
      if (data[i] == '\n') {
        return i + 1;
      }
      if (data[i] == '\r') {
        return i + 1 < data.length && data[i + 1] == '\n' ? i + 2 : i + 1;
      }
    }
    return data.length;
  }

  private static int contentEnd(byte[] data, int pos, int end) {
    int i = end;
    while (i > pos && (data[i - 1] == '\n' || data[i - 1] == '\r')) {
      i--;
    }
    return i;
  }

  /** Returns the colon ending a valid header name at {@code pos}, or -1 if there is none. */
  private static int headerColon(byte[] data, int pos, int contentEnd) {
    for (int i = pos; i < contentEnd; i++) {
      int b = data[i] & 0xff;
      if (b == ':') {
        return i;
      }
      if (b < 0x21 || b > 0x7e) {
        return -1;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] data, int pos, int end, String prefix) {
    if (end - pos < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (data[pos + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Strips trailing line breaks only, like compat32's {@code value.rstrip('\r\n')}. */
  private static String finish(StringBuilder value) {
    int end = value.length();
    while (end > 0 && (value.charAt(end - 1) == '\n' || value.charAt(end - 1) == '\r')) {
      end--;
    }
    return value.substring(0, end);
  }

  /** Decodes UTF-8 strictly, falling back to Latin-1 for old files that are not UTF-8. */
  static String decode(byte[] data, int from, int to) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data, from, to - from))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(data, from, to - from, StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * Returns the text of a legacy {@code Description:} header: continuation lines lose the
   * {@code "       |"} prefix the core-metadata specification prescribes, or, when not every
   * continuation line has it (distutils wrote plain 8-space indentation), their common
   * indentation. Line breaks become {@code \n}.
   */
  public static String unfoldDescription(String value) {
    String[] lines = value.split("\r\n|\r|\n", -1);
    if (lines.length == 1) {
      return value;
    }
    boolean allPiped = true;
    int commonIndent = Integer.MAX_VALUE;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      int indent = indentOf(line);
      if (indent >= line.length() || line.charAt(indent) != '|') {
        allPiped = false;
      }
      if (indent < line.length()) {
        commonIndent = Math.min(commonIndent, indent);
      }
    }
    StringBuilder out = new StringBuilder(lines[0]);
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      out.append('\n');
      if (allPiped) {
        out.append(line, indentOf(line) + 1, line.length());
      } else if (indentOf(line) < line.length()) {
        out.append(line, commonIndent, line.length());
      }
    }
    return out.toString();
  }

  private static int indentOf(String line) {
    int i = 0;
    while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }
}
