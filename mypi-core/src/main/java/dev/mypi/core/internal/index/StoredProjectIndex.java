package dev.mypi.core.internal.index;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.hash.Hashing;
import dev.mypi.core.FileExistsException;
import dev.mypi.core.IndexListener;
import dev.mypi.core.IndexedFile;
import dev.mypi.core.NotFoundException;
import dev.mypi.core.OverwritePolicy;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.ProjectStatusException;
import dev.mypi.core.PublishResult;
import dev.mypi.core.UploadPermission;
import dev.mypi.core.RenderedPage;
import dev.mypi.core.internal.simple.PageBuffer;
import dev.mypi.core.metadata.MetadataLimits;
import dev.mypi.core.name.InvalidProjectNameException;
import dev.mypi.core.name.ProjectName;
import dev.mypi.core.simple.FileEntry;
import dev.mypi.core.simple.Hashes;
import dev.mypi.core.simple.PageRenderer;
import dev.mypi.core.simple.ProjectList;
import dev.mypi.core.simple.ProjectPage;
import dev.mypi.core.simple.ProjectStatus;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.core.simple.YankState;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobAlreadyExistsException;
import dev.mypi.core.MypiException;
import dev.mypi.core.name.DistributionFilename;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.ByteRange;
import dev.mypi.core.storage.PutOptions;
import dev.mypi.core.upload.UploadLimits;
import dev.mypi.core.version.InvalidVersionException;
import dev.mypi.core.version.Version;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ProjectIndex} over a {@link BlobStore}: state in memory, rebuilt from the store's
 * journal; files and metadata files in the store; rendered pages in a bounded cache.
 *
 * <p>Blob layout: {@code files/<project>/<first 32 hex of sha256>/<filename>} for uploaded files
 * and {@code ….metadata} beside them for PEP 658; {@code _mypi/} for the journal and snapshots
 * ({@link Journal}); anything else is a file found in the store (an existing flat folder) and is
 * indexed where it lies. Because the key contains the content hash, two different uploads never
 * write the same key; the journal decides which one owns a filename.
 */
public final class StoredProjectIndex implements ProjectIndex {
  private static final Logger logger = LoggerFactory.getLogger(StoredProjectIndex.class);
  static final String FILES = "files";

  /** Everything {@link dev.mypi.core.IndexBuilder} configures. */
  public record Settings(
      BlobStore store,
      OverwritePolicy overwritePolicy,
      boolean allowLocalVersions,
      UploadLimits uploadLimits,
      MetadataLimits metadataLimits,
      Path spoolDirectory,
      Clock clock,
      @Nullable String fileUrlBase,
      int snapshotInterval,
      boolean importUnindexedFiles,
      @Nullable Duration importDelay,
      @Nullable Duration refreshInterval,
      IndexListener listener,
      boolean verifyAllDigests,
      long pageCacheBytes) {}

  private final Settings settings;
  private final BlobStore store;
  private final Journal journal;
  private final Publisher publisher;
  private final ConcurrentMap<String, ProjectState> projects = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();
  private final PageCache pages;
  /**
   * The root page per format, outside the page cache: it is the largest page (megabytes at
   * 100,000 projects) and the costliest to render, so project pages must not evict it.
   */
  private final AtomicReferenceArray<@Nullable RenderedPage> rootPages = new AtomicReferenceArray<>(SimpleFormat.values().length);
  /** One rendering per page at a time; requests that miss the same page meanwhile wait for it. */
  private final RenderGate renders = new RenderGate();
  private volatile long serial;
  private volatile long snapshotSerial;
  /** Whether the snapshot loaded at start had no binary form (an older version wrote it): close then writes one. */
  private volatile boolean snapshotLacksBinary;
  private volatile @Nullable ProjectListCache projectList;
  /**
   * The projects of the snapshot loaded at start, in the order it holds them (name order, as
   * snapshots are written), until the first project list is built: with no change since, that list
   * needs no sort — the first root page after a restart comes sooner (100,000 projects: sorting
   * them in a JVM that has compiled nothing yet takes ~0.15 s).
   */
  private volatile Journal.@Nullable Snapshot loadedSnapshot;
  private volatile @Nullable Refresher refresher;
  private volatile @Nullable FolderImporter backgroundImport;

