package dev.mypi.core.internal.index;

import com.google.common.collect.ImmutableSet;
import dev.mypi.core.FileExistsException;
import dev.mypi.core.ForbiddenException;
import dev.mypi.core.ProjectStatusException;
import dev.mypi.core.PublishResult;
import dev.mypi.core.UploadPermission;
import dev.mypi.core.internal.upload.SpoolWriter;
import dev.mypi.core.metadata.DistributionContents;
import dev.mypi.core.metadata.MetadataReader;
import dev.mypi.core.name.DistributionFilename;
import dev.mypi.core.name.DistributionType;
import dev.mypi.core.storage.BlobAlreadyExistsException;
import dev.mypi.core.storage.BlobKey;
import dev.mypi.core.storage.PutOptions;
import dev.mypi.core.upload.InvalidUploadException;
import dev.mypi.core.upload.Upload;
import dev.mypi.core.upload.UploadAction;
import dev.mypi.core.upload.UploadParser;
import dev.mypi.core.upload.UploadRules;
import dev.mypi.core.upload.UploadedFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload use case: parse the multipart body, streaming the file part to a spool file while it
 * is hashed (SHA-256 on this thread; MD5 and BLAKE2b only when the rules verify them, on worker
 * threads for large files; the spool file is written on a second thread for large files, {@link
 * SpoolWriter}); check the form, the filename and the archive's metadata; store the file and its PEP
 * 658 metadata under content-addressed keys (a file-system store links the spool file into place
 * rather than copying it); record the change. Nothing is listed before the
 * journal entry is written, and a failed upload leaves no blob behind that a record points to.
 */
final class Publisher {
  private static final Logger logger = LoggerFactory.getLogger(Publisher.class);

  private final StoredProjectIndex index;
  private final StoredProjectIndex.Settings settings;
  private final UploadParser parser;
  private final UploadRules rules;
  private final MetadataReader reader;

  Publisher(StoredProjectIndex index, StoredProjectIndex.Settings settings) {
    this.index = index;
    this.settings = settings;
    this.rules = UploadRules.builder().verifyAllDigests(settings.verifyAllDigests()).build();
    this.parser = UploadParser.create(settings.uploadLimits(), rules);
    this.reader = MetadataReader.create(settings.metadataLimits());
  }

  PublishResult publish(@Nullable String contentType, InputStream body, UploadPermission permission) throws IOException {
    Files.createDirectories(settings.spoolDirectory());
    Path spool = Files.createTempFile(settings.spoolDirectory(), "mypi-upload-", ".part");
    try {
      Upload upload = parser.parse(contentType, body, (filename, content) -> SpoolWriter.write(content, spool));
      if (upload.action() == UploadAction.NO_OP) {
        return PublishResult.NOTHING_TO_DO;
      }
      upload = rules.check(upload);
      UploadedFile file = upload.content().orElseThrow(() -> new InvalidUploadException("Upload payload does not have a file."));
      DistributionFilename dist = UploadChecks.parseFilename(file.filename());
      DistributionContents contents = reader.inspect(spool, file.filename());
      UploadChecks.Checked checked = UploadChecks.check(upload, dist, contents, settings.allowLocalVersions());
      // Refuse early, before writing any blob; the check that counts runs again with the commit.
      String project = checked.project().normalized();
      ProjectState current = index.state(project).orElse(null);
      permission.check(project, current != null, current == null ? ImmutableSet.of() : current.owners());
      return store(upload, file, checked, spool, permission);
    } finally {
      Files.deleteIfExists(spool);
    }
  }

  private PublishResult store(Upload upload, UploadedFile file, UploadChecks.Checked checked, Path spool, UploadPermission permission)
      throws IOException {
    String project = checked.project().normalized();
    String sha256 = file.digests().sha256();
    BlobKey fileKey = BlobKey.of(FileRecord.filesKey(project, sha256, file.filename()));
    boolean createdFile = putIfAbsent(fileKey, spool, sha256, file.size());
    String metadataKey = null;
    String metadataSha256 = null;
    boolean createdMetadata = false;
    if (checked.filename().type() == DistributionType.WHEEL) {
      byte[] raw = checked.metadata().raw();
      metadataSha256 = FileHashes.sha256(raw);
      BlobKey key = BlobKey.of(FileRecord.filesKey(project, sha256, file.filename() + ".metadata"));
      metadataKey = key.toString();
      createdMetadata = putIfAbsent(key, raw, metadataSha256);
    }
    FileRecord record =
        new FileRecord(
            file.filename(),
            checked.version().toString(),
            fileKey.toString(),
            file.size(),
            sha256,
            file.digests().md5(),
            file.digests().blake2b256(),
            checked.metadata().requiresPython().orElse(null),
            metadataKey,
            metadataSha256,
            index.now().toString(),
            upload.filetype().orElse(checked.filename().type().filetype()),
            upload.pyversion().orElse(""),
            false,
            null);
    try {
      PublishResult result = index.commitFile(checked.project(), record, permission);
      if (result == PublishResult.ALREADY_EXISTED && (createdFile || createdMetadata)) {
        // The identical file is recorded under another key (it was found in the store, not
        // uploaded): the copies we just wrote are referenced by no record.
        FileRecord existing = index.state(project).map(p -> p.files().get(file.filename())).orElse(null);
        if (createdFile && (existing == null || !existing.blobKey().equals(fileKey.toString()))) {
          index.store().delete(fileKey);
        }
        if (createdMetadata && metadataKey != null && (existing == null || !metadataKey.equals(existing.metadataKey()))) {
          index.store().delete(BlobKey.of(metadataKey));
        }
      }
      logger.info("Upload of {} ({} bytes) to '{}' by {}: {}", file.filename(), file.size(), project,
          permission.uploader() == null ? "an anonymous user" : "'" + permission.uploader() + "'", result);
      return result;
    } catch (FileExistsException | ProjectStatusException | ForbiddenException e) {
      // Our blobs are under a key that includes our content hash: no record can point to them.
      if (createdFile) {
        index.store().delete(fileKey);
      }
      if (createdMetadata && metadataKey != null) {
        index.store().delete(BlobKey.of(metadataKey));
      }
      throw e;
    }
  }

  /**
   * Stores the spool file at {@code key}; returns false when identical content was already there.
   * The SHA-256 is the one the parser computed over the bytes it wrote to the spool file, so the
   * store need not hash them again; a store that keeps files on the spool's file system links the
   * spool file instead of copying it.
   */
  private boolean putIfAbsent(BlobKey key, Path file, String sha256, long size) throws IOException {
    try {
      index.store().put(key, file,
          PutOptions.builder().sha256(sha256).verifySha256(false).size(size).contentType("application/octet-stream").build());
      return true;
    } catch (BlobAlreadyExistsException e) {
      return false; // the key contains the content hash: what is there is what we would write
    }
  }

  private boolean putIfAbsent(BlobKey key, byte[] data, String sha256) throws IOException {
    try {
      index.store().put(key, new ByteArrayInputStream(data), PutOptions.builder().sha256(sha256).size(data.length).contentType("text/plain").build());
      return true;
    } catch (BlobAlreadyExistsException e) {
      return false;
    }
  }
}
