package dev.mypi.storage.s3.internal;

import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.InvalidBlobKeyException;
import dev.mypi.core.storage.StorageException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects under one S3 prefix, page by page ({@code ListObjectsV2}, at most 1,000 keys each,
 * followed by continuation token): the first page is fetched when the listing starts, each next
 * one only when the previous is consumed. Objects whose names are not valid {@link BlobKey}s
 * (written by other tools) are skipped.
 */
public final class Listing implements Iterator<BlobInfo> {
  private static final Logger logger = LoggerFactory.getLogger(Listing.class);

  private final S3Client client;
  private final ListObjectsV2Request first;
  private final ObjectKeys keys;
  private final BlobKey prefix;
  private final Function<S3Object, BlobInfo> toInfo;
  private Iterator<S3Object> page;
  private @Nullable String continuation;
  private @Nullable BlobInfo next;

  /**
   * Starts listing the objects whose S3 keys start with {@code objectPrefix}, fetching the first
   * page now.
   *
   * @throws SdkException if the first page cannot be fetched
   */
  public Listing(S3Client client, String bucket, String objectPrefix, ObjectKeys keys, BlobKey prefix, Function<S3Object, BlobInfo> toInfo) {
    this.client = client;
    this.first = ListObjectsV2Request.builder().bucket(bucket).prefix(objectPrefix).build();
    this.keys = keys;
    this.prefix = prefix;
    this.toInfo = toInfo;
    this.page = fetch(null);
  }

  private Iterator<S3Object> fetch(@Nullable String token) {
    ListObjectsV2Response response = client.listObjectsV2(token == null ? first : first.toBuilder().continuationToken(token).build());
    continuation = Boolean.TRUE.equals(response.isTruncated()) ? response.nextContinuationToken() : null;
    return response.contents().iterator();
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      if (!page.hasNext()) {
        if (continuation == null) {
          return false;
        }
        try {
          page = fetch(continuation);
        } catch (SdkException e) {
          throw new UncheckedIOException(new StorageException(prefix, "cannot list: " + S3Errors.describe(e), e));
        }
        continue;
      }
      S3Object object = page.next();
      try {
        BlobKey key = keys.blobKey(object.key());
        if (key != null && key.startsWith(prefix)) {
          next = toInfo.apply(object);
        }
      } catch (InvalidBlobKeyException e) {
        logger.debug("Not listing the object '{}': {}", object.key(), e.getMessage());
      }
    }
    return true;
  }

  @Override
  public BlobInfo next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    BlobInfo result = next;
    next = null;
    return result;
  }
}
