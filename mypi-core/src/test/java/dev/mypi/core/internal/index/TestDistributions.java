package dev.mypi.core.internal.index;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Generates small wheels and sdists, and twine-like multipart upload bodies for them, so that no
 * binaries are checked in. Archives are deterministic: the same arguments give the same bytes.
 * Public for the tests of other core packages.
 */
public final class TestDistributions {
  /** The multipart boundary of every generated body. */
  public static final String BOUNDARY = "c5c1e0f3a7b94d2e8f6a1b2c3d4e5f60";
  /** The {@code Content-Type} of every generated body. */
  public static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

  private static final long FIXED_TIME = 1_700_000_000_000L;

  private TestDistributions() {}

  /** Returns the filename form of a project name: normalised, with {@code _} (as in wheel names). */
  public static String escaped(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "_");
  }

  /** Returns the wheel filename {@code <escaped>-<version>-py3-none-any.whl}. */
  public static String wheelName(String name, String version) {
    return escaped(name) + "-" + version + "-py3-none-any.whl";
  }

  /** Returns the sdist filename {@code <escaped>-<version>.tar.gz}. */
  public static String sdistName(String name, String version) {
    return escaped(name) + "-" + version + ".tar.gz";
  }

  /** Returns core metadata text for {@code name} and {@code version}. */
  public static String metadata(String name, String version) {
    return "Metadata-Version: 2.1\nName: "
        + name
        + "\nVersion: "
        + version
        + "\nSummary: A test distribution\nRequires-Python: >=3.8\n\nLong description.\n";
  }

  /** Returns a wheel with dist-info METADATA, WHEEL and RECORD and one module. */
  public static byte[] wheel(String name, String version) {
    return wheel(name, version, "");
  }

  /** Returns a wheel whose module contains {@code code}: vary it for different bytes. */
  public static byte[] wheel(String name, String version, String code) {
    String distInfo = escaped(name) + "-" + version + ".dist-info";
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(buf)) {
      zipEntry(zip, escaped(name) + "/__init__.py", code);
      zipEntry(zip, distInfo + "/METADATA", metadata(name, version));
      zipEntry(zip, distInfo + "/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
      zipEntry(zip, distInfo + "/RECORD", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  /**
   * Returns a wheel like {@link #wheel(String, String)} plus a stored (uncompressed) module of
   * {@code payloadBytes} pseudo-random bytes from {@code seed}: a large upload that is cheap to
   * generate.
   */
  public static byte[] largeWheel(String name, String version, int payloadBytes, long seed) {
    byte[] payload = new byte[payloadBytes];
    new SplittableRandom(seed).nextBytes(payload);
    String distInfo = escaped(name) + "-" + version + ".dist-info";
    ByteArrayOutputStream buf = new ByteArrayOutputStream(payloadBytes + 4096);
    try (ZipOutputStream zip = new ZipOutputStream(buf)) {
      zipEntry(zip, distInfo + "/METADATA", metadata(name, version));
      zipEntry(zip, distInfo + "/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
      CRC32 crc = new CRC32();
      crc.update(payload);
      ZipEntry entry = new ZipEntry(escaped(name) + "/payload.bin");
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(payloadBytes);
      entry.setCrc(crc.getValue());
      entry.setTime(FIXED_TIME);
      zip.putNextEntry(entry);
      zip.write(payload);
      zip.closeEntry();
      zipEntry(zip, distInfo + "/RECORD", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  private static void zipEntry(ZipOutputStream zip, String name, String content) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(FIXED_TIME);
    zip.putNextEntry(entry);
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }

  /** Returns a gzip'd tar sdist with {@code <escaped>-<version>/PKG-INFO}. */
  public static byte[] sdist(String name, String version) {
    String top = escaped(name) + "-" + version;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(buf);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      tarEntry(tar, top + "/PKG-INFO", metadata(name, version));
      tarEntry(tar, top + "/pyproject.toml", "[build-system]\n");
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  private static void tarEntry(TarArchiveOutputStream tar, String name, String content) throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(data.length);
    entry.setModTime(FIXED_TIME);
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  /** Returns the lowercase hex SHA-256 of {@code data}. */
  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Returns the body twine sends to upload {@code content} as {@code filename}: the form fields,
   * the {@code content} file part and the {@code sha256_digest}. The file type follows from the
   * extension.
   */
  public static byte[] uploadBody(String name, String version, String filename, byte[] content) {
    boolean wheel = filename.endsWith(".whl");
    return new Form()
        .field(":action", "file_upload")
        .field("protocol_version", "1")
        .field("name", name)
        .field("version", version)
        .field("filetype", wheel ? "bdist_wheel" : "sdist")
        .field("pyversion", wheel ? "py3" : "source")
        .field("metadata_version", "2.1")
        .field("summary", "A test distribution")
        .field("sha256_digest", sha256(content))
        .file("content", filename, content)
        .end();
  }

  /** Returns the body of a legacy {@code :action=submit} request (pre-registration). */
  public static byte[] submitBody(String name, String version) {
    return new Form().field(":action", "submit").field("name", name).field("version", version).end();
  }

  private static final class Form {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private Form raw(String text) {
      out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    Form field(String name, String value) {
      return raw("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
    }

    Form file(String name, String filename, byte[] content) {
      raw("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n");
      raw("Content-Type: application/octet-stream\r\n\r\n");
      out.writeBytes(content);
      return raw("\r\n");
    }

    byte[] end() {
      raw("--" + BOUNDARY + "--\r\n");
      return out.toByteArray();
    }
  }
}
