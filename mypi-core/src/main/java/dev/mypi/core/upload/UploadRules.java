package dev.mypi.core.upload;

import com.google.common.collect.ImmutableMap;
import dev.mypi.core.internal.text.Printable;
import java.util.Locale;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The form-level rules of PyPI's upload endpoint (warehouse {@code forklift/legacy.py}, PROTOCOL
 * §6.2 and §6.5 steps 3, 4, 6, 10 and 12): the checks that need no other package, no PEP 440
 * parsing and no look inside the archive.
 *
 * <pre>{@code
 * Upload upload = parser.parse(contentType, body, sink);
 * if (upload.action() == UploadAction.NO_OP) {
 *   return ok();
 * }
 * Upload checked = UploadRules.defaults().check(upload);   // then: versions, filename, archive
 * }</pre>
 *
 * <p>{@link #check} applies, in this order, and throws {@link InvalidUploadException} with
 * PyPI's wording at the first failure:
 *
 * <ol>
 *   <li>{@code :action} must be {@code file_upload}, else {@link UnsupportedUploadActionException}
 *       whose {@link UploadAction kind} picks the status;
 *   <li>{@code protocol_version} must be {@code 1} when sent: {@code Unknown protocol version.};
 *   <li>{@code name}, {@code version} and {@code filetype} are required;
 *   <li>{@code filetype} is {@code sdist} or {@code bdist_wheel} ({@code bdist_egg} only with
 *       {@link Builder#allowEggs}): {@code Use a known file type.};
 *   <li>{@code pyversion}: an sdist's is {@code source} or absent (then set to {@code source}), a
 *       binary distribution's is required;
 *   <li>at least one digest is sent, each well-formed hex;
 *   <li>there is a file part: {@code Upload payload does not have a file.};
 *   <li>the filename has no control characters, {@code /} or {@code \}, uses only ASCII letters,
 *       digits and {@code . _ - + !} (what build tools write), and its extension matches
 *       the file type ({@code .whl} ⇔ {@code bdist_wheel}, {@code .tar.gz}/{@code .zip} ⇔ {@code
 *       sdist}, {@code .egg} ⇔ {@code bdist_egg});
 *   <li>the strongest digest sent (SHA-256, else BLAKE2b-256, else MD5) matches the computed one,
 *       ignoring case: a matching SHA-256 already proves the bytes, so the weaker digests need
 *       not be computed at all. With {@link Builder#verifyAllDigests(boolean)}, as PyPI's
 *       warehouse does, every digest sent must match.
 * </ol>
 *
 * <p>Which digests the parser computes follows from the same rule: {@link #digestsToCompute}. A
 * parser made with {@link UploadParser#create(UploadLimits, UploadRules)} asks it when it reaches
 * the file part.
 *
 * <p>Sanitising ({@code UNKNOWN} and empty values, single-use fields sent twice, fields sent as
 * files) happens earlier, in the {@link UploadParser}, because the typed {@link Upload} cannot hold
 * the offending form.
 */
public final class UploadRules {
  private static final UploadRules DEFAULTS = new Builder().build();

  private static final Pattern HEX_32 = Pattern.compile("[0-9A-Fa-f]{32}");
  private static final Pattern HEX_64 = Pattern.compile("[0-9A-Fa-f]{64}");

  /**
   * Every character a build tool writes into a distribution filename: normalised names, PEP 440
   * versions (local {@code +}, epoch {@code !}), build and compatibility tags. Quotes, markup,
   * spaces and look-alike letters cannot reach a stored name, a URL or a page.
   */
  private static final Pattern SAFE_FILENAME = Pattern.compile("[A-Za-z0-9._+!-]+");

  private static final String SDIST = "sdist";
  private static final String BDIST_WHEEL = "bdist_wheel";
  private static final String BDIST_EGG = "bdist_egg";

  /** Extension → the one file type it may carry. */
  private static final ImmutableMap<String, String> EXTENSIONS =
      ImmutableMap.of(".tar.gz", SDIST, ".zip", SDIST, ".whl", BDIST_WHEEL, ".egg", BDIST_EGG);

  private final boolean allowEggs;
  private final boolean verifyAllDigests;

  private UploadRules(Builder builder) {
    this.allowEggs = builder.allowEggs;
    this.verifyAllDigests = builder.verifyAllDigests;
  }

  /** Returns the rules PyPI applies: wheels and sdists only. */
  public static UploadRules defaults() {
    return DEFAULTS;
  }

  /** Returns a builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder starting from these rules. */
  public Builder toBuilder() {
    return new Builder().allowEggs(allowEggs).verifyAllDigests(verifyAllDigests);
  }

  /** Returns whether {@code bdist_egg} uploads are accepted (pip cannot install them). */
  public boolean allowsEggs() {
    return allowEggs;
  }

  /** Returns whether every digest sent is verified, not only the strongest. */
  public boolean verifiesAllDigests() {
    return verifyAllDigests;
  }

  /**
   * Returns the digests a parser must compute over the file part so that {@link #check} can
   * verify the upload, given the form fields that arrived before the file part (twine, uv,
   * poetry and pdm send every field first). SHA-256 is always among them: the index publishes it
   * and stores files under it. With {@link Builder#verifyAllDigests(boolean)} all three are;
   * otherwise a weaker digest only when no stronger one was sent before the file part, since a
   * digest sent after it may still turn out to be the strongest.
   *
   * @param fieldsBeforeFile the form as it stood when the file part began
   */
  public Set<DigestAlgorithm> digestsToCompute(Upload fieldsBeforeFile) {
    if (verifyAllDigests) {
      return EnumSet.allOf(DigestAlgorithm.class);
    }
    EnumSet<DigestAlgorithm> digests = EnumSet.of(DigestAlgorithm.SHA256);
    if (fieldsBeforeFile.sha256Digest().isEmpty()) {
      digests.add(DigestAlgorithm.BLAKE2B_256);
      if (fieldsBeforeFile.blake2256Digest().isEmpty()) {
        digests.add(DigestAlgorithm.MD5);
      }
    }
    return digests;
  }

  /**
   * Checks {@code upload} against the rules and returns it, with an sdist's missing {@code
   * pyversion} set to {@code source}.
   *
   * @throws UnsupportedUploadActionException if {@code :action} is not {@code file_upload}
   * @throws InvalidUploadException at the first rule broken; the message is for the twine user
   */
  public Upload check(Upload upload) {
    UploadAction action = upload.action();
    if (action != UploadAction.FILE_UPLOAD) {
      throw new UnsupportedUploadActionException(action, upload.actionName().orElse(""));
    }
    if (!upload.protocolVersion().orElse("1").equals("1")) {
      throw new InvalidUploadException("Unknown protocol version.");
    }
    required(upload.name(), "name");
    required(upload.version(), "version");
    String filetype = required(upload.filetype(), "filetype");
    if (!filetype.equals(SDIST)
        && !filetype.equals(BDIST_WHEEL)
        && !(allowEggs && filetype.equals(BDIST_EGG))) {
      throw invalidValue("filetype", "Use a known file type.");
    }
    Optional<String> pyversion = upload.pyversion();
    if (filetype.equals(SDIST)) {
      if (pyversion.isPresent() && !pyversion.get().equals("source")) {
        throw new InvalidUploadException("Use 'source' as Python version for an sdist.");
      }
    } else if (pyversion.isEmpty()) {
      throw new InvalidUploadException("Python version is required for binary distribution uploads.");
    }
    checkDigestFormats(upload);
    UploadedFile file = upload.content().orElse(null);
    if (file == null || file.filename().isEmpty()) {
      throw new InvalidUploadException("Upload payload does not have a file.");
    }
    checkFilename(file.filename(), filetype);
    checkDigestsMatch(upload, file.digests());
    if (filetype.equals(SDIST) && pyversion.isEmpty()) {
      return upload.toBuilder().pyversion("source").build();
    }
    return upload;
  }

  private static String required(Optional<String> value, String field) {
    return value.orElseThrow(() -> invalidValue(field, "This field is required."));
  }

  private static InvalidUploadException invalidValue(String field, String error) {
    return new InvalidUploadException("Invalid value for " + field + ". Error: " + error);
  }

  private static void checkDigestFormats(Upload upload) {
    Optional<String> md5 = upload.md5Digest();
    Optional<String> sha256 = upload.sha256Digest();
    Optional<String> blake2 = upload.blake2256Digest();
    if (md5.isEmpty() && sha256.isEmpty() && blake2.isEmpty()) {
      throw new InvalidUploadException("Include at least one message digest.");
    }
    checkHex(md5, HEX_32, "md5_digest", "MD5");
    checkHex(sha256, HEX_64, "sha256_digest", "SHA256");
    checkHex(blake2, HEX_64, "blake2_256_digest", "BLAKE2");
  }

  private static void checkHex(Optional<String> digest, Pattern format, String field, String algo) {
    if (digest.isPresent() && !format.matcher(digest.get()).matches()) {
      throw invalidValue(field, "Use a valid, hex-encoded, " + algo + " message digest.");
    }
  }

  private void checkFilename(String filename, String filetype) {
    if (filename.chars().anyMatch(c -> c < 32 || c == 127)) {
      throw new InvalidUploadException(
          "Cannot upload a file with non-printable characters (ordinals 0-31) or the DEL"
              + " character (ordinal 127) in the name.");
    }
    if (filename.indexOf('/') >= 0 || filename.indexOf('\\') >= 0) {
      throw new InvalidUploadException("Cannot upload a file with '/' or '\\' in the name.");
    }
    if (!SAFE_FILENAME.matcher(filename).matches()) {
      throw new InvalidUploadException(
          "Cannot upload a file named '"
              + Printable.ascii(filename)
              + "': use only ASCII letters, digits, '.', '_', '-', '+' and '!' in the name.");
    }
    String extension = extensionOf(filename);
    if (extension == null) {
      throw new InvalidUploadException(
          "Invalid file extension: Use .tar.gz, .whl"
              + (allowEggs ? ", .zip or .egg" : " or .zip")
              + " extension.");
    }
    if (!EXTENSIONS.get(extension).equals(filetype)) {
      throw new InvalidUploadException(
          "Invalid file extension: Extension "
              + extension
              + " is invalid for filetype "
              + filetype
              + ".");
    }
  }

  private @Nullable String extensionOf(String filename) {
    for (Map.Entry<String, String> entry : EXTENSIONS.entrySet()) {
      boolean known = allowEggs || !entry.getValue().equals(BDIST_EGG);
      if (known && filename.endsWith(entry.getKey())) {
        return entry.getKey();
      }
    }
    return null;
  }

  private void checkDigestsMatch(Upload upload, FileDigests computed) {
    // strongest first: in the default mode only the first digest sent is verified
    DigestAlgorithm[] strongestFirst = {
      DigestAlgorithm.SHA256, DigestAlgorithm.BLAKE2B_256, DigestAlgorithm.MD5
    };
    for (DigestAlgorithm algorithm : strongestFirst) {
      Optional<String> sent = sent(upload, algorithm);
      if (sent.isEmpty()) {
        continue;
      }
      String actual = computed.get(algorithm);
      if (actual == null) {
        throw new IllegalStateException(
            "The "
                + algorithm
                + " digest of the file was not computed; create the parser with"
                + " UploadParser.create(limits, rules) so that it computes what these rules verify");
      }
      if (!sent.get().toLowerCase(Locale.ROOT).equals(actual)) {
        throw new InvalidUploadException(
            "The digest supplied does not match a digest calculated from the uploaded file.");
      }
      if (!verifyAllDigests) {
        return;
      }
    }
  }

  private static Optional<String> sent(Upload upload, DigestAlgorithm algorithm) {
    return switch (algorithm) {
      case MD5 -> upload.md5Digest();
      case BLAKE2B_256 -> upload.blake2256Digest();
      case SHA256 -> upload.sha256Digest();
    };
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof UploadRules
        && ((UploadRules) o).allowEggs == allowEggs
        && ((UploadRules) o).verifyAllDigests == verifyAllDigests;
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(allowEggs) * 31 + Boolean.hashCode(verifyAllDigests);
  }

  @Override
  public String toString() {
    return "UploadRules{allowEggs=" + allowEggs + ", verifyAllDigests=" + verifyAllDigests + "}";
  }

  /** Builds {@link UploadRules}. */
  public static final class Builder {
    private boolean allowEggs;
    private boolean verifyAllDigests;

    private Builder() {}

    /**
     * Sets whether every digest sent (MD5, SHA-256, BLAKE2b-256) must match, as PyPI's warehouse
     * requires, rather than only the strongest one sent; default false. A matching SHA-256
     * already proves the bytes; verifying MD5 and BLAKE2b-256 too costs about 3 CPU-seconds per GiB.
     */
    public Builder verifyAllDigests(boolean verifyAllDigests) {
      this.verifyAllDigests = verifyAllDigests;
      return this;
    }

    /** Sets whether {@code bdist_egg} ({@code .egg}) uploads are accepted; default false. */
    public Builder allowEggs(boolean allowEggs) {
      this.allowEggs = allowEggs;
      return this;
    }

    /** Returns the rules. */
    public UploadRules build() {
      return new UploadRules(this);
    }
  }
}
