package dev.mypi.storage.fs.internal;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-safe file writes: stream into a fresh temp file, fsync it, then publish it under its final
 * name in one atomic step and fsync the directory.
 *
 * <ul>
 *   <li>create-only: {@code link(temp, target)} fails atomically with {@code EEXIST} if the target
 *       exists, so of racing writers exactly one wins (POSIX {@code link(2)});
 *   <li>replace: {@code rename(temp, target)} swaps the name atomically (POSIX {@code rename(2)}).
 * </ul>
 *
 * A reader therefore sees no file or a complete, synced file, also after {@code kill -9} or a power
 * loss mid-write; what a crash leaves behind is only a temp file.
 */
public final class AtomicWrites {
  private static final Logger logger = LoggerFactory.getLogger(AtomicWrites.class);
  private static final int BUFFER_SIZE = 64 * 1024;

  private AtomicWrites() {}

  /** A written, synced, closed temp file and what was learnt writing it. */
  public record TempFile(Path path, long size, String sha256, BasicFileAttributes attributes) {}

  /** Thrown by {@link #writeTemp} when the data exceed the promised size. */
  public static final class TooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLongException(long limit) {
      super("more than the expected " + limit + " bytes");
    }
  }

  /**
   * Copies {@code data} into a new file {@code <dir>/<random>.tmp}, hashing it, and fsyncs it. On
   * any failure the temp file is deleted before the exception propagates.
   *
   * @param maxSize stop with {@link TooLongException} after this many bytes; negative for no limit
   */
  public static TempFile writeTemp(Path dir, InputStream data, long maxSize) throws IOException {
    Path temp = dir.resolve(UUID.randomUUID() + ".tmp");
    Hasher sha256 = Hashing.sha256().newHasher();
    long size = 0;
    boolean done = false;
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        byte[] buffer = new byte[BUFFER_SIZE];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        int n;
        while ((n = data.read(buffer)) != -1) {
          size += n;
          if (maxSize >= 0 && size > maxSize) {
            throw new TooLongException(maxSize);
          }
          sha256.putBytes(buffer, 0, n);
          wrapped.clear().limit(n);
          while (wrapped.hasRemaining()) {
            channel.write(wrapped);
          }
        }
        channel.force(true);
      }
      BasicFileAttributes attributes = Files.readAttributes(temp, BasicFileAttributes.class);
      done = true;
      return new TempFile(temp, size, sha256.hash().toString(), attributes);
    } finally {
      if (!done) {
        deleteQuietly(temp);
      }
    }
  }

  /**
   * Makes {@code file} a temp file {@code <dir>/<random>.tmp} without copying it: hard-links it
   * there, gives the new name the permissions a file written by {@link #writeTemp} would have,
   * fsyncs it and, unless {@code trustedSha256} is given, hashes it. Returns empty, having changed
   * nothing, if {@code file} cannot be linked there (another file system, or one without hard
   * links); the caller then copies instead. On any other failure the temp link is deleted before
   * the exception propagates.
   *
   * @param permissions the permissions to give the file, or null to leave them
   * @param trustedSha256 the file's SHA-256 as the caller computed it, or null to compute it
   */
  public static Optional<TempFile> linkTemp(
      Path dir, Path file, @Nullable Set<PosixFilePermission> permissions, @Nullable String trustedSha256)
      throws IOException {
    Path temp = dir.resolve(UUID.randomUUID() + ".tmp");
    try {
      Files.createLink(temp, file);
    } catch (IOException | UnsupportedOperationException e) {
      logger.debug("cannot link {} into {}, copying it: {}", file, dir, e.toString());
      return Optional.empty();
    }
    boolean done = false;
    try {
      if (permissions != null) {
        Files.setPosixFilePermissions(temp, permissions);
      }
      String sha256;
      long size;
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.READ)) {
        if (trustedSha256 != null) {
          sha256 = trustedSha256;
          size = channel.size();
        } else {
          Hasher hasher = Hashing.sha256().newHasher();
          ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE * 4);
          size = 0;
          int n;
          while ((n = channel.read(buffer.clear())) >= 0) {
            hasher.putBytes(buffer.array(), 0, n);
            size += n;
          }
          sha256 = hasher.hash().toString();
        }
        channel.force(true);
      }
      BasicFileAttributes attributes = Files.readAttributes(temp, BasicFileAttributes.class);
      done = true;
      return Optional.of(new TempFile(temp, size, sha256, attributes));
    } finally {
      if (!done) {
        deleteQuietly(temp);
      }
    }
  }

  /**
   * Returns the POSIX permissions that a new file in {@code dir} gets (mode 0666 less the umask),
   * found by creating and deleting a probe file, or null where the file system has none.
   */
  public static @Nullable Set<PosixFilePermission> newFilePermissions(Path dir) throws IOException {
    Path probe = dir.resolve(UUID.randomUUID() + ".tmp");
    try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      return Files.getPosixFilePermissions(probe);
    } catch (UnsupportedOperationException e) {
      return null;
    } finally {
      deleteQuietly(probe);
    }
  }

  /**
   * Publishes {@code temp} as {@code target} if nothing exists there, atomically, and fsyncs the
   * target's directory. {@code temp} stays in place (it is a second link to the same file).
   *
   * @throws FileAlreadyExistsException if {@code target} exists (a file, link or directory)
   */
  public static void publishCreateOnly(Path temp, Path target) throws IOException {
    Files.createLink(target, temp);
    fsyncDirectory(target.getParent());
  }

  /** Publishes {@code temp} as {@code target}, atomically replacing any file there, and fsyncs the directory. */
  public static void publishReplacing(Path temp, Path target) throws IOException {
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    fsyncDirectory(target.getParent());
  }

  /**
   * Creates {@code dir} and its missing ancestors below {@code base} (which must exist), fsyncing
   * each new directory's parent so the new entries survive a crash.
   *
   * @throws FileAlreadyExistsException if a path element below {@code base} is not a directory
   */
  public static void createDirectories(Path base, Path dir) throws IOException {
    Deque<Path> missing = new ArrayDeque<>();
    for (Path p = dir; p != null && !p.equals(base) && !Files.isDirectory(p); p = p.getParent()) {
      missing.push(p);
    }
    while (!missing.isEmpty()) {
      Path p = missing.pop();
      try {
        Files.createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(p)) {
          throw e; // a file is in the way
        }
        continue; // created concurrently
      }
      fsyncDirectory(p.getParent());
    }
  }

  /** Makes a directory's entries durable ({@code fsync} on the directory); best effort where unsupported. */
  public static void fsyncDirectory(Path dir) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(dir, StandardOpenOption.READ);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open directories; NTFS journals metadata anyway.
      logger.debug("cannot open directory {} to fsync it: {}", dir, e.toString());
      return;
    }
    try (channel) {
      channel.force(true);
    }
  }

  /** Deletes {@code file} if it exists, logging instead of throwing. */
  public static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      logger.warn("cannot delete temp file {}; cleanUp() will retry: {}", file, e.toString());
    }
  }

  /** Returns whether {@code path} is a directory, not following a final symbolic link. */
  public static boolean isRealDirectory(Path path) {
    return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
  }
}
