package dev.mypi.storage.s3;

import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobAlreadyExistsException;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.ByteRange;
import dev.mypi.core.storage.PutOptions;
import dev.mypi.core.storage.RangeNotSatisfiableException;
import dev.mypi.core.storage.StorageException;
import dev.mypi.storage.s3.internal.ContentReader;
import dev.mypi.storage.s3.internal.Listing;
import dev.mypi.storage.s3.internal.ObjectKeys;
import dev.mypi.storage.s3.internal.S3Blob;
import dev.mypi.storage.s3.internal.S3Errors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BlobStore} on Amazon S3 or an S3-compatible server (MinIO, Ceph RGW, Cloudflare R2,
 * Wasabi, S3Proxy), on the AWS SDK for Java v2.
 *
 * <pre>{@code
 * BlobStore store = S3BlobStore.builder()
 *     .bucket("my-packages")
 *     .prefix("pypi/")                                   // optional: keys below pypi/
 *     .region("eu-west-1")                               // optional: else the SDK's default chain
 *     .build();                                          // credentials: the SDK's default chain
 *
 * BlobStore minio = S3BlobStore.builder()
 *     .bucket("pypi").endpoint(URI.create("http://minio:9000")).pathStyle(true).build();
 *
 * BlobStore own = S3BlobStore.builder().client(myS3Client).bucket("pypi").build();
 * }</pre>
 *
 * <h2>How the contract maps to S3</h2>
 *
 * <ul>
 *   <li><b>Create-only puts</b> send {@code If-None-Match: *}, on {@code PutObject} or on {@code
 *       CompleteMultipartUpload}; S3 refuses with 412 if the key exists, atomically, so of racing
 *       writers (threads or nodes) exactly one wins. A put whose outcome is unknown (a timeout, a
 *       lost response, a 412 on the SDK's retry of an attempt that had landed) is resolved by
 *       reading the key back: every put tags its object with a random put id ({@code
 *       x-amz-meta-mypi-put-id}), so "the object there is mine" is exact. Exactly one winner holds
 *       where the server's conditional writes are atomic: AWS S3 documents it for both requests;
 *       S3Proxy passes the race tests; moto 5.x does for small bodies only.
 *   <li><b>Atomicity and streaming.</b> Data are cut into parts of exactly {@link
 *       Builder#partSize(long) partSize} bytes (the last one shorter), so at most one part is held
 *       in memory per put. A body of at most one part is one {@code PutObject}; a longer one is a
 *       multipart upload, which S3 makes visible only when it is completed, and which is aborted
 *       on any failure. The SHA-256 is computed while reading: each request carries {@code
 *       x-amz-checksum-sha256} of its bytes (S3 verifies it), the whole is checked against {@link
 *       PutOptions#sha256()} and size before anything becomes visible, and recorded as {@code
 *       x-amz-meta-mypi-sha256} so {@link #stat} reports it.
 *   <li><b>Reads.</b> {@link #open} is one {@code GetObject} (with {@code Range} for a range); the
 *       response is held by the {@link Blob} until it is closed, so it keeps serving the object as
 *       it was even if the key is overwritten. {@link #stat} is one {@code HeadObject}.
 *   <li><b>Listing</b> is {@code ListObjectsV2}, 1,000 keys a page, followed lazily by continuation
 *       token; S3 sorts by UTF-8 bytes, the contract's order. Listing below a non-root prefix
 *       {@code a/b} costs one {@code HeadObject} more (for a blob at {@code a/b} itself).
 *   <li><b>Delete</b> is {@code HeadObject} then {@code DeleteObject} (S3's delete does not say
 *       whether there was an object).
 * </ul>
 *
 * <p>Etags are S3's ETags; last-modified times are truncated to seconds (S3's {@code HEAD} has no
 * more); a put returns the local time. Content types from {@link PutOptions#contentType()} are
 * stored. Nothing is done in the builder or the constructor: the bucket must exist (it is never
 * created), and the first request shows whether the configuration works.
 *
 * <p>Thread-safe. {@link #close()} closes the S3 client if the builder created it, not a client
 * passed in with {@link Builder#client(S3Client)}.
 */
public final class S3BlobStore implements BlobStore {
  /** The default part size: 8 MiB (as the AWS CLI). */
  public static final long DEFAULT_PART_SIZE = 8L << 20;

  /** The smallest part size S3 accepts for all parts but the last: 5 MiB. */
  public static final long MIN_PART_SIZE = 5L << 20;

  /** The largest part size: 1 GiB (S3 allows 5 GiB, but this store holds one part in memory). */
  public static final long MAX_PART_SIZE = 1L << 30;

  /** The default size of the connection pool of a client the builder creates. */
  public static final int DEFAULT_MAX_CONNECTIONS = 256;

  /** User metadata (sent as {@code x-amz-meta-mypi-sha256}): the lower-case hex SHA-256 of the content. */
  public static final String SHA256_METADATA = "mypi-sha256";

  /** User metadata (sent as {@code x-amz-meta-mypi-put-id}): a random id of the put that wrote the object. */
  public static final String PUT_ID_METADATA = "mypi-put-id";

  private static final Logger logger = LoggerFactory.getLogger(S3BlobStore.class);
  private static final int MAX_PARTS = 10_000;
  private static final int CONFLICT_ATTEMPTS = 6;
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

  private final S3Client client;
  private final boolean ownsClient;
  private final String bucket;
  private final ObjectKeys keys;
  private final long partSize;
  private volatile boolean closed;

  private S3BlobStore(S3Client client, boolean ownsClient, String bucket, ObjectKeys keys, long partSize) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.bucket = bucket;
    this.keys = keys;
    this.partSize = partSize;
  }

  /** Returns a builder; {@link Builder#bucket(String)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the bucket. */
  public String bucket() {
    return bucket;
  }

  /** Returns the key prefix: empty, or ending with {@code /}. */
  public String prefix() {
    return keys.prefix();
  }

  /** Returns the part size of multipart uploads, in bytes. */
  public long partSize() {
    return partSize;
  }

  // ---------------------------------------------------------------- put

  @Override
  public BlobInfo put(BlobKey key, java.io.InputStream data, PutOptions options) throws IOException {
    checkUsable(key);
    String objectKey = keys.objectKey(key);
    String putId = UUID.randomUUID().toString();
    int size = partSizeFor(options);
    ContentReader reader = new ContentReader(key, data, options.size());
    ContentReader.Part first = reader.next(size, new byte[0]);
    if (reader.atEnd()) {
      String sha256 = reader.finish(options.sha256());
      return putSingle(key, objectKey, putId, first, sha256, options);
    }
    return putMultipart(key, objectKey, putId, reader, first, size, options);
  }

  /** Returns the part size for a put: the configured one, larger if the size would need over 10,000 parts. */
  private int partSizeFor(PutOptions options) {
    long size = partSize;
    if (options.size().isPresent()) {
      long needed = (options.size().getAsLong() + MAX_PARTS - 1) / MAX_PARTS;
      size = Math.max(size, (needed + (1 << 20) - 1) >> 20 << 20);
    }
    return (int) Math.min(size, MAX_PART_SIZE);
  }

  private Map<String, String> metadata(String putId, @Nullable String sha256) {
    Map<String, String> metadata = new HashMap<>();
    metadata.put(PUT_ID_METADATA, putId);
    if (sha256 != null) {
      metadata.put(SHA256_METADATA, sha256);
    }
    return metadata;
  }

  private BlobInfo putSingle(BlobKey key, String objectKey, String putId, ContentReader.Part part, String sha256, PutOptions options)
      throws IOException {
    PutObjectRequest.Builder request =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(objectKey)
            .contentLength((long) part.length())
            .checksumSHA256(part.sha256Base64())
            .metadata(metadata(putId, sha256));
    options.contentType().ifPresent(request::contentType);
    if (!options.overwrite()) {
      request.ifNoneMatch("*");
    }
    byte[] bytes = part.bytes();
    int length = part.length();
    RequestBody body =
        RequestBody.fromContentProvider(
            () -> new ByteArrayInputStream(bytes, 0, length), length, options.contentType().orElse("application/octet-stream"));
    PutObjectRequest built = request.build();
    String etag = conditionalWrite(key, objectKey, putId, !options.overwrite(), () -> client.putObject(built, body).eTag());
    return newInfo(key, length, etag, sha256);
  }

  private BlobInfo putMultipart(
      BlobKey key, String objectKey, String putId, ContentReader reader, ContentReader.Part first, int size, PutOptions options)
      throws IOException {
    CreateMultipartUploadRequest.Builder create =
        CreateMultipartUploadRequest.builder()
            .bucket(bucket)
            .key(objectKey)
            .checksumAlgorithm(ChecksumAlgorithm.SHA256)
            .metadata(metadata(putId, options.sha256().orElse(null)));
    options.contentType().ifPresent(create::contentType);
    String uploadId;
    try {
      uploadId = client.createMultipartUpload(create.build()).uploadId();
    } catch (SdkException e) {
      throw new StorageException(key, "cannot store: " + S3Errors.describe(e), e);
    }
    boolean completed = false;
    try {
      List<CompletedPart> parts = new ArrayList<>();
      ContentReader.Part part = first;
      byte[] buffer = first.bytes().length >= size ? first.bytes() : new byte[size];
      while (true) {
        int number = parts.size() + 1;
        if (number > MAX_PARTS) {
          throw new StorageException(key, "cannot store: more than " + MAX_PARTS + " parts of " + size + " bytes; set a larger part size");
        }
        parts.add(uploadPart(key, objectKey, uploadId, number, part));
        if (reader.atEnd()) {
          break;
        }
        part = reader.next(size, buffer);
      }
      String sha256 = reader.finish(options.sha256());
      CompleteMultipartUploadRequest.Builder complete =
          CompleteMultipartUploadRequest.builder()
              .bucket(bucket)
              .key(objectKey)
              .uploadId(uploadId)
              .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build());
      if (!options.overwrite()) {
        complete.ifNoneMatch("*");
      }
      CompleteMultipartUploadRequest built = complete.build();
      String etag =
          conditionalWrite(key, objectKey, putId, !options.overwrite(), () -> client.completeMultipartUpload(built).eTag());
      completed = true;
      return newInfo(key, reader.size(), etag, sha256);
    } finally {
      if (!completed) {
        abortQuietly(objectKey, uploadId);
      }
    }
  }

  private CompletedPart uploadPart(BlobKey key, String objectKey, String uploadId, int number, ContentReader.Part part)
      throws StorageException {
    byte[] bytes = part.bytes();
    int length = part.length();
    String checksum = part.sha256Base64();
    try {
      String etag =
          client
              .uploadPart(
                  b -> b.bucket(bucket).key(objectKey).uploadId(uploadId).partNumber(number).contentLength((long) length).checksumSHA256(checksum),
                  RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, "application/octet-stream"))
              .eTag();
      return CompletedPart.builder().partNumber(number).eTag(etag).checksumSHA256(checksum).build();
    } catch (SdkException e) {
      throw new StorageException(key, "cannot store part " + number + ": " + S3Errors.describe(e), e);
    }
  }

  private void abortQuietly(String objectKey, String uploadId) {
    try {
      client.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
    } catch (SdkException e) {
      // Invisible either way; a bucket lifecycle rule (AbortIncompleteMultipartUpload) reclaims it.
      logger.warn("Could not abort the multipart upload {} of {}: {}", uploadId, objectKey, S3Errors.describe(e));
    }
  }

  private interface Write {
    String run();
  }

  /**
   * Runs the request that makes a put visible and decides its outcome. A 412 on a create-only
   * write, or a failure without an answer, leaves the outcome to be read back: the object at the
   * key is ours exactly if it carries our put id. A 409 (S3's "conditional request conflict", a
   * concurrent conditional write in flight) is retried.
   */
  private String conditionalWrite(BlobKey key, String objectKey, String putId, boolean createOnly, Write write) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.run();
      } catch (S3Exception e) {
        if (e.statusCode() == 412 && createOnly) {
          Optional<HeadObjectResponse> there = headObject(key, objectKey);
          if (there.isPresent() && putId.equals(there.get().metadata().get(PUT_ID_METADATA))) {
            return there.get().eTag(); // an earlier attempt (an SDK retry) landed
          }
          throw new BlobAlreadyExistsException(key);
        }
        if (e.statusCode() == 409 && attempt < CONFLICT_ATTEMPTS) {
          sleep(key, 25L << attempt);
          continue;
        }
        throw new StorageException(key, "cannot store: " + S3Errors.describe(e), e);
      } catch (SdkClientException e) {
        // No answer: the write may or may not have landed. Read back before deciding.
        Optional<HeadObjectResponse> there;
        try {
          there = headObject(key, objectKey);
        } catch (IOException again) {
          e.addSuppressed(again);
          throw new StorageException(key, "cannot store, and the outcome is unknown: " + S3Errors.describe(e), e);
        }
        if (there.isPresent() && putId.equals(there.get().metadata().get(PUT_ID_METADATA))) {
          return there.get().eTag();
        }
        if (there.isPresent() && createOnly) {
          throw new BlobAlreadyExistsException(key);
        }
        throw new StorageException(key, "cannot store (nothing was stored): " + S3Errors.describe(e), e);
      }
    }
  }

  private static void sleep(BlobKey key, long millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(key + ": interrupted");
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Optional<Blob> open(BlobKey key) throws IOException {
    checkUsable(key);
    String objectKey = keys.objectKey(key);
    ResponseInputStream<GetObjectResponse> response;
    try {
      response = client.getObject(b -> b.bucket(bucket).key(objectKey));
    } catch (SdkException e) {
      if (S3Errors.isNotFound(e)) {
        return Optional.empty();
      }
      throw new StorageException(key, "cannot open: " + S3Errors.describe(e), e);
    }
    GetObjectResponse r = response.response();
    BlobInfo info = info(key, r.contentLength(), r.lastModified(), r.eTag(), r.metadata());
    return Optional.of(new S3Blob(info, ByteRange.whole(info.size()), response));
  }

  @Override
  public Optional<Blob> open(BlobKey key, ByteRange range) throws IOException {
    checkUsable(key);
    if (range.length() == 0) {
      Optional<BlobInfo> info = stat(key);
      if (info.isPresent() && !range.fitsIn(info.get().size())) {
        throw new RangeNotSatisfiableException(key, range, info.get().size());
      }
      return info.map(i -> new S3Blob(i, range, null));
    }
    String objectKey = keys.objectKey(key);
    ResponseInputStream<GetObjectResponse> response;
    try {
      response = client.getObject(b -> b.bucket(bucket).key(objectKey).range("bytes=" + range.offset() + "-" + (range.end() - 1)));
    } catch (SdkException e) {
      if (S3Errors.isNotFound(e)) {
        return Optional.empty();
      }
      if (S3Errors.status(e) == 416) {
        Optional<BlobInfo> info = stat(key);
        if (info.isEmpty()) {
          return Optional.empty();
        }
        throw new RangeNotSatisfiableException(key, range, info.get().size());
      }
      throw new StorageException(key, "cannot open: " + S3Errors.describe(e), e);
    }
    GetObjectResponse r = response.response();
    java.util.regex.Matcher m = CONTENT_RANGE.matcher(r.contentRange() == null ? "" : r.contentRange());
    if (!m.matches()) {
      response.abort();
      throw new StorageException(key, "cannot open: the server ignored the Range header (Content-Range: " + r.contentRange() + ")");
    }
    long size = Long.parseLong(m.group(3));
    if (!range.fitsIn(size) || Long.parseLong(m.group(1)) != range.offset()) {
      response.abort();
      throw new RangeNotSatisfiableException(key, range, size);
    }
    BlobInfo info = info(key, size, r.lastModified(), r.eTag(), r.metadata());
    return Optional.of(new S3Blob(info, range, response));
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) throws IOException {
    checkUsable(key);
    String objectKey = keys.objectKey(key);
    return headObject(key, objectKey).map(h -> info(key, h.contentLength(), h.lastModified(), h.eTag(), h.metadata()));
  }

  private Optional<HeadObjectResponse> headObject(BlobKey key, String objectKey) throws StorageException {
    return headObject(key, objectKey, "stat");
  }

  /** {@code HeadObject}, empty on 404; failures say they could not {@code verb}. */
  private Optional<HeadObjectResponse> headObject(BlobKey key, String objectKey, String verb) throws StorageException {
    try {
      return Optional.of(client.headObject(b -> b.bucket(bucket).key(objectKey)));
    } catch (SdkException e) {
      if (S3Errors.isNotFound(e)) {
        return Optional.empty();
      }
      throw new StorageException(key, "cannot " + verb + ": " + S3Errors.describe(e), e);
    }
  }

  @Override
  public Stream<BlobInfo> list(BlobKey prefix) throws IOException {
    checkOpen();
    Optional<BlobInfo> exact =
        prefix.isRoot()
            ? Optional.empty()
            : headObject(prefix, keys.objectKey(prefix), "list").map(h -> info(prefix, h.contentLength(), h.lastModified(), h.eTag(), h.metadata()));
    Listing listing;
    try {
      listing = new Listing(client, bucket, keys.childrenPrefix(prefix), keys, prefix, this::info);
    } catch (SdkException e) {
      throw new StorageException(prefix, "cannot list: " + S3Errors.describe(e), e);
    }
    Stream<BlobInfo> below = StreamSupport.stream(Spliterators.spliteratorUnknownSize(listing, Spliterator.ORDERED | Spliterator.NONNULL), false);
    // a blob at the prefix itself sorts before every key below it ("a/b" < "a/b/…")
    return exact.isPresent() ? Stream.concat(Stream.of(exact.get()), below) : below;
  }

  @Override
  public boolean delete(BlobKey key) throws IOException {
    checkUsable(key);
    String objectKey = keys.objectKey(key);
    if (headObject(key, objectKey).isEmpty()) {
      return false;
    }
    try {
      client.deleteObject(b -> b.bucket(bucket).key(objectKey));
      return true;
    } catch (SdkException e) {
      throw new StorageException(key, "cannot delete: " + S3Errors.describe(e), e);
    }
  }

  /** Closes the S3 client if this store's builder created it; later calls throw {@link IllegalStateException}. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "S3BlobStore{s3://" + bucket + "/" + keys.prefix() + "}";
  }

  // ---------------------------------------------------------------- helpers

  private BlobInfo info(S3Object object) {
    BlobKey key = keys.blobKey(object.key());
    if (key == null) {
      throw new IllegalStateException("listed outside the prefix: " + object.key());
    }
    return info(key, object.size(), object.lastModified(), object.eTag(), Map.of());
  }

  private static BlobInfo info(BlobKey key, @Nullable Long size, @Nullable Instant lastModified, @Nullable String etag, Map<String, String> metadata) {
    BlobInfo info =
        BlobInfo.of(
            key,
            size == null ? 0 : size,
            (lastModified == null ? Instant.EPOCH : lastModified).truncatedTo(ChronoUnit.SECONDS),
            etag(etag));
    String sha256 = metadata.get(SHA256_METADATA);
    return sha256 != null && SHA256_HEX.matcher(sha256).matches() ? info.withSha256(sha256) : info;
  }

  private static BlobInfo newInfo(BlobKey key, long size, @Nullable String etag, @Nullable String sha256) {
    BlobInfo info = BlobInfo.of(key, size, Instant.now().truncatedTo(ChronoUnit.SECONDS), etag(etag));
    return sha256 == null ? info : info.withSha256(sha256);
  }

  /** Returns S3's ETag without its quotes; servers that send none get a placeholder. */
  private static String etag(@Nullable String etag) {
    if (etag == null) {
      return "none";
    }
    String e = etag.replace("\"", "").trim();
    return e.isEmpty() ? "none" : e;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this S3BlobStore is closed");
    }
  }

  private void checkUsable(BlobKey key) {
    checkOpen();
    if (key.isRoot()) {
      throw new IllegalArgumentException("the root key names no blob");
    }
  }

  /**
   * Builds an {@link S3BlobStore}: either over an {@link S3Client} you pass, or over one it
   * creates from {@code region}, {@code endpoint}, {@code pathStyle} and {@code credentials}.
   * Not thread-safe. Building sends no request.
   */
  public static final class Builder {
    private @Nullable S3Client client;
    private @Nullable String bucket;
    private String prefix = "";
    private @Nullable String region;
    private @Nullable URI endpoint;
    private boolean pathStyle;
    private @Nullable AwsCredentialsProvider credentials;
    private long partSize = DEFAULT_PART_SIZE;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private boolean clientSettingsUsed;

    private Builder() {}

    /**
     * Uses {@code client} for every request (the caller configures and closes it). Excludes
     * {@link #region}, {@link #endpoint}, {@link #pathStyle}, {@link #credentials} and {@link
     * #maxConnections}, which configure a client the builder creates.
     */
    public Builder client(S3Client client) {
      this.client = client;
      return this;
    }

    /** Sets the bucket (required). It must exist: the store never creates it. */
    public Builder bucket(String bucket) {
      if (bucket.isBlank()) {
        throw new IllegalArgumentException("the bucket name is empty");
      }
      this.bucket = bucket;
      return this;
    }

    /**
     * Keeps every key below {@code prefix} (e.g. {@code pypi/}), so one bucket can hold several
     * indexes or other data. Default: none.
     *
     * @throws IllegalArgumentException if the prefix starts with {@code /} or has invalid segments
     */
    public Builder prefix(String prefix) {
      this.prefix = ObjectKeys.of(prefix).prefix();
      return this;
    }

    /**
     * Sets the region, e.g. {@code eu-west-1}. Default: the SDK's default region chain ({@code
     * AWS_REGION}, the profile, instance metadata), or {@code us-east-1} when an {@link #endpoint}
     * is set.
     */
    public Builder region(String region) {
      this.region = region;
      this.clientSettingsUsed = true;
      return this;
    }

    /** Sends requests to {@code endpoint} instead of AWS, e.g. {@code http://minio:9000}. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      this.clientSettingsUsed = true;
      return this;
    }

    /** Addresses the bucket in the path ({@code host/bucket/key}) rather than the host name; most S3-compatible servers need it. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      this.clientSettingsUsed = true;
      return this;
    }

    /** Sets the credentials. Default: the SDK's default chain (environment, profile, web identity, container, instance). */
    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = credentials;
      this.clientSettingsUsed = true;
      return this;
    }

    /** Sets the connection pool size of the HTTP client; default 256. An open blob holds one connection. */
    public Builder maxConnections(int maxConnections) {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
      }
      this.maxConnections = maxConnections;
      this.clientSettingsUsed = true;
      return this;
    }

    /**
     * Sets the part size: bodies up to it are one {@code PutObject}, longer ones a multipart
     * upload of parts of exactly this size (the last shorter). One part is held in memory per put
     * in progress. Default 8 MiB; at least 5 MiB, at most 1 GiB. A put of a known size that would
     * need more than 10,000 parts uses larger parts.
     */
    public Builder partSize(long bytes) {
      if (bytes < MIN_PART_SIZE || bytes > MAX_PART_SIZE) {
        throw new IllegalArgumentException("partSize must be between 5 MiB and 1 GiB: " + bytes);
      }
      this.partSize = bytes;
      return this;
    }

    /**
     * Returns the store. Sends no request and creates nothing.
     *
     * @throws IllegalArgumentException if the bucket is missing, or a client was passed together
     *     with settings for a client to create
     */
    public S3BlobStore build() {
      if (bucket == null) {
        throw new IllegalArgumentException("an S3BlobStore needs a bucket");
      }
      ObjectKeys keys = ObjectKeys.of(prefix);
      if (client != null) {
        if (clientSettingsUsed) {
          throw new IllegalArgumentException(
              "region, endpoint, pathStyle, credentials and maxConnections configure a client the builder creates; configure the S3Client you pass instead");
        }
        return new S3BlobStore(client, false, bucket, keys, partSize);
      }
      S3ClientBuilder b =
          S3Client.builder()
              .httpClientBuilder(ApacheHttpClient.builder().maxConnections(maxConnections))
              .forcePathStyle(pathStyle)
              // mypi computes SHA-256 itself and sends it; no extra CRC that some servers reject
              .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
              .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
      if (region != null) {
        b.region(Region.of(region));
      } else if (endpoint != null) {
        b.region(Region.US_EAST_1);
      }
      if (endpoint != null) {
        b.endpointOverride(endpoint);
      }
      if (credentials != null) {
        b.credentialsProvider(credentials);
      }
      return new S3BlobStore(b.build(), true, bucket, keys, partSize);
    }
  }
}
