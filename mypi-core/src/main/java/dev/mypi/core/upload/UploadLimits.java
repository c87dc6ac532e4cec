package dev.mypi.core.upload;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The limits an {@link UploadParser} enforces on an untrusted upload body, in one immutable object
 * with documented defaults (the shape of jackson-core's {@code StreamReadConstraints}).
 *
 * <pre>{@code
 * UploadLimits limits = UploadLimits.builder().maxFileSize(1L << 30).build();   // 1 GiB wheels
 * UploadLimits more = limits.toBuilder().maxParts(5_000).build();
 * }</pre>
 *
 * <p>Exceeding a limit throws {@link UploadTooLargeException} whose message names the setting, e.g.
 * {@code File too large: limit is 104857600 bytes (UploadLimits.maxFileSize)}.
 */
public final class UploadLimits {
  /** Default {@link #maxFileSize()}: 100 MiB, PyPI's default per-file limit. */
  public static final long DEFAULT_MAX_FILE_SIZE = 100L * 1024 * 1024;

  /** Default {@link #maxFieldSize()}: 4 MiB, room for a long project description. */
  public static final int DEFAULT_MAX_FIELD_SIZE = 4 * 1024 * 1024;

  /** Default {@link #maxTotalFieldBytes()}: 16 MiB over all text fields of one upload. */
  public static final long DEFAULT_MAX_TOTAL_FIELD_BYTES = 16L * 1024 * 1024;

  /** Default {@link #maxParts()}: 1,000 parts, far above the few dozen twine sends. */
  public static final int DEFAULT_MAX_PARTS = 1_000;

  /** Default {@link #maxPartHeaderBytes()}: 16 KiB of headers per part. */
  public static final int DEFAULT_MAX_PART_HEADER_BYTES = 16 * 1024;

  private static final UploadLimits DEFAULTS = new Builder().build();

  private final long maxFileSize;
  private final int maxFieldSize;
  private final long maxTotalFieldBytes;
  private final int maxParts;
  private final int maxPartHeaderBytes;

  private UploadLimits(Builder builder) {
    this.maxFileSize = builder.maxFileSize;
    this.maxFieldSize = builder.maxFieldSize;
    this.maxTotalFieldBytes = builder.maxTotalFieldBytes;
    this.maxParts = builder.maxParts;
    this.maxPartHeaderBytes = builder.maxPartHeaderBytes;
  }

  /** Returns the default limits (the {@code DEFAULT_*} constants). */
  public static UploadLimits defaults() {
    return DEFAULTS;
  }

  /** Returns a builder that starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from these limits. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Returns the largest distribution file accepted, in bytes; setting {@code maxFileSize}. */
  public long maxFileSize() {
    return maxFileSize;
  }

  /**
   * Returns the largest single text field accepted, in UTF-8 bytes; setting {@code maxFieldSize}.
   * It also bounds an ignored file part such as {@code gpg_signature}.
   */
  public int maxFieldSize() {
    return maxFieldSize;
  }

  /** Returns the most bytes all text fields of one upload may add up to; {@code maxTotalFieldBytes}. */
  public long maxTotalFieldBytes() {
    return maxTotalFieldBytes;
  }

  /** Returns the most parts one body may have, files included; setting {@code maxParts}. */
  public int maxParts() {
    return maxParts;
  }

  /**
   * Returns the most header bytes one part may have, line ends included; setting {@code
   * maxPartHeaderBytes}. It also bounds the preamble before the first boundary.
   */
  public int maxPartHeaderBytes() {
    return maxPartHeaderBytes;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof UploadLimits)) {
      return false;
    }
    UploadLimits that = (UploadLimits) o;
    return maxFileSize == that.maxFileSize
        && maxFieldSize == that.maxFieldSize
        && maxTotalFieldBytes == that.maxTotalFieldBytes
        && maxParts == that.maxParts
        && maxPartHeaderBytes == that.maxPartHeaderBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxFileSize, maxFieldSize, maxTotalFieldBytes, maxParts, maxPartHeaderBytes);
  }

  @Override
  public String toString() {
    return "UploadLimits{maxFileSize="
        + maxFileSize
        + ", maxFieldSize="
        + maxFieldSize
        + ", maxTotalFieldBytes="
        + maxTotalFieldBytes
        + ", maxParts="
        + maxParts
        + ", maxPartHeaderBytes="
        + maxPartHeaderBytes
        + "}";
  }

  /** Builds {@link UploadLimits}; every setter rejects a value below 1 (or 0 where noted). */
  public static final class Builder {
    private long maxFileSize = DEFAULT_MAX_FILE_SIZE;
    private int maxFieldSize = DEFAULT_MAX_FIELD_SIZE;
    private long maxTotalFieldBytes = DEFAULT_MAX_TOTAL_FIELD_BYTES;
    private int maxParts = DEFAULT_MAX_PARTS;
    private int maxPartHeaderBytes = DEFAULT_MAX_PART_HEADER_BYTES;

    private Builder() {}

    private Builder(UploadLimits limits) {
      this.maxFileSize = limits.maxFileSize;
      this.maxFieldSize = limits.maxFieldSize;
      this.maxTotalFieldBytes = limits.maxTotalFieldBytes;
      this.maxParts = limits.maxParts;
      this.maxPartHeaderBytes = limits.maxPartHeaderBytes;
    }

    /** Sets the largest distribution file accepted, in bytes (0 or more). */
    public Builder maxFileSize(long bytes) {
      this.maxFileSize = checkAtLeast(bytes, 0, "maxFileSize");
      return this;
    }

    /** Sets the largest single text field accepted, in bytes (0 or more). */
    public Builder maxFieldSize(int bytes) {
      this.maxFieldSize = (int) checkAtLeast(bytes, 0, "maxFieldSize");
      return this;
    }

    /** Sets the most bytes all text fields of one upload may add up to (0 or more). */
    public Builder maxTotalFieldBytes(long bytes) {
      this.maxTotalFieldBytes = checkAtLeast(bytes, 0, "maxTotalFieldBytes");
      return this;
    }

    /** Sets the most parts one body may have (1 or more). */
    public Builder maxParts(int parts) {
      this.maxParts = (int) checkAtLeast(parts, 1, "maxParts");
      return this;
    }

    /** Sets the most header bytes one part may have (1 or more). */
    public Builder maxPartHeaderBytes(int bytes) {
      this.maxPartHeaderBytes = (int) checkAtLeast(bytes, 1, "maxPartHeaderBytes");
      return this;
    }

    /** Returns the limits. */
    public UploadLimits build() {
      return new UploadLimits(this);
    }

    private static long checkAtLeast(long value, long min, String name) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
      }
      return value;
    }
  }
}
