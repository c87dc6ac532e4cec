package dev.mypi.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlobKeyTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "foo-1.0.tar.gz",
        "foo/foo_bar-1.0+local.7-py3-none-any.whl",
        "_mypi/journal/00000000000000000042.json",
        "a!b/c~d/e%2e%2e/f@g=h,i;j'k#l&m(n)[o]",
        "with space/in the middle",
        "ünïcödé/パッケージ/\uD83D\uDE00",
        "%2e%2e/%2f",
        "a..b/c.", // dots inside or at the end are fine
      })
  void acceptsRealFilenamesAndRoundTrips(String text) {
    BlobKey key = BlobKey.of(text);

    assertThat(key.toString()).isEqualTo(text);
    assertThat(BlobKey.of(key.toString())).isEqualTo(key);
    assertThat(String.join("/", key.segments())).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "..",
        ".",
        "a/../b",
        "a/./b",
        "a/..",
        "../etc/passwd",
        "/abs",
        "/",
        "a//b",
        "a/",
        "C:\\x",
        "C:",
        "a\\..\\b",
        "a\u0000b",
        "a\nb",
        "a\rb",
        "a\tb",
        "a\u007fb",
        "a\u0085b",
        "a\u2028b",
        ".hidden",
        "a/.mypi-tmp/x",
        " leading",
        "trailing ",
        "a/ b",
        "a*b",
        "a?b",
        "a<b>",
        "a|b",
        "a\"b",
        "a\uD800b",
        "",
      })
  void rejectsTraversalAndUnsafeKeys(String text) {
    assertThatThrownBy(() -> BlobKey.of(text))
        .isInstanceOf(InvalidBlobKeyException.class)
        .hasMessageStartingWith("Invalid storage key '")
        .satisfies(e -> assertThat(((InvalidBlobKeyException) e).input()).isEqualTo(text));
  }

  @Test
  void explainsWhatIsWrongAndEscapesControlCharacters() {
    assertThatThrownBy(() -> BlobKey.of("a/../b"))
        .hasMessage("Invalid storage key 'a/../b': segment '..' is not allowed");
    assertThatThrownBy(() -> BlobKey.of("a\u0000b"))
        .hasMessage("Invalid storage key 'a\\u0000b': contains the control character U+0000");
    assertThatThrownBy(() -> BlobKey.of("a//b")).hasMessageContaining("empty segment");
  }

  @Test
  void percentEncodedDotsStayLiteral() {
    BlobKey key = BlobKey.of("a/%2e%2e/b");

    assertThat(key.segments()).containsExactly("a", "%2e%2e", "b");
  }

  @Test
  void rejectsOverlongSegmentsAndKeys() {
    assertThat(BlobKey.isValidSegment("x".repeat(255))).isTrue();
    assertThat(BlobKey.isValidSegment("x".repeat(256))).isFalse();
    assertThat(BlobKey.isValidSegment("é".repeat(128))).isFalse(); // 256 UTF-8 bytes
    String longKey = String.join("/", java.util.Collections.nCopies(6, "y".repeat(200)));
    assertThatThrownBy(() -> BlobKey.of(longKey)).hasMessageContaining("1024");
  }

  @Test
  void resolveParentAndName() {
    BlobKey key = BlobKey.root().resolve("_mypi").resolve("journal").resolve("1.json");

    assertThat(key).isEqualTo(BlobKey.of("_mypi/journal/1.json"));
    assertThat(key.name()).isEqualTo("1.json");
    assertThat(key.parent()).contains(BlobKey.of("_mypi/journal"));
    assertThat(BlobKey.of("a").parent()).contains(BlobKey.root());
    assertThat(BlobKey.root().parent()).isEmpty();
    assertThat(BlobKey.of("a/b").parent().orElseThrow().resolve("c")).isEqualTo(BlobKey.of("a/c"));
  }

  @Test
  void resolveTakesExactlyOneSafeSegment() {
    BlobKey dir = BlobKey.of("a");

    assertThatThrownBy(() -> dir.resolve("b/c")).isInstanceOf(InvalidBlobKeyException.class);
    assertThatThrownBy(() -> dir.resolve("..")).isInstanceOf(InvalidBlobKeyException.class);
    assertThatThrownBy(() -> dir.resolve("")).isInstanceOf(InvalidBlobKeyException.class);
  }

  @Test
  void rootIsEmptyAndNamesNothing() {
    assertThat(BlobKey.root().toString()).isEmpty();
    assertThat(BlobKey.root().segments()).isEmpty();
    assertThat(BlobKey.root().isRoot()).isTrue();
    assertThatThrownBy(() -> BlobKey.root().name()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void startsWithIsSegmentWise() {
    BlobKey key = BlobKey.of("a/b/c");

    assertThat(key.startsWith(BlobKey.of("a/b"))).isTrue();
    assertThat(key.startsWith(key)).isTrue();
    assertThat(key.startsWith(BlobKey.root())).isTrue();
    assertThat(key.startsWith(BlobKey.of("a/bc"))).isFalse();
    assertThat(BlobKey.of("a/bc").startsWith(BlobKey.of("a/b"))).isFalse();
    assertThat(key.startsWith(BlobKey.of("a/b/c/d"))).isFalse();
  }

  @Test
  void ordersByUtf8BytesLikeS3() {
    List<BlobKey> keys =
        new ArrayList<>(
            List.of(
                BlobKey.of("a/b"),
                BlobKey.of("\uD83D\uDE00"),
                BlobKey.of("a-b/c"),
                BlobKey.of("\uFF41"),
                BlobKey.of("a.b"),
                BlobKey.of("B")));

    keys.sort(null);

    assertThat(keys)
        .extracting(BlobKey::toString)
        .containsExactly("B", "a-b/c", "a.b", "a/b", "\uFF41", "\uD83D\uDE00");
  }

  @Test
  void equalityIsExact() {
    assertThat(BlobKey.of("a/B")).isNotEqualTo(BlobKey.of("a/b"));
    assertThat(BlobKey.of("a/b")).isEqualTo(BlobKey.of("a/b")).hasSameHashCodeAs(BlobKey.of("a/b"));
  }
}
