package dev.mypi.core.internal.index;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Throwables;
import dev.mypi.core.MypiException;
import dev.mypi.core.metadata.CoreMetadata;
import dev.mypi.core.metadata.MetadataReader;
import dev.mypi.core.name.DistributionFilename;
import dev.mypi.core.name.DistributionType;
import dev.mypi.core.name.ProjectName;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobAlreadyExistsException;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes distribution files that lie in the store outside mypi's own keys, such as an existing
 * flat folder of distributions that pypiserver served. Each new file is hashed and its metadata
 * read once; the result is recorded in the journal, so a restart does not read it again. Files
 * stay where they are. Files that are no distribution are ignored; unreadable archives are
 * indexed from their filename alone, without a PEP 658 metadata file.
 *
 * <p>Finding them takes a listing of the whole store, which at 100,000 files takes seconds (on S3,
 * a full bucket listing). {@link #importUnindexed()} does it on the caller's thread; {@link
 * #startInBackground} on a daemon thread while the index already answers from its recorded
 * state: new files then appear batch by batch as they are recorded. {@link #close()} stops a
 * background scan after the files at hand (what it recorded stays recorded) and waits for it.
 *
 * <p>The files of a batch are read on a small pool of threads ({@link #DEFAULT_PARALLELISM}):
 * storing a wheel's {@code .metadata} is a create-only put, on a file system a temp file, an
 * fsync, a link and a directory fsync, and done one file after another these waits added up to
 * minutes at 100,000 files. The coordinating thread decides in listing order which files a batch
 * takes (so duplicate filenames are found the same way on every run), then collects the results
 * and logs each file's warnings in that same order and records the batch as one journal entry.
 */
final class FolderImporter implements AutoCloseable {
  /** Files recorded per journal entry: one fsynced write per batch instead of per file. */
  static final int BATCH = 256;
  /**
   * Files read at once. The work is mostly waiting for fsyncs (and on S3 for requests), which
   * overlap; the CPU part (hashing, unzipping METADATA) is small per file.
   */
  static final int DEFAULT_PARALLELISM = 8;
  private static final Logger logger = LoggerFactory.getLogger(FolderImporter.class);

  private final StoredProjectIndex index;
  private final StoredProjectIndex.Settings settings;
  private final MetadataReader reader;
  private final int parallelism;
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile boolean stopping;
  private @Nullable Thread thread;

  FolderImporter(StoredProjectIndex index, StoredProjectIndex.Settings settings) {
    this(index, settings, DEFAULT_PARALLELISM);
  }

  /** For tests: reads {@code parallelism} files of a batch at once. */
  FolderImporter(StoredProjectIndex index, StoredProjectIndex.Settings settings, int parallelism) {
    checkArgument(parallelism >= 1, "parallelism must be at least 1: %s", parallelism);
    this.index = index;
    this.settings = settings;
    this.reader = MetadataReader.create(settings.metadataLimits());
    this.parallelism = parallelism;
  }

  /**
   * Starts {@link #importUnindexed()} on a daemon thread, {@code delay} from now, and returns at
   * once. The delay keeps the listing (a core's worth of work for seconds at 100,000 files) off
   * the CPU while a server that just opened the index starts and answers its first requests.
   * Failures are logged; the next open scans again.
   */
  void startInBackground(Duration delay) {
    Thread t =
        new Thread(
            () -> {
              try {
                if (stop.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
                  return; // closed before the scan began
                }
                importUnindexed();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (IOException | RuntimeException e) {
                logger.warn("Could not index the distribution files found in the store (the next start tries again): {}", e.toString());
              }
            },
            "mypi-folder-import");
    t.setDaemon(true);
    thread = t;
    logger.info(
        "Looking for distribution files not yet indexed in the background in {} ms; the index answers from its recorded state meanwhile",
        delay.toMillis());
    t.start();
  }

  /** Waits until a scan started by {@link #startInBackground} has ended; returns at once if none was started. */
  void awaitBackgroundScan() throws InterruptedException {
    Thread t = thread;
    if (t != null) {
      t.join();
    }
  }

  /**
   * Asks a scan to stop without waiting: files already being read are finished and recorded with
   * what the scan read before, files not yet begun are left for the next open.
   */
  void requestStop() {
    stopping = true;
    stop.countDown();
  }

  /** Stops a background scan after the files at hand, records what it read so far, and waits for it. */
  @Override
  public void close() {
    requestStop();
    Thread t = thread;
    if (t == null) {
      return;
    }
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lists the store, indexes the distribution files it does not know yet, and records them in batches. */
  void importUnindexed() throws IOException {
    long start = System.nanoTime();
    List<BlobInfo> candidates = new ArrayList<>();
    int listed = 0;
    try (Stream<BlobInfo> all = index.store().list(BlobKey.root())) {
      Iterator<BlobInfo> it = all.iterator();
      while (it.hasNext() && !stopping) {
        BlobInfo info = it.next();
        listed++;
        String key = info.key().toString();
        if (!key.startsWith(Journal.ROOT + "/") && !key.startsWith(StoredProjectIndex.FILES + "/") && !index.isIndexedBlob(info.key())) {
          candidates.add(info);
        }
      }
    }
    long listedNanos = System.nanoTime() - start;
    int imported = 0;
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, new WorkerFactory());
    try {
      // Second copies of a filename met within one batch wait for the next batch: by then the
      // first copy is recorded (and the second is skipped) or it failed (and the second is read).
      ArrayDeque<Candidate> deferred = new ArrayDeque<>();
      Iterator<BlobInfo> next = candidates.iterator();
      boolean skipped = false;
      while (!stopping && (next.hasNext() || !deferred.isEmpty())) {
        List<Candidate> batch = takeBatch(next, deferred);
        Batch read = readBatch(batch, pool);
        index.commitImports(read.files());
        imported += read.files().size();
        skipped = read.skipped();
      }
      if (skipped || (stopping && (next.hasNext() || !deferred.isEmpty()))) {
        logger.info("Stopped indexing the files found in the store; the next start goes on");
      }
    } finally {
      shutDown(pool);
    }
    logger.info(
        "Listed {} keys of the store in {} ms; indexed {} new distribution files in {} ms in all",
        listed, listedNanos / 1_000_000, imported, (System.nanoTime() - start) / 1_000_000);
  }

  /** A distribution file to read, with its {@code <project>/<filename>} identity. */
  private record Candidate(BlobInfo info, DistributionFilename dist, String id) {}

  /**
   * Takes up to {@link #BATCH} distinct distribution files, deferred ones first, in listing order;
   * logs and drops files whose names the index already has.
   */
  private List<Candidate> takeBatch(Iterator<BlobInfo> next, ArrayDeque<Candidate> deferred) {
    List<Candidate> batch = new ArrayList<>(BATCH);
    Set<String> inBatch = new HashSet<>();
    ArrayDeque<Candidate> again = new ArrayDeque<>();
    while (batch.size() < BATCH) {
      Candidate c;
      if (!deferred.isEmpty()) {
        c = deferred.poll();
      } else if (next.hasNext()) {
        BlobInfo info = next.next();
        DistributionFilename dist;
        try {
          dist = DistributionFilename.parse(info.key().name());
        } catch (MypiException e) {
          continue; // not a distribution: README, .metadata, .asc, ...
        }
        c = new Candidate(info, dist, dist.normalizedName() + "/" + info.key().name());
      } else {
        break;
      }
      String filename = c.info().key().name();
      if (index.state(c.dist().normalizedName()).map(p -> p.files().containsKey(filename)).orElse(false)) {
        // a second copy (say in another sub-folder): filenames are unique, and reading it on
        // every open would find the same again
        logger.warn("Not indexing {}: the index already has a file named '{}'", c.info().key(), filename);
        continue;
      }
      if (!inBatch.add(c.id())) {
        again.add(c);
        continue;
      }
      batch.add(c);
    }
    again.addAll(deferred);
    deferred.clear();
    deferred.addAll(again);
    return batch;
  }

  /** What a batch yielded, in batch order, and whether files were left unread because of a stop. */
  private record Batch(List<JournalEntry.ImportedFile> files, boolean skipped) {}

  /**
   * Reads the files of a batch on {@code pool} and returns what they yield, having logged each
   * file's warnings in batch order. Once a stop is requested, files not yet begun are skipped; the
   * others are finished.
   */
  private Batch readBatch(List<Candidate> batch, ExecutorService pool) throws IOException {
    List<Future<Outcome>> outcomes = new ArrayList<>(batch.size());
    for (Candidate c : batch) {
      outcomes.add(pool.submit(() -> stopping ? Outcome.SKIPPED : readOne(c)));
    }
    List<JournalEntry.ImportedFile> files = new ArrayList<>(batch.size());
    boolean skipped = false;
    boolean done = false;
    try {
      for (Future<Outcome> f : outcomes) {
        Outcome outcome = await(f);
        for (Warning w : outcome.warnings()) {
          logger.warn(w.format(), w.args().toArray());
        }
        JournalEntry.ImportedFile file = outcome.file();
        if (file != null) {
          files.add(file);
        }
        skipped |= outcome == Outcome.SKIPPED;
      }
      done = true;
    } finally {
      if (!done) {
        outcomes.forEach(f -> f.cancel(false)); // nothing of this batch is recorded
      }
    }
    return new Batch(files, skipped);
  }

  /** Lets the workers finish the file at hand (never interrupting a put) and waits for them. */
  private static void shutDown(ExecutorService pool) {
    pool.shutdown();
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for a file's outcome; uninterruptibly, so that what a worker stored is always recorded. */
  private static Outcome await(Future<Outcome> f) throws IOException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          Throwables.throwIfUnchecked(cause);
          throw new IOException("Reading a distribution file failed: " + cause, cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Reads one file on a worker; any failure becomes a warning, so it costs only this file. */
  private Outcome readOne(Candidate c) {
    List<Warning> warnings = new ArrayList<>(1);
    JournalEntry.ImportedFile file = null;
    try {
      file = importOne(c.info(), c.dist(), warnings);
    } catch (IOException | MypiException e) {
      warnings.add(new Warning("Not indexing {}: {}", c.info().key(), e.getMessage()));
    } catch (RuntimeException e) {
      warnings.add(new Warning("Not indexing {}: {}", c.info().key(), e.toString()));
    }
    return new Outcome(file, warnings);
  }

  /** What reading one file gave: its record, or null, and the warnings to log for it. */
  private record Outcome(JournalEntry.@Nullable ImportedFile file, List<Warning> warnings) {
    static final Outcome SKIPPED = new Outcome(null, List.of());
  }

  /** A log line kept until the coordinating thread logs it in listing order. */
  private record Warning(String format, List<@Nullable Object> args) {
    Warning(String format, @Nullable Object... args) {
      this(format, Arrays.asList(args));
    }
  }

  /** Names the workers and makes them daemons, like the background scan's own thread. */
  private static final class WorkerFactory implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "mypi-folder-import-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }

  private JournalEntry.@Nullable ImportedFile importOne(BlobInfo info, DistributionFilename dist, List<Warning> warnings)
      throws IOException {
    BlobKey key = info.key();
    Optional<Blob> opened = index.store().open(key);
    if (opened.isEmpty()) {
      return null;
    }
    Path local;
    Path spool = null;
    FileHashes hashes;
    try (Blob blob = opened.get()) {
      Optional<Path> file = blob.localFile();
      if (file.isPresent()) {
        local = file.get();
        try (InputStream in = Files.newInputStream(local)) {
          hashes = FileHashes.of(in);
        }
      } else {
        Files.createDirectories(settings.spoolDirectory());
        spool = Files.createTempFile(settings.spoolDirectory(), "mypi-import-", ".part");
        try (InputStream in = blob.openStream();
            OutputStream out = Files.newOutputStream(spool)) {
          in.transferTo(out);
        }
        local = spool;
        try (InputStream in = Files.newInputStream(local)) {
          hashes = FileHashes.of(in);
        }
      }
    }
    try {
      CoreMetadata metadata = readMetadata(local, dist, warnings);
      String displayName = dist.normalizedName();
      if (metadata != null && ProjectName.isValid(metadata.name()) && ProjectName.normalize(metadata.name()).equals(dist.normalizedName())) {
        displayName = metadata.name();
      }
      if (!ProjectName.isValid(displayName)) {
        warnings.add(new Warning("Not indexing {}: '{}' is not a valid project name", key, displayName));
        return null;
      }
      ProjectName project = ProjectName.of(displayName);
      String metadataKey = null;
      String metadataSha256 = null;
      if (metadata != null && dist.type() == DistributionType.WHEEL) {
        byte[] raw = metadata.raw();
        metadataSha256 = FileHashes.sha256(raw);
        BlobKey mk = BlobKey.of(FileRecord.filesKey(project.normalized(), hashes.sha256(), key.name() + ".metadata"));
        try {
          index.store().put(mk, new ByteArrayInputStream(raw), PutOptions.builder().sha256(metadataSha256).size(raw.length).build());
        } catch (BlobAlreadyExistsException e) {
          // written by an earlier, interrupted import: same content by construction
        }
        metadataKey = mk.toString();
      }
      FileRecord record =
          new FileRecord(
              key.name(),
              dist.version().toString(),
              key.toString(),
              hashes.size(),
              hashes.sha256(),
              null,
              null,
              metadata == null ? null : metadata.requiresPython().orElse(null),
              metadataKey,
              metadataSha256,
              info.lastModified().toString(),
              dist.type().filetype(),
              dist.type() == DistributionType.SDIST ? "source" : "",
              false,
              null);
      return new JournalEntry.ImportedFile(project.normalized(), project.displayName(), record);
    } finally {
      if (spool != null) {
        Files.deleteIfExists(spool);
      }
    }
  }

  private @Nullable CoreMetadata readMetadata(Path file, DistributionFilename dist, List<Warning> warnings) {
    try {
      return reader.read(file, dist.filename());
    } catch (IOException | MypiException e) {
      warnings.add(new Warning("Indexing {} without metadata: {}", dist.filename(), e.getMessage()));
      return null;
    }
  }
}
