package dev.mypi.core.internal.metadata;

import com.google.common.collect.ImmutableMap;
import java.util.Locale;
import java.util.Optional;

/**
 * The fields of the core-metadata specification (versions 1.0 to 2.5), in the order the
 * specification lists them, with their canonical header spelling and whether they may repeat.
 */
public enum MetadataField {
  METADATA_VERSION("Metadata-Version", false),
  NAME("Name", false),
  VERSION("Version", false),
  DYNAMIC("Dynamic", true),
  PLATFORM("Platform", true),
  SUPPORTED_PLATFORM("Supported-Platform", true),
  SUMMARY("Summary", false),
  DESCRIPTION("Description", false),
  DESCRIPTION_CONTENT_TYPE("Description-Content-Type", false),
  KEYWORDS("Keywords", false),
  HOME_PAGE("Home-page", false),
  DOWNLOAD_URL("Download-URL", false),
  AUTHOR("Author", false),
  AUTHOR_EMAIL("Author-email", false),
  MAINTAINER("Maintainer", false),
  MAINTAINER_EMAIL("Maintainer-email", false),
  LICENSE("License", false),
  LICENSE_EXPRESSION("License-Expression", false),
  LICENSE_FILE("License-File", true),
  CLASSIFIER("Classifier", true),
  REQUIRES_DIST("Requires-Dist", true),
  REQUIRES_PYTHON("Requires-Python", false),
  REQUIRES_EXTERNAL("Requires-External", true),
  PROJECT_URL("Project-URL", true),
  PROVIDES_EXTRA("Provides-Extra", true),
  PROVIDES_DIST("Provides-Dist", true),
  OBSOLETES_DIST("Obsoletes-Dist", true),
  REQUIRES("Requires", true),
  PROVIDES("Provides", true),
  OBSOLETES("Obsoletes", true),
  IMPORT_NAME("Import-Name", true),
  IMPORT_NAMESPACE("Import-Namespace", true);

  private static final ImmutableMap<String, MetadataField> BY_KEY;

  static {
    ImmutableMap.Builder<String, MetadataField> byKey = ImmutableMap.builder();
    for (MetadataField field : values()) {
      byKey.put(field.key(), field);
    }
    BY_KEY = byKey.buildOrThrow();
  }

  private final String headerName;
  private final boolean multipleUse;

  MetadataField(String headerName, boolean multipleUse) {
    this.headerName = headerName;
    this.multipleUse = multipleUse;
  }

  /** Returns the field for a header name in any letter case, or empty for an unknown header. */
  public static Optional<MetadataField> forHeader(String name) {
    return Optional.ofNullable(BY_KEY.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Returns the header name as the specification spells it, e.g. {@code Home-page}. */
  public String headerName() {
    return headerName;
  }

  /** Returns the lower-case header name, the key used for lookups. */
  public String key() {
    return headerName.toLowerCase(Locale.ROOT);
  }

  /** Returns whether the field may appear more than once. */
  public boolean multipleUse() {
    return multipleUse;
  }
}
