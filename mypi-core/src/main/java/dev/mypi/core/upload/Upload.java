package dev.mypi.core.upload;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ListMultimap;
import com.google.common.collect.MultimapBuilder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One legacy upload request as parsed from its form: the control fields ({@code :action}, {@code
 * protocol_version}, {@code filetype}, {@code pyversion}, the digests the client sent, {@code
 * comment}), the core-metadata fields twine sends, any other fields, and the distribution file part
 * (its name, size and the digests computed while it streamed).
 *
 * <pre>{@code
 * Upload upload = Upload.builder()
 *     .action("file_upload").protocolVersion("1")
 *     .name("foo").version("1.0").filetype("bdist_wheel").pyversion("py3")
 *     .sha256Digest("ab12…")
 *     .content(new UploadedFile("foo-1.0-py3-none-any.whl", 1234, digests))
 *     .build();
 * }</pre>
 *
 * <p>Absent single-use fields are {@link Optional#empty()}, absent multi-use fields empty lists.
 * Nothing here is validated beyond the parser's sanitising: {@link UploadRules#check} applies the
 * form rules, and what needs versions, filenames or the archive's metadata comes later.
 */
public final class Upload {
  private final ImmutableListMultimap<UploadField, String> fields;
  private final ImmutableListMultimap<String, String> otherFields;
  private final @Nullable UploadedFile content;

  private Upload(Builder builder) {
    ImmutableListMultimap.Builder<UploadField, String> all = ImmutableListMultimap.builder();
    builder.fields.forEach(all::putAll);
    this.fields = all.build();
    this.otherFields = ImmutableListMultimap.copyOf(builder.otherFields);
    this.content = builder.content;
  }

  /** Returns an empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding everything this upload holds. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    fields.asMap().forEach((field, values) -> builder.fields.put(field, new ArrayList<>(values)));
    builder.otherFields.putAll(otherFields);
    builder.content = content;
    return builder;
  }

  /** Returns the value of single-use field {@code field}, if it was sent. */
  public Optional<String> value(UploadField field) {
    if (field.isMultiple()) {
      throw new IllegalArgumentException(field + " is multi-use; call values()");
    }
    ImmutableList<String> values = fields.get(field);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Returns the values of {@code field} in the order sent; empty if it was not sent. */
  public ImmutableList<String> values(UploadField field) {
    return fields.get(field);
  }

  /** Returns every known field that was sent, in {@link UploadField} order. */
  public ImmutableListMultimap<UploadField, String> fields() {
    return fields;
  }

  /** Returns the fields {@link UploadField} does not know (e.g. {@code attestations}), as sent. */
  public ImmutableListMultimap<String, String> otherFields() {
    return otherFields;
  }

  /** Returns the distribution file part, if the upload had one. */
  public Optional<UploadedFile> content() {
    return Optional.ofNullable(content);
  }

  /** Returns the kind of {@code :action}; {@link UploadAction#UNKNOWN} if none was sent. */
  public UploadAction action() {
    return UploadAction.of(actionName().orElse(null));
  }

  /** Returns {@code :action} as sent, e.g. {@code file_upload}. */
  public Optional<String> actionName() {
    return value(UploadField.ACTION);
  }

  /** Returns {@code protocol_version} as sent (PyPI treats a missing one as {@code 1}). */
  public Optional<String> protocolVersion() {
    return value(UploadField.PROTOCOL_VERSION);
  }

  /** Returns {@code filetype}, e.g. {@code sdist} or {@code bdist_wheel}. */
  public Optional<String> filetype() {
    return value(UploadField.FILETYPE);
  }

  /** Returns {@code pyversion}, e.g. {@code source} or {@code py3}. */
  public Optional<String> pyversion() {
    return value(UploadField.PYVERSION);
  }

  /** Returns {@code md5_digest} as the client sent it. */
  public Optional<String> md5Digest() {
    return value(UploadField.MD5_DIGEST);
  }

  /** Returns {@code sha256_digest} as the client sent it. */
  public Optional<String> sha256Digest() {
    return value(UploadField.SHA256_DIGEST);
  }

  /** Returns {@code blake2_256_digest} as the client sent it. */
  public Optional<String> blake2256Digest() {
    return value(UploadField.BLAKE2_256_DIGEST);
  }

  /** Returns {@code comment} ({@code twine --comment}). */
  public Optional<String> comment() {
    return value(UploadField.COMMENT);
  }

  /** Returns {@code metadata_version} (Metadata-Version). */
  public Optional<String> metadataVersion() {
    return value(UploadField.METADATA_VERSION);
  }

  /** Returns {@code name} (Name), as the client spelt it. */
  public Optional<String> name() {
    return value(UploadField.NAME);
  }

  /** Returns {@code version} (Version), as the client spelt it. */
  public Optional<String> version() {
    return value(UploadField.VERSION);
  }

  /** Returns {@code summary} (Summary). */
  public Optional<String> summary() {
    return value(UploadField.SUMMARY);
  }

  /** Returns {@code description} (Description). */
  public Optional<String> description() {
    return value(UploadField.DESCRIPTION);
  }

  /** Returns {@code description_content_type} (Description-Content-Type). */
  public Optional<String> descriptionContentType() {
    return value(UploadField.DESCRIPTION_CONTENT_TYPE);
  }

  /** Returns {@code keywords} (Keywords), one comma-joined string. */
  public Optional<String> keywords() {
    return value(UploadField.KEYWORDS);
  }

  /** Returns {@code home_page} (Home-page). */
  public Optional<String> homePage() {
    return value(UploadField.HOME_PAGE);
  }

  /** Returns {@code download_url} (Download-URL). */
  public Optional<String> downloadUrl() {
    return value(UploadField.DOWNLOAD_URL);
  }

  /** Returns {@code author} (Author). */
  public Optional<String> author() {
    return value(UploadField.AUTHOR);
  }

  /** Returns {@code author_email} (Author-email). */
  public Optional<String> authorEmail() {
    return value(UploadField.AUTHOR_EMAIL);
  }

  /** Returns {@code maintainer} (Maintainer). */
  public Optional<String> maintainer() {
    return value(UploadField.MAINTAINER);
  }

  /** Returns {@code maintainer_email} (Maintainer-email). */
  public Optional<String> maintainerEmail() {
    return value(UploadField.MAINTAINER_EMAIL);
  }

  /** Returns {@code license} (License). */
  public Optional<String> license() {
    return value(UploadField.LICENSE);
  }

  /** Returns {@code license_expression} (License-Expression). */
  public Optional<String> licenseExpression() {
    return value(UploadField.LICENSE_EXPRESSION);
  }

  /** Returns {@code requires_python} (Requires-Python). */
  public Optional<String> requiresPython() {
    return value(UploadField.REQUIRES_PYTHON);
  }

  /** Returns {@code classifiers} (Classifier). */
  public ImmutableList<String> classifiers() {
    return values(UploadField.CLASSIFIERS);
  }

  /** Returns {@code requires_dist} (Requires-Dist). */
  public ImmutableList<String> requiresDist() {
    return values(UploadField.REQUIRES_DIST);
  }

  /** Returns {@code project_urls} (Project-URL), each {@code "Label, https://url"}. */
  public ImmutableList<String> projectUrls() {
    return values(UploadField.PROJECT_URLS);
  }

  /** Returns {@code provides_extra} (Provides-Extra). */
  public ImmutableList<String> providesExtra() {
    return values(UploadField.PROVIDES_EXTRA);
  }

  /** Returns {@code dynamic} (Dynamic). */
  public ImmutableList<String> dynamic() {
    return values(UploadField.DYNAMIC);
  }

  /** Returns {@code license_file} (License-File). */
  public ImmutableList<String> licenseFiles() {
    return values(UploadField.LICENSE_FILE);
  }

  /** Returns {@code platform} (Platform). */
  public ImmutableList<String> platforms() {
    return values(UploadField.PLATFORM);
  }

  /** Returns {@code supported_platform} (Supported-Platform). */
  public ImmutableList<String> supportedPlatforms() {
    return values(UploadField.SUPPORTED_PLATFORM);
  }

  /** Returns {@code requires_external} (Requires-External). */
  public ImmutableList<String> requiresExternal() {
    return values(UploadField.REQUIRES_EXTERNAL);
  }

  /** Returns {@code provides_dist} (Provides-Dist). */
  public ImmutableList<String> providesDist() {
    return values(UploadField.PROVIDES_DIST);
  }

  /** Returns {@code obsoletes_dist} (Obsoletes-Dist). */
  public ImmutableList<String> obsoletesDist() {
    return values(UploadField.OBSOLETES_DIST);
  }

  /** Returns {@code requires} (Requires, metadata 1.1). */
  public ImmutableList<String> requires() {
    return values(UploadField.REQUIRES);
  }

  /** Returns {@code provides} (Provides, metadata 1.1). */
  public ImmutableList<String> provides() {
    return values(UploadField.PROVIDES);
  }

  /** Returns {@code obsoletes} (Obsoletes, metadata 1.1). */
  public ImmutableList<String> obsoletes() {
    return values(UploadField.OBSOLETES);
  }

  /** Returns {@code import_name} / {@code import_names} (Import-Name), both spellings merged. */
  public ImmutableList<String> importNames() {
    return values(UploadField.IMPORT_NAMES);
  }

  /**
   * Returns {@code import_namespace} / {@code import_namespaces} (Import-Namespace), both spellings
   * merged.
   */
  public ImmutableList<String> importNamespaces() {
    return values(UploadField.IMPORT_NAMESPACES);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Upload)) {
      return false;
    }
    Upload that = (Upload) o;
    return fields.equals(that.fields)
        && otherFields.equals(that.otherFields)
        && Objects.equals(content, that.content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fields, otherFields, content);
  }

  /** Returns a short summary: action, name, version, filetype and file; not the description. */
  @Override
  public String toString() {
    return "Upload{action="
        + actionName().orElse("")
        + ", name="
        + name().orElse("")
        + ", version="
        + version().orElse("")
        + ", filetype="
        + filetype().orElse("")
        + ", content="
        + (content == null ? "none" : content.filename() + " (" + content.size() + " bytes)")
        + "}";
  }

  /** Builds an {@link Upload}; for tests and for callers that receive uploads another way. */
  public static final class Builder {
    private final EnumMap<UploadField, List<String>> fields = new EnumMap<>(UploadField.class);
    private final ListMultimap<String, String> otherFields =
        MultimapBuilder.linkedHashKeys().arrayListValues().build();
    private @Nullable UploadedFile content;

    private Builder() {}

    /**
     * Adds a field exactly as it arrived in an upload form, applying PyPI's sanitising: a value that
     * is {@code UNKNOWN} (after trimming) or empty counts as absent; a known name goes to its
     * {@link UploadField} (either spelling of the import fields), any other name to {@link
     * Upload#otherFields()}.
     *
     * @throws InvalidUploadException {@code '<name>' has invalid data} if a single-use field is sent
     *     a second time
     */
    public Builder formField(String name, String value) {
      if (value.isEmpty() || value.strip().equals("UNKNOWN")) {
        return this;
      }
      Optional<UploadField> known = UploadField.forFormName(name);
      if (known.isEmpty()) {
        otherFields.put(name, value);
        return this;
      }
      UploadField field = known.get();
      List<String> values = fields.computeIfAbsent(field, f -> new ArrayList<>());
      if (!field.isMultiple() && !values.isEmpty()) {
        throw new InvalidUploadException("'" + name + "' has invalid data");
      }
      values.add(value);
      return this;
    }

    /** Sets single- or multi-use {@code field} to the one value {@code value}, replacing any. */
    public Builder set(UploadField field, String value) {
      List<String> values = new ArrayList<>();
      values.add(value);
      fields.put(field, values);
      return this;
    }

    /**
     * Appends {@code value} to multi-use {@code field}.
     *
     * @throws IllegalArgumentException if {@code field} is single-use
     */
    public Builder add(UploadField field, String value) {
      if (!field.isMultiple()) {
        throw new IllegalArgumentException(field + " is single-use; call set()");
      }
      fields.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
      return this;
    }

    /** Removes every value of {@code field}. */
    public Builder clear(UploadField field) {
      fields.remove(field);
      return this;
    }

    /** Adds a field {@link UploadField} does not know. */
    public Builder otherField(String name, String value) {
      otherFields.put(name, value);
      return this;
    }

    /** Sets the distribution file part. */
    public Builder content(UploadedFile file) {
      this.content = file;
      return this;
    }

    /** Returns whether a distribution file part has been set. */
    public boolean hasContent() {
      return content != null;
    }

    /** Sets {@code :action}. */
    public Builder action(String action) {
      return set(UploadField.ACTION, action);
    }

    /** Sets {@code protocol_version}. */
    public Builder protocolVersion(String protocolVersion) {
      return set(UploadField.PROTOCOL_VERSION, protocolVersion);
    }

    /** Sets {@code filetype}. */
    public Builder filetype(String filetype) {
      return set(UploadField.FILETYPE, filetype);
    }

    /** Sets {@code pyversion}. */
    public Builder pyversion(String pyversion) {
      return set(UploadField.PYVERSION, pyversion);
    }

    /** Sets {@code md5_digest}. */
    public Builder md5Digest(String hex) {
      return set(UploadField.MD5_DIGEST, hex);
    }

    /** Sets {@code sha256_digest}. */
    public Builder sha256Digest(String hex) {
      return set(UploadField.SHA256_DIGEST, hex);
    }

    /** Sets {@code blake2_256_digest}. */
    public Builder blake2256Digest(String hex) {
      return set(UploadField.BLAKE2_256_DIGEST, hex);
    }

    /** Sets {@code comment}. */
    public Builder comment(String comment) {
      return set(UploadField.COMMENT, comment);
    }

    /** Sets {@code metadata_version}. */
    public Builder metadataVersion(String metadataVersion) {
      return set(UploadField.METADATA_VERSION, metadataVersion);
    }

    /** Sets {@code name}. */
    public Builder name(String name) {
      return set(UploadField.NAME, name);
    }

    /** Sets {@code version}. */
    public Builder version(String version) {
      return set(UploadField.VERSION, version);
    }

    /** Sets {@code summary}. */
    public Builder summary(String summary) {
      return set(UploadField.SUMMARY, summary);
    }

    /** Sets {@code description}. */
    public Builder description(String description) {
      return set(UploadField.DESCRIPTION, description);
    }

    /** Sets {@code requires_python}. */
    public Builder requiresPython(String requiresPython) {
      return set(UploadField.REQUIRES_PYTHON, requiresPython);
    }

    /** Appends a {@code classifiers} value. */
    public Builder addClassifier(String classifier) {
      return add(UploadField.CLASSIFIERS, classifier);
    }

    /** Appends a {@code requires_dist} value. */
    public Builder addRequiresDist(String requirement) {
      return add(UploadField.REQUIRES_DIST, requirement);
    }

    /** Returns the upload. */
    public Upload build() {
      return new Upload(this);
    }
  }
}
