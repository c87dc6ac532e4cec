package dev.mypi.core.internal.index;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the index records about one distribution file, as stored in journal entries and
 * snapshots.
 *
 * <p>The JSON form has these properties, in this order (null ones left out):
 *
 * <ul>
 *   <li>{@code filename}: the distribution filename
 *   <li>{@code version}: the normalised version string
 *   <li>{@code blobKey}: where the file's bytes are stored
 *   <li>{@code size}: size in bytes
 *   <li>{@code sha256}: lowercase hex
 *   <li>{@code md5}: lowercase hex, or null when not computed (the upload sent a stronger digest,
 *       or the file was imported from a folder)
 *   <li>{@code blake2b256}: lowercase hex, or null when not computed
 *   <li>{@code requiresPython}: the Requires-Python of the file's metadata, or null
 *   <li>{@code metadataKey}: where the PEP 658 metadata file is stored, or null when there is none
 *   <li>{@code metadataSha256}: SHA-256 of the metadata file, or null
 *   <li>{@code uploadTime}: ISO-8601 instant
 *   <li>{@code filetype}: {@code sdist}, {@code bdist_wheel}, …
 *   <li>{@code pyversion}: the upload's {@code pyversion}
 *   <li>{@code yanked}: whether the file is yanked
 *   <li>{@code yankReason}: the yank reason, or null
 * </ul>
 *
 * <p>In memory a record is compact, because the index holds one per file (100,000 files are
 * 100,000 records): digests are bytes, not hex strings (one array for all of them); the upload time
 * is seconds and nanoseconds; a blob key of the form {@code files/<project>/<first 32 hex of
 * sha256>/<filename>} and a metadata key equal to that plus {@code .metadata} (as {@link Publisher}
 * and {@link FolderImporter} make them) are kept as the project segment only, and a blob key equal
 * to the filename (a file at the top of a flat folder) as nothing; strings that many records
 * repeat are shared. Every accessor returns exactly the text the record was created with: a value
 * that does not fit the compact form (upper-case hex, another key layout, a differently written
 * time) is kept as it is, so a record read from JSON writes the same JSON. {@link FileRecordJson}
 * reads and writes the JSON form.
 */
@JsonSerialize(using = FileRecordJson.Serializer.class)
@JsonDeserialize(using = FileRecordJson.Deserializer.class)
final class FileRecord {
  private static final String FILES_PREFIX = StoredProjectIndex.FILES + "/";
  private static final String METADATA_SUFFIX = ".metadata";
  private static final int SHA256_BYTES = 32;
  private static final int MD5_BYTES = 16;
  private static final int BLAKE2B256_BYTES = 32;
  /** The blob key's directory names the first 16 bytes of the SHA-256 (32 hex digits). */
  private static final int KEY_DIGEST_BYTES = 16;
  private static final HexFormat HEX = HexFormat.of();
  private static final String HEX_DIGITS = "0123456789abcdef";
  private static final long SECONDS_PER_DAY = 86_400;
  private static final long FIRST_SECOND_OF_YEAR_0 = LocalDate.of(0, 1, 1).toEpochDay() * SECONDS_PER_DAY;
  private static final long FIRST_SECOND_OF_YEAR_10000 = LocalDate.of(10_000, 1, 1).toEpochDay() * SECONDS_PER_DAY;
  private static final long NOT_CANONICAL = Long.MIN_VALUE;
  private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

  // flags: which compact forms hold, and which digests the digest array has (in this order)
  private static final int SHA256 = 1;
  private static final int METADATA_SHA256 = 1 << 1;
  private static final int MD5 = 1 << 2;
  private static final int BLAKE2B256 = 1 << 3;
  private static final int KEY_IS_FILENAME = 1 << 4;
  private static final int KEY_IN_FILES = 1 << 5;
  private static final int METADATA_KEY_IN_FILES = 1 << 6;
  private static final int YANKED = 1 << 7;
  private static final int TIME_COMPACT = 1 << 8;
  private static final int ALL_FLAGS = (1 << 9) - 1;

