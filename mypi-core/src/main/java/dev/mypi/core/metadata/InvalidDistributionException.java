package dev.mypi.core.metadata;

import dev.mypi.core.MypiException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a distribution file (wheel, sdist, egg) is not a readable archive of its kind, does
 * not hold core metadata where it must, or exceeds a {@link MetadataLimits} setting. The message
 * names the file and the fault:
 *
 * <pre>
 * Invalid distribution 'foo-1.0-py3-none-any.whl': no METADATA in foo-1.0.dist-info
 * Invalid distribution 'foo-1.0.tar.gz': not a gzip-compressed tar archive
 * </pre>
 */
public final class InvalidDistributionException extends MypiException {
  private static final long serialVersionUID = 1L;

  private final String filename;
  private final String fault;

  /** Creates the exception for {@code filename} with {@code fault} describing what is wrong. */
  public InvalidDistributionException(String filename, String fault) {
    this(filename, fault, null);
  }

  /** Creates the exception for {@code filename}, with the low-level failure behind it. */
  public InvalidDistributionException(String filename, String fault, @Nullable Throwable cause) {
    super("Invalid distribution '" + filename + "': " + fault, cause);
    this.filename = filename;
    this.fault = fault;
  }

  /** Returns the name of the distribution file, as given to the reader. */
  public String filename() {
    return filename;
  }

  /** Returns what is wrong with the file, without the filename prefix. */
  public String fault() {
    return fault;
  }
}
