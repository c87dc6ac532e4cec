package dev.mypi.core.internal.index;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the JSON form of a {@link FileRecord} (its class Javadoc lists the properties)
 * with Jackson's streaming API: snapshots hold one record per file, so a record goes straight from
 * the parser's tokens into its compact form, without an intermediate object or reflection. Journal
 * entries, which Jackson databind maps, use the same code through {@link Serializer} and {@link
 * Deserializer}.
 *
 * <p>Reading accepts what databind accepted: properties in any order, unknown properties (from a
 * newer version) skipped, {@code null} or a missing property for an optional value, a number or
 * string for {@code size}. A missing required value ({@code filename}, {@code version}, {@code
 * blobKey}, {@code sha256}, {@code uploadTime}, {@code filetype}, {@code pyversion}) is a {@link
 * JsonParseException} that names it and the place in the document.
 */
final class FileRecordJson {
  private FileRecordJson() {}

  /**
   * Reads one record; the parser is at its {@code START_OBJECT} (or at its first property name)
   * and is left at its {@code END_OBJECT}.
   */
  static FileRecord read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      t = p.nextToken();
    } else if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT) {
      throw new JsonParseException(p, "Expected a file record (a JSON object), found " + t);
    }
    String filename = null;
    String version = null;
    String blobKey = null;
    long size = 0;
    String sha256 = null;
    String md5 = null;
    String blake2b256 = null;
    String requiresPython = null;
    String metadataKey = null;
    String metadataSha256 = null;
    String uploadTime = null;
    String filetype = null;
    String pyversion = null;
    boolean yanked = false;
    String yankReason = null;
    for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "filename" -> filename = text(p);
        case "version" -> version = text(p);
        case "blobKey" -> blobKey = text(p);
        case "size" -> size = longValue(p);
        case "sha256" -> sha256 = text(p);
        case "md5" -> md5 = text(p);
        case "blake2b256" -> blake2b256 = text(p);
        case "requiresPython" -> requiresPython = text(p);
        case "metadataKey" -> metadataKey = text(p);
        case "metadataSha256" -> metadataSha256 = text(p);
        case "uploadTime" -> uploadTime = text(p);
        case "filetype" -> filetype = text(p);
        case "pyversion" -> pyversion = text(p);
        case "yanked" -> yanked = booleanValue(p);
        case "yankReason" -> yankReason = text(p);
        default -> p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new JsonParseException(p, "Unexpected " + t + " in a file record");
    }
    return new FileRecord(
        required(p, filename, "filename"), required(p, version, "version"), required(p, blobKey, "blobKey"), size,
        required(p, sha256, "sha256"), md5, blake2b256, requiresPython, metadataKey, metadataSha256,
        required(p, uploadTime, "uploadTime"), required(p, filetype, "filetype"), required(p, pyversion, "pyversion"), yanked,
        yankReason);
  }

  /** Writes {@code record} as one JSON object, properties in the documented order, null ones left out. */
  static void write(FileRecord record, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("filename", record.filename());
    g.writeStringField("version", record.version());
    g.writeStringField("blobKey", record.blobKey());
    g.writeNumberField("size", record.size());
    g.writeStringField("sha256", record.sha256());
    writeIfPresent(g, "md5", record.md5());
    writeIfPresent(g, "blake2b256", record.blake2b256());
    writeIfPresent(g, "requiresPython", record.requiresPython());
    writeIfPresent(g, "metadataKey", record.metadataKey());
    writeIfPresent(g, "metadataSha256", record.metadataSha256());
    g.writeStringField("uploadTime", record.uploadTime());
    g.writeStringField("filetype", record.filetype());
    g.writeStringField("pyversion", record.pyversion());
    g.writeBooleanField("yanked", record.yanked());
    writeIfPresent(g, "yankReason", record.yankReason());
    g.writeEndObject();
  }

  private static void writeIfPresent(JsonGenerator g, String name, @Nullable String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  /** Returns the scalar at the parser as text, or null for JSON {@code null}. */
  static @Nullable String text(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != null && t.isScalarValue()) {
      return p.getValueAsString(); // a number or boolean where text belongs, as databind coerced it
    }
    throw new JsonParseException(p, "Expected text for '" + p.currentName() + "', found " + t);
  }

  /** Returns the integer at the parser (a number or a string of digits), 0 for JSON {@code null}. */
  static long longValue(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (t == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (t == JsonToken.VALUE_STRING) {
      try {
        return Long.parseLong(p.getText().trim());
      } catch (NumberFormatException e) {
        throw new JsonParseException(p, "Expected an integer for '" + p.currentName() + "', found \"" + p.getText() + "\"", e);
      }
    }
    throw new JsonParseException(p, "Expected an integer for '" + p.currentName() + "', found " + t);
  }

  private static boolean booleanValue(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null || !t.isScalarValue()) {
      throw new JsonParseException(p, "Expected true or false for '" + p.currentName() + "', found " + t);
    }
    return p.getValueAsBoolean();
  }

  private static String required(JsonParser p, @Nullable String value, String name) throws JsonParseException {
    if (value == null) {
      throw new JsonParseException(p, "File record without '" + name + "'");
    }
    return value;
  }

  /** Reads records where Jackson databind maps them (journal entries). */
  static final class Deserializer extends StdDeserializer<FileRecord> {
    private static final long serialVersionUID = 1L;

    Deserializer() {
      super(FileRecord.class);
    }

    @Override
    public FileRecord deserialize(JsonParser p, DeserializationContext context) throws IOException {
      return read(p);
    }
  }

  /** Writes records where Jackson databind maps them (journal entries). */
  static final class Serializer extends StdSerializer<FileRecord> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(FileRecord.class);
    }

    @Override
    public void serialize(FileRecord value, JsonGenerator g, SerializerProvider provider) throws IOException {
      write(value, g);
    }
  }
}
