package dev.mypi.core.internal.index;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.HexFormat;
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
 * time) is kept as it is, so a record read from JSON writes the same JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.NONE,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE,
    creatorVisibility = JsonAutoDetect.Visibility.NONE)
@JsonPropertyOrder({
  "filename", "version", "blobKey", "size", "sha256", "md5", "blake2b256", "requiresPython", "metadataKey",
  "metadataSha256", "uploadTime", "filetype", "pyversion", "yanked", "yankReason"
})
final class FileRecord {
  private static final String FILES_PREFIX = StoredProjectIndex.FILES + "/";
  private static final String METADATA_SUFFIX = ".metadata";
  private static final int SHA256_BYTES = 32;
  private static final int MD5_BYTES = 16;
  private static final int BLAKE2B256_BYTES = 32;
  /** The blob key's directory names the first 16 bytes of the SHA-256 (32 hex digits). */
  private static final int KEY_DIGEST_BYTES = 16;
  private static final HexFormat HEX = HexFormat.of();

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
    byte[] sha = decodeHex(sha256, SHA256_BYTES);
    byte[] metaSha = metadataSha256 == null ? null : decodeHex(metadataSha256, SHA256_BYTES);
    byte[] md = md5 == null ? null : decodeHex(md5, MD5_BYTES);
    byte[] blake = blake2b256 == null ? null : decodeHex(blake2b256, BLAKE2B256_BYTES);
    byte[] all =
        new byte[(sha == null ? 0 : SHA256_BYTES) + (metaSha == null ? 0 : SHA256_BYTES) + (md == null ? 0 : MD5_BYTES)
            + (blake == null ? 0 : BLAKE2B256_BYTES)];
    int at = 0;
    if (sha != null) {
      System.arraycopy(sha, 0, all, at, SHA256_BYTES);
      at += SHA256_BYTES;
      f |= SHA256;
    }
    if (metaSha != null) {
      System.arraycopy(metaSha, 0, all, at, SHA256_BYTES);
      at += SHA256_BYTES;
      f |= METADATA_SHA256;
    }
    if (md != null) {
      System.arraycopy(md, 0, all, at, MD5_BYTES);
      at += MD5_BYTES;
      f |= MD5;
    }
    if (blake != null) {
      System.arraycopy(blake, 0, all, at, BLAKE2B256_BYTES);
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
      project = sha == null ? null : projectOf(blobKey, sha, filename, "");
      if (project != null) {
        f |= KEY_IN_FILES;
      } else {
        verbatimBlobKey = blobKey;
      }
    }
    if (metadataKey != null) {
      String metadataProject = sha == null ? null : projectOf(metadataKey, sha, filename, METADATA_SUFFIX);
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
    this.uploadSeconds = seconds;
    this.uploadNanos = nanos;
    this.uploadFractionDigits = (byte) Math.max(digits, 0);
    this.flags = (short) f;

    Verbatim v =
        new Verbatim(
            verbatimBlobKey,
            sha == null ? sha256 : null,
            md != null ? null : md5,
            blake != null ? null : blake2b256,
            verbatimMetadataKey,
            metadataSha256 != null && metaSha == null ? metadataSha256 : null,
            verbatimTime,
            yankReason);
    this.verbatim = v.isEmpty() ? null : v;
  }

  /** Reads a record from its JSON form (journal entries and snapshots). */
  @JsonCreator
  static FileRecord fromJson(
      @JsonProperty("filename") String filename,
      @JsonProperty("version") String version,
      @JsonProperty("blobKey") String blobKey,
      @JsonProperty("size") long size,
      @JsonProperty("sha256") String sha256,
      @JsonProperty("md5") @Nullable String md5,
      @JsonProperty("blake2b256") @Nullable String blake2b256,
      @JsonProperty("requiresPython") @Nullable String requiresPython,
      @JsonProperty("metadataKey") @Nullable String metadataKey,
      @JsonProperty("metadataSha256") @Nullable String metadataSha256,
      @JsonProperty("uploadTime") String uploadTime,
      @JsonProperty("filetype") String filetype,
      @JsonProperty("pyversion") String pyversion,
      @JsonProperty("yanked") boolean yanked,
      @JsonProperty("yankReason") @Nullable String yankReason) {
    return new FileRecord(
        filename, version, blobKey, size, sha256, md5, blake2b256, requiresPython, metadataKey, metadataSha256,
        uploadTime, filetype, pyversion, yanked, yankReason);
  }

