package dev.mypi.core.metadata;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.CharMatcher;
import com.google.common.base.Splitter;
import com.google.common.collect.ArrayListMultimap;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ListMultimap;
import com.google.common.collect.Multimap;
import dev.mypi.core.internal.metadata.EmailHeaderParser;
import dev.mypi.core.internal.metadata.EmailHeaderParser.Header;
import dev.mypi.core.internal.metadata.EmailHeaderWriter;
import dev.mypi.core.internal.metadata.MetadataField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The core metadata of a distribution (a wheel's {@code METADATA}, an sdist's {@code PKG-INFO}),
 * parsed from its "email header" format and kept together with the exact bytes it came from.
 *
 * <pre>{@code
 * CoreMetadata metadata = CoreMetadata.parse(bytes);
 * metadata.name();             // "foo-bar", as written
 * metadata.requiresPython();   // Optional[">=3.8"]
 * metadata.classifiers();      // every Classifier header, in file order
 * metadata.raw();              // the bytes given to parse(), e.g. for the PEP 658 sidecar
 * }</pre>
 *
 * <p>Parsing follows Python's {@code email.parser} ({@code compat32} policy) as used by {@code
 * packaging.metadata.parse_email}: header names are case-insensitive; a line starting with a blank
 * continues the previous header and is kept in the value with its line break and indentation; the
 * description is the body after the first blank line, or else the legacy {@code Description}
 * header (if both are present the body wins). Bytes are UTF-8, with a Latin-1 fallback for lines
 * of very old files that are not. Values are raw strings as written: the version is not parsed as
 * PEP 440 and {@code Requires-Dist} entries are not parsed as PEP 508 here.
 *
 * <p>Single-use fields are returned as {@link Optional}; if a file repeats one, the first value is
 * returned and the header name appears in {@link #duplicateFields()}. Multiple-use fields are
 * returned as lists in file order. Headers the specification does not define are kept in {@link
 * #unknownFields()}.
 *
 * <p>Instances are immutable and thread-safe. Two instances are equal when their {@link #raw()}
 * bytes are equal, since every field is derived from them; {@link Builder#build()} writes the
 * bytes, so a {@linkplain #toBuilder() rebuilt} instance has freshly serialised bytes.
 */
public final class CoreMetadata {
  private static final Pattern METADATA_VERSION = Pattern.compile("(\\d+)\\.(\\d+)");
  private static final int NEWEST_MAJOR_VERSION = 2;
  private static final CharMatcher HEADER_NAME_CHARS =
      CharMatcher.inRange('\u0021', '\u007e').and(CharMatcher.isNot(':'));

  /** A {@code Project-URL} split into its label and URL. */
  public record ProjectUrl(String label, String url) {}

  private final byte[] raw;
  private final ImmutableListMultimap<MetadataField, String> fields;
  private final @Nullable String description;
  private final ImmutableListMultimap<String, String> unknownFields;
  private final ImmutableSet<String> duplicateFields;

  private CoreMetadata(
      byte[] raw,
      ImmutableListMultimap<MetadataField, String> fields,
      @Nullable String description,
      ImmutableListMultimap<String, String> unknownFields,
      ImmutableSet<String> duplicateFields) {
    this.raw = raw;
    this.fields = fields;
    this.description = description;
    this.unknownFields = unknownFields;
    this.duplicateFields = duplicateFields;
  }

  /**
   * Parses core metadata from the bytes of a {@code METADATA} or {@code PKG-INFO} file. The array
   * is copied.
   *
   * @throws InvalidMetadataException if {@code Metadata-Version}, {@code Name} or {@code Version}
   *     is missing or blank, or {@code Metadata-Version} is malformed or has a major version above
   *     2 (1.0 to 2.6 are accepted, and unknown 2.x minors are tolerated as the specification asks)
   */
  public static CoreMetadata parse(byte[] raw) {
    byte[] bytes = raw.clone();
    EmailHeaderParser.Message message = EmailHeaderParser.parse(bytes);
    ImmutableListMultimap.Builder<MetadataField, String> fields = ImmutableListMultimap.builder();
    ImmutableListMultimap.Builder<String, String> unknown = ImmutableListMultimap.builder();
    ImmutableSet.Builder<String> duplicates = ImmutableSet.builder();
    EnumMap<MetadataField, Integer> counts = new EnumMap<>(MetadataField.class);
    @Nullable String descriptionHeader = null;
    for (Header header : message.headers()) {
      Optional<MetadataField> known = MetadataField.forHeader(header.name());
      if (known.isEmpty()) {
        unknown.put(header.name().toLowerCase(Locale.ROOT), header.value());
        continue;
      }
      MetadataField field = known.get();
      int count = counts.merge(field, 1, Integer::sum);
      if (count > 1 && !field.multipleUse()) {
        duplicates.add(field.headerName());
      }
      if (field == MetadataField.DESCRIPTION) {
        if (count == 1) {
          descriptionHeader = header.value();
        }
      } else {
        fields.put(field, header.value());
      }
    }
    String body = message.body();
    String description;
    if (body != null && !body.isEmpty()) {
      description = body;
    } else if (descriptionHeader != null) {
      description = EmailHeaderParser.unfoldDescription(descriptionHeader);
    } else {
      description = null;
    }
    CoreMetadata metadata =
        new CoreMetadata(bytes, fields.build(), description, unknown.build(), duplicates.build());
    metadata.validate();
    return metadata;
  }

  private void validate() {
    String metadataVersion = required(MetadataField.METADATA_VERSION);
    required(MetadataField.NAME);
    required(MetadataField.VERSION);
    Matcher matcher = METADATA_VERSION.matcher(metadataVersion.strip());
    if (!matcher.matches()) {
      throw new InvalidMetadataException(
          "Metadata-Version '" + metadataVersion + "' is not of the form MAJOR.MINOR, e.g. 2.4");
    }
    if (!isSupportedMajor(matcher.group(1))) {
      throw new InvalidMetadataException(
          "unsupported Metadata-Version '"
              + metadataVersion
              + "': only major versions 1 and 2 (1.0 to 2.6) are understood");
    }
  }

  /** Whether {@code digits} (ASCII, any number of them) is a major version from 1 to the newest. */
  private static boolean isSupportedMajor(String digits) {
    int start = 0;
    while (start < digits.length() - 1 && digits.charAt(start) == '0') {
      start++;
    }
    if (digits.length() - start > 1) {
      return false; // more than one significant digit: far past the newest major version
    }
    int major = digits.charAt(start) - '0';
    return major >= 1 && major <= NEWEST_MAJOR_VERSION;
  }

  private String required(MetadataField field) {
    ImmutableList<String> values = fields.get(field);
    if (values.isEmpty() || values.get(0).isBlank()) {
      throw new InvalidMetadataException(
          "missing required field '" + field.headerName() + "'");
    }
    return values.get(0);
  }

  /** Returns a builder for metadata written from scratch. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this metadata's fields (the first value of any repeated single-use
   * field), to make an edited copy. Its {@link Builder#build()} serialises new bytes.
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    for (Map.Entry<MetadataField, String> entry : fields.entries()) {
      MetadataField field = entry.getKey();
      if (field.multipleUse()) {
        builder.add(field, entry.getValue());
      } else if (!builder.values.containsKey(field)) {
        builder.set(field, entry.getValue());
      }
    }
    builder.description = description;
    builder.unknownFields.putAll(unknownFields);
    return builder;
  }

  /** Returns a copy of the exact bytes this metadata was parsed from (or written as). */
  public byte[] raw() {
    return raw.clone();
  }

  /** Returns the number of bytes in {@link #raw()}. */
  public int rawLength() {
    return raw.length;
  }

  /** Returns {@code Metadata-Version} as written, e.g. {@code 2.4}. */
  public String metadataVersion() {
    return fields.get(MetadataField.METADATA_VERSION).get(0);
  }

  /** Returns {@code Name} as written (not normalised). */
  public String name() {
    return fields.get(MetadataField.NAME).get(0);
  }

  /** Returns {@code Version} as written (not normalised). */
  public String version() {
    return fields.get(MetadataField.VERSION).get(0);
  }

  /** Returns {@code Summary}, or empty if absent. */
  public Optional<String> summary() {
    return single(MetadataField.SUMMARY);
  }

  /**
   * Returns the long description: the message body, or else the legacy {@code Description}
   * header with its continuation prefixes removed; empty if neither is present.
   */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** Returns {@code Description-Content-Type}, e.g. {@code text/markdown}, or empty if absent. */
  public Optional<String> descriptionContentType() {
    return single(MetadataField.DESCRIPTION_CONTENT_TYPE);
  }

  /** Returns {@code Keywords} as written (one header, usually comma-separated), or empty. */
  public Optional<String> keywords() {
    return single(MetadataField.KEYWORDS);
  }

  /**
   * Returns the keywords as a list: split on commas when the value has any (the specification's
   * form), else on whitespace (what older tools wrote); blank items are dropped.
   */
  public ImmutableList<String> keywordList() {
    Optional<String> keywords = keywords();
    if (keywords.isEmpty()) {
      return ImmutableList.of();
    }
    Splitter splitter =
        keywords.get().indexOf(',') >= 0
            ? Splitter.on(',')
            : Splitter.on(CharMatcher.whitespace());
    return ImmutableList.copyOf(splitter.trimResults().omitEmptyStrings().split(keywords.get()));
  }

  /** Returns {@code Home-page}, or empty if absent. */
  public Optional<String> homePage() {
    return single(MetadataField.HOME_PAGE);
  }

  /** Returns {@code Download-URL}, or empty if absent. */
  public Optional<String> downloadUrl() {
    return single(MetadataField.DOWNLOAD_URL);
  }

  /** Returns {@code Author}, or empty if absent. */
  public Optional<String> author() {
    return single(MetadataField.AUTHOR);
  }

  /** Returns {@code Author-email}, or empty if absent. */
  public Optional<String> authorEmail() {
    return single(MetadataField.AUTHOR_EMAIL);
  }

  /** Returns {@code Maintainer}, or empty if absent. */
  public Optional<String> maintainer() {
    return single(MetadataField.MAINTAINER);
  }

  /** Returns {@code Maintainer-email}, or empty if absent. */
  public Optional<String> maintainerEmail() {
    return single(MetadataField.MAINTAINER_EMAIL);
  }

  /** Returns {@code License} (free text), or empty if absent. */
  public Optional<String> license() {
    return single(MetadataField.LICENSE);
  }

  /** Returns {@code License-Expression} (SPDX, metadata 2.4+), or empty if absent. */
  public Optional<String> licenseExpression() {
    return single(MetadataField.LICENSE_EXPRESSION);
  }

  /** Returns {@code Requires-Python} as written, e.g. {@code >=3.8}, or empty if absent. */
  public Optional<String> requiresPython() {
    return single(MetadataField.REQUIRES_PYTHON);
  }

  /** Returns every {@code Classifier}. */
  public ImmutableList<String> classifiers() {
    return fields.get(MetadataField.CLASSIFIER);
  }

  /** Returns every {@code Requires-Dist}, as written (PEP 508 strings). */
  public ImmutableList<String> requiresDist() {
    return fields.get(MetadataField.REQUIRES_DIST);
  }

  /** Returns every {@code Project-URL} as written, {@code "Label, https://…"}. */
  public ImmutableList<String> projectUrls() {
    return fields.get(MetadataField.PROJECT_URL);
  }

  /**
   * Returns every {@code Project-URL} split on its first comma, label and URL stripped; a value
   * without a comma gives the whole value as label and an empty URL, as {@code packaging} does.
   */
  public ImmutableList<ProjectUrl> projectUrlEntries() {
    ImmutableList.Builder<ProjectUrl> entries = ImmutableList.builder();
    for (String value : projectUrls()) {
      int comma = value.indexOf(',');
      entries.add(
          comma < 0
              ? new ProjectUrl(value.strip(), "")
              : new ProjectUrl(value.substring(0, comma).strip(), value.substring(comma + 1).strip()));
    }
    return entries.build();
  }

  /** Returns every {@code Provides-Extra}. */
  public ImmutableList<String> providesExtra() {
    return fields.get(MetadataField.PROVIDES_EXTRA);
  }

  /** Returns every {@code Dynamic} field name (metadata 2.2+). */
  public ImmutableList<String> dynamic() {
    return fields.get(MetadataField.DYNAMIC);
  }

  /** Returns every {@code License-File}. */
  public ImmutableList<String> licenseFiles() {
    return fields.get(MetadataField.LICENSE_FILE);
  }

  /** Returns every {@code Platform}. */
  public ImmutableList<String> platforms() {
    return fields.get(MetadataField.PLATFORM);
  }

  /** Returns every {@code Supported-Platform}. */
  public ImmutableList<String> supportedPlatforms() {
    return fields.get(MetadataField.SUPPORTED_PLATFORM);
  }

  /** Returns every {@code Requires-External}. */
  public ImmutableList<String> requiresExternal() {
    return fields.get(MetadataField.REQUIRES_EXTERNAL);
  }

  /** Returns every {@code Provides-Dist}. */
  public ImmutableList<String> providesDist() {
    return fields.get(MetadataField.PROVIDES_DIST);
  }

  /** Returns every {@code Obsoletes-Dist}. */
  public ImmutableList<String> obsoletesDist() {
    return fields.get(MetadataField.OBSOLETES_DIST);
  }

  /** Returns every deprecated metadata 1.1 {@code Requires}. */
  public ImmutableList<String> requires() {
    return fields.get(MetadataField.REQUIRES);
  }

  /** Returns every deprecated metadata 1.1 {@code Provides}. */
  public ImmutableList<String> provides() {
    return fields.get(MetadataField.PROVIDES);
  }

  /** Returns every deprecated metadata 1.1 {@code Obsoletes}. */
  public ImmutableList<String> obsoletes() {
    return fields.get(MetadataField.OBSOLETES);
  }

  /** Returns every {@code Import-Name} (metadata 2.5). */
  public ImmutableList<String> importNames() {
    return fields.get(MetadataField.IMPORT_NAME);
  }

  /** Returns every {@code Import-Namespace} (metadata 2.5). */
  public ImmutableList<String> importNamespaces() {
    return fields.get(MetadataField.IMPORT_NAMESPACE);
  }

  /** Returns the headers the specification does not define, keyed by lower-cased name. */
  public ImmutableListMultimap<String, String> unknownFields() {
    return unknownFields;
  }

  /**
   * Returns the canonical names of single-use fields that the file repeats (invalid metadata;
   * {@code packaging} leaves such fields unparsed). The accessors return the first value.
   */
  public ImmutableSet<String> duplicateFields() {
    return duplicateFields;
  }

  private Optional<String> single(MetadataField field) {
    ImmutableList<String> values = fields.get(field);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof CoreMetadata other && Arrays.equals(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "CoreMetadata{name="
        + name()
        + ", version="
        + version()
        + ", metadataVersion="
        + metadataVersion()
        + ", rawLength="
        + raw.length
        + "}";
  }

  /**
   * Builds {@link CoreMetadata} by writing it: {@link #build()} serialises the fields as UTF-8
   * with {@code \n} line breaks in specification order, the description as the body, and parses
   * the result. Setting a single-use field to null removes it.
   */
  public static final class Builder {
    private final EnumMap<MetadataField, List<String>> values = new EnumMap<>(MetadataField.class);
    private @Nullable String description;
    private final ListMultimap<String, String> unknownFields = ArrayListMultimap.create();

    private Builder() {}

    private Builder set(MetadataField field, @Nullable String value) {
      if (value == null) {
        values.remove(field);
      } else {
        List<String> list = new ArrayList<>(1);
        list.add(value);
        values.put(field, list);
      }
      return this;
    }

    private Builder add(MetadataField field, String value) {
      values.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
      return this;
    }

    private Builder replace(MetadataField field, Iterable<String> newValues) {
      values.remove(field);
      for (String value : newValues) {
        add(field, value);
      }
      return this;
    }

    /** Sets {@code Metadata-Version}, e.g. {@code "2.4"}; required. */
    public Builder metadataVersion(@Nullable String value) {
      return set(MetadataField.METADATA_VERSION, value);
    }

    /** Sets {@code Name}; required. */
    public Builder name(@Nullable String value) {
      return set(MetadataField.NAME, value);
    }

    /** Sets {@code Version}; required. */
    public Builder version(@Nullable String value) {
      return set(MetadataField.VERSION, value);
    }

    /** Sets {@code Summary}. */
    public Builder summary(@Nullable String value) {
      return set(MetadataField.SUMMARY, value);
    }

    /** Sets the description, written as the message body. */
    public Builder description(@Nullable String value) {
      this.description = value;
      return this;
    }

    /** Sets {@code Description-Content-Type}. */
    public Builder descriptionContentType(@Nullable String value) {
      return set(MetadataField.DESCRIPTION_CONTENT_TYPE, value);
    }

    /** Sets {@code Keywords}, one comma-separated string. */
    public Builder keywords(@Nullable String value) {
      return set(MetadataField.KEYWORDS, value);
    }

    /** Sets {@code Home-page}. */
    public Builder homePage(@Nullable String value) {
      return set(MetadataField.HOME_PAGE, value);
    }

    /** Sets {@code Download-URL}. */
    public Builder downloadUrl(@Nullable String value) {
      return set(MetadataField.DOWNLOAD_URL, value);
    }

    /** Sets {@code Author}. */
    public Builder author(@Nullable String value) {
      return set(MetadataField.AUTHOR, value);
    }

    /** Sets {@code Author-email}. */
    public Builder authorEmail(@Nullable String value) {
      return set(MetadataField.AUTHOR_EMAIL, value);
    }

    /** Sets {@code Maintainer}. */
    public Builder maintainer(@Nullable String value) {
      return set(MetadataField.MAINTAINER, value);
    }

    /** Sets {@code Maintainer-email}. */
    public Builder maintainerEmail(@Nullable String value) {
      return set(MetadataField.MAINTAINER_EMAIL, value);
    }

    /** Sets {@code License}. */
    public Builder license(@Nullable String value) {
      return set(MetadataField.LICENSE, value);
    }

    /** Sets {@code License-Expression}. */
    public Builder licenseExpression(@Nullable String value) {
      return set(MetadataField.LICENSE_EXPRESSION, value);
    }

    /** Sets {@code Requires-Python}. */
    public Builder requiresPython(@Nullable String value) {
      return set(MetadataField.REQUIRES_PYTHON, value);
    }

    /** Replaces every {@code Classifier}. */
    public Builder classifiers(Iterable<String> values) {
      return replace(MetadataField.CLASSIFIER, values);
    }

    /** Adds a {@code Classifier}. */
    public Builder addClassifier(String value) {
      return add(MetadataField.CLASSIFIER, value);
    }

    /** Replaces every {@code Requires-Dist}. */
    public Builder requiresDist(Iterable<String> values) {
      return replace(MetadataField.REQUIRES_DIST, values);
    }

    /** Adds a {@code Requires-Dist}. */
    public Builder addRequiresDist(String value) {
      return add(MetadataField.REQUIRES_DIST, value);
    }

    /** Replaces every {@code Project-URL} with raw {@code "Label, url"} values. */
    public Builder projectUrls(Iterable<String> values) {
      return replace(MetadataField.PROJECT_URL, values);
    }

    /** Adds a {@code Project-URL: label, url}. */
    public Builder addProjectUrl(String label, String url) {
      return add(MetadataField.PROJECT_URL, label + ", " + url);
    }

    /** Replaces every {@code Provides-Extra}. */
    public Builder providesExtra(Iterable<String> values) {
      return replace(MetadataField.PROVIDES_EXTRA, values);
    }

    /** Adds a {@code Provides-Extra}. */
    public Builder addProvidesExtra(String value) {
      return add(MetadataField.PROVIDES_EXTRA, value);
    }

    /** Replaces every {@code Dynamic}. */
    public Builder dynamic(Iterable<String> values) {
      return replace(MetadataField.DYNAMIC, values);
    }

    /** Adds a {@code Dynamic}. */
    public Builder addDynamic(String value) {
      return add(MetadataField.DYNAMIC, value);
    }

    /** Replaces every {@code License-File}. */
    public Builder licenseFiles(Iterable<String> values) {
      return replace(MetadataField.LICENSE_FILE, values);
    }

    /** Adds a {@code License-File}. */
    public Builder addLicenseFile(String value) {
      return add(MetadataField.LICENSE_FILE, value);
    }

    /** Replaces every {@code Platform}. */
    public Builder platforms(Iterable<String> values) {
      return replace(MetadataField.PLATFORM, values);
    }

    /** Adds a {@code Platform}. */
    public Builder addPlatform(String value) {
      return add(MetadataField.PLATFORM, value);
    }

    /** Replaces every {@code Supported-Platform}. */
    public Builder supportedPlatforms(Iterable<String> values) {
      return replace(MetadataField.SUPPORTED_PLATFORM, values);
    }

    /** Adds a {@code Supported-Platform}. */
    public Builder addSupportedPlatform(String value) {
      return add(MetadataField.SUPPORTED_PLATFORM, value);
    }

    /** Replaces every {@code Requires-External}. */
    public Builder requiresExternal(Iterable<String> values) {
      return replace(MetadataField.REQUIRES_EXTERNAL, values);
    }

    /** Adds a {@code Requires-External}. */
    public Builder addRequiresExternal(String value) {
      return add(MetadataField.REQUIRES_EXTERNAL, value);
    }

    /** Replaces every {@code Provides-Dist}. */
    public Builder providesDist(Iterable<String> values) {
      return replace(MetadataField.PROVIDES_DIST, values);
    }

    /** Adds a {@code Provides-Dist}. */
    public Builder addProvidesDist(String value) {
      return add(MetadataField.PROVIDES_DIST, value);
    }

    /** Replaces every {@code Obsoletes-Dist}. */
    public Builder obsoletesDist(Iterable<String> values) {
      return replace(MetadataField.OBSOLETES_DIST, values);
    }

    /** Adds an {@code Obsoletes-Dist}. */
    public Builder addObsoletesDist(String value) {
      return add(MetadataField.OBSOLETES_DIST, value);
    }

    /** Replaces every deprecated {@code Requires}. */
    public Builder requires(Iterable<String> values) {
      return replace(MetadataField.REQUIRES, values);
    }

    /** Adds a deprecated {@code Requires}. */
    public Builder addRequires(String value) {
      return add(MetadataField.REQUIRES, value);
    }

    /** Replaces every deprecated {@code Provides}. */
    public Builder provides(Iterable<String> values) {
      return replace(MetadataField.PROVIDES, values);
    }

    /** Adds a deprecated {@code Provides}. */
    public Builder addProvides(String value) {
      return add(MetadataField.PROVIDES, value);
    }

    /** Replaces every deprecated {@code Obsoletes}. */
    public Builder obsoletes(Iterable<String> values) {
      return replace(MetadataField.OBSOLETES, values);
    }

    /** Adds a deprecated {@code Obsoletes}. */
    public Builder addObsoletes(String value) {
      return add(MetadataField.OBSOLETES, value);
    }

    /** Replaces every {@code Import-Name}. */
    public Builder importNames(Iterable<String> values) {
      return replace(MetadataField.IMPORT_NAME, values);
    }

    /** Adds an {@code Import-Name}. */
    public Builder addImportName(String value) {
      return add(MetadataField.IMPORT_NAME, value);
    }

    /** Replaces every {@code Import-Namespace}. */
    public Builder importNamespaces(Iterable<String> values) {
      return replace(MetadataField.IMPORT_NAMESPACE, values);
    }

    /** Adds an {@code Import-Namespace}. */
    public Builder addImportNamespace(String value) {
      return add(MetadataField.IMPORT_NAMESPACE, value);
    }

    /**
     * Adds a header the specification does not define.
     *
     * @throws IllegalArgumentException if {@code name} is not a header name (printable ASCII
     *     without {@code :}) or names a field this builder has a setter for
     */
    public Builder putUnknownField(String name, String value) {
      checkArgument(
          !name.isEmpty() && HEADER_NAME_CHARS.matchesAllOf(name), "Invalid header name: %s", name);
      checkArgument(
          MetadataField.forHeader(name).isEmpty(), "%s is a core-metadata field; use its setter", name);
      unknownFields.put(name.toLowerCase(Locale.ROOT), value);
      return this;
    }

    /** Replaces the unknown headers; see {@link #putUnknownField}. */
    public Builder unknownFields(Multimap<String, String> fields) {
      unknownFields.clear();
      fields.forEach(this::putUnknownField);
      return this;
    }

    /**
     * Writes the metadata and returns it parsed.
     *
     * @throws InvalidMetadataException if {@code Metadata-Version}, {@code Name} or {@code Version}
     *     is unset or blank, or the metadata version is not 1.x or 2.x
     */
    public CoreMetadata build() {
      List<Header> headers = new ArrayList<>();
      values.forEach(
          (field, list) -> list.forEach(v -> headers.add(new Header(field.headerName(), v))));
      unknownFields.forEach((name, value) -> headers.add(new Header(name, value)));
      return parse(EmailHeaderWriter.write(headers, description));
    }
  }
}
