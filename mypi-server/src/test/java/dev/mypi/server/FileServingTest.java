package dev.mypi.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mypi.core.ProjectIndex;
import dev.mypi.http.MypiServlet;
import dev.mypi.storage.fs.FileSystemBlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone server sends files of a file-system store through Jetty's fast path (memory-mapped,
 * 16 MiB at a time): whole files and ranges, also across a chunk edge, are the stored bytes.
 */
class FileServingTest {
  private static final int CHUNK = 16 << 20;

  @TempDir Path tmp;

  @Test
  void wholeAndRangedDownloadsOfAFileLargerThanOneMappedChunkAreTheStoredBytes() throws Exception {
    byte[] payload = new byte[CHUNK + 300_000];
    new Random(42).nextBytes(payload);
    byte[] wheel = wheel(payload);
    Path root = Files.createDirectories(tmp.resolve("store"));
    try (ProjectIndex index = ProjectIndex.builder(FileSystemBlobStore.create(root)).spoolDirectory(root).build();
        MypiServer server = MypiServer.builder(MypiServlet.builder(index).build()).port(0).requestLog(false).build()) {
      index.publish("multipart/form-data; boundary=b", new ByteArrayInputStream(uploadBody(wheel)));
      server.start();
      HttpClient http = HttpClient.newHttpClient();
      String file = "files/big/big-1.0-py3-none-any.whl";

      HttpResponse<byte[]> whole =
          http.send(HttpRequest.newBuilder(server.url().resolve(file)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(whole.statusCode()).isEqualTo(200);
      assertThat(whole.body()).isEqualTo(wheel);

      for (int[] range : new int[][] {{0, 99}, {CHUNK - 1000, CHUNK + 1000}, {5, wheel.length - 1}, {CHUNK, wheel.length - 1}}) {
        HttpResponse<byte[]> part =
            http.send(
                HttpRequest.newBuilder(server.url().resolve(file)).header("Range", "bytes=" + range[0] + "-" + range[1]).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).as("bytes %s-%s", range[0], range[1]).isEqualTo(Arrays.copyOfRange(wheel, range[0], range[1] + 1));
      }
    }
  }

  private static byte[] wheel(byte[] payload) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(buf)) {
      zip.putNextEntry(new ZipEntry("big-1.0.dist-info/METADATA"));
      zip.write("Metadata-Version: 2.1\nName: big\nVersion: 1.0\n".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("big-1.0.dist-info/WHEEL"));
      zip.write("Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n".getBytes(StandardCharsets.UTF_8));
      ZipEntry data = new ZipEntry("big/data.bin");
      data.setMethod(ZipEntry.STORED);
      data.setSize(payload.length);
      CRC32 crc = new CRC32();
      crc.update(payload);
      data.setCrc(crc.getValue());
      zip.putNextEntry(data);
      zip.write(payload);
      zip.putNextEntry(new ZipEntry("big-1.0.dist-info/RECORD"));
    }
    return buf.toByteArray();
  }

  private static byte[] uploadBody(byte[] wheel) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(
        ("--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nbig\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n1.0\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"filetype\"\r\n\r\nbdist_wheel\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"pyversion\"\r\n\r\npy3\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"sha256_digest\"\r\n\r\n"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wheel)) + "\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"protocol_version\"\r\n\r\n1\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"content\"; filename=\"big-1.0-py3-none-any.whl\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    all.writeBytes(wheel);
    all.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8));
    return all.toByteArray();
  }
}