  private record ProjectListCache(long serial, ProjectList list) {}

  private StoredProjectIndex(Settings settings) {
    this.settings = settings;
    this.store = settings.store();
    this.journal = new Journal(store);
    this.publisher = new Publisher(this, settings);
    this.pages = new PageCache(settings.pageCacheBytes());
  }

  /**
   * Opens the index: loads the snapshot and journal, then imports unindexed files if enabled,
   * before returning or (with a {@link Settings#importDelay()}) on a daemon thread that starts then.
   */
  public static StoredProjectIndex open(Settings settings) throws IOException {
    StoredProjectIndex index = new StoredProjectIndex(settings);
    index.load();
    if (settings.importUnindexedFiles()) {
      FolderImporter importer = new FolderImporter(index, settings);
      Duration delay = settings.importDelay();
      if (delay != null) {
        index.backgroundImport = importer;
        importer.startInBackground(delay);
      } else {
        importer.importUnindexed();
      }
    }
    Duration refreshInterval = settings.refreshInterval();
    if (refreshInterval != null) {
      index.refresher = Refresher.start(index::refresh, refreshInterval);
    }
    return index;
  }

  /**
   * Waits until the background scan for unindexed files (if one was started) has recorded what it
   * found. For tests and tools; the index answers meanwhile.
   */
  void awaitBackgroundImport() throws InterruptedException {
    FolderImporter importer = backgroundImport;
    if (importer != null) {
      importer.awaitBackgroundScan();
    }
  }

  private void load() throws IOException {
    long start = System.nanoTime();
    Optional<Journal.LoadedSnapshot> snapshot = journal.loadLatestSnapshot();
    long snapshotNanos = System.nanoTime() - start;
    if (snapshot.isPresent()) {
      Journal.Snapshot s = snapshot.get().snapshot();
      snapshotLacksBinary = !snapshot.get().binary();
      for (ProjectState p : s.projects()) {
        putState(p);
      }
      serial = s.serial();
      snapshotSerial = s.serial();
      loadedSnapshot = s;
    }
    long replayStart = System.nanoTime();
    int replayed = catchUp();
    long now = System.nanoTime();
    logger.info(
        "Index loaded in {} ms: {} projects, serial {} (snapshot read in {} ms{}, {} changes after it replayed in {} ms)",
        (now - start) / 1_000_000, projects.size(), serial, snapshotNanos / 1_000_000,
        snapshot.isEmpty() ? ", none" : snapshot.get().binary() ? ", binary" : ", JSON", replayed, (now - replayStart) / 1_000_000);
  }

  /** Applies every change after the one we know; returns how many. Call with the write lock or at load. */
  int catchUp() throws IOException {
    int n = 0;
    while (true) {
      Optional<JournalEntry> next = journal.read(serial + 1);
      if (next.isEmpty()) {
        return n;
      }
      apply(next.get());
      n++;
    }
  }

  /**
   * Reads the changes other writers made to the store since this index last looked. Cheap when
   * nothing changed (one lookup of the next serial).
   */
  public void refresh() throws IOException {
    synchronized (writeLock) {
      catchUp();
    }
  }

