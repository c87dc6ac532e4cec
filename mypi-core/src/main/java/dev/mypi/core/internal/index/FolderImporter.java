package dev.mypi.core.internal.index;

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
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * background scan at the next file (what it recorded stays recorded) and waits for it.
 */
final class FolderImporter implements AutoCloseable {
  /** Files recorded per journal entry: one fsynced write per batch instead of per file. */
  private static final int BATCH = 256;
  private static final Logger logger = LoggerFactory.getLogger(FolderImporter.class);

  private final StoredProjectIndex index;
  private final StoredProjectIndex.Settings settings;
  private final MetadataReader reader;
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile boolean stopping;
  private @Nullable Thread thread;

  FolderImporter(StoredProjectIndex index, StoredProjectIndex.Settings settings) {
    this.index = index;
    this.settings = settings;
    this.reader = MetadataReader.create(settings.metadataLimits());
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

  /** Stops a background scan after the file at hand, records what it read so far, and waits for it. */
  @Override
  public void close() {
    stopping = true;
    stop.countDown();
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
    Set<String> known = index.knownBlobKeys();
    List<BlobInfo> candidates = new ArrayList<>();
    int listed = 0;
    try (Stream<BlobInfo> all = index.store().list(BlobKey.root())) {
      Iterator<BlobInfo> it = all.iterator();
      while (it.hasNext() && !stopping) {
        BlobInfo info = it.next();
        listed++;
        String key = info.key().toString();
        if (!key.startsWith(Journal.ROOT + "/") && !key.startsWith(StoredProjectIndex.FILES + "/") && !known.contains(key)) {
          candidates.add(info);
        }
      }
    }
    long listedNanos = System.nanoTime() - start;
    int imported = 0;
    List<JournalEntry.ImportedFile> batch = new ArrayList<>(BATCH);
    Set<String> inBatch = new HashSet<>();
    for (BlobInfo info : candidates) {
      if (stopping) {
        logger.info("Stopped indexing the files found in the store; the next start goes on");
        break;
      }
      DistributionFilename dist;
      try {
        dist = DistributionFilename.parse(info.key().name());
      } catch (MypiException e) {
        continue; // not a distribution: README, .metadata, .asc, ...
      }
      String filename = info.key().name();
      String id = dist.normalizedName() + "/" + filename;
      if (inBatch.contains(id) || index.state(dist.normalizedName()).map(p -> p.files().containsKey(filename)).orElse(false)) {
        // a second copy (say in another sub-folder): filenames are unique, and reading it on
        // every open would find the same again
        logger.warn("Not indexing {}: the index already has a file named '{}'", info.key(), filename);
        continue;
      }
      try {
        JournalEntry.ImportedFile file = importOne(info, dist);
        if (file != null) {
          batch.add(file);
          inBatch.add(id);
          imported++;
        }
      } catch (IOException | MypiException e) {
        logger.warn("Not indexing {}: {}", info.key(), e.getMessage());
      }
      if (batch.size() >= BATCH) {
        index.commitImports(batch);
        batch.clear();
        inBatch.clear();
      }
    }
    index.commitImports(batch);
    logger.info(
        "Listed {} keys of the store in {} ms; indexed {} new distribution files in {} ms in all",
        listed, listedNanos / 1_000_000, imported, (System.nanoTime() - start) / 1_000_000);
  }

  private JournalEntry.@Nullable ImportedFile importOne(BlobInfo info, DistributionFilename dist) throws IOException {
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
      CoreMetadata metadata = readMetadata(local, dist);
      String displayName = dist.normalizedName();
      if (metadata != null && ProjectName.isValid(metadata.name()) && ProjectName.normalize(metadata.name()).equals(dist.normalizedName())) {
        displayName = metadata.name();
      }
      if (!ProjectName.isValid(displayName)) {
        logger.warn("Not indexing {}: '{}' is not a valid project name", key, displayName);
        return null;
      }
      ProjectName project = ProjectName.of(displayName);
      String metadataKey = null;
      String metadataSha256 = null;
      if (metadata != null && dist.type() == DistributionType.WHEEL) {
        byte[] raw = metadata.raw();
        metadataSha256 = FileHashes.sha256(raw);
        BlobKey mk = BlobKey.of(StoredProjectIndex.FILES + "/" + project.normalized() + "/" + hashes.sha256().substring(0, 32) + "/" + key.name() + ".metadata");
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

  private @Nullable CoreMetadata readMetadata(Path file, DistributionFilename dist) {
    try {
      return reader.read(file, dist.filename());
    } catch (IOException | MypiException e) {
      logger.warn("Indexing {} without metadata: {}", dist.filename(), e.getMessage());
      return null;
    }
  }
}
