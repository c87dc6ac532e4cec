package dev.mypi.core.storage;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * A {@link BlobStore} that keeps blobs in memory, for tests and throw-away indexes. It follows the
 * whole contract, create-only races included, and is thread-safe.
 *
 * <pre>{@code
 * BlobStore store = InMemoryBlobStore.create();
 * }</pre>
 *
 * <p>Content is held in 64 KiB chunks, so large blobs need no large contiguous arrays. The etag is
 * {@code sha256:<hex>} of the content. {@link #close()} drops every blob.
 */
public final class InMemoryBlobStore implements BlobStore {
  private static final int CHUNK_SIZE = 64 * 1024;

  private final Clock clock;
  private final ConcurrentSkipListMap<BlobKey, Entry> blobs = new ConcurrentSkipListMap<>();
  private volatile boolean closed;

  private InMemoryBlobStore(Clock clock) {
    this.clock = clock;
  }

  /** Returns a new, empty store that stamps blobs with the system clock. */
  public static InMemoryBlobStore create() {
    return new InMemoryBlobStore(Clock.systemUTC());
  }

  /** Returns a new, empty store that stamps blobs with {@code clock}. */
  public static InMemoryBlobStore create(Clock clock) {
    return new InMemoryBlobStore(clock);
  }

  @Override
  public BlobInfo put(BlobKey key, InputStream data, PutOptions options) throws IOException {
    checkUsable(key);
    Entry entry = read(key, data, options);
    if (options.overwrite()) {
      blobs.put(key, entry);
    } else if (blobs.putIfAbsent(key, entry) != null) {
      throw new BlobAlreadyExistsException(key);
    }
    return entry.info;
  }

  @Override
  public Optional<Blob> open(BlobKey key) throws IOException {
    checkUsable(key);
    Entry entry = blobs.get(key);
    return entry == null ? Optional.empty() : Optional.of(new MemoryBlob(entry, ByteRange.whole(entry.info.size())));
  }

  @Override
  public Optional<Blob> open(BlobKey key, ByteRange range) throws IOException {
    checkUsable(key);
    Entry entry = blobs.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!range.fitsIn(entry.info.size())) {
      throw new RangeNotSatisfiableException(key, range, entry.info.size());
    }
    return Optional.of(new MemoryBlob(entry, range));
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) throws IOException {
    checkUsable(key);
    Entry entry = blobs.get(key);
    return entry == null ? Optional.empty() : Optional.of(entry.info);
  }

  @Override
  public Stream<BlobInfo> list(BlobKey prefix) throws IOException {
    checkOpen();
    if (prefix.isRoot()) {
      return blobs.values().stream().map(e -> e.info);
    }
    String text = prefix.toString();
    return blobs.tailMap(prefix, true).entrySet().stream()
        .takeWhile(e -> e.getKey().toString().startsWith(text))
        .filter(e -> e.getKey().startsWith(prefix))
        .map(e -> e.getValue().info);
  }

  @Override
  public boolean delete(BlobKey key) throws IOException {
    checkUsable(key);
    return blobs.remove(key) != null;
  }

  /** Drops every blob; later calls throw {@link IllegalStateException}. Idempotent. */
  @Override
  public void close() {
    closed = true;
    blobs.clear();
  }

  @Override
  public String toString() {
    return "InMemoryBlobStore{" + blobs.size() + " blobs}";
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this InMemoryBlobStore is closed");
    }
  }

  private void checkUsable(BlobKey key) {
    checkOpen();
    if (key.isRoot()) {
      throw new IllegalArgumentException("the root key names no blob");
    }
  }

  private Entry read(BlobKey key, InputStream data, PutOptions options) throws IOException {
    OptionalLong expectedSize = options.size();
    Hasher sha256 = Hashing.sha256().newHasher();
    List<byte[]> chunks = new ArrayList<>();
    long size = 0;
    try {
      while (true) {
        byte[] chunk = data.readNBytes(CHUNK_SIZE);
        if (chunk.length == 0) {
          break;
        }
        size += chunk.length;
        if (expectedSize.isPresent() && size > expectedSize.getAsLong()) {
          throw new ContentMismatchException(
              key, "expected " + expectedSize.getAsLong() + " bytes, got more");
        }
        sha256.putBytes(chunk);
        chunks.add(chunk);
        if (chunk.length < CHUNK_SIZE) {
          // readNBytes only returns short at the end of the stream
          break;
        }
      }
    } catch (StorageException e) {
      throw e;
    } catch (IOException e) {
      throw new StorageException(key, "cannot read the data to store: " + e.getMessage(), e);
    }
    if (expectedSize.isPresent() && size != expectedSize.getAsLong()) {
      throw new ContentMismatchException(key, "expected " + expectedSize.getAsLong() + " bytes, got " + size);
    }
    String hex = sha256.hash().toString();
    if (options.sha256().isPresent() && !options.sha256().get().equals(hex)) {
      throw new ContentMismatchException(
          key, "expected SHA-256 " + options.sha256().get() + ", got " + hex);
    }
    BlobInfo info = BlobInfo.of(key, size, clock.instant(), "sha256:" + hex).withSha256(hex);
    return new Entry(info, chunks.toArray(new byte[0][]));
  }

  private static final class Entry {
    final BlobInfo info;
    final byte[][] chunks; // every chunk but the last is CHUNK_SIZE long; never mutated

    Entry(BlobInfo info, byte[][] chunks) {
      this.info = info;
      this.chunks = chunks;
    }
  }

  private static final class MemoryBlob implements Blob {
    private final Entry entry;
    private final ByteRange range;
    private boolean streamOpened;
    private boolean closed;

    MemoryBlob(Entry entry, ByteRange range) {
      this.entry = entry;
      this.range = range;
    }

    @Override
    public BlobInfo info() {
      return entry.info;
    }

    @Override
    public ByteRange range() {
      return range;
    }

    @Override
    public InputStream openStream() {
      if (closed || streamOpened) {
        throw new IllegalStateException("openStream() may be called once, before close()");
      }
      streamOpened = true;
      return new ChunkStream(entry.chunks, range.offset(), range.end());
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static final class ChunkStream extends InputStream {
    private final byte[][] chunks;
    private long position;
    private final long end;

    ChunkStream(byte[][] chunks, long start, long end) {
      this.chunks = chunks;
      this.position = start;
      this.end = end;
    }

    @Override
    public int read() {
      if (position >= end) {
        return -1;
      }
      int b = chunks[(int) (position / CHUNK_SIZE)][(int) (position % CHUNK_SIZE)] & 0xff;
      position++;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (position >= end) {
        return -1;
      }
      byte[] chunk = chunks[(int) (position / CHUNK_SIZE)];
      int inChunk = (int) (position % CHUNK_SIZE);
      int n = (int) Math.min(Math.min(len, chunk.length - inChunk), end - position);
      System.arraycopy(chunk, inChunk, b, off, n);
      position += n;
      return n;
    }

    @Override
    public long skip(long n) {
      long skipped = Math.max(0, Math.min(n, end - position));
      position += skipped;
      return skipped;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, end - position);
    }
  }
}
