package dev.mypi.core.storage;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How {@link BlobStore#put} writes a blob. The {@linkplain #defaults() defaults} are create-only
 * with nothing known in advance.
 *
 * <pre>{@code
 * PutOptions.defaults();                                        // create-only
 * PutOptions.builder().overwrite(true).build();                 // atomic replace
 * PutOptions.builder().sha256(hex).size(n).contentType("application/zip").build();
 * PutOptions.builder().sha256(hex).verifySha256(false).build();  // the caller hashed these bytes itself
 * }</pre>
 */
public final class PutOptions {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
  private static final PutOptions DEFAULTS = new Builder().build();

  private final boolean overwrite;
  private final boolean verifySha256;
  private final @Nullable String sha256;
  private final @Nullable String contentType;
  private final long size;

  private PutOptions(Builder builder) {
    this.overwrite = builder.overwrite;
    this.verifySha256 = builder.verifySha256;
    this.sha256 = builder.sha256;
    this.contentType = builder.contentType;
    this.size = builder.size;
  }

  /** Returns the default options: create-only, no expected digest, size or content type. */
  public static PutOptions defaults() {
    return DEFAULTS;
  }

  /** Returns a builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.overwrite = overwrite;
    b.verifySha256 = verifySha256;
    b.sha256 = sha256;
    b.contentType = contentType;
    b.size = size;
    return b;
  }

  /**
   * Returns whether an existing blob is replaced (atomically). When false (the default) the put is
   * create-only and fails with {@link BlobAlreadyExistsException} if the key exists.
   */
  public boolean overwrite() {
    return overwrite;
  }

  /**
   * Returns the expected lower-case hex SHA-256 of the content, if the caller knows it. Stores
   * verify it and fail the put with {@link ContentMismatchException} (storing nothing) on mismatch.
   */
  public Optional<String> sha256() {
    return Optional.ofNullable(sha256);
  }

  /**
   * Returns whether the store must verify {@link #sha256()} against the data (the default). False
   * means the caller computed the digest over these very bytes itself (for example while it
   * received them) and vouches for it: a store may then skip hashing the data again and report
   * the given digest as the blob's. Leave it true for digests that come from elsewhere, such as a
   * client's claim. Sizes are always verified.
   */
  public boolean verifySha256() {
    return verifySha256;
  }

  /**
   * Returns the media type to record with the blob, if any. Stores may ignore it (the file-system
   * store does); object stores send it as object metadata.
   */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /**
   * Returns the exact content length, if known in advance. Object stores can then stream without
   * spooling; every store fails the put with {@link ContentMismatchException} if the data differ.
   */
  public OptionalLong size() {
    return size < 0 ? OptionalLong.empty() : OptionalLong.of(size);
  }

  @Override
  public String toString() {
    return "PutOptions{overwrite=" + overwrite
        + (sha256 == null ? "" : ", sha256=" + sha256 + (verifySha256 ? "" : " (trusted)"))
        + (contentType == null ? "" : ", contentType=" + contentType)
        + (size < 0 ? "" : ", size=" + size) + "}";
  }

  static String checkSha256(String hex) {
    if (!SHA256_HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("not a hex SHA-256 (64 hex digits): '" + hex + "'");
    }
    return hex.toLowerCase(Locale.ROOT);
  }

  /** Builds {@link PutOptions}; not thread-safe. */
  public static final class Builder {
    private boolean overwrite;
    private boolean verifySha256 = true;
    private @Nullable String sha256;
    private @Nullable String contentType;
    private long size = -1;

    private Builder() {}

    /** Sets whether an existing blob is replaced atomically (default false: create-only). */
    public Builder overwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /**
     * Sets the expected SHA-256 of the content, as 64 hex digits (either case).
     *
     * @throws IllegalArgumentException if {@code sha256Hex} is not 64 hex digits
     */
    public Builder sha256(String sha256Hex) {
      this.sha256 = checkSha256(sha256Hex);
      return this;
    }

    /**
     * Sets whether the store verifies the expected SHA-256 (default true). Pass false only for a
     * digest this process computed over the very bytes it puts; see {@link
     * PutOptions#verifySha256()}.
     */
    public Builder verifySha256(boolean verify) {
      this.verifySha256 = verify;
      return this;
    }

    /** Sets the media type to record with the blob. */
    public Builder contentType(String contentType) {
      this.contentType = contentType;
      return this;
    }

    /**
     * Sets the exact content length.
     *
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public Builder size(long size) {
      if (size < 0) {
        throw new IllegalArgumentException("negative size " + size);
      }
      this.size = size;
      return this;
    }

    /** Returns the options. */
    public PutOptions build() {
      return new PutOptions(this);
    }
  }
}
