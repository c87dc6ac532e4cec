package dev.mypi.core.simple;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One distribution file as the simple API lists it: filename, URL, hashes, Requires-Python, yank
 * state, PEP 658/714 core-metadata hashes, size and upload time.
 *
 * <pre>{@code
 * FileEntry wheel = FileEntry.builder()
 *     .filename("foo_bar-1.0-py3-none-any.whl")
 *     .url("../../files/foo_bar-1.0-py3-none-any.whl")
 *     .hashes(Hashes.sha256("60303a…"))
 *     .requiresPython(">=3.8")
 *     .coreMetadata(Hashes.sha256("2c26b4…"))
 *     .size(2345)
 *     .uploadTime(Instant.parse("2026-08-01T12:00:01Z"))
 *     .build();
 * }</pre>
 *
 * <p>The URL is computed by the index, not by a client, so invalid values throw {@link
 * IllegalArgumentException}: it must be non-empty, have no fragment (renderers add {@code
 * #sha256=…}), contain no whitespace or control characters, and either be relative or use the
 * {@code http} or {@code https} scheme — so a {@code javascript:} URL can never reach a page. It
 * is otherwise written as given (HTML-escaped, never re-encoded): percent-encoding path characters
 * is the caller's job, and a literal {@code +} (local versions) is fine.
 */
public final class FileEntry {
  private static final long MIN_UPLOAD_SECOND = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
  private static final long MAX_UPLOAD_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  private final String filename;
  private final String url;
  private final Hashes hashes;
  private final @Nullable String requiresPython;
  private final YankState yank;
  private final @Nullable Hashes coreMetadata;
  private final long size;
  private final @Nullable Instant uploadTime;

  private FileEntry(Builder b, String filename, String url) {
    this.filename = filename;
    this.url = url;
    this.hashes = b.hashes;
    this.requiresPython = b.requiresPython;
    this.yank = b.yank;
    this.coreMetadata = b.coreMetadata;
    this.size = b.size;
    this.uploadTime = b.uploadTime;
  }

  /** Returns a builder; {@code filename}, {@code url} and {@code size} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder initialised with this entry's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.filename = filename;
    b.url = url;
    b.hashes = hashes;
    b.requiresPython = requiresPython;
    b.yank = yank;
    b.coreMetadata = coreMetadata;
    b.size = size;
    b.uploadTime = uploadTime;
    return b;
  }

  /** Returns the distribution filename, e.g. {@code foo_bar-1.0-py3-none-any.whl}. */
  public String filename() {
    return filename;
  }

  /** Returns the file's URL, absolute or relative to the page, without a fragment. */
  public String url() {
    return url;
  }

  /** Returns the file's digests; sha256 is expected. */
  public Hashes hashes() {
    return hashes;
  }

  /** Returns the file's Requires-Python specifier as uploaded, or empty if it has none. */
  public Optional<String> requiresPython() {
    return Optional.ofNullable(requiresPython);
  }

  /** Returns whether, and why, the file is yanked. */
  public YankState yank() {
    return yank;
  }

  /**
   * Returns the digests of the file's core metadata (served at {@code url + ".metadata"}), or empty
   * if the index does not serve it. Present-but-{@linkplain Hashes#isEmpty() empty} means the file
   * exists and no hash is known.
   */
  public Optional<Hashes> coreMetadata() {
    return Optional.ofNullable(coreMetadata);
  }

  /** Returns the file's size in bytes. */
  public long size() {
    return size;
  }

  /** Returns when the file was uploaded, or empty if unknown. */
  public Optional<Instant> uploadTime() {
    return Optional.ofNullable(uploadTime);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof FileEntry)) {
      return false;
    }
    FileEntry that = (FileEntry) o;
    return size == that.size
        && filename.equals(that.filename)
        && url.equals(that.url)
        && hashes.equals(that.hashes)
        && Objects.equals(requiresPython, that.requiresPython)
        && yank.equals(that.yank)
        && Objects.equals(coreMetadata, that.coreMetadata)
        && Objects.equals(uploadTime, that.uploadTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(filename, url, hashes, requiresPython, yank, coreMetadata, size, uploadTime);
  }

  @Override
  public String toString() {
    return "FileEntry{" + filename + ", " + url + ", " + hashes + ", size=" + size + ", " + yank + "}";
  }

  static void checkUrl(String url) {
    if (url.isEmpty()) {
      throw new IllegalArgumentException("File URL is empty");
    }
    int schemeEnd = -1;
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(
            "File URL '" + url + "' contains whitespace or a control character; percent-encode it");
      }
      if (c == '#') {
        throw new IllegalArgumentException(
            "File URL '" + url + "' has a fragment; renderers add '#sha256=…' themselves");
      }
      if (schemeEnd < 0 && (c == ':' || c == '/' || c == '?')) {
        schemeEnd = c == ':' ? i : 0;
      }
    }
    if (schemeEnd > 0) {
      String scheme = url.substring(0, schemeEnd);
      if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
        throw new IllegalArgumentException(
            "File URL '" + url + "' has scheme '" + scheme + "'; only http, https or a relative URL"
                + " (write './' before a path segment containing ':')");
      }
    } else if (schemeEnd == 0 && url.charAt(0) == ':') {
      throw new IllegalArgumentException("File URL '" + url + "' starts with ':'");
    }
  }

  /** Builds a {@link FileEntry}. */
  public static final class Builder {
    private @Nullable String filename;
    private @Nullable String url;
    private Hashes hashes = Hashes.empty();
    private @Nullable String requiresPython;
    private YankState yank = YankState.notYanked();
    private @Nullable Hashes coreMetadata;
    private long size = -1;
    private @Nullable Instant uploadTime;

    private Builder() {}

    /** Sets the distribution filename, shown as the anchor text. Required. */
    public Builder filename(String filename) {
      if (filename.isEmpty()) {
        throw new IllegalArgumentException("Filename is empty");
      }
      this.filename = filename;
      return this;
    }

    /** Sets the file's URL; see the class documentation for what is accepted. Required. */
    public Builder url(String url) {
      checkUrl(url);
      this.url = url;
      return this;
    }

    /** Sets the file's digests; default none. */
    public Builder hashes(Hashes hashes) {
      this.hashes = hashes;
      return this;
    }

    /** Sets the Requires-Python specifier; a blank string means none. */
    public Builder requiresPython(@Nullable String requiresPython) {
      this.requiresPython =
          requiresPython == null || requiresPython.isBlank() ? null : requiresPython;
      return this;
    }

    /** Sets the yank state; default not yanked. */
    public Builder yank(YankState yank) {
      this.yank = yank;
      return this;
    }

    /**
     * Sets the digests of the served core-metadata file (PEP 658/714); {@code null} (the default)
     * means no {@code .metadata} file is served.
     */
    public Builder coreMetadata(@Nullable Hashes coreMetadata) {
      this.coreMetadata = coreMetadata;
      return this;
    }

    /** Sets the size in bytes. Required. */
    public Builder size(long size) {
      if (size < 0) {
        throw new IllegalArgumentException("File size is negative: " + size);
      }
      this.size = size;
      return this;
    }

    /** Sets the upload time; {@code null} (the default) means unknown. Years 1 to 9999 only. */
    public Builder uploadTime(@Nullable Instant uploadTime) {
      if (uploadTime != null
          && (uploadTime.getEpochSecond() < MIN_UPLOAD_SECOND
              || uploadTime.getEpochSecond() > MAX_UPLOAD_SECOND)) {
        throw new IllegalArgumentException("Upload time out of range: " + uploadTime);
      }
      this.uploadTime = uploadTime;
      return this;
    }

    /** Returns the entry. */
    public FileEntry build() {
      String f = filename;
      String u = url;
      if (f == null || u == null || size < 0) {
        throw new IllegalStateException(
            "FileEntry needs filename, url and size (have filename=" + f + ", url=" + u + ", size="
                + size + ")");
      }
      return new FileEntry(this, f, u);
    }
  }
}
