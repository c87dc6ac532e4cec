package dev.mypi.core.internal.simple;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
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

  // Keys, pre-encoded.
  private static final SerializableString META = new SerializedString("meta");
  private static final SerializableString API_VERSION_KEY = new SerializedString("api-version");
  private static final SerializableString LAST_SERIAL = new SerializedString("_last-serial");
  private static final SerializableString NAME = new SerializedString("name");
  private static final SerializableString PROJECT_STATUS = new SerializedString("project-status");
  private static final SerializableString STATUS = new SerializedString("status");
  private static final SerializableString REASON = new SerializedString("reason");
  private static final SerializableString VERSIONS = new SerializedString("versions");
  private static final SerializableString FILES = new SerializedString("files");
  private static final SerializableString PROJECTS = new SerializedString("projects");
  private static final SerializableString FILENAME = new SerializedString("filename");
  private static final SerializableString URL = new SerializedString("url");
  private static final SerializableString HASHES = new SerializedString("hashes");
  private static final SerializableString REQUIRES_PYTHON = new SerializedString("requires-python");
  private static final SerializableString SIZE = new SerializedString("size");
  private static final SerializableString UPLOAD_TIME = new SerializedString("upload-time");
  private static final SerializableString YANKED = new SerializedString("yanked");
  private static final SerializableString CORE_METADATA = new SerializedString("core-metadata");
  private static final SerializableString SHA256 = new SerializedString(Hashes.SHA256);
  private static final long SECONDS_PER_DAY = 86_400;
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
      g.writeFieldName(NAME);
      g.writeString(page.name().normalized());
      ProjectStatus status = page.status();
      Optional<String> reason = page.statusReason();
      if (status != ProjectStatus.ACTIVE || reason.isPresent()) {
        g.writeFieldName(PROJECT_STATUS);
        g.writeStartObject();
        g.writeFieldName(STATUS);
        g.writeString(status.value());
        if (reason.isPresent()) {
          g.writeFieldName(REASON);
          g.writeString(reason.get());
        }
        g.writeEndObject();
      }
      g.writeFieldName(VERSIONS);
      g.writeStartArray();
      if (status.offersFiles()) {
        for (String version : page.versions()) {
          g.writeString(version);
        }
      }
      g.writeEndArray();
      g.writeFieldName(FILES);
      g.writeStartArray();
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
      g.writeFieldName(PROJECTS);
      g.writeStartArray();
      for (ProjectList.Entry entry : list.projects()) {
        g.writeStartObject();
        g.writeFieldName(NAME);
        g.writeString(entry.name().displayName());
        g.writeFieldName(LAST_SERIAL);
        g.writeNumber(entry.lastSerial());
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
    g.writeFieldName(META);
    g.writeStartObject();
    g.writeFieldName(API_VERSION_KEY);
    g.writeString(API_VERSION);
    g.writeFieldName(LAST_SERIAL);
    g.writeNumber(lastSerial);
    g.writeEndObject();
  }

  private static void file(JsonGenerator g, FileEntry file, char[] timeBuffer) throws IOException {
    g.writeStartObject();
    g.writeFieldName(FILENAME);
    g.writeString(file.filename());
    g.writeFieldName(URL);
    g.writeString(file.url());
    g.writeFieldName(HASHES);
    hashes(g, file.hashes());
    Optional<String> requiresPython = file.requiresPython();
    if (requiresPython.isPresent()) {
      g.writeFieldName(REQUIRES_PYTHON);
      g.writeString(requiresPython.get());
    }
    g.writeFieldName(SIZE);
    g.writeNumber(file.size());
    Optional<Instant> uploadTime = file.uploadTime();
    if (uploadTime.isPresent()) {
      g.writeFieldName(UPLOAD_TIME);
      g.writeString(timeBuffer, 0, formatUploadTime(uploadTime.get(), timeBuffer));
    }
    YankState yank = file.yank();
    Optional<String> yankReason = yank.reason();
    g.writeFieldName(YANKED);
    if (yankReason.isPresent()) {
      g.writeString(yankReason.get());
    } else {
      g.writeBoolean(yank.isYanked());
    }
    Optional<Hashes> metadata = file.coreMetadata();
    if (metadata.isPresent()) {
      g.writeFieldName(CORE_METADATA);
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
      if (e.getKey().equals(Hashes.SHA256)) {
        g.writeFieldName(SHA256);
      } else {
        g.writeFieldName(e.getKey());
      }
      g.writeString(e.getValue());
    }
    g.writeEndObject();
  }

  /**
   * Writes {@code time} as {@code yyyy-mm-ddThh:mm:ss.ffffffZ} (UTC, microseconds, truncated) into
   * {@code buffer} and returns the length. Always six fractional digits: Python before 3.11 only
   * parses 0, 3 or 6 of them. {@code FileEntry} keeps years within 1 to 9999.
   */
  static int formatUploadTime(Instant time, char[] buffer) {
    long epochSecond = time.getEpochSecond();
    long days = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
    int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
    // Proleptic Gregorian date from days since 1970-01-01 (H. Hinnant's civil_from_days), without
    // allocating LocalDateTime objects per file.
    long z = days + 719468;
    long era = Math.floorDiv(z, 146097);
    long dayOfEra = z - era * 146097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long monthIndex = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
    int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));

    int pos = digits(buffer, 0, year, 4);
    buffer[pos++] = '-';
    pos = digits(buffer, pos, month, 2);
    buffer[pos++] = '-';
    pos = digits(buffer, pos, day, 2);
    buffer[pos++] = 'T';
    pos = digits(buffer, pos, secondOfDay / 3600, 2);
    buffer[pos++] = ':';
    pos = digits(buffer, pos, secondOfDay / 60 % 60, 2);
    buffer[pos++] = ':';
    pos = digits(buffer, pos, secondOfDay % 60, 2);
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
