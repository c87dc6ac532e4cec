package dev.mypi.core.internal.simple;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.mypi.core.simple.FileEntry;
import dev.mypi.core.simple.Hashes;
import dev.mypi.core.simple.PageRenderer;
import dev.mypi.core.simple.ProjectList;
import dev.mypi.core.simple.ProjectPage;
import dev.mypi.core.simple.ProjectStatus;
import dev.mypi.core.simple.SimpleFormat;
import dev.mypi.core.simple.YankState;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * Renders pages as PEP 691 JSON with PEP 700 ({@code versions}, {@code size}, {@code upload-time}),
 * PEP 714 {@code core-metadata} and PEP 792 {@code project-status}, using the Jackson streaming
 * generator.
 *
 * <p>Never emits {@code dist-info-metadata}: pip 22.3 to 23.1 crash on it (pypa/pip#12042).
 * Optional keys are omitted when absent rather than written as {@code null}.
 */
public final class JsonPageRenderer implements PageRenderer {
  /** The API version the JSON pages advertise. */
  public static final String API_VERSION = "1.4";

  private static final JsonPageRenderer V1 = new JsonPageRenderer();
  private static final int UPLOAD_TIME_LENGTH = "yyyy-mm-ddThh:mm:ss.ffffffZ".length();

  private final JsonFactory factory =
      JsonFactory.builder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          // Emoji and other non-BMP characters as UTF-8 bytes, not as escaped surrogate pairs.
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .build();

  private JsonPageRenderer() {}

  /** Returns the renderer for {@code application/vnd.pypi.simple.v1+json}. */
  public static JsonPageRenderer v1() {
    return V1;
  }

  @Override
  public SimpleFormat format() {
    return SimpleFormat.JSON_V1;
  }

  @Override
  public void render(ProjectPage page, OutputStream out) throws IOException {
    try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      meta(g, page.lastSerial());
      g.writeStringField("name", page.name().normalized());
      ProjectStatus status = page.status();
      Optional<String> reason = page.statusReason();
      if (status != ProjectStatus.ACTIVE || reason.isPresent()) {
        g.writeObjectFieldStart("project-status");
        g.writeStringField("status", status.value());
        if (reason.isPresent()) {
          g.writeStringField("reason", reason.get());
        }
        g.writeEndObject();
      }
      g.writeArrayFieldStart("versions");
      if (status.offersFiles()) {
        for (String version : page.versions()) {
          g.writeString(version);
        }
      }
      g.writeEndArray();
      g.writeArrayFieldStart("files");
      if (status.offersFiles()) {
        char[] timeBuffer = new char[UPLOAD_TIME_LENGTH];
        for (FileEntry file : page.files()) {
          file(g, file, timeBuffer);
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  @Override
  public void render(ProjectList list, OutputStream out) throws IOException {
    try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      meta(g, list.lastSerial());
      g.writeArrayFieldStart("projects");
      for (ProjectList.Entry entry : list.projects()) {
        g.writeStartObject();
        g.writeStringField("name", entry.name().displayName());
        g.writeNumberField("_last-serial", entry.lastSerial());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  @Override
  public String toString() {
    return "JsonPageRenderer(" + SimpleFormat.JSON_V1.contentType() + ")";
  }

  private static void meta(JsonGenerator g, long lastSerial) throws IOException {
    g.writeObjectFieldStart("meta");
    g.writeStringField("api-version", API_VERSION);
    g.writeNumberField("_last-serial", lastSerial);
    g.writeEndObject();
  }

  private static void file(JsonGenerator g, FileEntry file, char[] timeBuffer) throws IOException {
    g.writeStartObject();
    g.writeStringField("filename", file.filename());
    g.writeStringField("url", file.url());
    g.writeFieldName("hashes");
    hashes(g, file.hashes());
    Optional<String> requiresPython = file.requiresPython();
    if (requiresPython.isPresent()) {
      g.writeStringField("requires-python", requiresPython.get());
    }
    g.writeNumberField("size", file.size());
    Optional<Instant> uploadTime = file.uploadTime();
    if (uploadTime.isPresent()) {
      g.writeFieldName("upload-time");
      g.writeString(timeBuffer, 0, formatUploadTime(uploadTime.get(), timeBuffer));
    }
    YankState yank = file.yank();
    Optional<String> yankReason = yank.reason();
    if (yankReason.isPresent()) {
      g.writeStringField("yanked", yankReason.get());
    } else {
      g.writeBooleanField("yanked", yank.isYanked());
    }
    Optional<Hashes> metadata = file.coreMetadata();
    if (metadata.isPresent()) {
      g.writeFieldName("core-metadata");
      if (metadata.get().isEmpty()) {
        g.writeBoolean(true);
      } else {
        hashes(g, metadata.get());
      }
    }
    g.writeEndObject();
  }

  private static void hashes(JsonGenerator g, Hashes hashes) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, String> e : hashes.asMap().entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  /**
   * Writes {@code time} as {@code yyyy-mm-ddThh:mm:ss.ffffffZ} (UTC, microseconds, truncated) into
   * {@code buffer} and returns the length. Always six fractional digits: Python before 3.11 only
   * parses 0, 3 or 6 of them. {@code FileEntry} keeps years within 1 to 9999.
   */
  static int formatUploadTime(Instant time, char[] buffer) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
    int pos = digits(buffer, 0, t.getYear(), 4);
    buffer[pos++] = '-';
    pos = digits(buffer, pos, t.getMonthValue(), 2);
    buffer[pos++] = '-';
    pos = digits(buffer, pos, t.getDayOfMonth(), 2);
    buffer[pos++] = 'T';
    pos = digits(buffer, pos, t.getHour(), 2);
    buffer[pos++] = ':';
    pos = digits(buffer, pos, t.getMinute(), 2);
    buffer[pos++] = ':';
    pos = digits(buffer, pos, t.getSecond(), 2);
    buffer[pos++] = '.';
    pos = digits(buffer, pos, time.getNano() / 1000, 6);
    buffer[pos++] = 'Z';
    return pos;
  }

  private static int digits(char[] buffer, int pos, int value, int width) {
    for (int i = pos + width - 1; i >= pos; i--) {
      buffer[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return pos + width;
  }
}
