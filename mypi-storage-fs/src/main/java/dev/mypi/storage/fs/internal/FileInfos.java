package dev.mypi.storage.fs.internal;

import com.google.common.hash.Hashing;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Builds {@link BlobInfo}s from file attributes. */
public final class FileInfos {
  private FileInfos() {}

  /**
   * Returns the info of the file with {@code attributes} at {@code key}. The etag is {@code fs-}
   * and 24 hex digits hashed from size, modification time (ns) and file identity (device and inode
   * on POSIX), so a replaced file gets a new etag even within one clock tick.
   */
  public static BlobInfo info(BlobKey key, BasicFileAttributes attributes) {
    long mtimeNanos = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    String identity =
        attributes.size() + "|" + mtimeNanos + "|" + Objects.toString(attributes.fileKey(), "");
    String etag = "fs-" + Hashing.sha256().hashString(identity, StandardCharsets.UTF_8).toString().substring(0, 24);
    return BlobInfo.of(key, attributes.size(), attributes.lastModifiedTime().toInstant(), etag);
  }

  /** Returns whether two attribute snapshots describe the same, unchanged file. */
  public static boolean sameFile(BasicFileAttributes a, BasicFileAttributes b) {
    return Objects.equals(a.fileKey(), b.fileKey())
        && a.size() == b.size()
        && a.lastModifiedTime().equals(b.lastModifiedTime());
  }
}
