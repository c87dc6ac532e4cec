package dev.mypi.server.it;

import dev.mypi.core.ProjectIndex;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.http.MypiServlet;
import dev.mypi.server.MypiServer;
import dev.mypi.storage.fs.FileSystemBlobStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A real mypi server on a free loopback port over a directory, for the integration tests. */
final class RunningIndex implements AutoCloseable {
  final Path root;
  final BlobStore store;
  final ProjectIndex index;
  final MypiServer server;

  private RunningIndex(Path root, UnaryOperator<dev.mypi.core.IndexBuilder> configure) throws IOException {
    this.root = root;
    this.store = FileSystemBlobStore.create(root);
    this.index = configure.apply(ProjectIndex.builder(store).spoolDirectory(root.resolveSibling(root.getFileName() + "-spool"))).build();
    this.server = MypiServer.builder(MypiServlet.builder(index).build()).port(0).requestLog(false).build();
    server.start();
  }

  static RunningIndex start(Path root) throws IOException {
    return new RunningIndex(root, b -> b);
  }

  static RunningIndex start(Path root, UnaryOperator<dev.mypi.core.IndexBuilder> configure) throws IOException {
    return new RunningIndex(root, configure);
  }

  URI url() {
    return server.url();
  }

  String simpleUrl() {
    return server.url() + "simple/";
  }

  String uploadUrl() {
    return server.url() + "legacy/";
  }

  @Override
  public void close() throws IOException {
    try (store;
        index;
        server) {
      // closed in reverse order
    }
  }
}
