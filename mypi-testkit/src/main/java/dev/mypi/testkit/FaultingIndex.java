package dev.mypi.testkit;

import com.google.common.collect.ImmutableList;
import dev.mypi.core.IndexedFile;
import dev.mypi.core.ProjectIndex;
import dev.mypi.core.PublishResult;
import dev.mypi.core.UploadPermission;
import com.google.common.collect.ImmutableSet;
import dev.mypi.core.RenderedPage;
import dev.mypi.core.simple.FileEntry;
import dev.mypi.core.simple.Hashes;
import dev.mypi.core.simple.PageRenderer;
import dev.mypi.core.simple.ProjectList;
import dev.mypi.core.simple.ProjectPage;
import dev.mypi.core.simple.ProjectStatus;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.core.storage.Blob;
import dev.mypi.core.storage.ByteRange;
import dev.mypi.testkit.internal.Archives;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The index as the servlet sees it: the real one, except that project pages are re-rendered from
 * a modified {@link ProjectPage} while an advertised-hash {@link Fault} matches some of its files.
 */
final class FaultingIndex implements ProjectIndex {
  private final ProjectIndex delegate;
  private final Faults faults;

  FaultingIndex(ProjectIndex delegate, Faults faults) {
    this.delegate = delegate;
    this.faults = faults;
  }

  @Override
  public ProjectList projects() {
    return delegate.projects();
  }

  @Override
  public Optional<ProjectPage> project(String normalizedName) {
    return delegate.project(normalizedName).map(this::withFaults);
  }

  private ProjectPage withFaults(ProjectPage page) {
    ImmutableList<Fault> pageFaults = faults.pageFaults();
    if (pageFaults.isEmpty()) {
      return page;
    }
    String project = page.name().normalized();
    Set<Fault> used = new HashSet<>();
    ProjectPage.Builder b = page.toBuilder().clearFiles();
    boolean changed = false;
    for (FileEntry file : page.files()) {
      Fault fault = firstMatch(pageFaults, "/files/" + project + "/" + file.filename(), used);
      if (fault == null) {
        b.addFile(file);
        continue;
      }
      String real = file.hashes().sha256().orElse("");
      String advertised = fault.advertisedSha256();
      String wrong = advertised != null ? advertised : Archives.sha256Hex(Archives.utf8("not the sha256 of " + real));
      b.addFile(file.toBuilder().hashes(Hashes.sha256(wrong)).build());
      changed = true;
    }
    return changed ? b.build() : page;
  }

  private static @Nullable Fault firstMatch(ImmutableList<Fault> pageFaults, String path, Set<Fault> used) {
    for (Fault f : pageFaults) {
      if (f.matches("GET", path) && (used.contains(f) || f.tryUse())) {
        used.add(f);
        return f;
      }
    }
    return null;
  }

  @Override
  public RenderedPage renderProjects(SimpleFormat format) {
    return delegate.renderProjects(format);
  }

  @Override
  public Optional<RenderedPage> renderProject(String normalizedName, SimpleFormat format) {
    if (faults.pageFaults().isEmpty()) {
      return delegate.renderProject(normalizedName, format);
    }
    Optional<ProjectPage> original = delegate.project(normalizedName);
    if (original.isEmpty()) {
      return Optional.empty();
    }
    ProjectPage page = withFaults(original.get());
    if (page == original.get()) {
      return delegate.renderProject(normalizedName, format);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PageRenderer.forFormat(format).render(page, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] body = out.toByteArray();
    return Optional.of(new RenderedPage(format, body, "\"fault-" + Archives.sha256Hex(body) + "\"", page.lastSerial()));
  }

  @Override
  public Optional<IndexedFile> file(String normalizedName, String filename) {
    return delegate.file(normalizedName, filename);
  }

  @Override
  public Optional<Blob> openFile(String normalizedName, String filename) throws IOException {
    return delegate.openFile(normalizedName, filename);
  }

  @Override
  public Optional<Blob> openFile(String normalizedName, String filename, ByteRange range) throws IOException {
    return delegate.openFile(normalizedName, filename, range);
  }

  @Override
  public Optional<Blob> openCoreMetadata(String normalizedName, String filename) throws IOException {
    return delegate.openCoreMetadata(normalizedName, filename);
  }

  @Override
  public PublishResult publish(@Nullable String contentType, InputStream body, UploadPermission permission)
      throws IOException {
    return delegate.publish(contentType, body, permission);
  }

  @Override
  public ImmutableSet<String> owners(String normalizedName) {
    return delegate.owners(normalizedName);
  }

  @Override
  public void yank(String normalizedName, String version, String reason) throws IOException {
    delegate.yank(normalizedName, version, reason);
  }

  @Override
  public void unyank(String normalizedName, String version) throws IOException {
    delegate.unyank(normalizedName, version);
  }

  @Override
  public void deleteFile(String normalizedName, String filename) throws IOException {
    delegate.deleteFile(normalizedName, filename);
  }

  @Override
  public void setStatus(String normalizedName, ProjectStatus status, @Nullable String reason) throws IOException {
    delegate.setStatus(normalizedName, status, reason);
  }

  @Override
  public long serial() {
    return delegate.serial();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
