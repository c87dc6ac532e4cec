package dev.mypi.core.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An opened blob, or an opened range of one: its {@link BlobInfo}, the {@link ByteRange} it serves
 * and its content, which matches {@code info()} even if the key is overwritten after {@link
 * BlobStore#open} returned.
 *
 * <pre>{@code
 * try (Blob blob = store.open(key).orElseThrow();
 *     InputStream in = blob.openStream()) {
 *   in.transferTo(out);
 * }
 * }</pre>
 *
 * <p>A {@code Blob} may hold a file handle or a network response: close it (closing the stream
 * from {@link #openStream()} is not enough if the stream was never opened). Not thread-safe.
 */
public interface Blob extends Closeable {
  /** Returns the info of the whole blob (its size is the whole size, not the range length). */
  BlobInfo info();

  /** Returns the bytes this blob serves: {@code ByteRange.whole(info().size())} unless a range was opened. */
  ByteRange range();

  /** Returns whether {@link #range()} covers the whole blob. */
  default boolean isWhole() {
    return range().offset() == 0 && range().length() == info().size();
  }

  /**
   * Returns the content of {@link #range()}: exactly {@code range().length()} bytes. Call it at most
   * once; closing the returned stream releases the blob's resources.
   *
   * @throws IllegalStateException if called a second time or after {@link #close()}
   * @throws IOException if the content cannot be read; the message names the key
   */
  InputStream openStream() throws IOException;

  /**
   * Returns the local file that holds the whole blob, if the store keeps it on a local disk, so a
   * server can send it with zero-copy file I/O (serving {@link #range()} of it). Empty by default.
   * The file may be replaced by a later overwrite of the key; {@link #openStream()} never is.
   */
  default Optional<Path> localFile() {
    return Optional.empty();
  }

  /**
   * Returns the blob's own open channel on the local file that holds the whole blob, if the store
   * keeps it on a local disk, so that a server can send {@link #range()} of it without copying it
   * through the Java heap (a memory map, or {@link FileChannel#transferTo}). Unlike {@link
   * #localFile()}, the channel pins the content that {@link #info()} describes even if the key is
   * overwritten. Empty by default.
   *
   * <p>The channel belongs to the blob: do not close it (close the blob), and read it with
   * positional reads or maps only, never through its position, which {@link #openStream()} uses.
   * Use either this channel or {@link #openStream()} for one blob, not both.
   */
  default Optional<FileChannel> fileChannel() {
    return Optional.empty();
  }

  /** Releases the blob's resources; idempotent. */
  @Override
  void close() throws IOException;
}