  private final String filename;
  private final String version;
  private final long size;
  private final byte[] digests;
  private final @Nullable String requiresPython;
  /** The {@code <project>} of keys under {@code files/}, or null when no key has that form. */
  private final @Nullable String keyProject;
  private final long uploadSeconds;
  private final int uploadNanos;
  private final byte uploadFractionDigits;
  private final short flags;
  private final String filetype;
  private final String pyversion;
  /** Values without a compact form, or null when every value has one (nearly always). */
  private final @Nullable Verbatim verbatim;

  /**
   * Values kept as given: a digest that is not lowercase hex of its length, a key of another form,
   * an upload time that does not parse or would print differently, and the yank reason.
   */
  private record Verbatim(
      @Nullable String blobKey,
      @Nullable String sha256,
      @Nullable String md5,
      @Nullable String blake2b256,
      @Nullable String metadataKey,
      @Nullable String metadataSha256,
      @Nullable String uploadTime,
      @Nullable String yankReason) {
    boolean isEmpty() {
      return blobKey == null && sha256 == null && md5 == null && blake2b256 == null && metadataKey == null
          && metadataSha256 == null && uploadTime == null && yankReason == null;
    }
  }

  /** Creates a record from its JSON values; see the class Javadoc for each. */
  FileRecord(
      String filename,
      String version,
      String blobKey,
      long size,
      String sha256,
      @Nullable String md5,
      @Nullable String blake2b256,
      @Nullable String requiresPython,
      @Nullable String metadataKey,
      @Nullable String metadataSha256,
      String uploadTime,
      String filetype,
      String pyversion,
      boolean yanked,
      @Nullable String yankReason) {
    this.filename = Objects.requireNonNull(filename, "filename");
    this.version = Objects.requireNonNull(version, "version").intern();
    this.size = size;
    this.requiresPython = requiresPython == null ? null : requiresPython.intern();
    this.filetype = Objects.requireNonNull(filetype, "filetype").intern();
    this.pyversion = Objects.requireNonNull(pyversion, "pyversion").intern();
    Objects.requireNonNull(blobKey, "blobKey");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(uploadTime, "uploadTime");

    int f = yanked ? YANKED : 0;
    boolean sha = isLowerHex(sha256, SHA256_BYTES);
    boolean metaSha = metadataSha256 != null && isLowerHex(metadataSha256, SHA256_BYTES);
    boolean md = md5 != null && isLowerHex(md5, MD5_BYTES);
    boolean blake = blake2b256 != null && isLowerHex(blake2b256, BLAKE2B256_BYTES);
    byte[] all =
        new byte[(sha ? SHA256_BYTES : 0) + (metaSha ? SHA256_BYTES : 0) + (md ? MD5_BYTES : 0) + (blake ? BLAKE2B256_BYTES : 0)];
    int at = 0;
    if (sha) {
      at = decodeHex(sha256, all, at);
      f |= SHA256;
    }
    if (metaSha) {
      at = decodeHex(Objects.requireNonNull(metadataSha256), all, at);
      f |= METADATA_SHA256;
    }
    if (md) {
      at = decodeHex(Objects.requireNonNull(md5), all, at);
      f |= MD5;
    }
    if (blake) {
      decodeHex(Objects.requireNonNull(blake2b256), all, at);
      f |= BLAKE2B256;
    }
    this.digests = all;

    // keys: files/<project>/<32 hex>/<filename>[.metadata]; the project is found in either key
    String project = null;
    String verbatimBlobKey = null;
    String verbatimMetadataKey = null;
    if (blobKey.equals(filename)) {
      f |= KEY_IS_FILENAME;
    } else {
      project = sha ? projectOf(blobKey, all, filename, "") : null;
      if (project != null) {
        f |= KEY_IN_FILES;
      } else {
        verbatimBlobKey = blobKey;
      }
    }
    if (metadataKey != null) {
      String metadataProject = sha ? projectOf(metadataKey, all, filename, METADATA_SUFFIX) : null;
      if (metadataProject != null && (project == null || project.equals(metadataProject))) {
        project = metadataProject;
        f |= METADATA_KEY_IN_FILES;
      } else {
        verbatimMetadataKey = metadataKey;
      }
    }
    this.keyProject = project == null ? null : project.intern();

    // upload time: seconds, nanoseconds and how many fraction digits the text had
    long seconds = 0;
    int nanos = 0;
    int digits = fractionDigits(uploadTime);
    String verbatimTime = uploadTime;
    if (digits >= 0) {
      long canonical = canonicalEpochSecond(uploadTime, digits);
      if (canonical != NOT_CANONICAL) {
        // the shape every time mypi writes has: no java.time parser needed (a third of a snapshot's load time)
        seconds = canonical;
        nanos = digits == 0 ? 0 : digitsValue(uploadTime, 20, digits) * POWERS_OF_TEN[9 - digits];
        verbatimTime = null;
        f |= TIME_COMPACT;
      } else {
        try {
          Instant t = Instant.parse(uploadTime);
          if (formatTime(t.getEpochSecond(), t.getNano(), digits).equals(uploadTime)) {
            seconds = t.getEpochSecond();
            nanos = t.getNano();
            verbatimTime = null;
            f |= TIME_COMPACT;
          }
        } catch (DateTimeException e) {
          // kept as it is; uploadInstant() answers the epoch
        }
      }
    }
    this.uploadSeconds = seconds;
    this.uploadNanos = nanos;
    this.uploadFractionDigits = (byte) Math.max(digits, 0);
    this.flags = (short) f;

    Verbatim v =
        new Verbatim(
            verbatimBlobKey,
            sha ? null : sha256,
            md ? null : md5,
            blake ? null : blake2b256,
            verbatimMetadataKey,
            metaSha ? null : metadataSha256,
            verbatimTime,
            yankReason);
    this.verbatim = v.isEmpty() ? null : v;
  }

