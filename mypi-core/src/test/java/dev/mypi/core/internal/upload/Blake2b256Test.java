package dev.mypi.core.internal.upload;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

class Blake2b256Test {
  private static final HexFormat HEX = HexFormat.of();

  private static String hash(byte[] data) {
    Blake2b256 digest = new Blake2b256();
    digest.update(data, 0, data.length);
    return HEX.formatHex(digest.digest());
  }

  private static String bouncyCastle(byte[] data, int offset, int length) {
    Blake2bDigest digest = new Blake2bDigest(256);
    digest.update(data, offset, length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return HEX.formatHex(out);
  }

  @Test
  void matchesPythonHashlibOnKnownInputs() {
    // python3 -c "import hashlib; print(hashlib.blake2b(DATA, digest_size=32).hexdigest())"
    assertThat(hash(new byte[0])).isEqualTo("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    assertThat(hash("abc".getBytes(US_ASCII))).isEqualTo("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    byte[] mebibyte = new byte[1 << 20]; // bytes(i % 251 for i in range(1 << 20))
    for (int i = 0; i < mebibyte.length; i++) {
      mebibyte[i] = (byte) (i % 251);
    }
    assertThat(hash(mebibyte)).isEqualTo("8a5a7a9dc3cf203ed374b0a1eea930601ad2acbfe2b4bc62cf83de4ee536528b");
  }

  @Test
  void matchesBouncyCastleForEveryLengthAroundTheBlockSize() {
    byte[] data = new byte[1200];
    new SplittableRandom(7).nextBytes(data);
    for (int length = 0; length <= 1100; length++) {
      Blake2b256 digest = new Blake2b256();
      digest.update(data, 5, length);
      assertThat(HEX.formatHex(digest.digest())).as("length %d", length).isEqualTo(bouncyCastle(data, 5, length));
    }
  }

  @Test
  void givesTheSameDigestHoweverTheInputIsSplit() {
    SplittableRandom random = new SplittableRandom(11);
    byte[] data = new byte[300_000];
    random.nextBytes(data);
    String expected = bouncyCastle(data, 0, data.length);
    for (int trial = 0; trial < 50; trial++) {
      Blake2b256 digest = new Blake2b256();
      int at = 0;
      while (at < data.length) {
        int n = Math.min(data.length - at, random.nextInt(trial % 2 == 0 ? 300 : 70_000));
        digest.update(data, at, n);
        at += n;
      }
      assertThat(HEX.formatHex(digest.digest())).isEqualTo(expected);
    }
  }

  @Test
  void refusesUseAfterDigest() {
    Blake2b256 digest = new Blake2b256();
    digest.digest();

    assertThatThrownBy(() -> digest.update(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(digest::digest).isInstanceOf(IllegalStateException.class);
  }
}
