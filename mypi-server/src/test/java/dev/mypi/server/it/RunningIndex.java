package dev.mypi.server.it;

import dev.mypi.core.ProjectIndex;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.http.MypiServlet;
import dev.mypi.server.MypiServer;
import dev.mypi.storage.fs.FileSystemBlobStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** A real mypi server on a free loopback port over a directory, for the integration tests. */
final class RunningIndex implements AutoCloseable {
  final Path root;
  final BlobStore store;
  final ProjectIndex index;
  final MypiServer server;

  private RunningIndex(
      Path root,
      UnaryOperator<dev.mypi.core.IndexBuilder> configure,
      Function<BlobStore, UnaryOperator<MypiServlet.Builder>> servlet,
      UnaryOperator<MypiServer.Builder> serverOptions)
      throws IOException {
    this.root = root;
    this.store = FileSystemBlobStore.create(root);
    this.index = configure.apply(ProjectIndex.builder(store).spoolDirectory(root.resolveSibling(root.getFileName() + "-spool"))).build();
    MypiServlet mypi = servlet.apply(store).apply(MypiServlet.builder(index)).build();
    this.server = serverOptions.apply(MypiServer.builder(mypi).port(0).requestLog(false)).build();
    server.start();
  }

  static RunningIndex start(Path root) throws IOException {
    return new RunningIndex(root, b -> b, store -> b -> b, b -> b);
  }

  static RunningIndex start(Path root, UnaryOperator<dev.mypi.core.IndexBuilder> configure) throws IOException {
    return new RunningIndex(root, configure, store -> b -> b, b -> b);
  }

  /**
   * Starts a server whose servlet is configured by {@code servlet} (given the store, e.g. for its
   * API tokens) and whose Jetty options by {@code serverOptions}.
   */
  static RunningIndex start(
      Path root, Function<BlobStore, UnaryOperator<MypiServlet.Builder>> servlet, UnaryOperator<MypiServer.Builder> serverOptions)
      throws IOException {
    return new RunningIndex(root, b -> b, servlet, serverOptions);
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
