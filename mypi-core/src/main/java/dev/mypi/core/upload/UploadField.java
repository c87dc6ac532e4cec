package dev.mypi.core.upload;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Optional;

/**
 * The form fields of a legacy upload that {@link Upload} knows by name (PROTOCOL §6.2): the control
 * fields and the core-metadata fields twine, poetry and uv send. Each has its form name, any alias
 * clients also use, and whether it is multi-use (sent once per value).
 */
public enum UploadField {
  /** {@code :action}. */
  ACTION(":action"),
  /** {@code protocol_version}. */
  PROTOCOL_VERSION("protocol_version"),
  /** {@code filetype}: {@code sdist}, {@code bdist_wheel}, … */
  FILETYPE("filetype"),
  /** {@code pyversion}: {@code source} for an sdist, the python tag of a wheel. */
  PYVERSION("pyversion"),
  /** {@code md5_digest}. */
  MD5_DIGEST("md5_digest"),
  /** {@code sha256_digest}. */
  SHA256_DIGEST("sha256_digest"),
  /** {@code blake2_256_digest}. */
  BLAKE2_256_DIGEST("blake2_256_digest"),
  /** {@code comment}. */
  COMMENT("comment"),
  /** {@code metadata_version}: Metadata-Version. */
  METADATA_VERSION("metadata_version"),
  /** {@code name}: Name. */
  NAME("name"),
  /** {@code version}: Version. */
  VERSION("version"),
  /** {@code summary}: Summary. */
  SUMMARY("summary"),
  /** {@code description}: Description, the long text. */
  DESCRIPTION("description"),
  /** {@code description_content_type}: Description-Content-Type. */
  DESCRIPTION_CONTENT_TYPE("description_content_type"),
  /** {@code keywords}: Keywords, one comma-joined string. */
  KEYWORDS("keywords"),
  /** {@code home_page}: Home-page. */
  HOME_PAGE("home_page"),
  /** {@code download_url}: Download-URL. */
  DOWNLOAD_URL("download_url"),
  /** {@code author}: Author. */
  AUTHOR("author"),
  /** {@code author_email}: Author-email. */
  AUTHOR_EMAIL("author_email"),
  /** {@code maintainer}: Maintainer. */
  MAINTAINER("maintainer"),
  /** {@code maintainer_email}: Maintainer-email. */
  MAINTAINER_EMAIL("maintainer_email"),
  /** {@code license}: License. */
  LICENSE("license"),
  /** {@code license_expression}: License-Expression. */
  LICENSE_EXPRESSION("license_expression"),
  /** {@code requires_python}: Requires-Python. */
  REQUIRES_PYTHON("requires_python"),
  /** {@code classifiers} (plural): Classifier, multi-use. */
  CLASSIFIERS(true, "classifiers"),
  /** {@code requires_dist}: Requires-Dist, multi-use. */
  REQUIRES_DIST(true, "requires_dist"),
  /** {@code project_urls}: Project-URL, multi-use, each {@code "Label, https://url"}. */
  PROJECT_URLS(true, "project_urls"),
  /** {@code provides_extra}: Provides-Extra, multi-use. */
  PROVIDES_EXTRA(true, "provides_extra"),
  /** {@code dynamic}: Dynamic, multi-use. */
  DYNAMIC(true, "dynamic"),
  /** {@code license_file} (singular): License-File, multi-use. */
  LICENSE_FILE(true, "license_file"),
  /** {@code platform} (singular): Platform, multi-use. */
  PLATFORM(true, "platform"),
  /** {@code supported_platform} (singular): Supported-Platform, multi-use. */
  SUPPORTED_PLATFORM(true, "supported_platform"),
  /** {@code requires_external}: Requires-External, multi-use. */
  REQUIRES_EXTERNAL(true, "requires_external"),
  /** {@code provides_dist}: Provides-Dist, multi-use. */
  PROVIDES_DIST(true, "provides_dist"),
  /** {@code obsoletes_dist}: Obsoletes-Dist, multi-use. */
  OBSOLETES_DIST(true, "obsoletes_dist"),
  /** {@code requires}: Requires (metadata 1.1), multi-use. */
  REQUIRES(true, "requires"),
  /** {@code provides}: Provides (metadata 1.1), multi-use. */
  PROVIDES(true, "provides"),
  /** {@code obsoletes}: Obsoletes (metadata 1.1), multi-use. */
  OBSOLETES(true, "obsoletes"),
  /** {@code import_name}, or {@code import_names} as uv spells it: Import-Name, multi-use. */
  IMPORT_NAMES(true, "import_name", "import_names"),
  /**
   * {@code import_namespace}, or {@code import_namespaces} as uv spells it: Import-Namespace,
   * multi-use.
   */
  IMPORT_NAMESPACES(true, "import_namespace", "import_namespaces");

  private static final ImmutableMap<String, UploadField> BY_FORM_NAME;

  static {
    ImmutableMap.Builder<String, UploadField> byName = ImmutableMap.builder();
    for (UploadField field : values()) {
      for (String name : field.formNames) {
        byName.put(name, field);
      }
    }
    BY_FORM_NAME = byName.buildOrThrow();
  }

  private final boolean multiple;
  private final ImmutableList<String> formNames;

  UploadField(String formName) {
    this(false, formName);
  }

  UploadField(boolean multiple, String... formNames) {
    this.multiple = multiple;
    this.formNames = ImmutableList.copyOf(formNames);
  }

  /** Returns the field with form name {@code formName} (exact, case-sensitive), if any. */
  public static Optional<UploadField> forFormName(String formName) {
    return Optional.ofNullable(BY_FORM_NAME.get(formName));
  }

  /** Returns the form name warehouse reads, e.g. {@code classifiers} or {@code import_name}. */
  public String formName() {
    return formNames.get(0);
  }

  /** Returns every form name accepted for this field, {@link #formName()} first. */
  public ImmutableList<String> formNames() {
    return formNames;
  }

  /** Returns whether the field is multi-use: sent once per value, kept as a list. */
  public boolean isMultiple() {
    return multiple;
  }
}
