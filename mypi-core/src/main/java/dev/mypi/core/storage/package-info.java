/**
 * The storage SPI: a small, flat blob store that every mypi backend (memory, file system, S3)
 * implements, and the contract they all keep.
 *
 * <ul>
 *   <li>{@link dev.mypi.core.storage.BlobStore}: six operations ({@code put}, {@code open} whole or
 *       a range, {@code stat}, {@code list}, {@code delete}) plus {@code close}, and a {@code put}
 *       of a local file whose default streams it through {@code put} (a store that keeps files may
 *       link it instead);
 *   <li>{@link dev.mypi.core.storage.BlobKey}: validated keys, safe by construction;
 *   <li>{@link dev.mypi.core.storage.BlobInfo}, {@link dev.mypi.core.storage.Blob}, {@link
 *       dev.mypi.core.storage.ByteRange}, {@link dev.mypi.core.storage.PutOptions}: the values
 *       they exchange;
 *   <li>{@link dev.mypi.core.storage.StorageException} (an {@code IOException} naming the key) and
 *       its subclasses {@link dev.mypi.core.storage.BlobAlreadyExistsException} and {@link
 *       dev.mypi.core.storage.ContentMismatchException}; the unchecked {@link
 *       dev.mypi.core.storage.InvalidBlobKeyException} and {@link
 *       dev.mypi.core.storage.RangeNotSatisfiableException} for bad client input;
 *   <li>{@link dev.mypi.core.storage.BlobStoreProvider} and {@link
 *       dev.mypi.core.storage.BlobStores}: discovery by type through {@code ServiceLoader};
 *   <li>{@link dev.mypi.core.storage.InMemoryBlobStore}: the reference implementation.
 * </ul>
 *
 * <h2>The contract</h2>
 *
 * <p><b>Atomicity.</b> A {@code put} is all or nothing. Until it returns successfully no reader,
 * {@code stat} or {@code list} sees any of the new content; if it fails (the input stream throws,
 * the process dies, the disk fills, the digest mismatches) nothing new is ever visible at the key,
 * the previous blob (if any) is unchanged, and the key can be put again. Readers of an overwritten
 * key see either the old or the new content, never a mix, and an opened {@link
 * dev.mypi.core.storage.Blob} keeps serving the content described by its {@code info()}.
 *
 * <p><b>Create-only puts are the one concurrency primitive.</b> Without {@code
 * PutOptions.overwrite(true)}, {@code put} fails with {@code BlobAlreadyExistsException} if the key
 * exists, and when several callers (threads or processes sharing the store) race to create the same
 * key, <em>exactly one</em> succeeds. This is what S3's {@code If-None-Match: *} offers, and it is
 * all the index relies on: it keeps its state as an append-only journal of small documents, each
 * claimed with a create-only put of the next sequence number (e.g. {@code
 * _mypi/journal/00000000000000000042.json}). There are no locks, transactions or compare-and-swap
 * beyond that. Small puts are meant to be cheap.
 *
 * <p><b>Listing.</b> {@code list(prefix)} returns the blobs whose keys start with the prefix
 * segment-wise ({@code a/b} matches {@code a/b} and {@code a/b/c}, not {@code a/bc}); the {@linkplain
 * dev.mypi.core.storage.BlobKey#root() root} matches everything. Results are sorted by the UTF-8
 * bytes of the key (S3's order), produced lazily, and paginated internally by backends that page;
 * callers close the stream. A listing is not a snapshot: blobs changed while it runs may or may not
 * appear, but a blob never appears half-written.
 *
 * <p><b>Ranges.</b> {@code open(key, ByteRange.of(offset, length))} serves exactly {@code length}
 * bytes from {@code offset}. It requires {@code offset + length <= size}, else throws {@code
 * RangeNotSatisfiableException}; a zero-length range up to the end is allowed and reads nothing.
 * HTTP range forms (open-ended, suffix, clipping) are resolved by the HTTP layer against {@code
 * stat}'s size.
 *
 * <p><b>Absence is normal.</b> {@code open} and {@code stat} of a missing key return empty, and
 * {@code delete} returns false; only real failures throw, as {@code IOException}s whose message
 * starts with the key.
 *
 * <p><b>Hierarchy.</b> Keys look like paths, but the contract does not promise that a key can be
 * both a blob and a prefix of other blobs ({@code a/b} and {@code a/b/c}): the file-system store
 * refuses the second with a {@code StorageException}, object stores allow it. Don't rely on either.
 *
 * <p><b>Thread safety.</b> Stores are safe for concurrent use by any number of threads. {@code
 * Blob}s and streams are not shared between threads.
 *
 * <p><b>Keys.</b> See {@link dev.mypi.core.storage.BlobKey} for the exact syntax: relative, no
 * {@code .}/{@code ..}, no segment starting with {@code .}, no control characters, backslashes or
 * colons. Real distribution filenames ({@code foo_bar-1.0+local-py3-none-any.whl}) are valid.
 */
@NullMarked
package dev.mypi.core.storage;

import org.jspecify.annotations.NullMarked;