  private void apply(JournalEntry e) {
    String name = e.project();
    ProjectState current = projects.get(name);
    switch (e.action()) {
      case JournalEntry.ADD_FILE -> {
        FileRecord f = Objects.requireNonNull(e.file(), "file");
        ProjectState base = current != null ? current : ProjectState.create(name, Objects.requireNonNull(e.displayName(), "displayName"));
        TreeMap<String, FileRecord> files = new TreeMap<>(base.files());
        files.put(f.filename(), f);
        putState(base.withFiles(ImmutableSortedMap.copyOfSorted(files), e.serial()).claimedBy(e.uploader()));
      }
      case JournalEntry.IMPORT_FILES -> {
        for (JournalEntry.ImportedFile imported : Objects.requireNonNull(e.imports(), "imports")) {
          ProjectState p = projects.get(imported.project());
          if (p != null && p.files().containsKey(imported.file().filename())) {
            continue; // an import never replaces a file
          }
          ProjectState base = p != null ? p : ProjectState.create(imported.project(), imported.displayName());
          TreeMap<String, FileRecord> files = new TreeMap<>(base.files());
          files.put(imported.file().filename(), imported.file());
          putState(base.withFiles(ImmutableSortedMap.copyOfSorted(files), e.serial()));
        }
      }
      case JournalEntry.YANK, JournalEntry.UNYANK -> {
        if (current != null) {
          boolean yank = e.action().equals(JournalEntry.YANK);
          String version = Objects.requireNonNull(e.version(), "version");
          TreeMap<String, FileRecord> files = new TreeMap<>(current.files());
          for (FileRecord f : current.files().values()) {
            if (sameRelease(f.version(), version)) {
              files.put(f.filename(), f.withYank(yank, e.reason() == null ? "" : e.reason()));
            }
          }
          putState(current.withFiles(ImmutableSortedMap.copyOfSorted(files), e.serial()));
        }
      }
      case JournalEntry.REMOVE_FILE -> {
        if (current != null) {
          TreeMap<String, FileRecord> files = new TreeMap<>(current.files());
          files.remove(e.filename());
          if (files.isEmpty()) {
            projects.remove(name);
          } else {
            putState(current.withFiles(ImmutableSortedMap.copyOfSorted(files), e.serial()));
          }
        }
      }
      case JournalEntry.SET_STATUS -> {
        if (current != null) {
          putState(current.withStatus(statusOf(e.status()), e.reason() == null || e.reason().isEmpty() ? null : e.reason(), e.serial()));
        }
      }
      default -> logger.warn("Ignoring journal entry {} with unknown action '{}'", e.serial(), e.action());
    }
    serial = e.serial();
  }

  /** Stores {@code state} under its own (shared) name string. */
  private void putState(ProjectState state) {
    projects.put(state.normalized(), state);
    loadedSnapshot = null; // a change: no longer the current projects
  }

  private static ProjectStatus statusOf(@Nullable String value) {
    for (ProjectStatus s : ProjectStatus.values()) {
      if (s.value().equals(value)) {
        return s;
      }
    }
    logger.warn("Unknown project status '{}' in the journal; treating it as active", value);
    return ProjectStatus.ACTIVE;
  }

  static boolean sameRelease(String a, String b) {
    try {
      return Version.parse(a).equals(Version.parse(b));
    } catch (InvalidVersionException e) {
      return a.equals(b);
    }
  }

  /**
   * Records a change: claims the next serial (catching up with other writers first) and applies
   * it. {@code check} runs against the current state under the write lock before every attempt;
   * it may veto the change by throwing, or return a non-null value to end without a change.
   *
   * @return null when the change was recorded, else what {@code check} returned
   */
  private <T> @Nullable T commit(JournalEntry entry, Supplier<@Nullable T> check) throws IOException {
    synchronized (writeLock) {
      while (true) {
        catchUp();
        T shortCut = check.get();
        if (shortCut != null) {
          return shortCut;
        }
        JournalEntry e = entry.withSerial(serial + 1);
        if (journal.append(e)) {
          apply(e);
          break;
        }
      }
    }
    maybeSnapshot();
    return null;
  }

  private void maybeSnapshot() {
    if (serial - snapshotSerial < settings.snapshotInterval()) {
      return;
    }
    try {
      writeSnapshot();
    } catch (IOException e) {
      logger.warn("Could not write a snapshot at serial {}: {}", serial, e.getMessage());
    }
  }

  private void writeSnapshot() throws IOException {
    Journal.Snapshot snapshot;
    synchronized (writeLock) {
      if (serial == snapshotSerial) {
        return;
      }
      snapshot = new Journal.Snapshot(serial, statesInNameOrder());
      snapshotSerial = serial;
      snapshotLacksBinary = false;
    }
    journal.writeSnapshot(snapshot, settings.spoolDirectory());
  }

  Optional<ProjectState> state(String normalized) {
    return Optional.ofNullable(projects.get(normalized));
  }

