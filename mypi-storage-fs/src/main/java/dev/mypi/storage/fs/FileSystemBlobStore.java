package dev.mypi.storage.fs;

import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobAlreadyExistsException;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.ByteRange;
import dev.mypi.core.storage.ContentMismatchException;
import dev.mypi.core.storage.PutOptions;
import dev.mypi.core.storage.RangeNotSatisfiableException;
import dev.mypi.core.storage.StorageException;
import dev.mypi.storage.fs.internal.AtomicWrites;
import dev.mypi.storage.fs.internal.DirectoryWalk;
import dev.mypi.storage.fs.internal.FileBlob;
import dev.mypi.storage.fs.internal.FileInfos;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BlobStore} that keeps each blob as a file under a root folder.
 *
 * <pre>{@code
 * BlobStore store = FileSystemBlobStore.create(Path.of("/srv/packages"));
 * store.put(BlobKey.of("foo/foo-1.0.tar.gz"), in, PutOptions.defaults());
 * }</pre>
 *
 * <h2>On-disk layout</h2>
 *
 * <pre>
 * &lt;root&gt;/a/b/c                   the blob with key a/b/c (one file; folders for the segments)
 * &lt;root&gt;/foo-1.0.tar.gz          the blob with key foo-1.0.tar.gz
 * &lt;root&gt;/.mypi-tmp/&lt;uuid&gt;.tmp     a write in progress, or left behind by a crash
 * &lt;root&gt;/.mypi-tmp/spool/…        files callers write to put them without a copy ({@link #spoolDirectory()})
 * &lt;root&gt;/.anything               hidden: never listed, never addressable by a key
 * </pre>
 *
 * The layout is plain files, so the store can be pointed at an existing folder of distributions
 * (pypiserver style, flat or with sub-folders) and lists and serves them as keys. Files whose names
 * are not valid {@link BlobKey} segments are skipped by listings (logged at DEBUG). Symbolic links
 * to files are followed; symbolic links to folders are not listed. Folders are created as needed
 * and never removed, even when empty (an empty folder lists nothing).
 *
 * <h2>Atomicity and durability</h2>
 *
 * A put streams into a temp file in {@code <root>/.mypi-tmp/} (the same file system, so publishing
 * is a metadata operation), fsyncs it, then publishes it under the key: create-only with a hard
 * link ({@code link(2)} fails atomically if the key exists, so of racing writers, also in other
 * processes, exactly one wins), overwriting with an atomic rename; finally the folder is fsynced.
 * No partial file is ever visible at a key, also after {@code kill -9} or a power loss. A put of a
 * local file ({@link #put(BlobKey, Path, PutOptions)}) on the same file system skips the copy: the
 * file is hard-linked as the temp file, fsynced and published the same way. Temp files a
 * crash leaves behind are invisible and deleted by {@link #cleanUp()}, which every store instance
 * also runs on its first put and then at most once an hour.
 *
 * <p>The root and its folders must be on one local POSIX file system that supports hard links
 * (ext4, XFS, btrfs, ZFS, APFS, tmpfs; not FAT). A key cannot be both a blob and a folder of other
 * blobs: such puts fail with a {@link StorageException}.
 *
 * <h2>Metadata</h2>
 *
 * Etags are {@code fs-} plus a hash of size, modification time and inode, so any replacement
 * changes them. {@link BlobInfo#sha256()} is reported by {@code put} but not stored (there are no
 * side files), so {@code stat} and {@code list} leave it empty. {@link PutOptions#contentType()} is
 * ignored. {@link Blob#localFile()} is the blob's file and {@link Blob#fileChannel()} its open channel,
 * for zero-copy serving.
 *
 * <p>Thread-safe; any number of stores and processes may share one root.
 */
public final class FileSystemBlobStore implements BlobStore {
  /** The hidden folder, directly under the root, that holds writes in progress. */
  public static final String TEMP_FOLDER = ".mypi-tmp";

  /** The folder inside {@link #TEMP_FOLDER} returned by {@link #spoolDirectory()}. */
  public static final String SPOOL_FOLDER = "spool";

  /** Temp files older than this are considered abandoned by {@link #cleanUp()}. */
  public static final Duration STALE_TEMP_AGE = Duration.ofHours(1);

  private static final Logger logger = LoggerFactory.getLogger(FileSystemBlobStore.class);
  private static final int OPEN_ATTEMPTS = 5;

  private final Path root;
  private final Path tempFolder;
  private final AtomicLong nextCleanUpMillis = new AtomicLong();
  private volatile boolean filePermissionsProbed;
  private volatile @Nullable Set<PosixFilePermission> filePermissions;
  private volatile boolean closed;

  private FileSystemBlobStore(Path root) {
    this.root = root;
    this.tempFolder = root.resolve(TEMP_FOLDER);
  }

  /**
   * Returns a store rooted at {@code root}. Nothing is touched on disk until the first operation;
   * the folder is created by the first put if it does not exist.
   */
  public static FileSystemBlobStore create(Path root) {
    return new FileSystemBlobStore(root.toAbsolutePath().normalize());
  }

  /** Returns the root folder (absolute). */
  public Path root() {
    return root;
  }

  @Override
  public BlobInfo put(BlobKey key, InputStream data, PutOptions options) throws IOException {
    Path target = pathOf(key);
    maybeCleanUp();
    AtomicWrites.TempFile temp;
    try {
      Files.createDirectories(tempFolder);
      temp = AtomicWrites.writeTemp(tempFolder, data, options.size().orElse(-1));
    } catch (AtomicWrites.TooLongException e) {
      throw new ContentMismatchException(key, "expected " + options.size().getAsLong() + " bytes, got more");
    } catch (IOException e) {
      throw new StorageException(key, "cannot store: " + e.getMessage(), e);
    }
    return publish(key, target, temp, options);
  }

  /**
   * Stores the local file {@code file} at {@code key}. When the file lies on the store's file
   * system (for example in {@link #spoolDirectory()}) it is hard-linked into place: the content is
   * not copied, only fsynced, and hashed only if {@code options} do not carry a {@linkplain
   * PutOptions#verifySha256() trusted} SHA-256. The blob then shares the file's content and gets
   * the permissions a copied blob would have; the caller deletes its own name for the file as
   * usual and must not write to it again. Elsewhere the file is copied as {@link
   * BlobStore#put(BlobKey, Path, PutOptions)} does.
   */
  @Override
  public BlobInfo put(BlobKey key, Path file, PutOptions options) throws IOException {
    Path target = pathOf(key);
    maybeCleanUp();
    Optional<AtomicWrites.TempFile> linked;
    try {
      Files.createDirectories(tempFolder);
      String trusted = options.verifySha256() ? null : options.sha256().orElse(null);
      linked = AtomicWrites.linkTemp(tempFolder, file, newFilePermissions(), trusted);
    } catch (IOException e) {
      throw new StorageException(key, "cannot store: " + e.getMessage(), e);
    }
    if (linked.isEmpty()) {
      return BlobStore.super.put(key, file, options);
    }
    return publish(key, target, linked.get(), options);
  }

  /**
   * Returns a folder on the store's file system, hidden inside its temp folder, where callers can
   * write files they will {@linkplain #put(BlobKey, Path, PutOptions) put} so that the put links
   * them instead of copying them. The index spools uploads here when the server runs on this
   * store. Not created by this call. Files left in it are deleted by {@link #cleanUp()} once they
   * are older than {@link #STALE_TEMP_AGE}.
   */
  public Path spoolDirectory() {
    return tempFolder.resolve(SPOOL_FOLDER);
  }

  /** Publishes the written temp file at {@code key}; always deletes the temp file's name. */
  private BlobInfo publish(BlobKey key, Path target, AtomicWrites.TempFile temp, PutOptions options) throws IOException {
    try {
      checkExpectations(key, temp, options);
      try {
        AtomicWrites.createDirectories(root, target.getParent());
      } catch (FileAlreadyExistsException e) {
        throw new StorageException(
            key, "cannot store: '" + e.getFile() + "' is a blob, not a folder", e);
      }
      if (options.overwrite()) {
        if (AtomicWrites.isRealDirectory(target)) {
          throw folderInTheWay(key);
        }
        AtomicWrites.publishReplacing(temp.path(), target);
      } else {
        try {
          AtomicWrites.publishCreateOnly(temp.path(), target);
        } catch (FileAlreadyExistsException e) {
          if (AtomicWrites.isRealDirectory(target)) {
            throw folderInTheWay(key);
          }
          throw new BlobAlreadyExistsException(key);
        }
      }
    } catch (StorageException e) {
      throw e;
    } catch (IOException e) {
      throw new StorageException(key, "cannot store: " + e.getMessage(), e);
    } finally {
      AtomicWrites.deleteQuietly(temp.path()); // the second link after a create-only publish
    }
    // link(2) and rename(2) keep the inode and times, so the temp file's attributes are the blob's.
    return FileInfos.info(key, temp.attributes()).withSha256(temp.sha256());
  }

  /** The permissions of files this store writes, probed once (null: not a POSIX file system). */
  private @Nullable Set<PosixFilePermission> newFilePermissions() throws IOException {
    if (!filePermissionsProbed) {
      filePermissions = AtomicWrites.newFilePermissions(tempFolder);
      filePermissionsProbed = true;
    }
    return filePermissions;
  }

  @Override
  public Optional<Blob> open(BlobKey key) throws IOException {
    return openRange(key, null);
  }

  @Override
  public Optional<Blob> open(BlobKey key, ByteRange range) throws IOException {
    return openRange(key, range);
  }

  private Optional<Blob> openRange(BlobKey key, @Nullable ByteRange requested) throws IOException {
    Path file = pathOf(key);
    try {
      for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
        Optional<BasicFileAttributes> before = fileAttributes(file);
        if (before.isEmpty()) {
          return Optional.empty();
        }
        FileChannel channel;
        try {
          channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
          return Optional.empty();
        }
        Optional<BasicFileAttributes> after = fileAttributes(file);
        if (after.isEmpty() || !FileInfos.sameFile(before.get(), after.get())) {
          channel.close(); // replaced between stat and open: try again
          continue;
        }
        BlobInfo info = FileInfos.info(key, after.get());
        ByteRange range = requested == null ? ByteRange.whole(info.size()) : requested;
        if (!range.fitsIn(info.size())) {
          channel.close();
          throw new RangeNotSatisfiableException(key, range, info.size());
        }
        return Optional.of(new FileBlob(info, range, file, channel));
      }
    } catch (IOException e) {
      throw new StorageException(key, "cannot open: " + e.getMessage(), e);
    }
    throw new StorageException(key, "cannot open: the file kept changing while it was opened");
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) throws IOException {
    Path file = pathOf(key);
    try {
      return fileAttributes(file).map(attributes -> FileInfos.info(key, attributes));
    } catch (IOException e) {
      throw new StorageException(key, "cannot stat: " + e.getMessage(), e);
    }
  }

  @Override
  public Stream<BlobInfo> list(BlobKey prefix) throws IOException {
    checkOpen();
    Path start = prefix.isRoot() ? root : resolve(prefix);
    try {
      if (!prefix.isRoot()) {
        Optional<BasicFileAttributes> file = fileAttributes(start);
        if (file.isPresent()) {
          return Stream.of(FileInfos.info(prefix, file.get()));
        }
      }
      if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
        return Stream.empty();
      }
      return DirectoryWalk.stream(start, prefix);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (StorageException e) {
      throw e;
    } catch (IOException e) {
      throw new StorageException(prefix, "cannot list: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean delete(BlobKey key) throws IOException {
    Path file = pathOf(key);
    try {
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return false;
      } catch (FileSystemException e) {
        if (blockedByFile(file)) {
          return false;
        }
        throw e;
      }
      if (attributes.isDirectory()) {
        return false;
      }
      boolean deleted = Files.deleteIfExists(file);
      if (deleted) {
        AtomicWrites.fsyncDirectory(file.getParent());
      }
      return deleted;
    } catch (IOException e) {
      throw new StorageException(key, "cannot delete: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes temp files older than {@link #STALE_TEMP_AGE}, left behind by crashed or killed writers,
   * and files as old in the {@linkplain #spoolDirectory() spool folder}.
   *
   * @return how many were deleted
   */
  public int cleanUp() throws IOException {
    return cleanUp(STALE_TEMP_AGE);
  }

  /**
   * Deletes temp files last modified more than {@code minAge} ago. A {@code minAge} shorter than
   * the longest upload can delete the temp file of a put in progress, which then fails cleanly.
   *
   * @return how many were deleted
   */
  public int cleanUp(Duration minAge) throws IOException {
    checkOpen();
    long cutoff = System.currentTimeMillis() - minAge.toMillis();
    int deleted = deleteOlder(tempFolder, "*.tmp", cutoff) + deleteOlder(spoolDirectory(), "*", cutoff);
    if (deleted > 0) {
      logger.info("deleted {} abandoned temp file(s) in {}", deleted, tempFolder);
    }
    return deleted;
  }

  private static int deleteOlder(Path folder, String glob, long cutoffMillis) throws IOException {
    int deleted = 0;
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, glob)) {
      for (Path temp : temps) {
        try {
          if (Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS)
              && Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).toMillis() <= cutoffMillis
              && Files.deleteIfExists(temp)) {
            deleted++;
          }
        } catch (NoSuchFileException e) {
          // published or deleted meanwhile
        }
      }
    } catch (NoSuchFileException e) {
      return 0;
    }
    return deleted;
  }

  /** Marks the store closed; later calls throw {@link IllegalStateException}. Holds no resources. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "FileSystemBlobStore{" + root + "}";
  }

  private void maybeCleanUp() {
    long now = System.currentTimeMillis();
    long due = nextCleanUpMillis.get();
    if (now >= due && nextCleanUpMillis.compareAndSet(due, now + STALE_TEMP_AGE.toMillis())) {
      try {
        cleanUp();
      } catch (IOException e) {
        logger.warn("cannot clean up temp files in {}: {}", tempFolder, e.toString());
      }
    }
  }

  private static void checkExpectations(BlobKey key, AtomicWrites.TempFile temp, PutOptions options)
      throws ContentMismatchException {
    if (options.size().isPresent() && options.size().getAsLong() != temp.size()) {
      throw new ContentMismatchException(
          key, "expected " + options.size().getAsLong() + " bytes, got " + temp.size());
    }
    if (options.sha256().isPresent() && !options.sha256().get().equals(temp.sha256())) {
      throw new ContentMismatchException(
          key, "expected SHA-256 " + options.sha256().get() + ", got " + temp.sha256());
    }
  }

  private static StorageException folderInTheWay(BlobKey key) {
    return new StorageException(key, "cannot store: a folder of other blobs exists at this key");
  }

  /** Returns the regular file's attributes (following links), or empty if there is no such file. */
  private Optional<BasicFileAttributes> fileAttributes(Path file) throws IOException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return attributes.isRegularFile() ? Optional.of(attributes) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (FileSystemException e) {
      if (blockedByFile(file)) {
        return Optional.empty(); // ENOTDIR: a blob where the key needs a folder
      }
      throw e;
    }
  }

  /** Returns whether a regular file sits where one of {@code path}'s parent folders should be. */
  private boolean blockedByFile(Path path) {
    for (Path p = path.getParent(); p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
      if (Files.isRegularFile(p)) {
        return true;
      }
    }
    return false;
  }

  private Path pathOf(BlobKey key) throws StorageException {
    checkOpen();
    if (key.isRoot()) {
      throw new IllegalArgumentException("the root key names no blob");
    }
    return resolve(key);
  }

  private Path resolve(BlobKey key) throws StorageException {
    Path path = root;
    try {
      for (String segment : key.segments()) {
        path = path.resolve(segment);
      }
    } catch (InvalidPathException e) {
      throw new StorageException(
          key,
          "this file system cannot name the key (file names are encoded as "
              + System.getProperty("sun.jnu.encoding")
              + "; run the JVM with a UTF-8 locale)",
          e);
    }
    return path;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this FileSystemBlobStore is closed");
    }
  }
}
