package dev.mypi.core.metadata;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Writes small wheels, sdists and eggs for tests, so no binaries are checked in. */
final class TestArchives {
  static final String METADATA =
      "Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nSummary: A demo\n\nLong description.\n";

  private TestArchives() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Writes a typical wheel: dist-info with METADATA, WHEEL and RECORD, plus a module. */
  static Path wheel(Path dir, String filename, String distInfo, String metadata) {
    return zip(
        dir.resolve(filename),
        zip -> {
          zip.file("foo/__init__.py", "");
          zip.file(distInfo + "/METADATA", metadata);
          zip.file(distInfo + "/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
          zip.file(distInfo + "/RECORD", "");
        });
  }

  /** Writes a typical gzip'd tar sdist with {@code <top>/PKG-INFO}. */
  static Path sdist(Path dir, String filename, String top, String pkgInfo) {
    return tarGz(
        dir.resolve(filename),
        tar -> {
          tar.dir(top + "/");
          tar.file(top + "/PKG-INFO", pkgInfo);
          tar.file(top + "/pyproject.toml", "[build-system]\n");
          tar.file(top + "/src/foo.egg-info/PKG-INFO", "Metadata-Version: 1.0\nName: other\n");
        });
  }

  interface Body<T> {
    void write(T writer) throws IOException;
  }

  static Path zip(Path file, Body<ZipWriter> body) {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      body.write(new ZipWriter(out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static Path tarGz(Path file, Body<TarWriter> body) {
    try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(file))) {
      tar(out, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static Path tarBz2(Path file, Body<TarWriter> body) {
    try (OutputStream out = new BZip2CompressorOutputStream(Files.newOutputStream(file))) {
      tar(out, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Returns an uncompressed tar, e.g. to nest inside another archive. */
  static byte[] tar(Body<TarWriter> body) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      tar(out, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void tar(OutputStream out, Body<TarWriter> body) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    body.write(new TarWriter(tar));
    tar.finish();
  }

  /** Adds entries to a zip. */
  static final class ZipWriter {
    private final ZipOutputStream out;

    ZipWriter(ZipOutputStream out) {
      this.out = out;
    }

    void file(String name, String content) throws IOException {
      file(name, utf8(content));
    }

    void file(String name, byte[] content) throws IOException {
      out.putNextEntry(new ZipEntry(name));
      out.write(content);
      out.closeEntry();
    }

    void stored(String name, byte[] content) throws IOException {
      ZipEntry entry = new ZipEntry(name);
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(content.length);
      CRC32 crc = new CRC32();
      crc.update(content);
      entry.setCrc(crc.getValue());
      out.putNextEntry(entry);
      out.write(content);
      out.closeEntry();
    }

    /** Writes {@code size} zero bytes, deflated, without holding them in memory. */
    void zeros(String name, long size) throws IOException {
      out.putNextEntry(new ZipEntry(name));
      byte[] chunk = new byte[64 * 1024];
      for (long left = size; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
      out.closeEntry();
    }
  }

  /** Adds entries to a tar. */
  static final class TarWriter {
    private final TarArchiveOutputStream out;

    TarWriter(TarArchiveOutputStream out) {
      this.out = out;
    }

    void file(String name, String content) throws IOException {
      file(name, utf8(content));
    }

    void file(String name, byte[] bytes) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setSize(bytes.length);
      out.putArchiveEntry(entry);
      out.write(bytes);
      out.closeArchiveEntry();
    }

    /** Writes a file whose name is kept exactly, e.g. with a leading {@code /}. */
    void fileVerbatim(String name, String content) throws IOException {
      byte[] bytes = utf8(content);
      TarArchiveEntry entry = new TarArchiveEntry(name, true);
      entry.setSize(bytes.length);
      out.putArchiveEntry(entry);
      out.write(bytes);
      out.closeArchiveEntry();
    }

    void zeros(String name, long size) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setSize(size);
      out.putArchiveEntry(entry);
      byte[] chunk = new byte[64 * 1024];
      for (long left = size; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
      out.closeArchiveEntry();
    }

    void dir(String name) throws IOException {
      out.putArchiveEntry(new TarArchiveEntry(name));
      out.closeArchiveEntry();
    }

    void symlink(String name, String target) throws IOException {
      link(name, target, TarConstants.LF_SYMLINK);
    }

    void hardlink(String name, String target) throws IOException {
      link(name, target, TarConstants.LF_LINK);
    }

    void characterDevice(String name) throws IOException {
      special(name, TarConstants.LF_CHR);
    }

    /** Writes an entry of {@code type} without data, e.g. {@link TarConstants#LF_FIFO}. */
    void special(String name, byte type) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(name, type);
      out.putArchiveEntry(entry);
      out.closeArchiveEntry();
    }

    private void link(String name, String target, byte type) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(name, type);
      entry.setLinkName(target);
      out.putArchiveEntry(entry);
      out.closeArchiveEntry();
    }
  }
}