  /**
   * Returns whether {@code key} holds a file the index has recorded under that key. Asked once per
   * key of a folder scan; it looks the file up by name instead of collecting every known key (at
   * 100,000 files such a set costs more memory than a small heap has to spare).
   */
  boolean isIndexedBlob(BlobKey key) {
    String filename = key.name();
    DistributionFilename dist;
    try {
      dist = DistributionFilename.parse(filename);
    } catch (MypiException e) {
      return false;
    }
    ProjectState p = projects.get(dist.normalizedName());
    FileRecord f = p == null ? null : p.files().get(filename);
    return f != null && f.blobKey().equals(key.toString());
  }

  BlobStore store() {
    return store;
  }

  Settings settings() {
    return settings;
  }

  Instant now() {
    return settings.clock().instant();
  }

  // ---- reads --------------------------------------------------------------------------------

  @Override
  public ProjectList projects() {
    ProjectListCache cached = projectList;
    long s = serial;
    if (cached != null && cached.serial() == s) {
      return cached.list();
    }
    List<ProjectState> sorted = loadedInNameOrder(s);
    if (sorted == null) {
      sorted = statesInNameOrder();
    }
    ProjectList.Builder b = ProjectList.builder().lastSerial(s);
    for (ProjectState p : sorted) {
      b.add(displayName(p), p.lastSerial());
    }
    ProjectList list = b.build();
    projectList = new ProjectListCache(s, list);
    return list;
  }

  /**
   * Orders projects by normalised name. A plain comparator rather than {@code
   * Comparator.comparing}: the first root page after a restart sorts 100,000 projects before the
   * JIT has compiled anything, and each indirection counts there.
   */
  private static final Comparator<ProjectState> BY_NORMALIZED_NAME = (a, b) -> a.normalized().compareTo(b.normalized());

  /** Returns the projects' current states in name order, as snapshots hold them. */
  private List<ProjectState> statesInNameOrder() {
    List<ProjectState> list = new ArrayList<>(projects.values());
    list.sort(BY_NORMALIZED_NAME);
    return list;
  }

  /**
   * Returns the projects of the snapshot loaded at start if nothing changed since (serial {@code
   * s}) and it holds them in name order (snapshots written before that order are not); else null.
   * Used once: the snapshot is let go either way (and at the first change).
   */
  private @Nullable List<ProjectState> loadedInNameOrder(long s) {
    Journal.@Nullable Snapshot loaded = loadedSnapshot;
    if (loaded == null) {
      return null;
    }
    loadedSnapshot = null;
    List<ProjectState> list = loaded.projects();
    return loaded.serial() == s && list.size() == projects.size() && inNameOrder(list) ? list : null;
  }

