package dev.mypi.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes deterministic archives: the same entries give the same bytes on every machine and in
 * every time zone (fixed entry times, gzip header without a time).
 */
public final class Archives {
  /** The time stamped on every entry: 2020-01-01T00:00:00 (zip times have no zone). */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2020, 1, 1, 0, 0);
  private static final long ENTRY_EPOCH_MILLIS = 1_577_836_800_000L;

  private Archives() {}

  /** Returns a zip of {@code entries} (path → bytes) in their iteration order. */
  public static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(buf)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        entry.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  /** Returns a gzip-compressed POSIX tar of {@code entries} (path → bytes) in their iteration order. */
  public static byte[] tarGz(Map<String, byte[]> entries) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    GzipParameters gzip = new GzipParameters();
    gzip.setModificationTime(0);
    try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(buf, gzip);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        entry.setModTime(ENTRY_EPOCH_MILLIS);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  /** Returns the SHA-256 of {@code data}. */
  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }

  /** Returns the lowercase hex SHA-256 of {@code data}. */
  public static String sha256Hex(byte[] data) {
    return HexFormat.of().formatHex(sha256(data));
  }

  /** Returns the MD5 of {@code data} in lowercase hex (twine still sends it). */
  public static String md5Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has MD5", e);
    }
  }

  /** Returns a wheel RECORD hash: {@code sha256=} and the URL-safe base64 digest without padding. */
  public static String recordHash(byte[] data) {
    return "sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(data));
  }

  /** Returns {@code text} as UTF-8. */
  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
