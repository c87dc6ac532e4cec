package dev.mypi.core.metadata;

import static com.google.common.base.Preconditions.checkArgument;

import org.jspecify.annotations.Nullable;

/**
 * Limits that keep {@link MetadataReader} safe on hostile archives (zip bombs, archives of
 * millions of entries, oversized metadata files). Every violation throws an {@link
 * InvalidDistributionException} whose message names the setting, e.g. {@code METADATA is larger
 * than 1048576 bytes (MetadataLimits.maxMetadataBytes)}.
 *
 * <p>Defaults:
 *
 * <ul>
 *   <li>{@link #DEFAULT_MAX_METADATA_BYTES} = 1 MiB: the largest {@code METADATA}/{@code PKG-INFO}
 *       read (long descriptions on PyPI stay well below);
 *   <li>{@link #DEFAULT_MAX_ENTRIES} = 100,000: the most archive entries listed or scanned;
 *   <li>{@link #DEFAULT_MAX_COMPRESSION_RATIO} = 100: the largest ratio of decompressed to
 *       compressed bytes, for the metadata entry of a zip and for the whole stream of a compressed
 *       tar (which is decompressed to be scanned);
 *   <li>{@link #DEFAULT_COMPRESSION_RATIO_THRESHOLD_BYTES} = 1 MiB: the ratio is only checked
 *       once this many bytes have been decompressed, so small, repetitive files are not flagged.
 * </ul>
 *
 * <pre>{@code
 * MetadataLimits limits = MetadataLimits.builder().maxMetadataBytes(4 << 20).build();
 * MetadataReader reader = MetadataReader.create(limits);
 * }</pre>
 */
public final class MetadataLimits {
  /** Default for {@link #maxMetadataBytes()}: 1 MiB. */
  public static final long DEFAULT_MAX_METADATA_BYTES = 1L << 20;

  /** Default for {@link #maxEntries()}: 100,000. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  /** Default for {@link #maxCompressionRatio()}: 100. */
  public static final int DEFAULT_MAX_COMPRESSION_RATIO = 100;

  /** Default for {@link #compressionRatioThresholdBytes()}: 1 MiB. */
  public static final long DEFAULT_COMPRESSION_RATIO_THRESHOLD_BYTES = 1L << 20;

  private static final MetadataLimits DEFAULTS = new Builder().build();

  private final long maxMetadataBytes;
  private final int maxEntries;
  private final int maxCompressionRatio;
  private final long compressionRatioThresholdBytes;

  private MetadataLimits(Builder builder) {
    this.maxMetadataBytes = builder.maxMetadataBytes;
    this.maxEntries = builder.maxEntries;
    this.maxCompressionRatio = builder.maxCompressionRatio;
    this.compressionRatioThresholdBytes = builder.compressionRatioThresholdBytes;
  }

  /** Returns the limits with every setting at its default. */
  public static MetadataLimits defaults() {
    return DEFAULTS;
  }

  /** Returns a builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder starting from these limits. */
  public Builder toBuilder() {
    return new Builder()
        .maxMetadataBytes(maxMetadataBytes)
        .maxEntries(maxEntries)
        .maxCompressionRatio(maxCompressionRatio)
        .compressionRatioThresholdBytes(compressionRatioThresholdBytes);
  }

  /** Returns the largest metadata file, in bytes, that is read. */
  public long maxMetadataBytes() {
    return maxMetadataBytes;
  }

  /** Returns the most entries an archive may have (zip) or that are scanned (tar). */
  public int maxEntries() {
    return maxEntries;
  }

  /** Returns the largest accepted ratio of decompressed to compressed bytes. */
  public int maxCompressionRatio() {
    return maxCompressionRatio;
  }

  /** Returns how many decompressed bytes it takes before the ratio is checked. */
  public long compressionRatioThresholdBytes() {
    return compressionRatioThresholdBytes;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof MetadataLimits other
        && maxMetadataBytes == other.maxMetadataBytes
        && maxEntries == other.maxEntries
        && maxCompressionRatio == other.maxCompressionRatio
        && compressionRatioThresholdBytes == other.compressionRatioThresholdBytes;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(maxMetadataBytes) * 31 * 31 * 31
        + maxEntries * 31 * 31
        + maxCompressionRatio * 31
        + Long.hashCode(compressionRatioThresholdBytes);
  }

  @Override
  public String toString() {
    return "MetadataLimits{maxMetadataBytes="
        + maxMetadataBytes
        + ", maxEntries="
        + maxEntries
        + ", maxCompressionRatio="
        + maxCompressionRatio
        + ", compressionRatioThresholdBytes="
        + compressionRatioThresholdBytes
        + "}";
  }

  /** Builds {@link MetadataLimits}; every setter rejects negative values. */
  public static final class Builder {
    private long maxMetadataBytes = DEFAULT_MAX_METADATA_BYTES;
    private int maxEntries = DEFAULT_MAX_ENTRIES;
    private int maxCompressionRatio = DEFAULT_MAX_COMPRESSION_RATIO;
    private long compressionRatioThresholdBytes = DEFAULT_COMPRESSION_RATIO_THRESHOLD_BYTES;

    private Builder() {}

    /**
     * Sets the largest metadata file read, in bytes (at most {@code Integer.MAX_VALUE - 8}).
     *
     * @throws IllegalArgumentException if negative or too large for an array
     */
    public Builder maxMetadataBytes(long bytes) {
      checkArgument(bytes >= 0, "maxMetadataBytes must not be negative: %s", bytes);
      checkArgument(
          bytes <= Integer.MAX_VALUE - 8, "maxMetadataBytes must fit in an array: %s", bytes);
      this.maxMetadataBytes = bytes;
      return this;
    }

    /**
     * Sets the most archive entries listed or scanned.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxEntries(int entries) {
      checkArgument(entries >= 0, "maxEntries must not be negative: %s", entries);
      this.maxEntries = entries;
      return this;
    }

    /**
     * Sets the largest accepted ratio of decompressed to compressed bytes.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxCompressionRatio(int ratio) {
      checkArgument(ratio >= 0, "maxCompressionRatio must not be negative: %s", ratio);
      this.maxCompressionRatio = ratio;
      return this;
    }

    /**
     * Sets how many decompressed bytes it takes before the compression ratio is checked.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder compressionRatioThresholdBytes(long bytes) {
      checkArgument(bytes >= 0, "compressionRatioThresholdBytes must not be negative: %s", bytes);
      this.compressionRatioThresholdBytes = bytes;
      return this;
    }

    /** Returns the limits. */
    public MetadataLimits build() {
      return new MetadataLimits(this);
    }
  }
}
