package dev.mypi.core.internal.index;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import dev.mypi.core.simple.ProjectStatus;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes a snapshot in mypi's binary form ({@code _mypi/snapshots/<serial>.bin}), written
 * beside the JSON one: the same content, but each {@link FileRecord} in its compact in-memory form
 * (digests as bytes, the upload time as numbers, keys as the project segment), and the values many
 * files share (versions, Requires-Python, file types) once per snapshot. At 100,000 files it is a
 * fifth of the JSON's size and is read several times faster, which is most of a restart.
 *
 * <pre>
 * "MYPISNAP"  format (varint, 1)  serial (varlong)  project count (varint)
 * per project: normalized, displayName (absent: = normalized), lastSerial, status (the constant's
 *              name, shared), statusReason, owners (count + names), files (count + records)
 * CRC-32 of everything before it (4 bytes, big-endian), then the end of the document
 * </pre>
 *
 * <p>Integers are unsigned LEB128 varints (signed ones zig-zag encoded); text is a varint length and
 * UTF-8; a shared text is 0 for null, 1 followed by new text (the next entry of the document's table)
 * or 2 + its index in the table. A document of another format number, cut short, with a wrong CRC or
 * inconsistent values is an {@link IOException}: the reader then takes the JSON snapshot of the same
 * serial. A newer layout must change the format number.
 */
final class SnapshotBinary {
  private static final byte[] MAGIC = "MYPISNAP".getBytes(StandardCharsets.US_ASCII);
  private static final int FORMAT = 1;
  private static final int BUFFER = 64 * 1024;
  /** Longer text than this is not something mypi wrote: the document is corrupt. */
  private static final int MAX_TEXT_BYTES = 16 * 1024 * 1024;

  private SnapshotBinary() {}

  /** Reads a whole binary snapshot from {@code in} (not closed). */
  static Journal.Snapshot read(InputStream in) throws IOException {
    try {
      return readChecked(new Reader(in));
    } catch (RuntimeException e) {
      // a damaged document may make a value no constructor accepts; it is still a corrupt snapshot
      throw new CorruptSnapshotException(e.toString());
    }
  }

  private static Journal.Snapshot readChecked(Reader r) throws IOException {
    byte[] magic = r.bytes(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new CorruptSnapshotException("not a binary mypi snapshot");
    }
    int format = r.varInt();
    if (format != FORMAT) {
      throw new CorruptSnapshotException("binary snapshot format " + format + " (this version reads " + FORMAT + ")");
    }
    long serial = r.varLong();
    int count = r.varInt();
    List<ProjectState> projects = new ArrayList<>(Math.min(count, 1 << 20));
    for (int i = 0; i < count; i++) {
      projects.add(readProject(r));
    }
    r.checkEnd();
    return new Journal.Snapshot(serial, projects);
  }

  private static ProjectState readProject(Reader r) throws IOException {
    String normalized = r.text();
    String displayName = r.nullableText();
    long lastSerial = r.varLong();
    String statusName = r.shared();
    ProjectStatus status = null;
    for (ProjectStatus s : ProjectStatus.values()) {
      if (s.name().equals(statusName)) {
        status = s;
      }
    }
    if (status == null) {
      throw new CorruptSnapshotException("unknown status '" + statusName + "' of project '" + normalized + "'");
    }
    String statusReason = r.nullableText();
    int ownerCount = r.varInt();
    ImmutableSortedSet<String> owners;
    if (ownerCount == 0) {
      owners = ImmutableSortedSet.of();
    } else {
      List<String> names = new ArrayList<>(Math.min(ownerCount, 16));
      for (int i = 0; i < ownerCount; i++) {
        names.add(r.text());
      }
      owners = ImmutableSortedSet.copyOf(names);
    }
    int fileCount = r.varInt();
    ImmutableSortedMap<String, FileRecord> files;
    if (fileCount == 0) {
      files = ImmutableSortedMap.of();
    } else if (fileCount == 1) {
      FileRecord f = FileRecord.readCompact(r);
      files = ImmutableSortedMap.of(f.filename(), f);
    } else {
      ImmutableSortedMap.Builder<String, FileRecord> builder = ImmutableSortedMap.naturalOrder();
      for (int i = 0; i < fileCount; i++) {
        FileRecord f = FileRecord.readCompact(r);
        builder.put(f.filename(), f);
      }
      try {
        files = builder.buildOrThrow();
      } catch (IllegalArgumentException e) {
        throw new CorruptSnapshotException("project '" + normalized + "' lists a file twice: " + e.getMessage());
      }
    }
    return new ProjectState(normalized, displayName == null ? normalized : displayName, files, lastSerial, status, statusReason, owners);
  }

  /** Writes {@code snapshot} as one binary document to {@code out} (flushed, not closed). */
  static void write(Journal.Snapshot snapshot, OutputStream out) throws IOException {
    Writer w = new Writer(out);
    w.bytes(MAGIC);
    w.varLong(FORMAT);
    w.varLong(snapshot.serial());
    w.varLong(snapshot.projects().size());
    for (ProjectState p : snapshot.projects()) {
      w.text(p.normalized());
      w.nullableText(p.displayName().equals(p.normalized()) ? null : p.displayName());
      w.varLong(p.lastSerial());
      w.shared(p.status().name());
      w.nullableText(p.statusReason());
      w.varLong(p.owners().size());
      for (String owner : p.owners()) {
        w.text(owner);
      }
      w.varLong(p.files().size());
      for (FileRecord f : p.files().values()) {
        f.writeCompact(w);
      }
    }
    w.finish();
  }

  /** A binary snapshot that is not what this version wrote: cut short, checksum wrong, values inconsistent. */
  static final class CorruptSnapshotException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptSnapshotException(String message) {
      super("Corrupt binary snapshot: " + message);
    }
  }

  /** Buffered reading of the encoded values; keeps a CRC-32 of what it consumed. */
  static final class Reader {
    private final InputStream in;
    private final byte[] buf = new byte[BUFFER];
    private final CRC32 crc = new CRC32();
    private final List<String> table = new ArrayList<>();
    private int pos;
    private int limit;
    /** The start of the bytes in {@link #buf} not yet added to {@link #crc}. */
    private int crcFrom;

    Reader(InputStream in) {
      this.in = in;
    }

    /** Makes at least {@code n} (at most {@link #BUFFER}) bytes available from {@link #pos}. */
    private void require(int n) throws IOException {
      if (limit - pos >= n) {
        return;
      }
      crc.update(buf, crcFrom, pos - crcFrom);
      int remaining = limit - pos;
      System.arraycopy(buf, pos, buf, 0, remaining);
      pos = 0;
      limit = remaining;
      crcFrom = 0;
      while (limit < n) {
        int read = in.read(buf, limit, buf.length - limit);
        if (read < 0) {
          throw new EOFException("Corrupt binary snapshot: cut short");
        }
        limit += read;
      }
    }

    int byteValue() throws IOException {
      require(1);
      return buf[pos++] & 0xff;
    }

    byte[] bytes(int n) throws IOException {
      byte[] out = new byte[n];
      int at = 0;
      while (at < n) {
        int chunk = Math.min(n - at, BUFFER);
        require(chunk);
        System.arraycopy(buf, pos, out, at, chunk);
        pos += chunk;
        at += chunk;
      }
      return out;
    }

    long varLong() throws IOException {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = byteValue();
        value |= (long) (b & 0x7f) << shift;
        if (b < 0x80) {
          return value;
        }
      }
      throw new CorruptSnapshotException("integer too long");
    }

    int varInt() throws IOException {
      long value = varLong();
      if (value < 0 || value > Integer.MAX_VALUE) {
        throw new CorruptSnapshotException("count or number out of range: " + value);
      }
      return (int) value;
    }

    long zigZag() throws IOException {
      long v = varLong();
      return (v >>> 1) ^ -(v & 1);
    }

    String text() throws IOException {
      int n = varInt();
      if (n > MAX_TEXT_BYTES) {
        throw new CorruptSnapshotException("text of " + n + " bytes");
      }
      if (n <= BUFFER) {
        require(n);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
      }
      return new String(bytes(n), StandardCharsets.UTF_8);
    }

    @Nullable String nullableText() throws IOException {
      return byteValue() == 0 ? null : text();
    }

    /** Reads a value of the document's table (interned: the same strings {@link FileRecord} shares). */
    @Nullable String shared() throws IOException {
      int code = varInt();
      if (code == 0) {
        return null;
      }
      if (code == 1) {
        String s = text().intern();
        table.add(s);
        return s;
      }
      if (code - 2 >= table.size()) {
        throw new CorruptSnapshotException("reference to shared text " + (code - 2) + " of " + table.size());
      }
      return table.get(code - 2);
    }

    /** Checks the CRC-32 and that nothing follows it. */
    void checkEnd() throws IOException {
      crc.update(buf, crcFrom, pos - crcFrom);
      long expected = crc.getValue();
      require(4);
      long recorded = ((buf[pos] & 0xffL) << 24) | ((buf[pos + 1] & 0xffL) << 16) | ((buf[pos + 2] & 0xffL) << 8) | (buf[pos + 3] & 0xffL);
      pos += 4;
      crcFrom = pos;
      if (recorded != expected) {
        throw new CorruptSnapshotException("checksum mismatch");
      }
      if (pos < limit || in.read() >= 0) {
        throw new CorruptSnapshotException("data after the checksum");
      }
    }
  }

  /** Buffered writing of the encoded values; keeps a CRC-32 of what it wrote. */
  static final class Writer {
    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private final CRC32 crc = new CRC32();
    private final Map<String, Integer> table = new HashMap<>();
    private int pos;

    Writer(OutputStream out) {
      this.out = out;
    }

    private void flushBuffer() throws IOException {
      crc.update(buf, 0, pos);
      out.write(buf, 0, pos);
      pos = 0;
    }

    private void room(int n) throws IOException {
      if (buf.length - pos < n) {
        flushBuffer();
      }
    }

    void byteValue(int b) throws IOException {
      room(1);
      buf[pos++] = (byte) b;
    }

    void bytes(byte[] b) throws IOException {
      if (b.length > buf.length) {
        flushBuffer();
        crc.update(b);
        out.write(b);
        return;
      }
      room(b.length);
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
    }

    void varLong(long value) throws IOException {
      room(10);
      long v = value;
      while ((v & ~0x7fL) != 0) {
        buf[pos++] = (byte) ((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
    }

    void zigZag(long value) throws IOException {
      varLong((value << 1) ^ (value >> 63));
    }

    void text(String s) throws IOException {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      varLong(utf8.length);
      bytes(utf8);
    }

    void nullableText(@Nullable String s) throws IOException {
      if (s == null) {
        byteValue(0);
      } else {
        byteValue(1);
        text(s);
      }
    }

    void shared(@Nullable String s) throws IOException {
      if (s == null) {
        varLong(0);
        return;
      }
      Integer index = table.get(s);
      if (index != null) {
        varLong(2L + index);
        return;
      }
      table.put(s, table.size());
      varLong(1);
      text(s);
    }

    /** Writes the CRC-32 of everything so far and flushes. */
    void finish() throws IOException {
      flushBuffer();
      long value = crc.getValue();
      out.write(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
      out.flush();
    }
  }
}
