package dev.mypi.http.jetty;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Unmaps a {@link MappedByteBuffer} at once instead of when the garbage collector finds it, so that
 * sending a large file leaves no mapping behind (each one counts in the process's resident set
 * until it is unmapped). Java 17 has no public API for this; {@code sun.misc.Unsafe.invokeCleaner}
 * (module {@code jdk.unsupported}) is the supported-in-practice way. Where it cannot be reached,
 * {@link #available()} is false and the caller does not map.
 *
 * <p>Only a buffer that no one will touch again may be unmapped: touching it afterwards crashes the
 * JVM.
 */
final class Unmapper {
  private final @Nullable MethodHandle invokeCleaner;

  private Unmapper(@Nullable MethodHandle invokeCleaner) {
    this.invokeCleaner = invokeCleaner;
  }

  /** Returns an unmapper, available if this JVM offers {@code Unsafe.invokeCleaner}. */
  static Unmapper create() {
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
      theUnsafe.setAccessible(true);
      MethodHandle cleaner =
          MethodHandles.lookup()
              .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
              .bindTo(theUnsafe.get(null));
      return new Unmapper(cleaner);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new Unmapper(null);
    }
  }

  /** Returns an unmapper that is never available (for tests of the fallback). */
  static Unmapper unavailable() {
    return new Unmapper(null);
  }

  boolean available() {
    return invokeCleaner != null;
  }

  /** Unmaps {@code buffer}, which must not be used afterwards. */
  void unmap(MappedByteBuffer buffer) {
    MethodHandle m = invokeCleaner;
    if (m == null) {
      return;
    }
    try {
      m.invokeExact((ByteBuffer) buffer);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot unmap a file buffer: " + e, e);
    }
  }
}
