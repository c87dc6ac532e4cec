package dev.mypi.storage.fs.internal;

import com.google.common.io.ByteStreams;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.ByteRange;
import dev.mypi.core.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/** A {@link Blob} over a file opened by the store; the open channel pins the content. */
public final class FileBlob implements Blob {
  private final BlobInfo info;
  private final ByteRange range;
  private final Path file;
  private final FileChannel channel;
  private boolean streamOpened;

  /** Wraps {@code channel}, open on {@code file}, whose content {@code info} describes. */
  public FileBlob(BlobInfo info, ByteRange range, Path file, FileChannel channel) {
    this.info = info;
    this.range = range;
    this.file = file;
    this.channel = channel;
  }

  @Override
  public BlobInfo info() {
    return info;
  }

  @Override
  public ByteRange range() {
    return range;
  }

  @Override
  public InputStream openStream() throws IOException {
    if (streamOpened || !channel.isOpen()) {
      throw new IllegalStateException("openStream() may be called once, before close()");
    }
    streamOpened = true;
    try {
      channel.position(range.offset());
    } catch (IOException e) {
      throw new StorageException(info.key(), "cannot read: " + e.getMessage(), e);
    }
    return ByteStreams.limit(Channels.newInputStream(channel), range.length());
  }

  @Override
  public Optional<Path> localFile() {
    return Optional.of(file);
  }

  @Override
  public Optional<FileChannel> fileChannel() {
    return channel.isOpen() ? Optional.of(channel) : Optional.empty();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
