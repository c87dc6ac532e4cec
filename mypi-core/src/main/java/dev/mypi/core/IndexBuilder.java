package dev.mypi.core;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mypi.core.internal.index.StoredProjectIndex;
import dev.mypi.core.internal.storage.TimedBlobStore;
import dev.mypi.core.metadata.MetadataLimits;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.upload.UploadLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Configures and opens a {@link ProjectIndex}; obtained from {@link ProjectIndex#builder}.
 *
 * <p>Defaults: overwrites denied, local versions ({@code 1.0+cpu}) allowed, {@link
 * UploadLimits#defaults()}, {@link MetadataLimits#defaults()}, uploads spooled in {@code
 * java.io.tmpdir}, the system UTC clock, file URLs relative to the project page, a snapshot of the
 * index state every 1,000 changes, files found in the store outside the index imported before
 * {@link #build()} returns, no periodic refresh, no {@link IndexListener}, a page cache of an
 * eighth of the maximum heap between 4 MiB and 64 MiB ({@link #pageCacheSize}).
 */
public final class IndexBuilder {
  private final BlobStore store;
  private OverwritePolicy overwritePolicy = OverwritePolicy.DENY;
  private boolean allowLocalVersions = true;
  private UploadLimits uploadLimits = UploadLimits.defaults();
  private MetadataLimits metadataLimits = MetadataLimits.defaults();
  private @Nullable Path spoolDirectory;
  private Clock clock = Clock.systemUTC();
  private @Nullable String fileUrlBase;
  private int snapshotInterval = 1000;
  private boolean importUnindexedFiles = true;
  private @Nullable Duration importDelay;
  private @Nullable Duration refreshInterval;
  private IndexListener listener = IndexListener.none();
  private boolean verifyAllDigests;
  private long pageCacheBytes = -1;

  IndexBuilder(BlobStore store) {
    this.store = store;
  }

  /** Sets whether an upload may replace a file of the same name; default {@link OverwritePolicy#DENY}. */
  public IndexBuilder overwritePolicy(OverwritePolicy policy) {
    this.overwritePolicy = policy;
    return this;
  }

  /** Sets whether versions with a local part ({@code 1.0+cpu}) may be uploaded; default true. */
  public IndexBuilder allowLocalVersions(boolean allow) {
    this.allowLocalVersions = allow;
    return this;
  }

  /** Sets the limits on upload requests. */
  public IndexBuilder uploadLimits(UploadLimits limits) {
    this.uploadLimits = limits;
    return this;
  }

  /**
   * Sets whether an upload must match every digest it sends (MD5, SHA-256, BLAKE2b-256), as PyPI's
   * warehouse requires; default false: only the strongest digest sent is verified (SHA-256, else
   * BLAKE2b-256, else MD5), and MD5 and BLAKE2b-256 are not computed when a stronger digest was
   * sent. A matching SHA-256 already proves the bytes, and skipping the other two saves about
   * 3 CPU-seconds per GiB uploaded. Either way the index records the digests it computed.
   */
  public IndexBuilder verifyAllDigests(boolean verifyAll) {
    this.verifyAllDigests = verifyAll;
    return this;
  }

  /** Sets the limits on reading metadata out of uploaded or imported archives. */
  public IndexBuilder metadataLimits(MetadataLimits limits) {
    this.metadataLimits = limits;
    return this;
  }

  /**
   * Sets where uploads are spooled while they are validated; default {@code java.io.tmpdir}. With
   * a store that keeps files on a local file system, a folder on that file system (for the
   * file-system store, its {@code spoolDirectory()}) lets it link an accepted upload into place
   * instead of copying it.
   */
  public IndexBuilder spoolDirectory(Path directory) {
    this.spoolDirectory = directory;
    return this;
  }

  /** Sets the clock that stamps upload times. */
  public IndexBuilder clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /**
   * Makes file URLs on project pages absolute: {@code base} followed by {@code files/<project>/<file>}
   * (for example {@code https://pypi.example.com/} behind a reverse proxy). By default the URLs
   * are relative to the project page ({@code ../../files/<project>/<file>}), which works under any
   * mount path.
   */
  public IndexBuilder fileUrlBase(String base) {
    checkArgument(base.endsWith("/"), "fileUrlBase must end with '/': %s", base);
    this.fileUrlBase = base;
    return this;
  }

  /** Sets after how many changes the index writes a snapshot of its state; default 1,000. */
  public IndexBuilder snapshotInterval(int changes) {
    checkArgument(changes > 0, "snapshotInterval must be positive: %s", changes);
    this.snapshotInterval = changes;
    return this;
  }

  /**
   * Sets whether distribution files found in the store outside mypi's own records (an existing
   * flat folder of distributions, as pypiserver keeps) are indexed when the index opens; default
   * true. Each such file is hashed and its metadata read once; the result is recorded.
   */
  public IndexBuilder importUnindexedFiles(boolean enabled) {
    this.importUnindexedFiles = enabled;
    return this;
  }

  /**
   * Makes the search for unindexed files ({@link #importUnindexedFiles}) run on a daemon thread
   * that starts {@code delay} after {@link #build()} returned, instead of before it returns
   * (the default). Finding them takes a listing of the whole store (seconds of a core at 100,000
   * files; on S3 a full bucket listing), so a server that must answer soon after it starts uses
   * this: the index answers from its recorded state at once, and the files found appear as they
   * are recorded, 256 at a time. A delay of a few seconds keeps the listing from competing with
   * the server's own start for the CPU. {@link ProjectIndex#close()} stops the search after the
   * file at hand; the next open goes on.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public IndexBuilder importInBackground(Duration delay) {
    checkArgument(!delay.isNegative(), "import delay must not be negative: %s", delay);
    this.importDelay = delay;
    return this;
  }

  /**
   * Makes the index follow other writers of the same store (several nodes on one bucket): every
   * {@code interval} a daemon thread reads the journal entries appended since the index last
   * looked (one lookup of the next serial when there are none), and a read that finds no such
   * project or file catches up once before answering (coalesced, at most ten times a second), so
   * that what another node just accepted is not answered 404. A change made through another node
   * is therefore visible here at most about one interval after it was committed. The thread is
   * stopped by {@link ProjectIndex#close()}. Default: off (the index sees its own changes only,
   * and others' when it is reopened or {@code refresh()} is called).
   *
   * @throws IllegalArgumentException if {@code interval} is zero or negative
   */
  public IndexBuilder refreshInterval(Duration interval) {
    checkArgument(!interval.isNegative() && !interval.isZero(), "refreshInterval must be positive: %s", interval);
    this.refreshInterval = interval;
    return this;
  }

  /**
   * Sets who hears page-cache hits and misses and the duration of each storage call (for
   * metrics); default {@link IndexListener#none()}, which costs nothing: the store is then not
   * wrapped.
   */
  public IndexBuilder listener(IndexListener listener) {
    this.listener = listener;
    return this;
  }

  /**
   * Sets how many bytes of rendered project pages the index keeps to serve again; 0 keeps none.
   * A page counts with what it really holds: its body, its gzip-compressed copy, the objects around
   * them, and for pages of 64 KiB or more their copies in native memory (outside the heap). When the
   * budget is exceeded, a quarter of it is freed by dropping pages; a dropped page costs one
   * rendering when it is next asked for. The root page ({@code /simple/}) is kept apart and always.
   *
   * <p>Default: an eighth of the maximum heap ({@code -Xmx}), at least 4 MiB and at most 64 MiB, so
   * that a server with a small heap does not fill it with pages: 20 MiB at {@code -Xmx160m}. The page
   * of a project with two files is about 1 KiB (HTML or JSON), about 1.6 KiB as counted, so 32 MiB
   * holds about 20,000 pages.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public IndexBuilder pageCacheSize(long bytes) {
    checkArgument(bytes >= 0, "pageCacheSize must not be negative: %s", bytes);
    this.pageCacheBytes = bytes;
    return this;
  }

  /** Returns the page cache size used when none is set: see {@link #pageCacheSize}. */
  static long defaultPageCacheSize(long maxHeapBytes) {
    return Math.max(4L << 20, Math.min(64L << 20, maxHeapBytes / 8));
  }

  /**
   * Opens the index: loads its state from the store (the last snapshot plus the changes after it)
   * and, if enabled, indexes distribution files it does not know yet (or starts doing so in the
   * background, see {@link #importInBackground}).
   */
  public ProjectIndex build() throws IOException {
    Path spool = spoolDirectory != null ? spoolDirectory : Path.of(System.getProperty("java.io.tmpdir"));
    return StoredProjectIndex.open(
        new StoredProjectIndex.Settings(
            TimedBlobStore.wrap(store, listener),
            overwritePolicy,
            allowLocalVersions,
            uploadLimits,
            metadataLimits,
            spool,
            clock,
            fileUrlBase,
            snapshotInterval,
            importUnindexedFiles,
            importDelay,
            refreshInterval,
            listener,
            verifyAllDigests,
            pageCacheBytes >= 0 ? pageCacheBytes : defaultPageCacheSize(Runtime.getRuntime().maxMemory())));
  }
}
