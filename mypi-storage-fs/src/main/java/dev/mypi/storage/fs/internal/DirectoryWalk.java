package dev.mypi.storage.fs.internal;

import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.InvalidBlobKeyException;
import dev.mypi.core.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lazy depth-first walk of a directory tree that yields its files as {@link BlobInfo}s in key
 * order (UTF-8 bytes of the full key).
 *
 * <p>Only one directory is read at a time (and closed at once), so a walk holds no open handles and
 * its memory is bounded by the largest directory times the depth; a directory's entries are held
 * as names only (a flat folder of 100,000 files is a few MB), and a file's attributes are read
 * again when it is yielded. Sorting each directory's entries
 * by {@code name} for files and {@code name + "/"} for directories yields the global key order,
 * because a directory's descendants all share the prefix {@code name/}.
 *
 * <p>Skipped: names starting with {@code .} (hidden, including the store's {@code .mypi-tmp}),
 * names that are not valid key segments (logged at DEBUG), symbolic links to directories (no
 * cycles), and anything that is neither a regular file nor a directory. Symbolic links to regular
 * files are listed as files.
 */
public final class DirectoryWalk implements Iterator<BlobInfo> {
  private static final Logger logger = LoggerFactory.getLogger(DirectoryWalk.class);

  private final Deque<Level> stack = new ArrayDeque<>();
  private @Nullable BlobInfo next;

  private DirectoryWalk(Path dir, BlobKey key) {
    stack.push(new Level(dir, key, read(dir, key).iterator()));
  }

  /** Returns the files below {@code dir}, whose key is {@code key} (the root for the store root), lazily. */
  public static Stream<BlobInfo> stream(Path dir, BlobKey key) {
    Iterator<BlobInfo> walk = new DirectoryWalk(dir, key);
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(walk, Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL),
        false);
  }

  @Override
  public boolean hasNext() {
    while (next == null && !stack.isEmpty()) {
      Level top = stack.peek();
      if (!top.entries.hasNext()) {
        stack.pop();
        continue;
      }
      Entry entry = top.entries.next();
      String name = entry.name();
      Path path = top.dir.resolve(name);
      BlobKey key = top.key.resolve(name);
      if (entry.directory) {
        stack.push(new Level(path, key, read(path, key).iterator()));
      } else {
        BasicFileAttributes attributes = fileAttributes(path, key);
        if (attributes != null) {
          next = FileInfos.info(key, attributes);
        }
      }
    }
    return next != null;
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

  private static List<Entry> read(Path dir, BlobKey dirKey) {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        Entry entry = entry(child, dirKey);
        if (entry != null) {
          entries.add(entry);
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of(); // removed or replaced while we walked
    } catch (IOException e) {
      throw new UncheckedIOException(
          new StorageException(dirKey, "cannot list folder " + dir + ": " + e.getMessage(), e));
    }
    entries.sort((a, b) -> BlobKey.compareCodePoints(a.sortName(), b.sortName()));
    return entries;
  }

  private static @Nullable Entry entry(Path child, BlobKey dirKey) throws IOException {
    String name = child.getFileName().toString();
    if (name.startsWith(".")) {
      return null;
    }
    try {
      dirKey.resolve(name);
    } catch (InvalidBlobKeyException e) {
      logger.debug("not listing {}: {}", child, e.getMessage());
      return null;
    }
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null; // deleted meanwhile
    }
    if (attributes.isDirectory()) {
      return new Entry(name + "/", true);
    }
    if (attributes.isRegularFile() || attributes.isSymbolicLink()) {
      return new Entry(name, false); // a link is checked when it is yielded
    }
    logger.debug("not listing {}: not a regular file", child);
    return null;
  }

  /** The attributes of a file to yield (a link's target's), or null when it is no longer a file. */
  private static @Nullable BasicFileAttributes fileAttributes(Path path, BlobKey key) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (attributes.isSymbolicLink()) {
        attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
          logger.debug("not listing {}: a symbolic link to something other than a file", path);
          return null;
        }
      }
      return attributes.isRegularFile() ? attributes : null;
    } catch (NoSuchFileException e) {
      return null; // deleted meanwhile, or a dangling link
    } catch (IOException e) {
      throw new UncheckedIOException(new StorageException(key, "cannot read " + path + ": " + e.getMessage(), e));
    }
  }

  /** One directory being walked: its path, its key and the entries not yet visited. */
  private record Level(Path dir, BlobKey key, Iterator<Entry> entries) {}

  /** A directory entry: its name ({@code name/} for a directory, as it sorts), and whether it is a directory. */
  private record Entry(String sortName, boolean directory) {
    String name() {
      return directory ? sortName.substring(0, sortName.length() - 1) : sortName;
    }
  }
}
