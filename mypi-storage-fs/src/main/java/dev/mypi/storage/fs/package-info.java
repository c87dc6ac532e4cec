/**
 * A {@link dev.mypi.core.storage.BlobStore} on a local file system.
 *
 * <ul>
 *   <li>{@link dev.mypi.storage.fs.FileSystemBlobStore}: one blob per file under a root folder,
 *       written atomically (temp file, fsync, hard link or rename, directory fsync);
 *   <li>{@link dev.mypi.storage.fs.FileSystemBlobStoreProvider}: the {@code fs} type for {@link
 *       dev.mypi.core.storage.BlobStores}, configured by {@code root}.
 * </ul>
 */
@NullMarked
package dev.mypi.storage.fs;

import org.jspecify.annotations.NullMarked;
