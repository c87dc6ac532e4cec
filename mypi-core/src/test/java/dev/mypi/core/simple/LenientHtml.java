package dev.mypi.core.simple;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately small HTML checker for rendered pages, so a golden file cannot bake in broken
 * markup: every {@code <} starts a comment, the doctype or a tag; every attribute is {@code
 * name="value"} (never bare); values and text contain no raw {@code <}, {@code >} or {@code "},
 * and every {@code &} starts one of the five entities Guava's escaper writes; non-void elements
 * are balanced. Returns the elements with unescaped attributes and text.
 */
public final class LenientHtml {
  private static final Set<String> VOID = Set.of("meta", "br");
  private static final Set<String> ALLOWED =
      Set.of("html", "head", "meta", "title", "body", "h1", "a", "br");

  /** An element with its unescaped attributes and unescaped direct text. */
  public record Element(String name, Map<String, String> attributes, String text) {}

  private LenientHtml() {}

  /** Checks {@code html} (failing with an {@link AssertionError}) and returns its elements. */
  public static List<Element> parse(String html) {
    List<Element> elements = new ArrayList<>();
    Deque<Integer> open = new ArrayDeque<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < html.length()) {
      char c = html.charAt(i);
      if (c != '<') {
        if (c == '>' || c == '"') {
          fail("raw %s in text at %d: %s", c, i, context(html, i));
        }
        int end = i + 1;
        if (c == '&') {
          end = entityEnd(html, i);
          text.append(unescape(html.substring(i, end)));
        } else {
          text.append(c);
        }
        i = end;
        continue;
      }
      if (html.startsWith("<!--", i)) {
        int end = html.indexOf("-->", i);
        if (end < 0) {
          fail("unclosed comment at %d", i);
        }
        i = end + 3;
      } else if (html.startsWith("<!DOCTYPE html>", i)) {
        i += "<!DOCTYPE html>".length();
      } else if (html.startsWith("</", i)) {
        int end = html.indexOf('>', i);
        String name = html.substring(i + 2, end);
        if (open.isEmpty() || !elements.get(open.peek()).name().equals(name)) {
          fail("unexpected </%s> at %d: %s", name, i, context(html, i));
        }
        int index = open.pop();
        Element e = elements.get(index);
        elements.set(index, new Element(e.name(), e.attributes(), text.toString().strip()));
        text.setLength(0);
        i = end + 1;
      } else {
        i = startTag(html, i, elements, open);
        text.setLength(0);
      }
    }
    if (!open.isEmpty()) {
      fail("unclosed <%s>", elements.get(open.peek()).name());
    }
    return elements;
  }

  /** Returns the {@code <a>} elements. */
  public static List<Element> anchors(String html) {
    return parse(html).stream().filter(e -> e.name().equals("a")).toList();
  }

  private static int startTag(String html, int start, List<Element> elements, Deque<Integer> open) {
    int i = start + 1;
    int nameEnd = i;
    while (nameEnd < html.length() && Character.isLetterOrDigit(html.charAt(nameEnd))) {
      nameEnd++;
    }
    String name = html.substring(i, nameEnd);
    if (!ALLOWED.contains(name)) {
      fail("unexpected element <%s> at %d: %s", name, start, context(html, start));
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    i = nameEnd;
    while (true) {
      char c = html.charAt(i);
      if (c == '>') {
        i++;
        break;
      }
      if (c != ' ') {
        fail("expected ' ' or '>' in <%s> at %d: %s", name, i, context(html, i));
      }
      i++;
      int eq = html.indexOf('=', i);
      String attribute = html.substring(i, eq);
      if (!attribute.matches("[a-z][a-z-]*")) {
        fail("bad or bare attribute '%s' in <%s> at %d: %s", attribute, name, i, context(html, i));
      }
      if (html.charAt(eq + 1) != '"') {
        fail("unquoted attribute %s at %d: %s", attribute, eq, context(html, eq));
      }
      int close = html.indexOf('"', eq + 2);
      if (close < 0) {
        fail("unclosed attribute %s at %d", attribute, eq);
      }
      String raw = html.substring(eq + 2, close);
      StringBuilder value = new StringBuilder();
      for (int j = 0; j < raw.length(); ) {
        char v = raw.charAt(j);
        if (v == '<' || v == '>') {
          fail("raw %s in attribute %s: %s", v, attribute, raw);
        }
        if (v == '&') {
          int end = entityEnd(raw, j);
          value.append(unescape(raw.substring(j, end)));
          j = end;
        } else {
          value.append(v);
          j++;
        }
      }
      if (attributes.put(attribute, value.toString()) != null) {
        fail("duplicate attribute %s in <%s>", attribute, name);
      }
      i = close + 1;
    }
    elements.add(new Element(name, attributes, ""));
    if (!VOID.contains(name)) {
      open.push(elements.size() - 1);
    }
    return i;
  }

  private static int entityEnd(String s, int amp) {
    for (String entity : List.of("&amp;", "&lt;", "&gt;", "&quot;", "&#39;")) {
      if (s.startsWith(entity, amp)) {
        return amp + entity.length();
      }
    }
    return fail("raw & at %d: %s", amp, context(s, amp));
  }

  private static String unescape(String entity) {
    switch (entity) {
      case "&amp;":
        return "&";
      case "&lt;":
        return "<";
      case "&gt;":
        return ">";
      case "&quot;":
        return "\"";
      default:
        return "'";
    }
  }

  private static String context(String s, int at) {
    return s.substring(Math.max(0, at - 30), Math.min(s.length(), at + 30));
  }
}
