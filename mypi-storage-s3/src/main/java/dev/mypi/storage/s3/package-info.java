/**
 * A {@link dev.mypi.core.storage.BlobStore} on Amazon S3 or any S3-compatible server.
 *
 * <ul>
 *   <li>{@link dev.mypi.storage.s3.S3BlobStore}: create-only puts with {@code If-None-Match: *},
 *       streaming multipart uploads with SHA-256 checksums, ranged reads, paginated listing;
 *   <li>{@link dev.mypi.storage.s3.S3BlobStoreProvider}: the {@code s3} type for {@link
 *       dev.mypi.core.storage.BlobStores}, configured by {@code bucket}, {@code prefix}, {@code
 *       region}, {@code endpoint}, {@code path-style}.
 * </ul>
 */
@NullMarked
package dev.mypi.storage.s3;

import org.jspecify.annotations.NullMarked;