  private FileRecord(
      String filename, String version, long size, byte[] digests, @Nullable String requiresPython, @Nullable String keyProject,
      long uploadSeconds, int uploadNanos, byte uploadFractionDigits, short flags, String filetype, String pyversion,
      @Nullable Verbatim verbatim) {
    this.filename = filename;
    this.version = version;
    this.size = size;
    this.digests = digests;
    this.requiresPython = requiresPython;
    this.keyProject = keyProject;
    this.uploadSeconds = uploadSeconds;
    this.uploadNanos = uploadNanos;
    this.uploadFractionDigits = uploadFractionDigits;
    this.flags = flags;
    this.filetype = filetype;
    this.pyversion = pyversion;
    this.verbatim = verbatim;
  }

  /** Writes the record's compact form to a binary snapshot ({@link SnapshotBinary}). */
  void writeCompact(SnapshotBinary.Writer w) throws IOException {
    w.varLong(flags & 0xffff);
    w.text(filename);
    w.shared(version);
    w.zigZag(size);
    w.bytes(digests);
    w.shared(requiresPython);
    w.shared(keyProject);
    w.zigZag(uploadSeconds);
    w.varLong(uploadNanos);
    w.byteValue(uploadFractionDigits);
    w.shared(filetype);
    w.shared(pyversion);
    Verbatim v = verbatim;
    if (v == null) {
      w.byteValue(0);
    } else {
      w.byteValue(1);
      for (String value : new String[] {v.blobKey(), v.sha256(), v.md5(), v.blake2b256(), v.metadataKey(), v.metadataSha256(),
          v.uploadTime(), v.yankReason()}) {
        w.nullableText(value);
      }
    }
  }

  /**
   * Reads a record {@link #writeCompact} wrote, checking that its values fit together (so that no
   * accessor can fail later).
   */
  static FileRecord readCompact(SnapshotBinary.Reader r) throws IOException {
    int flags = r.varInt();
    String filename = r.text();
    String version = required(r.shared(), "version");
    long size = r.zigZag();
    if ((flags & ~ALL_FLAGS) != 0) {
      throw new SnapshotBinary.CorruptSnapshotException("unknown flags " + flags + " of " + filename);
    }
    int digestBytes = ((flags & SHA256) != 0 ? SHA256_BYTES : 0) + ((flags & METADATA_SHA256) != 0 ? SHA256_BYTES : 0)
        + ((flags & MD5) != 0 ? MD5_BYTES : 0) + ((flags & BLAKE2B256) != 0 ? BLAKE2B256_BYTES : 0);
    byte[] digests = r.bytes(digestBytes);
    String requiresPython = r.shared();
    String keyProject = r.shared();
    long seconds = r.zigZag();
    int nanos = r.varInt();
    int fractionDigits = r.byteValue();
    String filetype = required(r.shared(), "filetype");
    String pyversion = required(r.shared(), "pyversion");
    Verbatim verbatim = null;
    if (r.byteValue() != 0) {
      verbatim = new Verbatim(r.nullableText(), r.nullableText(), r.nullableText(), r.nullableText(), r.nullableText(),
          r.nullableText(), r.nullableText(), r.nullableText());
    }
    boolean consistent =
        nanos <= 999_999_999 && fractionDigits <= 9
            && ((flags & (KEY_IN_FILES | METADATA_KEY_IN_FILES)) == 0 || (keyProject != null && (flags & SHA256) != 0))
            && ((flags & (KEY_IS_FILENAME | KEY_IN_FILES)) != 0 || (verbatim != null && verbatim.blobKey() != null))
            && ((flags & SHA256) != 0 || (verbatim != null && verbatim.sha256() != null))
            && ((flags & TIME_COMPACT) != 0 || (verbatim != null && verbatim.uploadTime() != null));
    if (!consistent) {
      throw new SnapshotBinary.CorruptSnapshotException("inconsistent record of " + filename);
    }
    return new FileRecord(filename, version, size, digests, requiresPython, keyProject, seconds, nanos, (byte) fractionDigits,
        (short) flags, filetype, pyversion, verbatim);
  }

