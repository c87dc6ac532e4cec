package dev.mypi.testkit.internal;

import java.util.regex.Pattern;

/** Path globs: {@code *} matches within one path segment, {@code **} across segments, {@code ?} one character. */
public final class Globs {
  private Globs() {}

  /** Returns the regular expression {@code glob} stands for. */
  public static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        re.append(".*");
        i += 2;
      } else if (c == '*') {
        re.append("[^/]*");
        i++;
      } else if (c == '?') {
        re.append("[^/]");
        i++;
      } else {
        int next = i;
        while (next < glob.length() && "*?".indexOf(glob.charAt(next)) < 0) {
          next++;
        }
        re.append(Pattern.quote(glob.substring(i, next)));
        i = next;
      }
    }
    return Pattern.compile(re.toString());
  }
}
