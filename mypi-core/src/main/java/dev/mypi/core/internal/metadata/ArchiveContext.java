package dev.mypi.core.internal.metadata;

import com.google.common.collect.ImmutableList;
import dev.mypi.core.metadata.CoreMetadata;
import dev.mypi.core.metadata.InvalidDistributionException;
import dev.mypi.core.metadata.InvalidMetadataException;
import dev.mypi.core.metadata.MetadataLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The distribution being read (its filename, for messages) and the limits that apply: the checks
 * and failures shared by the wheel and sdist readers.
 */
final class ArchiveContext {
  private final String filename;
  private final MetadataLimits limits;

  ArchiveContext(String filename, MetadataLimits limits) {
    this.filename = filename;
    this.limits = limits;
  }

  String filename() {
    return filename;
  }

  MetadataLimits limits() {
    return limits;
  }

  InvalidDistributionException fail(String fault) {
    return new InvalidDistributionException(filename, fault);
  }

  InvalidDistributionException fail(String fault, Throwable cause) {
    return new InvalidDistributionException(filename, fault, cause);
  }

  InvalidDistributionException corrupt(String kind, Throwable cause) {
    String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return fail("corrupt " + kind + ": " + detail, cause);
  }

  void checkEntryCount(long entries) {
    if (entries > limits.maxEntries()) {
      throw fail(
          "archive has more than " + limits.maxEntries() + " entries (MetadataLimits.maxEntries)");
    }
  }

  void checkMetadataSize(String entryName, long size) {
    if (size > limits.maxMetadataBytes()) {
      throw fail(
          entryName
              + " is larger than "
              + limits.maxMetadataBytes()
              + " bytes (MetadataLimits.maxMetadataBytes)");
    }
  }

  /** Fails if {@code decompressed} bytes from {@code compressed} exceed the allowed ratio. */
  void checkRatio(String what, long decompressed, long compressed) {
    if (decompressed <= limits.compressionRatioThresholdBytes()) {
      return;
    }
    if (decompressed > (double) Math.max(compressed, 1) * limits.maxCompressionRatio()) {
      throw fail(
          what
              + " decompresses more than "
              + limits.maxCompressionRatio()
              + " times its compressed size ("
              + decompressed
              + " bytes from "
              + compressed
              + "; MetadataLimits.maxCompressionRatio)");
    }
  }

  /**
   * Reads a metadata entry without trusting its declared size: at most {@code maxMetadataBytes + 1}
   * bytes are ever buffered.
   */
  byte[] readMetadataEntry(InputStream in, String entryName) throws IOException {
    long max = limits.maxMetadataBytes();
    byte[] bytes = in.readNBytes((int) max + 1);
    checkMetadataSize(entryName, bytes.length);
    return bytes;
  }

  CoreMetadata parseMetadata(byte[] bytes, String entryName) {
    try {
      return CoreMetadata.parse(bytes);
    } catch (InvalidMetadataException e) {
      throw fail("invalid " + entryName + ": " + e.reason(), e);
    }
  }

  /**
   * Returns the segments of an archive member name: a leading {@code ./} (any number) and a
   * trailing {@code /} are dropped, as are empty and {@code .} segments. Fails for an absolute
   * name or one with a {@code ..} segment.
   */
  ImmutableList<String> memberPath(String name) {
    if (name.startsWith("/") || name.startsWith("\\") || hasDriveLetter(name)) {
      throw fail("member '" + name + "' has an absolute path");
    }
    ImmutableList.Builder<String> segments = ImmutableList.builder();
    for (String segment : name.split("/", -1)) {
      if (segment.equals("..")) {
        throw fail("member '" + name + "' has a '..' path segment");
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    return segments.build();
  }

  private static boolean hasDriveLetter(String name) {
    return name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0));
  }

  static String join(Iterable<String> segments) {
    return String.join("/", segments);
  }

  static String quoteAll(Iterable<String> names) {
    StringBuilder out = new StringBuilder();
    for (String name : names) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append('\'').append(name).append('\'');
    }
    return out.toString();
  }

  static boolean startsWith(byte[] data, byte... prefix) {
    return data.length >= prefix.length
        && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
  }
}