  private static String required(@Nullable String value, String name) throws IOException {
    if (value == null) {
      throw new SnapshotBinary.CorruptSnapshotException("file record without " + name);
    }
    return value;
  }

  /**
   * Returns the project segment of {@code key} if it is {@code files/<project>/<32 hex>/<filename><suffix>}
   * with the hex of the first 16 bytes of {@code sha256}, else null. Compares in place: one record per
   * file is made at load.
   */
  private static @Nullable String projectOf(String key, byte[] sha256, String filename, String suffix) {
    int projectEnd = key.length() - (1 + 2 * KEY_DIGEST_BYTES + 1 + filename.length() + suffix.length());
    if (projectEnd <= FILES_PREFIX.length() || !key.startsWith(FILES_PREFIX)) {
      return null;
    }
    int hexStart = projectEnd + 1;
    int nameStart = hexStart + 2 * KEY_DIGEST_BYTES + 1;
    if (key.charAt(projectEnd) != '/' || key.charAt(nameStart - 1) != '/' || !key.startsWith(filename, nameStart)
        || !key.endsWith(suffix)) {
      return null;
    }
    for (int i = 0; i < KEY_DIGEST_BYTES; i++) {
      int b = sha256[i] & 0xff;
      if (key.charAt(hexStart + 2 * i) != HEX_DIGITS.charAt(b >>> 4) || key.charAt(hexStart + 2 * i + 1) != HEX_DIGITS.charAt(b & 0xf)) {
        return null;
      }
    }
    return key.substring(FILES_PREFIX.length(), projectEnd);
  }

  private static String filesKey(String project, byte[] sha256, String filename, String suffix) {
    return filesKey(project, HEX.formatHex(sha256, 0, KEY_DIGEST_BYTES), filename + suffix);
  }

  /**
   * Returns the key under which the index stores a file it received or extracted:
   * {@code files/<project>/<first 32 hex digits of the SHA-256>/<name>} (the file's SHA-256 also for its
   * {@code .metadata} file). The compact form of a record relies on this shape.
   */
  static String filesKey(String project, String sha256Hex, String name) {
    return FILES_PREFIX + project + "/" + sha256Hex.substring(0, 2 * KEY_DIGEST_BYTES) + "/" + name;
  }

  /** Returns the number of fraction digits of an ISO-8601 instant ending in Z (0 without a fraction), or -1 if not that shape. */
  private static int fractionDigits(String time) {
    int z = time.length() - 1;
    if (z < 0 || time.charAt(z) != 'Z') {
      return -1;
    }
    int dot = time.lastIndexOf('.');
    if (dot < 0 || time.indexOf(':', dot) >= 0) {
      return 0;
    }
    int digits = z - dot - 1;
    return digits >= 1 && digits <= 9 ? digits : -1;
  }

