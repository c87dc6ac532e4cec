package dev.mypi.core.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files in {@code src/test/resources/dev/mypi/core/simple/}. Run the tests with {@code
 * -Dmypi.updateGoldens=true} to rewrite them from the current output, then review the diff.
 */
final class Goldens {
  private static final Path SOURCE_DIR = Path.of("src/test/resources/dev/mypi/core/simple");

  private Goldens() {}

  /** Returns the golden file's text, writing {@code actual} there first when updating. */
  static String golden(String name, String actual) {
    try {
      if (Boolean.getBoolean("mypi.updateGoldens")) {
        Files.writeString(SOURCE_DIR.resolve(name), actual, StandardCharsets.UTF_8);
        return actual;
      }
      try (InputStream in = Goldens.class.getResourceAsStream(name)) {
        assertThat(in).as("golden file %s (create it with -Dmypi.updateGoldens=true)", name).isNotNull();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
