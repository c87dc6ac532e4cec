/**
 * Contract test suites for implementations of mypi's SPIs. {@link
 * dev.mypi.testkit.contract.BlobStoreContract} is what every {@link dev.mypi.core.storage.BlobStore}
 * must do; a backend's test extends it:
 *
 * <pre>{@code
 * class FileSystemBlobStoreTest extends BlobStoreContract {
 *   @TempDir Path root;
 *   @Override protected BlobStore newStore() { return FileSystemBlobStore.create(root); }
 * }
 * }</pre>
 */
@org.jspecify.annotations.NullMarked
package dev.mypi.testkit.contract;
