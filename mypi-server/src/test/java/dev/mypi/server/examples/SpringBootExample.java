package dev.mypi.server.examples;

import dev.mypi.core.ProjectIndex;
import dev.mypi.core.storage.BlobStore;
import dev.mypi.http.MypiServlet;
import dev.mypi.storage.fs.FileSystemBlobStore;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** mypi mounted at {@code /pypi/} of a Spring Boot web application. */
@Configuration(proxyBeanMethods = false)
public class SpringBootExample {

  /** The storage: a folder, {@code mypi.root} in the application properties. */
  @Bean(destroyMethod = "close")
  public BlobStore mypiStore(@Value("${mypi.root:packages}") Path root) {
    return FileSystemBlobStore.create(root);
  }

  /** The index over the storage. */
  @Bean(destroyMethod = "close")
  public ProjectIndex mypiIndex(BlobStore mypiStore) throws IOException {
    return ProjectIndex.builder(mypiStore).build();
  }

  /** Mounts mypi at {@code /pypi/}: pip uses {@code /pypi/simple/}, twine {@code /pypi/legacy/}. */
  @Bean
  public ServletRegistrationBean<MypiServlet> mypiServlet(ProjectIndex mypiIndex) {
    ServletRegistrationBean<MypiServlet> registration =
        new ServletRegistrationBean<>(MypiServlet.builder(mypiIndex).build(), "/pypi/*");
    registration.setName("mypi");
    return registration;
  }
}