  /**
   * Returns the epoch second of {@code time} if it is {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with a
   * four-digit year, a valid date and time and {@code fractionDigits} digits after the dot: exactly
   * the texts {@link #formatTime} prints back unchanged. Returns {@link #NOT_CANONICAL} otherwise
   * (the caller then asks {@link Instant#parse}).
   */
  private static long canonicalEpochSecond(String time, int fractionDigits) {
    if (time.length() != (fractionDigits == 0 ? 20 : 21 + fractionDigits)
        || time.charAt(4) != '-' || time.charAt(7) != '-' || time.charAt(10) != 'T' || time.charAt(13) != ':'
        || time.charAt(16) != ':' || time.charAt(19) != (fractionDigits == 0 ? 'Z' : '.')) {
      return NOT_CANONICAL;
    }
    int year = digitsValue(time, 0, 4);
    int month = digitsValue(time, 5, 2);
    int day = digitsValue(time, 8, 2);
    int hour = digitsValue(time, 11, 2);
    int minute = digitsValue(time, 14, 2);
    int second = digitsValue(time, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59 || (fractionDigits > 0 && digitsValue(time, 20, fractionDigits) < 0)) {
      return NOT_CANONICAL;
    }
    try {
      return LocalDate.of(year, month, day).toEpochDay() * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
    } catch (DateTimeException e) {
      return NOT_CANONICAL; // 30 February and the like
    }
  }

