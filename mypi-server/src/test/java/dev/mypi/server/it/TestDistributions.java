package dev.mypi.server.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes small but real wheels and sdists for the integration tests: pip installs the wheels and
 * {@code python -c "import module"} works afterwards.
 */
final class TestDistributions {
  private final String name;
  private final String version;
  private final List<String> requiresDist = new ArrayList<>();
  private String requiresPython = "";
  private String tag = "py3-none-any";
  private String summary = "A generated test package";

  private TestDistributions(String name, String version) {
    this.name = name;
    this.version = version;
  }

  static TestDistributions of(String name, String version) {
    return new TestDistributions(name, version);
  }

  TestDistributions requires(String requirement) {
    requiresDist.add(requirement);
    return this;
  }

  TestDistributions requiresPython(String spec) {
    this.requiresPython = spec;
    return this;
  }

  TestDistributions summary(String text) {
    this.summary = text;
    return this;
  }

  TestDistributions tag(String wheelTag) {
    this.tag = wheelTag;
    return this;
  }

  /** The PEP 503 name with '_' as wheels spell it. */
  String filenameName() {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "_");
  }

  /** The Python module the wheel ships. */
  String moduleName() {
    return filenameName();
  }

  String wheelFilename() {
    return filenameName() + "-" + version + "-" + tag + ".whl";
  }

  String sdistFilename() {
    return filenameName() + "-" + version + ".tar.gz";
  }

  String metadata() {
    StringBuilder m = new StringBuilder();
    m.append("Metadata-Version: 2.1\n");
    m.append("Name: ").append(name).append('\n');
    m.append("Version: ").append(version).append('\n');
    m.append("Summary: ").append(summary).append('\n');
    if (!requiresPython.isEmpty()) {
      m.append("Requires-Python: ").append(requiresPython).append('\n');
    }
    for (String r : requiresDist) {
      m.append("Requires-Dist: ").append(r).append('\n');
    }
    m.append("Description-Content-Type: text/plain\n\n");
    m.append("Long description of ").append(name).append(".\n");
    return m.toString();
  }

  Path writeWheel(Path dir) throws IOException {
    String distInfo = filenameName() + "-" + version + ".dist-info";
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        moduleName() + "/__init__.py",
        ("NAME = '" + name + "'\nVERSION = '" + version + "'\n").getBytes(StandardCharsets.UTF_8));
    files.put(distInfo + "/METADATA", metadata().getBytes(StandardCharsets.UTF_8));
    files.put(
        distInfo + "/WHEEL",
        ("Wheel-Version: 1.0\nGenerator: mypi-tests\nRoot-Is-Purelib: true\nTag: " + tag + "\n")
            .getBytes(StandardCharsets.UTF_8));
    StringBuilder record = new StringBuilder();
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      record
          .append(e.getKey())
          .append(",sha256=")
          .append(Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(e.getValue())))
          .append(',')
          .append(e.getValue().length)
          .append('\n');
    }
    record.append(distInfo).append("/RECORD,,\n");
    files.put(distInfo + "/RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
    Path out = dir.resolve(wheelFilename());
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return out;
  }

  Path writeSdist(Path dir) throws IOException {
    String top = filenameName() + "-" + version;
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(top + "/PKG-INFO", metadata().replace("Metadata-Version: 2.1", "Metadata-Version: 2.2").getBytes(StandardCharsets.UTF_8));
    files.put(
        top + "/pyproject.toml",
        ("[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n\n[project]\nname = \""
                + name + "\"\nversion = \"" + version + "\"\n")
            .getBytes(StandardCharsets.UTF_8));
    files.put(top + "/" + moduleName() + "/__init__.py", ("VERSION = '" + version + "'\n").getBytes(StandardCharsets.UTF_8));
    Path out = dir.resolve(sdistFilename());
    try (OutputStream raw = Files.newOutputStream(out);
        GZIPOutputStream gz = new GZIPOutputStream(raw);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    return out;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String sha256Hex(Path file) throws IOException {
    return toHex(sha256(Files.readAllBytes(file)));
  }

  static String toHex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(String.format("%02x", b));
    }
    return sb.toString();
  }

  @SuppressWarnings("unused")
  private static byte[] concat(byte[]... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p);
    }
    return out.toByteArray();
  }
}
