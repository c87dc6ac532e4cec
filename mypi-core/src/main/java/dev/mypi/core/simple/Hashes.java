package dev.mypi.core.simple;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The digests of one file, as an ordered map from lowercase algorithm name to lowercase hex digest.
 *
 * <pre>{@code
 * Hashes hashes = Hashes.sha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
 * hashes.sha256();   // Optional.of("9f86d0…")
 * hashes.asMap();    // {sha256=9f86d0…}
 * }</pre>
 *
 * <p>Hashes are computed by the index, never taken from a client, so malformed values are
 * programmer errors and throw {@link IllegalArgumentException}. Algorithm names must match
 * {@code [a-z0-9_]+}; digests must be non-empty, even-length lowercase hex, of the right length for
 * {@code md5}, {@code sha1}, {@code sha224}, {@code sha256}, {@code sha384} and {@code sha512}.
 */
public final class Hashes {
  /** The algorithm the simple API expects on every file and in the URL fragment. */
  public static final String SHA256 = "sha256";

  private static final Hashes EMPTY = new Hashes(ImmutableMap.of());

  private final ImmutableMap<String, String> digests;

  private Hashes(ImmutableMap<String, String> digests) {
    this.digests = digests;
  }

  /** Returns hashes holding only the given SHA-256 digest. */
  public static Hashes sha256(String hex) {
    return of(ImmutableMap.of(SHA256, hex));
  }

  /** Returns hashes holding {@code digests} (algorithm to hex), in the map's iteration order. */
  public static Hashes of(Map<String, String> digests) {
    if (digests.isEmpty()) {
      return EMPTY;
    }
    digests.forEach(Hashes::checkDigest);
    return new Hashes(ImmutableMap.copyOf(digests));
  }

  /** Returns hashes with no digests (allowed by PEP 691, though every file should have sha256). */
  public static Hashes empty() {
    return EMPTY;
  }

  /** Returns the digests, algorithm to lowercase hex, in insertion order. */
  public ImmutableMap<String, String> asMap() {
    return digests;
  }

  /** Returns the SHA-256 hex digest, or empty if there is none. */
  public Optional<String> sha256() {
    return get(SHA256);
  }

  /** Returns the hex digest for {@code algorithm}, or empty if there is none. */
  public Optional<String> get(String algorithm) {
    return Optional.ofNullable(digests.get(algorithm));
  }

  /** Returns whether there are no digests. */
  public boolean isEmpty() {
    return digests.isEmpty();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Hashes && ((Hashes) o).digests.equals(digests);
  }

  @Override
  public int hashCode() {
    return digests.hashCode();
  }

  /** Returns the digests as {@code algo=hex} pairs joined by {@code ,}, e.g. {@code sha256=9f86…}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    digests.forEach(
        (algo, hex) -> {
          if (sb.length() > 0) {
            sb.append(',');
          }
          sb.append(algo).append('=').append(hex);
        });
    return sb.toString();
  }

  private static void checkDigest(String algorithm, String hex) {
    if (algorithm.isEmpty() || !allMatch(algorithm, "abcdefghijklmnopqrstuvwxyz0123456789_")) {
      throw new IllegalArgumentException(
          "Invalid hash algorithm name '" + algorithm + "': use lowercase letters, digits and '_'");
    }
    if (hex.isEmpty() || hex.length() % 2 != 0 || !allMatch(hex, "0123456789abcdef")) {
      throw new IllegalArgumentException(
          "Invalid " + algorithm + " digest '" + hex + "': expected lowercase hexadecimal");
    }
    int expected = expectedHexLength(algorithm);
    if (expected != 0 && hex.length() != expected) {
      throw new IllegalArgumentException(
          "Invalid " + algorithm + " digest '" + hex + "': expected " + expected + " hex digits, got "
              + hex.length());
    }
  }

  private static int expectedHexLength(String algorithm) {
    switch (algorithm) {
      case "md5":
        return 32;
      case "sha1":
        return 40;
      case "sha224":
        return 56;
      case "sha256":
        return 64;
      case "sha384":
        return 96;
      case "sha512":
        return 128;
      default:
        return 0;
    }
  }

  private static boolean allMatch(String s, String allowed) {
    for (int i = 0; i < s.length(); i++) {
      if (allowed.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
