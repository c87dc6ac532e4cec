package dev.mypi.core.internal.index;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import dev.mypi.core.simple.ProjectStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes a snapshot document with Jackson's streaming API, straight from and to the
 * in-memory {@link ProjectState}s: at 100,000 files the document is about 65 MB, and going through
 * databind and a list of intermediate objects took most of a restart.
 *
 * <pre>{@code
 * {"serial": 416,
 *  "projects": [
 *    {"normalized": "foo", "displayName": "Foo", "lastSerial": 15, "status": "ACTIVE", "statusReason": "",
 *     "files": [ <FileRecord>, ... ], "owners": ["alice"]},
 *    ...]}
 * }</pre>
 *
 * <p>{@code status} is the {@link ProjectStatus} constant's name; {@code statusReason} is "" when
 * there is none; {@code owners} is missing in snapshots written before owners were recorded. The
 * format is the one databind wrote before, so snapshots of older and newer versions stay readable
 * by each other: unknown properties are skipped, and an unknown status is read as active (as in the
 * journal). A document that is cut short, is not JSON or lacks a required value is a {@link
 * JsonParseException} (or another {@link IOException}); nothing is returned from it.
 */
final class SnapshotJson {
  private static final Logger logger = LoggerFactory.getLogger(SnapshotJson.class);

  private final JsonFactory factory =
      JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  /** Reads a whole snapshot document from {@code in} (not closed). */
  Journal.Snapshot read(InputStream in) throws IOException {
    try (JsonParser p = factory.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonParseException(p, "A snapshot must be a JSON object");
      }
      long serial = -1;
      List<ProjectState> projects = null;
      JsonToken t;
      for (t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "serial" -> serial = FileRecordJson.longValue(p);
          case "projects" -> projects = readProjects(p);
          default -> p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw new JsonParseException(p, "Unexpected " + t + " in a snapshot");
      }
      if (serial < 0 || projects == null) {
        throw new JsonParseException(p, "Snapshot without 'serial' or 'projects'");
      }
      return new Journal.Snapshot(serial, projects);
    }
  }

  private static List<ProjectState> readProjects(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new JsonParseException(p, "Expected the array of projects, found " + p.currentToken());
    }
    List<ProjectState> projects = new ArrayList<>();
    JsonToken t;
    for (t = p.nextToken(); t == JsonToken.START_OBJECT; t = p.nextToken()) {
      projects.add(readProject(p));
    }
    if (t != JsonToken.END_ARRAY) {
      throw new JsonParseException(p, "Expected a project (a JSON object), found " + t);
    }
    return projects;
  }

  private static ProjectState readProject(JsonParser p) throws IOException {
    String normalized = null;
    String displayName = null;
    long lastSerial = 0;
    String status = null;
    String statusReason = null;
    List<FileRecord> files = null;
    List<String> owners = null;
    JsonToken t;
    for (t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "normalized" -> normalized = FileRecordJson.text(p);
        case "displayName" -> displayName = FileRecordJson.text(p);
        case "lastSerial" -> lastSerial = FileRecordJson.longValue(p);
        case "status" -> status = FileRecordJson.text(p);
        case "statusReason" -> statusReason = FileRecordJson.text(p);
        case "files" -> files = readFiles(p);
        case "owners" -> owners = readOwners(p);
        default -> p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new JsonParseException(p, "Unexpected " + t + " in a project");
    }
    if (normalized == null || files == null) {
      throw new JsonParseException(p, "Project without 'normalized' or 'files'");
    }
    ImmutableSortedMap<String, FileRecord> byName;
    if (files.size() == 1) {
      byName = ImmutableSortedMap.of(files.get(0).filename(), files.get(0));
    } else {
      ImmutableSortedMap.Builder<String, FileRecord> builder = ImmutableSortedMap.naturalOrder();
      for (FileRecord f : files) {
        builder.put(f.filename(), f);
      }
      try {
        byName = builder.buildOrThrow();
      } catch (IllegalArgumentException e) {
        throw new JsonParseException(p, "Project '" + normalized + "' lists a file twice: " + e.getMessage(), e);
      }
    }
    return new ProjectState(
        normalized, displayName == null ? normalized : displayName, byName, lastSerial, status(status, normalized),
        statusReason == null || statusReason.isEmpty() ? null : statusReason,
        owners == null || owners.isEmpty() ? ImmutableSortedSet.of() : ImmutableSortedSet.copyOf(owners));
  }

  private static ProjectStatus status(@Nullable String name, String project) {
    if (name == null) {
      return ProjectStatus.ACTIVE;
    }
    for (ProjectStatus s : ProjectStatus.values()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    logger.warn("Unknown status '{}' of project '{}' in the snapshot; treating it as active", name, project);
    return ProjectStatus.ACTIVE;
  }

  private static List<FileRecord> readFiles(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new JsonParseException(p, "Expected the array of files, found " + p.currentToken());
    }
    List<FileRecord> files = new ArrayList<>(1);
    JsonToken t;
    for (t = p.nextToken(); t == JsonToken.START_OBJECT; t = p.nextToken()) {
      files.add(FileRecordJson.read(p));
    }
    if (t != JsonToken.END_ARRAY) {
      throw new JsonParseException(p, "Expected a file record (a JSON object), found " + t);
    }
    return files;
  }

  private static @Nullable List<String> readOwners(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new JsonParseException(p, "Expected the array of owners, found " + p.currentToken());
    }
    List<String> owners = new ArrayList<>(1);
    JsonToken t;
    for (t = p.nextToken(); t == JsonToken.VALUE_STRING; t = p.nextToken()) {
      owners.add(p.getText());
    }
    if (t != JsonToken.END_ARRAY) {
      throw new JsonParseException(p, "Expected an owner's name, found " + t);
    }
    return owners;
  }

  /** Writes {@code snapshot} as one JSON document to {@code out} (not closed). */
  void write(Journal.Snapshot snapshot, OutputStream out) throws IOException {
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("serial", snapshot.serial());
      g.writeArrayFieldStart("projects");
      for (ProjectState project : snapshot.projects()) {
        g.writeStartObject();
        g.writeStringField("normalized", project.normalized());
        g.writeStringField("displayName", project.displayName());
        g.writeNumberField("lastSerial", project.lastSerial());
        g.writeStringField("status", project.status().name());
        String reason = project.statusReason();
        g.writeStringField("statusReason", reason == null ? "" : reason);
        g.writeArrayFieldStart("files");
        for (FileRecord file : project.files().values()) {
          FileRecordJson.write(file, g);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("owners");
        for (String owner : project.owners()) {
          g.writeString(owner);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }
}
