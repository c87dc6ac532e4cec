package dev.mypi.http.jetty;

import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.ByteRange;
import dev.mypi.core.storage.InMemoryBlobStore;
import dev.mypi.core.storage.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An in-memory store whose opened blobs also come as a local file with an open channel, as a
 * file-system store's do (mypi-http's tests cannot use mypi-storage-fs: it depends on the testkit).
 */
final class LocalFileStore implements BlobStore {
  private final InMemoryBlobStore memory = InMemoryBlobStore.create();
  private final Path dir;
  private int opened;

  LocalFileStore(Path dir) {
    this.dir = dir;
  }

  @Override
  public BlobInfo put(BlobKey key, InputStream data, PutOptions options) throws IOException {
    return memory.put(key, data, options);
  }

  @Override
  public Optional<Blob> open(BlobKey key) throws IOException {
    Optional<BlobInfo> info = memory.stat(key);
    return info.isEmpty() ? Optional.empty() : open(key, ByteRange.whole(info.get().size()));
  }

  @Override
  public synchronized Optional<Blob> open(BlobKey key, ByteRange range) throws IOException {
    Optional<Blob> whole = memory.open(key);
    if (whole.isEmpty()) {
      return Optional.empty();
    }
    Path file = dir.resolve("blob-" + opened++);
    try (Blob b = whole.get(); InputStream in = b.openStream()) {
      Files.copy(in, file);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      return Optional.of(new FileBacked(b.info(), range, file, channel));
    }
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) throws IOException {
    return memory.stat(key);
  }

  @Override
  public Stream<BlobInfo> list(BlobKey prefix) throws IOException {
    return memory.list(prefix);
  }

  @Override
  public boolean delete(BlobKey key) throws IOException {
    return memory.delete(key);
  }

  @Override
  public void close() throws IOException {
    memory.close();
  }

  private record FileBacked(BlobInfo info, ByteRange range, Path file, FileChannel channel) implements Blob {
    @Override
    public InputStream openStream() throws IOException {
      channel.position(range.offset());
      return com.google.common.io.ByteStreams.limit(Channels.newInputStream(channel), range.length());
    }

    @Override
    public Optional<Path> localFile() {
      return Optional.of(file);
    }

    @Override
    public Optional<FileChannel> fileChannel() {
      return Optional.of(channel);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
