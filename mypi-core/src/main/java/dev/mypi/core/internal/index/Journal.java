package dev.mypi.core.internal.index;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.BlobAlreadyExistsException;
import dev.mypi.core.storage.BlobInfo;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.core.storage.PutOptions;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index's durable state in a {@link BlobStore}: an append-only log of {@link JournalEntry}
 * documents and periodic snapshots.
 *
 * <pre>
 * _mypi/journal/00000000000000000001.json     change 1 (create-only put: the claim of serial 1)
 * _mypi/journal/00000000000000000002.json     change 2
 * _mypi/snapshots/00000000000000001000.json   every project and file as of change 1000
 * _mypi/snapshots/00000000000000001000.bin    the same in binary ({@link SnapshotBinary}), read first
 * </pre>
 *
 * <p>Appending claims the next serial with a create-only put; if another writer (another node)
 * claimed it first, {@link #append} reports the conflict and the caller catches up and retries.
 * A failed put whose outcome is unknown is resolved by reading the key back.
 */
final class Journal {
  private static final Logger logger = LoggerFactory.getLogger(Journal.class);
  static final String ROOT = "_mypi";
  private static final BlobKey JOURNAL = BlobKey.of(ROOT + "/journal");
  private static final BlobKey SNAPSHOTS = BlobKey.of(ROOT + "/snapshots");

  private final BlobStore store;
  private final ObjectMapper mapper;
  private final SnapshotJson snapshotJson = new SnapshotJson();

  Journal(BlobStore store) {
    this.store = store;
    this.mapper = newMapper();
  }

  /** Returns the mapper of journal entries and snapshots: unknown properties (from newer versions) are ignored. */
  static ObjectMapper newMapper() {
    return JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .build();
  }

  private static BlobKey entryKey(long serial) {
    return JOURNAL.resolve(String.format("%020d.json", serial));
  }

  private static final String JSON = ".json";
  private static final String BINARY = ".bin";

  private static BlobKey snapshotKey(long serial, String suffix) {
    return SNAPSHOTS.resolve(String.format("%020d", serial) + suffix);
  }

  /** Reads the entry with {@code serial}, or empty when no such change was made yet. */
  Optional<JournalEntry> read(long serial) throws IOException {
    Optional<Blob> blob = store.open(entryKey(serial));
    if (blob.isEmpty()) {
      return Optional.empty();
    }
    try (Blob b = blob.get();
        InputStream in = b.openStream()) {
      return Optional.of(mapper.readValue(in, JournalEntry.class));
    }
  }

  /**
   * Writes {@code entry} as the change with its serial. Returns false when that serial is taken
   * by another change (the caller must catch up and retry), true when it is now ours.
   */
  boolean append(JournalEntry entry) throws IOException {
    byte[] json = mapper.writeValueAsBytes(entry);
    BlobKey key = entryKey(entry.serial());
    try {
      store.put(key, new ByteArrayInputStream(json), PutOptions.builder().contentType("application/json").size(json.length).build());
      return true;
    } catch (BlobAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      // Outcome unknown: the put may have landed. Read back before deciding.
      Optional<JournalEntry> written;
      try {
        written = read(entry.serial());
      } catch (IOException again) {
        e.addSuppressed(again);
        throw e;
      }
      if (written.isEmpty()) {
        throw e;
      }
      return written.get().equals(entry);
    }
  }

  /** A snapshot of the whole index as of {@code serial}: every project's state ({@link SnapshotJson} has the format). */
  record Snapshot(long serial, List<ProjectState> projects) {}

  /** A snapshot as loaded; {@code binary} tells whether it came from the binary form (else its JSON). */
  record LoadedSnapshot(Snapshot snapshot, boolean binary) {}

  /**
   * Loads the newest readable snapshot, or empty when there is none: of the newest serial first its
   * binary form, then its JSON, then the serial before. A snapshot that cannot be read (cut short,
   * not what this version reads, a required value missing) is logged and the next one tried.
   */
  Optional<LoadedSnapshot> loadLatestSnapshot() throws IOException {
    for (BlobKey key : snapshotKeysNewestFirst()) {
      Optional<Blob> blob = store.open(key);
      if (blob.isEmpty()) {
        continue;
      }
      try (Blob b = blob.get();
          InputStream in = b.openStream()) {
        boolean binary = key.toString().endsWith(BINARY);
        return Optional.of(new LoadedSnapshot(binary ? SnapshotBinary.read(in) : snapshotJson.read(in), binary));
      } catch (IOException e) {
        logger.warn("Ignoring unreadable snapshot {}: {}", key, e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** Returns the snapshots' keys, newest serial first and the binary form before the JSON of one serial. */
  private List<BlobKey> snapshotKeysNewestFirst() throws IOException {
    List<BlobKey> keys = new ArrayList<>();
    try (Stream<BlobInfo> list = store.list(SNAPSHOTS)) {
      list.forEach(info -> keys.add(info.key()));
    }
    keys.sort(
        Comparator.comparing((BlobKey k) -> serialPart(k.toString()))
            .thenComparing(k -> k.toString().endsWith(BINARY))
            .reversed());
    return keys;
  }

  /** Returns the serial part of a snapshot key ("…/<20 digits>.json"): the name up to its first dot. */
  private static String serialPart(String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  /**
   * Writes a snapshot in JSON and then in binary, each through a temporary file (never the whole
   * document in memory), and removes the snapshots of all but the two newest serials. The JSON is
   * written first, so a binary snapshot always has its JSON beside it (for older versions and
   * people).
   */
  void writeSnapshot(Snapshot snapshot, Path spoolDirectory) throws IOException {
    // a store may make its spool folder when the first upload needs it: at shutdown there may be none yet
    Files.createDirectories(spoolDirectory);
    put(snapshot, JSON, "application/json", spoolDirectory);
    put(snapshot, BINARY, "application/octet-stream", spoolDirectory);
    List<BlobKey> keys = snapshotKeysNewestFirst();
    List<String> kept = new ArrayList<>();
    for (BlobKey key : keys) {
      String serial = serialPart(key.toString());
      if (!kept.contains(serial)) {
        if (kept.size() == 2) {
          store.delete(key);
          continue;
        }
        kept.add(serial);
      }
    }
  }

  /**
   * Writes the binary form of a snapshot whose JSON is there already (one an older version wrote),
   * so that the next start reads the binary one.
   */
  void writeBinarySnapshot(Snapshot snapshot, Path spoolDirectory) throws IOException {
    Files.createDirectories(spoolDirectory);
    put(snapshot, BINARY, "application/octet-stream", spoolDirectory);
  }

  private void put(Snapshot snapshot, String suffix, String contentType, Path spoolDirectory) throws IOException {
    Path tmp = Files.createTempFile(spoolDirectory, "mypi-snapshot-", suffix);
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
        if (suffix.equals(BINARY)) {
          SnapshotBinary.write(snapshot, out);
        } else {
          snapshotJson.write(snapshot, out);
        }
      }
      try (InputStream in = Files.newInputStream(tmp)) {
        store.put(snapshotKey(snapshot.serial(), suffix), in, PutOptions.builder().contentType(contentType).size(Files.size(tmp)).build());
      } catch (BlobAlreadyExistsException e) {
        // another node wrote the snapshot of this serial: equivalent by construction
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
