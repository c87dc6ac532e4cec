package dev.mypi.testkit.junit5.internal;

import dev.mypi.testkit.MockIndexServer;
import dev.mypi.testkit.junit5.MockIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Starts a {@link MockIndexServer} for every {@link MockIndex} field and parameter and keeps it in
 * the {@link ExtensionContext.Store} of the context it belongs to (the class for static fields,
 * the test for instance fields and parameters), which closes it when that context ends, whatever
 * the outcome. The extension itself holds no state.
 */
public final class MockIndexExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MockIndexExtension.class);

  /** Created by JUnit. */
  public MockIndexExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    for (Field field : annotatedFields(context.getRequiredTestClass())) {
      if (Modifier.isStatic(field.getModifiers())) {
        inject(context, field, null);
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Field field : annotatedFields(instance.getClass())) {
        if (!Modifier.isStatic(field.getModifiers())) {
          inject(context, field, instance);
        }
      }
    }
  }

  private static List<Field> annotatedFields(Class<?> type) {
    return AnnotationSupport.findAnnotatedFields(type, MockIndex.class, f -> true, HierarchyTraversalMode.TOP_DOWN);
  }

  private static void inject(ExtensionContext context, Field field, @org.jspecify.annotations.Nullable Object instance) {
    if (field.getType() != MockIndexServer.class) {
      throw new ExtensionConfigurationException("@MockIndex field " + field + " must be of type MockIndexServer");
    }
    MockIndexServer server = started(context.getStore(NAMESPACE), field);
    try {
      field.setAccessible(true);
      field.set(instance, server);
    } catch (IllegalAccessException e) {
      throw new ExtensionConfigurationException("Cannot assign @MockIndex field " + field, e);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.isAnnotated(MockIndex.class) && parameter.getParameter().getType() == MockIndexServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return started(context.getStore(NAMESPACE), List.of(parameter.getDeclaringExecutable(), parameter.getIndex()));
  }

  private static MockIndexServer started(ExtensionContext.Store store, Object key) {
    return store.getOrComputeIfAbsent(key, k -> new StartedServer(), StartedServer.class).server;
  }

  /** A started server as a store value that JUnit closes with its context. */
  private static final class StartedServer implements ExtensionContext.Store.CloseableResource {
    private final MockIndexServer server;

    StartedServer() {
      try {
        this.server = MockIndexServer.create().start();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start a MockIndexServer", e);
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
