package dev.mypi.server.examples;

import dev.mypi.core.ProjectIndex;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.http.MypiServlet;
import dev.mypi.storage.fs.FileSystemBlobStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/** mypi mounted at {@code /pypi/} of a plain Jetty 12 server. */
public final class PlainJettyExample {
  private PlainJettyExample() {}

  /** Serves {@code ./packages} at {@code http://127.0.0.1:8080/pypi/}. */
  public static void main(String[] args) throws Exception {
    try (BlobStore store = FileSystemBlobStore.create(Path.of("packages"));
        ProjectIndex index = ProjectIndex.builder(store).build()) {
      Server server = newServer(index, new InetSocketAddress("127.0.0.1", 8080));
      server.start(); // pip install --index-url http://127.0.0.1:8080/pypi/simple/ ...
      server.join();
    }
  }

  /** Returns a Jetty server, not started yet, with mypi mounted at {@code /pypi/}. */
  public static Server newServer(ProjectIndex index, InetSocketAddress address) {
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder("mypi", MypiServlet.builder(index).build()), "/pypi/*");
    Server server = new Server(address);
    server.setHandler(context);
    return server;
  }
}