  /** Returns the decimal value of {@code count} digits of {@code text} from {@code start}, or -1 if one is not a digit. */
  private static int digitsValue(String text, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      int d = text.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  /**
   * Returns the ISO-8601 text of the instant with {@code fractionDigits} digits after the dot (none
   * and no dot for 0), or "" if nonzero digits would be lost.
   */
  private static String formatTime(long seconds, int nanos, int fractionDigits) {
    if (nanos % POWERS_OF_TEN[9 - fractionDigits] != 0) {
      return ""; // digits would be lost: not this form
    }
    if (seconds < FIRST_SECOND_OF_YEAR_0 || seconds >= FIRST_SECOND_OF_YEAR_10000) {
      String whole = Instant.ofEpochSecond(seconds).toString(); // ends in "Z", no fraction
      if (fractionDigits == 0) {
        return whole;
      }
      String nineDigits = Integer.toString(1_000_000_000 + nanos).substring(1);
      return whole.substring(0, whole.length() - 1) + "." + nineDigits.substring(0, fractionDigits) + "Z";
    }
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    char[] c = new char[fractionDigits == 0 ? 20 : 21 + fractionDigits];
    putDigits(c, 0, t.getYear(), 4);
    c[4] = '-';
    putDigits(c, 5, t.getMonthValue(), 2);
    c[7] = '-';
    putDigits(c, 8, t.getDayOfMonth(), 2);
    c[10] = 'T';
    putDigits(c, 11, t.getHour(), 2);
    c[13] = ':';
    putDigits(c, 14, t.getMinute(), 2);
    c[16] = ':';
    putDigits(c, 17, t.getSecond(), 2);
    if (fractionDigits > 0) {
      c[19] = '.';
      putDigits(c, 20, nanos / POWERS_OF_TEN[9 - fractionDigits], fractionDigits);
    }
    c[c.length - 1] = 'Z';
    return new String(c);
  }

  private static void putDigits(char[] into, int start, int value, int count) {
    for (int i = start + count - 1; i >= start; i--) {
      into[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** Returns whether {@code text} is exactly {@code length} bytes in lowercase hex. */
  private static boolean isLowerHex(String text, int length) {
    if (text.length() != 2 * length) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false; // anything else (upper case too) is kept as written
      }
    }
    return true;
  }

  /** Writes the bytes of lowercase hex {@code text} into {@code into} from {@code offset}; returns the offset after them. */
  private static int decodeHex(String text, byte[] into, int offset) {
    int at = offset;
    for (int i = 0; i < text.length(); i += 2) {
      into[at++] = (byte) ((nibble(text.charAt(i)) << 4) | nibble(text.charAt(i + 1)));
    }
    return at;
  }

  private static int nibble(char lowerHexDigit) {
    return lowerHexDigit <= '9' ? lowerHexDigit - '0' : lowerHexDigit - 'a' + 10;
  }

  private boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** Returns the hex of the digest {@code flag} names, or null when it is not in the digest array. */
  private @Nullable String digestHex(int flag, int length) {
    if (!has(flag)) {
      return null;
    }
    int offset = 0;
    if (flag != SHA256 && has(SHA256)) {
      offset += SHA256_BYTES;
    }
    if (flag != SHA256 && flag != METADATA_SHA256 && has(METADATA_SHA256)) {
      offset += SHA256_BYTES;
    }
    if (flag == BLAKE2B256 && has(MD5)) {
      offset += MD5_BYTES;
    }
    return HEX.formatHex(digests, offset, offset + length);
  }

  String filename() {
    return filename;
  }

  String version() {
    return version;
  }

  String blobKey() {
    if (has(KEY_IS_FILENAME)) {
      return filename;
    }
    if (has(KEY_IN_FILES)) {
      return filesKey(Objects.requireNonNull(keyProject), digests, filename, "");
    }
    return Objects.requireNonNull(Objects.requireNonNull(verbatim).blobKey());
  }

  long size() {
    return size;
  }

  String sha256() {
    String hex = digestHex(SHA256, SHA256_BYTES);
    return hex != null ? hex : Objects.requireNonNull(Objects.requireNonNull(verbatim).sha256());
  }

  @Nullable String md5() {
    String hex = digestHex(MD5, MD5_BYTES);
    return hex != null || verbatim == null ? hex : verbatim.md5();
  }

  @Nullable String blake2b256() {
    String hex = digestHex(BLAKE2B256, BLAKE2B256_BYTES);
    return hex != null || verbatim == null ? hex : verbatim.blake2b256();
  }

  @Nullable String requiresPython() {
    return requiresPython;
  }

  @Nullable String metadataKey() {
    if (has(METADATA_KEY_IN_FILES)) {
      return filesKey(Objects.requireNonNull(keyProject), digests, filename, METADATA_SUFFIX);
    }
    return verbatim == null ? null : verbatim.metadataKey();
  }

  @Nullable String metadataSha256() {
    String hex = digestHex(METADATA_SHA256, SHA256_BYTES);
    return hex != null || verbatim == null ? hex : verbatim.metadataSha256();
  }

  /** Returns the upload time as it was given (ISO-8601). */
  String uploadTime() {
    if (has(TIME_COMPACT)) {
      return formatTime(uploadSeconds, uploadNanos, uploadFractionDigits);
    }
    return Objects.requireNonNull(Objects.requireNonNull(verbatim).uploadTime());
  }

  /** Returns the upload time, or the epoch if the recorded text is not an ISO-8601 instant. */
  Instant uploadInstant() {
    if (has(TIME_COMPACT)) {
      return Instant.ofEpochSecond(uploadSeconds, uploadNanos);
    }
    try {
      return Instant.parse(uploadTime());
    } catch (DateTimeException e) {
      return Instant.EPOCH;
    }
  }

  String filetype() {
    return filetype;
  }

  String pyversion() {
    return pyversion;
  }

  boolean yanked() {
    return has(YANKED);
  }

  @Nullable String yankReason() {
    return verbatim == null ? null : verbatim.yankReason();
  }

  FileRecord withYank(boolean newYanked, @Nullable String reason) {
    return new FileRecord(
        filename, version, blobKey(), size, sha256(), md5(), blake2b256(), requiresPython, metadataKey(),
        metadataSha256(), uploadTime(), filetype, pyversion, newYanked, newYanked ? reason : null);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    // the compact form is a function of the values, so equal values give equal fields
    return o instanceof FileRecord r
        && size == r.size
        && flags == r.flags
        && uploadSeconds == r.uploadSeconds
        && uploadNanos == r.uploadNanos
        && uploadFractionDigits == r.uploadFractionDigits
        && filename.equals(r.filename)
        && version.equals(r.version)
        && Arrays.equals(digests, r.digests)
        && Objects.equals(requiresPython, r.requiresPython)
        && Objects.equals(keyProject, r.keyProject)
        && filetype.equals(r.filetype)
        && pyversion.equals(r.pyversion)
        && Objects.equals(verbatim, r.verbatim);
  }

  @Override
  public int hashCode() {
    return Objects.hash(filename, version, size, Arrays.hashCode(digests), uploadSeconds, uploadNanos, flags);
  }

  @Override
  public String toString() {
    return "FileRecord[" + filename + ", " + blobKey() + ", sha256=" + sha256() + ", size=" + size + ", uploadTime=" + uploadTime()
        + (yanked() ? ", yanked" : "") + "]";
  }
}
