package dev.mypi.http.auth;

import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.codec.digest.Md5Crypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users and password hashes from an Apache {@code htpasswd} file, as {@code htpasswd} writes
 * them: bcrypt ({@code $2y$}, {@code $2a$}, {@code $2b$}; {@code htpasswd -B}), Apache MD5
 * ({@code $apr1$}; {@code htpasswd -m}, the default) and SHA-1 ({@code {SHA}}; {@code htpasswd
 * -s}). Lines with other hashes (crypt, plain text) are skipped with a warning that names the
 * user and the line number, never the hash.
 *
 * <pre>{@code
 * HtpasswdFile users = HtpasswdFile.open(Path.of("/etc/mypi/htpasswd"));
 * boolean ok = users.verify("alice", password);
 * }</pre>
 *
 * <p>The file is read again when its modification time or size changes, checked at most once
 * per second, so {@code htpasswd /etc/mypi/htpasswd bob} takes effect without a restart. If the
 * file becomes unreadable, the last good contents stay in use. Thread-safe.
 */
public final class HtpasswdFile {
  private static final Logger logger = LoggerFactory.getLogger(HtpasswdFile.class);
  private static final long CHECK_INTERVAL_MILLIS = 1000;
  private static final int BCRYPT_MAX_BYTES = 72;
  /** A bcrypt hash of a random password: verified for unknown users so they cost the same time as known ones. */
  private static final String DUMMY_BCRYPT = "$2y$05$vocbF6r8LNLBr3vqyp3n7uAXPEGq8LpP7LYBeUX1WQFr9znn.NQBW";

  private final Path file;
  private final Clock clock;
  private volatile ImmutableMap<String, String> hashes;
  private volatile String dummyHash = DUMMY_BCRYPT;
  private volatile long generation;
  private long lastCheck;
  private long lastModified;
  private long lastSize;

  private HtpasswdFile(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
    this.hashes = ImmutableMap.of();
  }

  /** Reads {@code file}; throws IOException when it cannot be read. */
  public static HtpasswdFile open(Path file) throws IOException {
    return open(file, Clock.systemUTC());
  }

  /** Reads {@code file}, with {@code clock} timing the checks for changes (for tests). */
  public static HtpasswdFile open(Path file, Clock clock) throws IOException {
    HtpasswdFile f = new HtpasswdFile(file, clock);
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    f.load(attributes);
    f.lastCheck = clock.millis();
    return f;
  }

  /** Returns the file. */
  public Path file() {
    return file;
  }

  /**
   * Returns whether {@code password} is the password of {@code user}. Takes about as long for an
   * unknown user as for a known one; digests are compared in constant time.
   */
  public boolean verify(String user, String password) {
    reloadIfChanged();
    String hash = hashes.get(user);
    if (hash == null) {
      checkBcrypt(dummyHash, password);
      return false;
    }
    return matches(hash, password);
  }

  /** Returns whether the file names {@code user}. */
  public boolean contains(String user) {
    reloadIfChanged();
    return hashes.containsKey(user);
  }

  /** Returns how many users the file has. */
  public int size() {
    reloadIfChanged();
    return hashes.size();
  }

  /** Returns a number that changes whenever the file is read again (for caches of verified passwords). */
  public long generation() {
    reloadIfChanged();
    return generation;
  }

  /** Returns whether {@code password} matches {@code hash}, a hash as {@code htpasswd} writes it. */
  static boolean matches(String hash, String password) {
    if (isBcrypt(hash)) {
      return checkBcrypt(hash, password);
    }
    if (hash.startsWith("$apr1$")) {
      String computed;
      try {
        computed = Md5Crypt.apr1Crypt(password.getBytes(StandardCharsets.UTF_8), hash);
      } catch (IllegalArgumentException e) {
        return false; // a malformed hash matches nothing
      }
      return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
    }
    if (hash.startsWith("{SHA}")) {
      byte[] expected;
      try {
        expected = Base64.getDecoder().decode(hash.substring(5));
      } catch (IllegalArgumentException e) {
        return false;
      }
      return MessageDigest.isEqual(sha1(password.getBytes(StandardCharsets.UTF_8)), expected);
    }
    return false;
  }

  static boolean isSupported(String hash) {
    return isBcrypt(hash) || hash.startsWith("$apr1$") || hash.startsWith("{SHA}");
  }

  private static boolean isBcrypt(String hash) {
    return hash.startsWith("$2y$") || hash.startsWith("$2a$") || hash.startsWith("$2b$");
  }

  private static boolean checkBcrypt(String hash, String password) {
    byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > BCRYPT_MAX_BYTES) {
      bytes = Arrays.copyOf(bytes, BCRYPT_MAX_BYTES); // bcrypt uses the first 72 bytes, as htpasswd does
    }
    try {
      return OpenBSDBCrypt.checkPassword(hash, bytes);
    } catch (RuntimeException e) {
      return false; // a malformed hash matches nothing (Bouncy Castle throws DataLengthException and others)
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Returns a bcrypt hash of a random password with the cost of the file's first bcrypt hash. */
  private static String dummyLike(Iterable<String> hashes) {
    for (String hash : hashes) {
      if (isBcrypt(hash) && hash.length() > 7 && hash.charAt(6) == '$') {
        try {
          int cost = Integer.parseInt(hash.substring(4, 6));
          SecureRandom random = new SecureRandom();
          byte[] salt = new byte[16];
          random.nextBytes(salt);
          byte[] password = new byte[16];
          random.nextBytes(password);
          return OpenBSDBCrypt.generate("2y", password, salt, cost);
        } catch (IllegalArgumentException e) {
          return DUMMY_BCRYPT;
        }
      }
    }
    return DUMMY_BCRYPT;
  }

  private static byte[] sha1(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  private void reloadIfChanged() {
    long now = clock.millis();
    synchronized (this) {
      if (now - lastCheck < CHECK_INTERVAL_MILLIS && now >= lastCheck) {
        return;
      }
      lastCheck = now;
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (attributes.lastModifiedTime().toMillis() != lastModified || attributes.size() != lastSize) {
          load(attributes);
          logger.info("Read {} again: {} users", file, hashes.size());
        }
      } catch (IOException | UncheckedIOException e) {
        logger.warn("Cannot read {} ({}); the users read before stay in use", file, e.getMessage());
      }
    }
  }

  private void load(BasicFileAttributes attributes) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    ImmutableMap.Builder<String, String> users = ImmutableMap.builder();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        logger.warn("{} line {}: not 'user:hash'; skipped", file, i + 1);
        continue;
      }
      String user = line.substring(0, colon);
      String hash = line.substring(colon + 1);
      int extra = hash.indexOf(':'); // htdigest-style or extra fields: the hash ends at the next colon
      if (extra >= 0) {
        hash = hash.substring(0, extra);
      }
      if (!isSupported(hash)) {
        logger.warn("{} line {}: the password of '{}' is not hashed with bcrypt, MD5 (apr1) or SHA-1; skipped", file, i + 1, user);
        continue;
      }
      if (!seen.add(user)) {
        logger.warn("{} line {}: '{}' appears again; the first line counts", file, i + 1, user);
        continue;
      }
      users.put(user, hash);
    }
    hashes = users.buildOrThrow();
    dummyHash = dummyLike(hashes.values());
    lastModified = attributes.lastModifiedTime().toMillis();
    lastSize = attributes.size();
    generation++;
  }

}
