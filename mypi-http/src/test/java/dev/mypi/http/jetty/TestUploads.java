package dev.mypi.http.jetty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Wheels and the upload bodies twine would send for them, for this package's tests. */
final class TestUploads {
  private TestUploads() {}

  /** A wheel whose payload is stored uncompressed, so that the file is about as long as it. */
  static byte[] wheel(String name, String version, byte[] payload) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(buf)) {
      String module = name.replace('-', '_');
      String distInfo = module + "-" + version + ".dist-info/";
      zip.putNextEntry(new ZipEntry(distInfo + "METADATA"));
      zip.write(("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n").getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry(distInfo + "WHEEL"));
      zip.write("Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n".getBytes(StandardCharsets.UTF_8));
      ZipEntry data = new ZipEntry(module + "/data.bin");
      data.setMethod(ZipEntry.STORED);
      data.setSize(payload.length);
      CRC32 crc = new CRC32();
      crc.update(payload);
      data.setCrc(crc.getValue());
      zip.putNextEntry(data);
      zip.write(payload);
      zip.putNextEntry(new ZipEntry(distInfo + "RECORD"));
    }
    return buf.toByteArray();
  }

  static byte[] uploadBody(String name, String version, byte[] wheel) throws Exception {
    String filename = name.replace('-', '_') + "-" + version + "-py3-none-any.whl";
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(
        ("--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n" + version + "\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"filetype\"\r\n\r\nbdist_wheel\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"pyversion\"\r\n\r\npy3\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"sha256_digest\"\r\n\r\n"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wheel)) + "\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"protocol_version\"\r\n\r\n1\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"content\"; filename=\"" + filename + "\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    all.writeBytes(wheel);
    all.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8));
    return all.toByteArray();
  }
}