  /** Whether {@code states} are in strictly increasing order of normalised name. */
  static boolean inNameOrder(List<ProjectState> states) {
    for (int i = 1; i < states.size(); i++) {
      if (BY_NORMALIZED_NAME.compare(states.get(i - 1), states.get(i)) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static ProjectName displayName(ProjectState p) {
    try {
      // shares the state's normalised string: one string per project fewer in the cached project
      // list; one validation and one normalisation (this runs for every project of the root page)
      return ProjectName.of(p.displayName(), p.normalized());
    } catch (InvalidProjectNameException | IllegalArgumentException e) {
      // an invalid display name, or one whose normal form is not the state's name
      return ProjectName.isValid(p.displayName()) ? ProjectName.of(p.displayName()) : ProjectName.of(p.normalized());
    }
  }

  /**
   * Returns the project's state; if there is none and other nodes may be writing (a refresh
   * interval is set), catches up once first, so a project uploaded through another node a moment
   * ago is found (see {@link Refresher#catchUpAfterMiss()}).
   */
  private @Nullable ProjectState stateCatchingUpOnMiss(String normalizedName) {
    ProjectState p = projects.get(normalizedName);
    Refresher r = refresher;
    if (p == null && r != null) {
      r.catchUpAfterMiss();
      p = projects.get(normalizedName);
    }
    return p;
  }

  @Override
  public Optional<ProjectPage> project(String normalizedName) {
    ProjectState p = stateCatchingUpOnMiss(normalizedName);
    return p == null ? Optional.empty() : Optional.of(page(p));
  }

  private ProjectPage page(ProjectState p) {
    ProjectPage.Builder b = ProjectPage.builder(displayName(p)).lastSerial(p.lastSerial());
    if (p.status() != ProjectStatus.ACTIVE) {
      if (p.statusReason() != null) {
        b.status(p.status(), p.statusReason());
      } else {
        b.status(p.status());
      }
    }
    List<FileRecord> files = new ArrayList<>(p.files().values());
    // One release per PEP 440 version (1.0 and 1.0.0 are one), named as its first file named it.
    List<FileRecord> byUploadTime = new ArrayList<>(files);
    byUploadTime.sort(Comparator.comparing(FileRecord::uploadInstant));
    Map<Version, String> releases = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (FileRecord f : byUploadTime) {
      if (!seen.add(f.version())) {
        continue; // a release has several files: parse its version once
      }
      Version v = parseOrNull(f.version());
      if (v != null) {
        releases.putIfAbsent(v, f.version());
      }
    }
    for (String version : releases.values()) {
      b.addVersion(version);
    }
    for (FileRecord f : files) {
      FileEntry.Builder e =
          FileEntry.builder()
              .filename(f.filename())
              .url(fileUrl(p.normalized(), f.filename()))
              .hashes(Hashes.sha256(f.sha256()))
              .requiresPython(f.requiresPython())
              .yank(!f.yanked() ? YankState.notYanked() : f.yankReason() == null || f.yankReason().isEmpty() ? YankState.yanked() : YankState.yanked(f.yankReason()))
              .coreMetadata(f.metadataSha256() == null ? null : Hashes.sha256(f.metadataSha256()))
              .size(f.size())
              .uploadTime(f.uploadInstant());
      b.addFile(e.build());
    }
    return b.build();
  }

  private static @Nullable Version parseOrNull(String v) {
    try {
      return Version.parse(v);
    } catch (InvalidVersionException e) {
      return null;
    }
  }

  String fileUrl(String project, String filename) {
    String path = "files/" + UrlPaths.encodeSegment(project) + "/" + UrlPaths.encodeSegment(filename);
    String base = settings.fileUrlBase();
    return base != null ? base + path : "../../" + path;
  }

  @Override
  public RenderedPage renderProjects(SimpleFormat format) {
    long s = serial;
    int slot = format.ordinal();
    RenderedPage cached = rootPages.get(slot);
    if (cached != null && cached.serial() == s) {
      settings.listener().pageCacheHit();
      return cached;
    }
    boolean[] rendered = {false};
    // Render keys: the format's ordinal, followed by the project's name for a project page.
    RenderedPage page = renders.render(Integer.toString(slot), s, () -> {
      RenderedPage again = rootPages.get(slot);
      if (again != null && again.serial() >= s) {
        return again; // rendered by a thread that finished just before this one asked
      }
      rendered[0] = true;
      ProjectList list = projects();
      RenderedPage fresh = render(format, list.lastSerial(), again != null ? again.length() : 64 * Math.min(list.projects().size(), 1 << 20),
          out -> PageRenderer.forFormat(format).render(list, out));
      rootPages.set(slot, fresh);
      return fresh;
    });
    countLookup(rendered[0]);
    return page;
  }

  @Override
  public Optional<RenderedPage> cachedProjects(SimpleFormat format) {
    RenderedPage cached = rootPages.get(format.ordinal());
    if (cached == null || cached.serial() != serial) {
      return Optional.empty();
    }
    settings.listener().pageCacheHit();
    return Optional.of(cached);
  }

  @Override
  public Optional<RenderedPage> cachedProject(String normalizedName, SimpleFormat format) {
    ProjectState p = projects.get(normalizedName);
    RenderedPage cached = p == null ? null : pages.get(normalizedName, format, p.lastSerial());
    if (cached == null) {
      return Optional.empty();
    }
    settings.listener().pageCacheHit();
    return Optional.of(cached);
  }

  /**
   * Renders a project's page on the caller's thread only up to this many files: a page of a few
   * dozen files renders in microseconds, one of thousands takes milliseconds, which a network
   * thread must not spend while other connections wait.
   */
  static final int INLINE_RENDER_MAX_FILES = 64;

  @Override
  public Optional<RenderedPage> renderProjectWithoutWaiting(String normalizedName, SimpleFormat format) {
    ProjectState p = projects.get(normalizedName);
    if (p == null) {
      return Optional.empty(); // maybe another node's new project: renderProject catches up first
    }
    long s = p.lastSerial();
    RenderedPage cached = pages.get(normalizedName, format, s);
    if (cached != null) {
      settings.listener().pageCacheHit();
      return Optional.of(cached);
    }
    if (p.files().size() > INLINE_RENDER_MAX_FILES) {
      return Optional.empty();
    }
    // Not through the render gate: that would wait. Two threads may render the same small page at
    // once; both renderings are identical and the second replaces the first in the cache.
    ProjectPage model = page(p);
    RenderedPage fresh = render(format, s, lengthHint(p), out -> PageRenderer.forFormat(format).render(model, out));
    pages.put(p.normalized(), fresh);
    settings.listener().pageCacheMiss();
    return Optional.of(fresh);
  }

  @Override
  public Optional<RenderedPage> renderProject(String normalizedName, SimpleFormat format) {
    ProjectState p = stateCatchingUpOnMiss(normalizedName);
    if (p == null) {
      return Optional.empty();
    }
    long s = p.lastSerial();
    RenderedPage cached = pages.get(normalizedName, format, s);
    if (cached != null) {
      settings.listener().pageCacheHit();
      return Optional.of(cached);
    }
    boolean[] rendered = {false};
    RenderedPage page = renders.render(format.ordinal() + p.normalized(), s, () -> {
      RenderedPage again = pages.get(p.normalized(), format, s);
      if (again != null) {
        return again;
      }
      rendered[0] = true;
      ProjectPage model = page(p);
      RenderedPage fresh = render(format, s, lengthHint(p), out -> PageRenderer.forFormat(format).render(model, out));
      pages.put(p.normalized(), fresh); // the state's shared name string, not the request's
      return fresh;
    });
    countLookup(rendered[0]);
    return Optional.of(page);
  }

  /** A request that waited for another thread's rendering counts as a hit: it rendered nothing. */
  private void countLookup(boolean rendered) {
    if (rendered) {
      settings.listener().pageCacheMiss();
    } else {
      settings.listener().pageCacheHit();
    }
  }

  private interface RenderAction {
    void render(PageBuffer out) throws IOException;
  }

  /**
   * Estimates the length of a project's page: a file's entry takes some 300 bytes in HTML, 600 in
   * JSON. Capped at 4 MiB: a larger page grows its buffer as it renders rather than reserving
   * memory for an estimate.
   */
  private static int lengthHint(ProjectState p) {
    return 512 + 512 * Math.min(p.files().size(), 8192);
  }

  /**
   * Renders into memory. {@code lengthHint} is the length of the previous rendering of the page,
   * or an estimate: starting the buffer a little above it saves the copies of a doubling buffer,
   * which for the root page of 100,000 projects are megabytes each, without allocating kilobytes
   * for the one-file pages that most projects have. The HTML renderer encodes straight into the
   * buffer; the page kept is a copy of exactly its length.
   */
  private static RenderedPage render(SimpleFormat format, long serial, int lengthHint, RenderAction action) {
    PageBuffer out = new PageBuffer(Math.max(256, lengthHint + lengthHint / 16));
    try {
      action.render(out);
    } catch (IOException e) {
      throw new IllegalStateException("rendering into memory cannot fail", e);
    }
    byte[] body = out.toByteArray();
    String etag = '"' + Hashing.murmur3_128().hashBytes(body).toString() + '"';
    return new RenderedPage(format, body, etag, serial);
  }

  @Override
  public Optional<IndexedFile> file(String normalizedName, String filename) {
    Optional<FileRecord> f = record(normalizedName, filename);
    Refresher r = refresher;
    if (f.isEmpty() && r != null) {
      r.catchUpAfterMiss();
      f = record(normalizedName, filename);
    }
    return f.map(found -> toIndexedFile(normalizedName, found));
  }

  private Optional<FileRecord> record(String normalizedName, String filename) {
    ProjectState p = projects.get(normalizedName);
    if (p == null || p.status() == ProjectStatus.QUARANTINED) {
      return Optional.empty();
    }
    return Optional.ofNullable(p.files().get(filename));
  }

  private static IndexedFile toIndexedFile(String project, FileRecord f) {
    return new IndexedFile(project, f.filename(), f.version(), f.size(), f.sha256(), f.uploadInstant(), f.metadataSha256(), f.yanked());
  }

  @Override
  public Optional<Blob> openFile(String normalizedName, String filename) throws IOException {
    Optional<FileRecord> f = record(normalizedName, filename);
    return f.isEmpty() ? Optional.empty() : store.open(BlobKey.of(f.get().blobKey()));
  }

  @Override
  public Optional<Blob> openFile(String normalizedName, String filename, ByteRange range) throws IOException {
    Optional<FileRecord> f = record(normalizedName, filename);
    return f.isEmpty() ? Optional.empty() : store.open(BlobKey.of(f.get().blobKey()), range);
  }

  @Override
  public Optional<Blob> openCoreMetadata(String normalizedName, String filename) throws IOException {
    Optional<FileRecord> f = record(normalizedName, filename);
    if (f.isEmpty() || f.get().metadataKey() == null) {
      return Optional.empty();
    }
    return store.open(BlobKey.of(f.get().metadataKey()));
  }

  // ---- writes -------------------------------------------------------------------------------

  @Override
  public PublishResult publish(@Nullable String contentType, InputStream body, UploadPermission permission) throws IOException {
    return publisher.publish(contentType, body, permission);
  }

  @Override
  public ImmutableSet<String> owners(String normalizedName) {
    ProjectState p = projects.get(normalizedName);
    return p == null ? ImmutableSet.of() : p.owners();
  }

  /**
   * Records {@code record} as a file of {@code project}: a new file, an identical re-upload (no
   * change), or a replacement when the overwrite policy allows it.
   *
   * @throws FileExistsException when the filename exists with other content and overwrites are denied
   * @throws ProjectStatusException when the project takes no uploads
   * @throws dev.mypi.core.ForbiddenException when {@code permission} refuses the upload, checked
   *     against the owners of the project at the moment of the commit
   */
  PublishResult commitFile(ProjectName project, FileRecord record) throws IOException {
    return commitFile(project, record, UploadPermission.anyone());
  }

  /** Records {@code record} as {@link #commitFile(ProjectName, FileRecord)} does, on behalf of {@code permission}. */
  PublishResult commitFile(ProjectName project, FileRecord record, UploadPermission permission) throws IOException {
    JournalEntry entry =
        new JournalEntry(
            0, now().toString(), JournalEntry.ADD_FILE, project.normalized(), project.displayName(), record, null, null, null,
            null, permission.uploader(), null);
    AtomicReference<@Nullable FileRecord> replaced = new AtomicReference<>();
    PublishResult unchanged =
        commit(
            entry,
            () -> {
              replaced.set(null);
              ProjectState p = projects.get(project.normalized());
              permission.check(project.normalized(), p != null, p == null ? ImmutableSet.of() : p.owners());
              if (p == null) {
                return null;
              }
              if (p.status() == ProjectStatus.ARCHIVED || p.status() == ProjectStatus.QUARANTINED) {
                throw new ProjectStatusException(
                    "Project '" + p.normalized() + "' is " + p.status().name().toLowerCase(Locale.ROOT) + " and takes no uploads.");
              }
              FileRecord existing = p.files().get(record.filename());
              if (existing == null) {
                return null;
              }
              if (existing.sha256().equals(record.sha256())) {
                return PublishResult.ALREADY_EXISTED;
              }
              if (settings.overwritePolicy() == OverwritePolicy.DENY) {
                throw new FileExistsException(record.filename(), existing.sha256());
              }
              replaced.set(existing);
              return null;
            });
    if (unchanged != null) {
      return unchanged;
    }
    FileRecord old = replaced.get();
    if (old == null) {
      return PublishResult.CREATED;
    }
    deleteQuietly(old.blobKey(), record.blobKey());
    if (old.metadataKey() != null) {
      deleteQuietly(old.metadataKey(), record.metadataKey());
    }
    return PublishResult.REPLACED;
  }

  /** Records files found in the store in one journal entry; files whose names are taken are skipped. */
  void commitImports(List<JournalEntry.ImportedFile> imports) throws IOException {
    if (imports.isEmpty()) {
      return;
    }
    commit(
        new JournalEntry(0, now().toString(), JournalEntry.IMPORT_FILES, "", null, null, null, null, null, null, null,
            ImmutableList.copyOf(imports)),
        () -> null);
  }

  private void deleteQuietly(String key, @Nullable String unlessEqualTo) {
    if (key.equals(unlessEqualTo)) {
      return;
    }
    try {
      store.delete(BlobKey.of(key));
    } catch (IOException e) {
      logger.warn("Could not delete {}: {}", key, e.getMessage());
    }
  }

  @Override
  public void yank(String normalizedName, String version, String reason) throws IOException {
    changeRelease(normalizedName, version, JournalEntry.YANK, reason);
  }

  @Override
  public void unyank(String normalizedName, String version) throws IOException {
    changeRelease(normalizedName, version, JournalEntry.UNYANK, null);
  }

  private void changeRelease(String normalizedName, String version, String action, @Nullable String reason) throws IOException {
    String normalizedVersion = Version.parse(version).toString();
    commit(
        new JournalEntry(0, now().toString(), action, normalizedName, null, null, null, normalizedVersion, reason),
        () -> {
          ProjectState p = projects.get(normalizedName);
          if (p == null) {
            throw new NotFoundException("No project named '" + normalizedName + "'");
          }
          boolean any = p.files().values().stream().anyMatch(f -> sameRelease(f.version(), normalizedVersion));
          if (!any) {
            throw new NotFoundException("Project '" + normalizedName + "' has no release '" + version + "'");
          }
          return null;
        });
  }

  @Override
  public void deleteFile(String normalizedName, String filename) throws IOException {
    AtomicReference<@Nullable FileRecord> removed = new AtomicReference<>();
    commit(
        new JournalEntry(0, now().toString(), JournalEntry.REMOVE_FILE, normalizedName, null, null, filename, null, null),
        () -> {
          ProjectState p = projects.get(normalizedName);
          FileRecord f = p == null ? null : p.files().get(filename);
          if (f == null) {
            throw new NotFoundException("No file '" + filename + "' in project '" + normalizedName + "'");
          }
          removed.set(f);
          return null;
        });
    FileRecord f = removed.get();
    if (f != null) {
      deleteQuietly(f.blobKey(), null);
      if (f.metadataKey() != null) {
        deleteQuietly(f.metadataKey(), null);
      }
    }
  }

  @Override
  public void setStatus(String normalizedName, ProjectStatus status, @Nullable String reason) throws IOException {
    commit(
        new JournalEntry(0, now().toString(), JournalEntry.SET_STATUS, normalizedName, null, null, null, null,
            reason == null || reason.isEmpty() ? null : reason, status.value(), null, null),
        () -> {
          if (!projects.containsKey(normalizedName)) {
            throw new NotFoundException("No project named '" + normalizedName + "'");
          }
          return null;
        });
  }

  @Override
  public long serial() {
    return serial;
  }

  @Override
  public void close() throws IOException {
    FolderImporter importer = backgroundImport;
    if (importer != null) {
      importer.close();
    }
    Refresher r = refresher;
    if (r != null) {
      r.close();
    }
    if (serial != snapshotSerial) {
      writeSnapshot();
    } else if (snapshotLacksBinary) {
      Journal.Snapshot snapshot;
      synchronized (writeLock) {
        snapshot = new Journal.Snapshot(serial, statesInNameOrder());
      }
      if (snapshot.serial() == snapshotSerial) {
        journal.writeBinarySnapshot(snapshot, settings.spoolDirectory());
      }
    }
  }

}
