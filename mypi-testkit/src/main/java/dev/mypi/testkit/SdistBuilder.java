package dev.mypi.testkit;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mypi.core.name.ProjectName;
import dev.mypi.testkit.internal.Archives;
import dev.mypi.testkit.internal.MetadataText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a source distribution that pip installs without network access: {@code
 * <name>-<version>/} with PKG-INFO, a {@code pyproject.toml}, the sources, and a small in-tree
 * PEP 517 build backend ({@code _mypi_build.py}, standard library only, {@code requires = []}) that
 * turns the sources into a wheel. Unless told otherwise the sources contain the package {@code
 * <import name>} whose {@code __init__.py} sets {@code __version__}.
 *
 * <pre>{@code
 * Distribution sdist = SdistBuilder.of("my-lib", "1.0").requires("six").module("my_lib.util", "X = 1\n").build();
 * }</pre>
 *
 * <p>The archive is a {@code .tar.gz} (or a {@code .zip} with {@link #zip()}) and is
 * deterministic. A builder is not thread-safe; {@link #build()} may be called more than once.
 */
public final class SdistBuilder {
  private final MetadataText metadata;
  private boolean zip;
  private boolean defaultPackage = true;
  private final Map<String, byte[]> sources = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> entryPoints = new TreeMap<>();

  private SdistBuilder(String name, String version) {
    checkArgument(ProjectName.isValid(name), "Invalid project name: %s", name);
    checkArgument(!version.isEmpty() && !version.contains("-"), "Invalid version for an sdist filename: %s", version);
    this.metadata = new MetadataText(name, version);
  }

  /** Returns a builder for an sdist of project {@code name} at {@code version}. */
  public static SdistBuilder of(String name, String version) {
    return new SdistBuilder(name, version);
  }

  /** Adds a {@code Requires-Dist} requirement (also written to {@code [project] dependencies}). */
  public SdistBuilder requires(String requirement) {
    metadata.requires(requirement);
    return this;
  }

  /** Declares an extra and the requirements it adds. */
  public SdistBuilder extra(String extra, String... requirements) {
    metadata.extra(extra, requirements);
    return this;
  }

  /** Sets {@code Requires-Python}. */
  public SdistBuilder requiresPython(String specifiers) {
    metadata.requiresPython(specifiers);
    return this;
  }

  /** Sets the {@code Summary}. */
  public SdistBuilder summary(String summary) {
    metadata.summary(summary);
    return this;
  }

  /** Adds any other PKG-INFO header. */
  public SdistBuilder metadataField(String field, String value) {
    metadata.field(field, value);
    return this;
  }

  /** Adds a Python module to the sources, like {@link WheelBuilder#module}. */
  public SdistBuilder module(String dottedName, String source) {
    checkArgument(dottedName.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*"), "Invalid module name: %s", dottedName);
    String path = dottedName.replace('.', '/');
    return source(dottedName.equals(importName()) ? path + "/__init__.py" : path + ".py", source);
  }

  /** Adds a source file at {@code path} below the sdist's top directory; {@code .py} files go into the wheel. */
  public SdistBuilder source(String path, String content) {
    WheelBuilder.checkPath(path);
    checkArgument(!path.equals("PKG-INFO") && !path.equals("pyproject.toml") && !path.equals("_mypi_build.py"), "Reserved path: %s", path);
    sources.put(path, Archives.utf8(content));
    return this;
  }

  /** Adds an entry point to {@code group}. */
  public SdistBuilder entryPoint(String group, String name, String objectReference) {
    entryPoints.computeIfAbsent(group, g -> new TreeMap<>()).put(name, objectReference);
    return this;
  }

  /** Adds a console script {@code name} calling {@code module:function}. */
  public SdistBuilder consoleScript(String name, String objectReference) {
    return entryPoint("console_scripts", name, objectReference);
  }

  /** Makes a {@code .zip} sdist instead of {@code .tar.gz}. */
  public SdistBuilder zip() {
    this.zip = true;
    return this;
  }

  /** Leaves out the default package. */
  public SdistBuilder withoutDefaultPackage() {
    this.defaultPackage = false;
    return this;
  }

  /** Returns the importable name of the default package. */
  public String importName() {
    return ProjectName.of(metadata.name()).filenameForm();
  }

  /** Returns the sdist's filename, {@code <import name>-<version>.tar.gz} (PEP 625). */
  public String filename() {
    return importName() + "-" + metadata.version() + (zip ? ".zip" : ".tar.gz");
  }

  /** Builds the sdist. */
  public Distribution build() {
    String top = importName() + "-" + metadata.version() + "/";
    Map<String, byte[]> files = new LinkedHashMap<>();
    String init = importName() + "/__init__.py";
    if (defaultPackage && !sources.containsKey(init)) {
      files.put(init, Archives.utf8(WheelBuilder.defaultInit(metadata.name(), metadata.version())));
    }
    files.putAll(sources);
    List<String> wheelFiles = new ArrayList<>();
    for (String path : files.keySet()) {
      if (path.endsWith(".py")) {
        wheelFiles.add(path);
      }
    }
    byte[] pkgInfo = Archives.utf8(metadata.render("2.1"));
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(top + "PKG-INFO", pkgInfo);
    entries.put(top + "pyproject.toml", Archives.utf8(pyproject()));
    entries.put(top + "_mypi_build.py", Archives.utf8(backend(wheelFiles)));
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      entries.put(top + f.getKey(), f.getValue());
    }
    byte[] archive = zip ? Archives.zip(entries) : Archives.tarGz(entries);
    return Distribution.generated(filename(), archive, pkgInfo);
  }

  /** Builds the sdist and returns its bytes. */
  public byte[] toBytes() {
    return build().content();
  }

  /** Builds the sdist and writes it into {@code directory}; returns its path. */
  public Path writeTo(Path directory) throws IOException {
    return build().writeTo(directory);
  }

  private String pyproject() {
    StringBuilder t = new StringBuilder();
    t.append("[build-system]\nrequires = []\nbuild-backend = \"_mypi_build\"\nbackend-path = [\".\"]\n\n");
    t.append("[project]\nname = ").append(toml(metadata.name())).append("\nversion = ").append(toml(metadata.version())).append('\n');
    if (metadata.requiresPython() != null) {
      t.append("requires-python = ").append(toml(metadata.requiresPython())).append('\n');
    }
    List<String> plain = new ArrayList<>();
    Map<String, List<String>> byExtra = new TreeMap<>();
    for (String r : metadata.requiresDist()) {
      int marker = r.indexOf("extra == \"");
      if (marker < 0) {
        plain.add(r);
      } else {
        String extra = r.substring(marker + 10, r.indexOf('"', marker + 10));
        String req = r.substring(0, r.indexOf(';')).trim();
        String rest = r.substring(r.indexOf(';') + 1, marker).trim();
        if (rest.startsWith("(") && rest.endsWith(") and")) {
          req = req + "; " + rest.substring(1, rest.length() - 5);
        }
        byExtra.computeIfAbsent(extra, e -> new ArrayList<>()).add(req);
      }
    }
    t.append("dependencies = [");
    for (int i = 0; i < plain.size(); i++) {
      t.append(i == 0 ? "" : ", ").append(toml(plain.get(i)));
    }
    t.append("]\n");
    if (!metadata.providesExtra().isEmpty()) {
      t.append("\n[project.optional-dependencies]\n");
      for (String extra : metadata.providesExtra()) {
        t.append(toml(extra)).append(" = [");
        List<String> reqs = byExtra.getOrDefault(extra, List.of());
        for (int i = 0; i < reqs.size(); i++) {
          t.append(i == 0 ? "" : ", ").append(toml(reqs.get(i)));
        }
        t.append("]\n");
      }
    }
    for (Map.Entry<String, Map<String, String>> g : entryPoints.entrySet()) {
      t.append('\n').append(g.getKey().equals("console_scripts") ? "[project.scripts]" : "[project.entry-points." + toml(g.getKey()) + "]").append('\n');
      for (Map.Entry<String, String> e : g.getValue().entrySet()) {
        t.append(toml(e.getKey())).append(" = ").append(toml(e.getValue())).append('\n');
      }
    }
    return t.toString();
  }

  private static String toml(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private String backend(List<String> wheelFiles) {
    StringBuilder files = new StringBuilder("[");
    for (String f : wheelFiles) {
      files.append(WheelBuilder.pyString(f)).append(", ");
    }
    files.append(']');
    String entryPointsText = entryPoints.isEmpty() ? "" : MetadataText.entryPoints(entryPoints);
    return "\"\"\"A minimal PEP 517 build backend written by mypi-testkit (standard library only).\"\"\"\n"
        + "import base64, hashlib, os, zipfile\n\n"
        + "_BASE = " + WheelBuilder.pyString(importName() + "-" + metadata.version()) + "\n"
        + "_FILES = " + files + "\n"
        + "_ENTRY_POINTS = " + WheelBuilder.pyString(entryPointsText).replace("\n", "\\n") + "\n"
        + "_HERE = os.path.dirname(os.path.abspath(__file__))\n\n\n"
        + "def _read(path):\n"
        + "    with open(os.path.join(_HERE, path), 'rb') as f:\n"
        + "        return f.read()\n\n\n"
        + "def _dist_info():\n"
        + "    files = [('METADATA', _read('PKG-INFO')),\n"
        + "             ('WHEEL', b'Wheel-Version: 1.0\\nGenerator: mypi-testkit\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n')]\n"
        + "    if _ENTRY_POINTS:\n"
        + "        files.append(('entry_points.txt', _ENTRY_POINTS.encode('utf-8')))\n"
        + "    return files\n\n\n"
        + "def get_requires_for_build_wheel(config_settings=None):\n    return []\n\n\n"
        + "def get_requires_for_build_sdist(config_settings=None):\n    return []\n\n\n"
        + "def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):\n"
        + "    name = _BASE + '.dist-info'\n"
        + "    os.makedirs(os.path.join(metadata_directory, name), exist_ok=True)\n"
        + "    for path, data in _dist_info():\n"
        + "        with open(os.path.join(metadata_directory, name, path), 'wb') as f:\n"
        + "            f.write(data)\n"
        + "    return name\n\n\n"
        + "def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n"
        + "    filename = _BASE + '-py3-none-any.whl'\n"
        + "    entries = [(p, _read(p)) for p in _FILES]\n"
        + "    entries += [(_BASE + '.dist-info/' + p, d) for p, d in _dist_info()]\n"
        + "    record = ''\n"
        + "    for path, data in entries:\n"
        + "        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode('ascii')\n"
        + "        record += '%s,sha256=%s,%d\\n' % (path, digest, len(data))\n"
        + "    record += _BASE + '.dist-info/RECORD,,\\n'\n"
        + "    entries.append((_BASE + '.dist-info/RECORD', record.encode('utf-8')))\n"
        + "    with zipfile.ZipFile(os.path.join(wheel_directory, filename), 'w', zipfile.ZIP_DEFLATED) as z:\n"
        + "        for path, data in entries:\n"
        + "            z.writestr(zipfile.ZipInfo(path, (2020, 1, 1, 0, 0, 0)), data)\n"
        + "    return filename\n";
  }
}