  /** Returns the project segment of {@code key} if it is {@code files/<project>/<32 hex>/<filename><suffix>}, else null. */
  private static @Nullable String projectOf(String key, byte[] sha256, String filename, String suffix) {
    if (!key.startsWith(FILES_PREFIX) || !key.endsWith(suffix)) {
      return null;
    }
    int tailLength = 1 + 2 * KEY_DIGEST_BYTES + 1 + filename.length() + suffix.length();
    int projectEnd = key.length() - tailLength;
    if (projectEnd <= FILES_PREFIX.length()) {
      return null;
    }
    String project = key.substring(FILES_PREFIX.length(), projectEnd);
    return filesKey(project, sha256, filename, suffix).equals(key) ? project : null;
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

  private static String formatTime(long seconds, int nanos, int fractionDigits) {
    String whole = Instant.ofEpochSecond(seconds).toString(); // ends in "Z", no fraction
    if (fractionDigits == 0) {
      return nanos == 0 ? whole : "";
    }
    String nineDigits = Integer.toString(1_000_000_000 + nanos).substring(1);
    for (int i = fractionDigits; i < 9; i++) {
      if (nineDigits.charAt(i) != '0') {
        return ""; // digits would be lost: not this form
      }
    }
    return whole.substring(0, whole.length() - 1) + "." + nineDigits.substring(0, fractionDigits) + "Z";
  }

  /** Returns the bytes of lowercase hex {@code text} of {@code length} bytes, or null if it is not exactly that. */
  private static byte @Nullable [] decodeHex(String text, int length) {
    if (text.length() != 2 * length) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return null; // anything else (upper case too) is kept as written
      }
    }
    return HEX.parseHex(text);
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

  @JsonProperty("filename")
  String filename() {
    return filename;
  }

  @JsonProperty("version")
  String version() {
    return version;
  }

  @JsonProperty("blobKey")
  String blobKey() {
    if (has(KEY_IS_FILENAME)) {
      return filename;
    }
    if (has(KEY_IN_FILES)) {
      return filesKey(Objects.requireNonNull(keyProject), digests, filename, "");
    }
    return Objects.requireNonNull(Objects.requireNonNull(verbatim).blobKey());
  }

  @JsonProperty("size")
  long size() {
    return size;
  }

  @JsonProperty("sha256")
  String sha256() {
    String hex = digestHex(SHA256, SHA256_BYTES);
    return hex != null ? hex : Objects.requireNonNull(Objects.requireNonNull(verbatim).sha256());
  }

  @JsonProperty("md5")
  @Nullable String md5() {
    String hex = digestHex(MD5, MD5_BYTES);
    return hex != null || verbatim == null ? hex : verbatim.md5();
  }

  @JsonProperty("blake2b256")
  @Nullable String blake2b256() {
    String hex = digestHex(BLAKE2B256, BLAKE2B256_BYTES);
    return hex != null || verbatim == null ? hex : verbatim.blake2b256();
  }

  @JsonProperty("requiresPython")
  @Nullable String requiresPython() {
    return requiresPython;
  }

  @JsonProperty("metadataKey")
  @Nullable String metadataKey() {
    if (has(METADATA_KEY_IN_FILES)) {
      return filesKey(Objects.requireNonNull(keyProject), digests, filename, METADATA_SUFFIX);
    }
    return verbatim == null ? null : verbatim.metadataKey();
  }

  @JsonProperty("metadataSha256")
  @Nullable String metadataSha256() {
    String hex = digestHex(METADATA_SHA256, SHA256_BYTES);
    return hex != null || verbatim == null ? hex : verbatim.metadataSha256();
  }

  /** Returns the upload time as it was given (ISO-8601). */
  @JsonProperty("uploadTime")
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

  @JsonProperty("filetype")
  String filetype() {
    return filetype;
  }

  @JsonProperty("pyversion")
  String pyversion() {
    return pyversion;
  }

  @JsonProperty("yanked")
  boolean yanked() {
    return has(YANKED);
  }

  @JsonProperty("yankReason")
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
