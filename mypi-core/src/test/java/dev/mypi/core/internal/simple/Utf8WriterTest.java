package dev.mypi.core.internal.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import com.google.common.html.HtmlEscapers;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8WriterTest {
  private static final String ALPHABET = "a<\"&ü€\uD83D\uDC0D\uD800\uDFFFz";

  @Test
  void encodesLikeStringGetBytesAcrossBufferBoundaries() throws IOException {
    Random random = new Random(503);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // Each piece is encoded on its own: a surrogate pair split across two writes is two lone ones.
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    Utf8Writer writer = new Utf8Writer(out);
    for (int i = 0; i < 300; i++) {
      String s = randomText(random, i);
      writer.write(s);
      expected.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      if (i % 7 == 0) {
        writer.write(Utf8Writer.bytes("<br>"));
        expected.writeBytes(Utf8Writer.bytes("<br>"));
      }
    }
    writer.write(Utf8Writer.bytes("y".repeat(20_000))).write(-42L);
    expected.writeBytes(Utf8Writer.bytes("y".repeat(20_000) + "-42"));
    writer.flush();

    assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
  }

  /**
   * Returns the {@code i}th of a run of random strings: mostly {@code x}, a quarter from {@link
   * #ALPHABET}; every tenth up to 40,000 chars (well over the writer's buffer, to hit the fast, slow
   * and long paths), the others under 200.
   */
  private static String randomText(Random random, int i) {
    int length = i % 10 == 0 ? random.nextInt(40_000) : random.nextInt(200);
    StringBuilder s = new StringBuilder(length);
    for (int j = 0; j < length; j++) {
      s.append(random.nextInt(4) == 0 ? ALPHABET.charAt(random.nextInt(ALPHABET.length())) : 'x');
    }
    return s.toString();
  }

  @Test
  void writeUnlessReservedWritesPlainStringsAndNothingOfReservedOnes() throws IOException {
    Random random = new Random(691);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    Utf8Writer writer = new Utf8Writer(out);
    int refused = 0;
    for (int i = 0; i < 300; i++) {
      int length = i % 10 == 0 ? random.nextInt(40_000) : random.nextInt(200);
      StringBuilder s = new StringBuilder(length);
      for (int j = 0; j < length; j++) {
        // One '<' in about one string of two, anywhere; the rest is ASCII, non-ASCII and pairs.
        char c = random.nextInt(4) == 0 ? ALPHABET.charAt(random.nextInt(4, ALPHABET.length())) : 'x';
        s.append(random.nextInt(length + 1) == 0 ? '<' : c);
      }
      String text = s.toString();
      boolean written = writer.writeUnlessReserved(text, HtmlPageRenderer.HTML_RESERVED);
      assertThat(written).isEqualTo(text.indexOf('<') < 0);
      if (written) {
        expected.writeBytes(text.getBytes(StandardCharsets.UTF_8));
      } else {
        refused++;
      }
      writer.write(Utf8Writer.bytes("|"));
      expected.writeBytes(Utf8Writer.bytes("|"));
    }
    writer.flush();

    assertThat(refused).isPositive();
    assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void growsItsBufferUpToTheMaximumBeforeWritingToTheStream() throws IOException {
    List<Integer> writes = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream() {
      @Override
      public synchronized void write(byte[] b, int off, int len) {
        writes.add(len);
        super.write(b, off, len);
      }
    };
    Utf8Writer writer = new Utf8Writer(out);
    StringBuilder expected = new StringBuilder();
    // Pieces up to 100 chars, some of them three bytes each in UTF-8, up to just under the maximum.
    Random random = new Random(658);
    while (expected.length() * 3 < Utf8Writer.MAX_BUFFER_SIZE - 400) {
      String piece = (random.nextBoolean() ? "x" : "\u20ac").repeat(random.nextInt(100));
      writer.write(piece);
      expected.append(piece);
    }
    assertThat(writes).as("nothing written before the buffer reaches its maximum").isEmpty();
    for (int i = 0; i < 2_000; i++) {
      writer.write("<a href=\"x\">").write(i);
      expected.append("<a href=\"x\">").append(i);
    }
    writer.flush();

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    assertThat(writes).hasSizeGreaterThan(1).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(Utf8Writer.MAX_BUFFER_SIZE));
  }

  @Test
  void writingASmallPageAllocatesAboutItsSizeNotTheLargestBuffer() throws IOException {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    byte[] head = Utf8Writer.bytes("<!DOCTYPE html><html><head><title>Links for demo</title></head><body>");
    int rounds = 1_000;
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < rounds; i++) {
      out.reset();
      Utf8Writer w = new Utf8Writer(out);
      w.write(head).write("<a href=\"../../files/demo/demo-1.0-py3-none-any.whl#sha256=").write("ab".repeat(32)).write("\">");
      w.write("demo-1.0-py3-none-any.whl</a>").write(i).flush();
    }
    long perPage = (threads.getThreadAllocatedBytes(thread) - before) / rounds;

    assertThat(out.size()).isLessThan(Utf8Writer.INITIAL_BUFFER_SIZE);
    assertThat(perPage).isLessThan(Utf8Writer.MAX_BUFFER_SIZE / 4);
  }

  @Test
  void encodesIntoAPageBufferAsIntoAnyStream() throws IOException {
    Random random = new Random(714);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    PageBuffer page = new PageBuffer(16); // far too small: it grows as the writer needs
    for (int part = 0; part < 3; part++) {
      // A writer per part on the same targets, with a plain write to each in between.
      Utf8Writer toStream = new Utf8Writer(stream);
      Utf8Writer toPage = new Utf8Writer(page);
      for (int i = 0; i < 200; i++) {
        String text = randomText(random, i);
        if (i % 3 == 0) {
          assertThat(toPage.writeUnlessReserved(text, HtmlPageRenderer.HTML_RESERVED))
              .isEqualTo(toStream.writeUnlessReserved(text, HtmlPageRenderer.HTML_RESERVED));
        } else {
          toStream.write(text).write(i);
          toPage.write(text).write(i);
        }
        toStream.write(Utf8Writer.bytes("<br>"));
        toPage.write(Utf8Writer.bytes("<br>"));
      }
      toStream.flush();
      toPage.flush();
      stream.write('|');
      page.write('|');
    }

    assertThat(page.size()).isEqualTo(stream.size());
    assertThat(page.toByteArray()).isEqualTo(stream.toByteArray());
  }

  @Test
  void writingIntoAPageBufferAllocatesNoBufferOfItsOwn() throws IOException {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    byte[] head = Utf8Writer.bytes("<!DOCTYPE html><html><head><title>Links for demo</title></head><body>");
    int capacity = 256;
    int rounds = 1_000;
    int length = 0;
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < rounds; i++) {
      PageBuffer page = new PageBuffer(capacity);
      Utf8Writer w = new Utf8Writer(page);
      w.write(head).write("<a href=\"../../files/demo/demo-1.0-py3-none-any.whl#sha256=").write("ab".repeat(32)).write("\">");
      w.write("demo-1.0-py3-none-any.whl</a>").write(i).flush();
      length = page.size();
    }
    long perPage = (threads.getThreadAllocatedBytes(thread) - before) / rounds;

    assertThat(length).isBetween(capacity / 2, capacity);
    // The page buffer's array and a few small objects; a buffer of the writer's own would add 1 KiB.
    assertThat(perPage).isLessThan(capacity + Utf8Writer.INITIAL_BUFFER_SIZE / 2);
  }

  @Test
  void htmlReservedTableFlagsExactlyTheCharactersGuavaEscapes() {
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      String s = String.valueOf(c);
      boolean escapedByGuava = !HtmlEscapers.htmlEscaper().escape(s).equals(s);
      boolean reserved = c < 0x80 && HtmlPageRenderer.HTML_RESERVED[c];
      assertThat(reserved).as("U+%04X", (int) c).isEqualTo(escapedByGuava);
    }
  }
}
