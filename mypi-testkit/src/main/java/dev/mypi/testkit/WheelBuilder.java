package dev.mypi.testkit;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mypi.core.name.ProjectName;
import dev.mypi.testkit.internal.Archives;
import dev.mypi.testkit.internal.MetadataText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a wheel that pip installs: {@code <name>-<version>.dist-info/} with METADATA, WHEEL,
 * {@code entry_points.txt} and a RECORD with the SHA-256 and size of every file, plus Python
 * modules and data files. Unless told otherwise it contains the package {@code <import name>}
 * (the project name normalised with {@code _}: {@code My-Pkg} → {@code my_pkg}) whose {@code
 * __init__.py} sets {@code __version__}, so {@code python -c "import my_pkg"} works after install.
 *
 * <pre>{@code
 * Distribution wheel = WheelBuilder.of("my-tool", "1.2")
 *     .requires("requests>=2")
 *     .extra("socks", "pysocks")                         // Provides-Extra + Requires-Dist ...; extra == "socks"
 *     .requiresPython(">=3.8")
 *     .module("my_tool.cli", "def main():\n    print('hi')\n")
 *     .consoleScript("my-tool", "my_tool.cli:main")      // pip writes bin/my-tool
 *     .build();
 * }</pre>
 *
 * <p>Archives are deterministic: the same settings give the same bytes. A builder is not
 * thread-safe; {@link #build()} may be called more than once.
 */
public final class WheelBuilder {
  private final MetadataText metadata;
  private String pythonTag = "py3";
  private String abiTag = "none";
  private String platformTag = "any";
  private String buildTag = "";
  private boolean defaultPackage = true;
  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final Map<String, byte[]> dataFiles = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> entryPoints = new TreeMap<>();

  private WheelBuilder(String name, String version) {
    checkArgument(ProjectName.isValid(name), "Invalid project name: %s", name);
    checkArgument(!version.isEmpty() && !version.contains("-"), "Invalid version for a wheel filename: %s", version);
    this.metadata = new MetadataText(name, version);
  }

  /** Returns a builder for a wheel of project {@code name} at {@code version}. */
  public static WheelBuilder of(String name, String version) {
    return new WheelBuilder(name, version);
  }

  /** Adds a {@code Requires-Dist} requirement, e.g. {@code bar>=1.0} or {@code baz; python_version < "3.9"}. */
  public WheelBuilder requires(String requirement) {
    metadata.requires(requirement);
    return this;
  }

  /** Declares an extra ({@code Provides-Extra}) and the requirements it adds (marker {@code extra == "<extra>"}). */
  public WheelBuilder extra(String extra, String... requirements) {
    metadata.extra(extra, requirements);
    return this;
  }

  /** Sets {@code Requires-Python}, e.g. {@code >=3.8}. */
  public WheelBuilder requiresPython(String specifiers) {
    metadata.requiresPython(specifiers);
    return this;
  }

  /** Sets the {@code Summary}. */
  public WheelBuilder summary(String summary) {
    metadata.summary(summary);
    return this;
  }

  /** Sets the description (the METADATA body). */
  public WheelBuilder description(String description) {
    metadata.description(description);
    return this;
  }

  /** Adds any other METADATA header, e.g. {@code ("Classifier", "Private :: Do Not Upload")}. */
  public WheelBuilder metadataField(String field, String value) {
    metadata.field(field, value);
    return this;
  }

  /**
   * Sets the compatibility tag, e.g. {@code py3-none-any} (the default), {@code py2.py3-none-any}
   * or {@code cp311-cp311-manylinux_2_17_x86_64}. A wheel whose ABI is not {@code none} or whose
   * platform is not {@code any} is marked {@code Root-Is-Purelib: false}.
   */
  public WheelBuilder tag(String tag) {
    String[] parts = tag.split("-");
    checkArgument(parts.length == 3, "A wheel tag is <python>-<abi>-<platform>: %s", tag);
    this.pythonTag = parts[0];
    this.abiTag = parts[1];
    this.platformTag = parts[2];
    return this;
  }

  /** Sets the platform tag alone, e.g. {@code manylinux_2_17_x86_64} or {@code win_amd64}. */
  public WheelBuilder platform(String platformTag) {
    checkArgument(!platformTag.isEmpty() && !platformTag.contains("-"), "Invalid platform tag: %s", platformTag);
    this.platformTag = platformTag;
    return this;
  }

  /** Sets the optional build tag of the filename, e.g. {@code 1} in {@code foo-1.0-1-py3-none-any.whl}. */
  public WheelBuilder buildTag(String tag) {
    checkArgument(!tag.isEmpty() && Character.isDigit(tag.charAt(0)) && !tag.contains("-"), "A build tag starts with a digit: %s", tag);
    this.buildTag = tag;
    return this;
  }

  /**
   * Adds a Python module: {@code module("foo.cli", source)} writes {@code foo/cli.py}. A module
   * named like the default package ({@code module("foo", …)} for project {@code foo}) replaces
   * its {@code __init__.py}.
   */
  public WheelBuilder module(String dottedName, String source) {
    checkArgument(dottedName.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*"), "Invalid module name: %s", dottedName);
    String path = dottedName.replace('.', '/');
    if (dottedName.equals(importName())) {
      return file(path + "/__init__.py", source);
    }
    return file(path + ".py", source);
  }

  /** Adds a file at {@code path} below the wheel's root (installed into site-packages). */
  public WheelBuilder file(String path, String content) {
    return file(path, Archives.utf8(content));
  }

  /** Adds a file at {@code path} below the wheel's root (installed into site-packages). */
  public WheelBuilder file(String path, byte[] content) {
    checkPath(path);
    files.put(path, content.clone());
    return this;
  }

  /**
   * Adds a data file, installed relative to the environment's prefix: {@code
   * dataFile("share/foo/config.toml", …)} is stored as {@code <name>-<version>.data/data/share/foo/config.toml}.
   */
  public WheelBuilder dataFile(String path, String content) {
    checkPath(path);
    dataFiles.put(path, Archives.utf8(content));
    return this;
  }

  /** Adds an entry point {@code name = objectReference} to {@code group}, e.g. a plugin. */
  public WheelBuilder entryPoint(String group, String name, String objectReference) {
    entryPoints.computeIfAbsent(group, g -> new TreeMap<>()).put(name, objectReference);
    return this;
  }

  /** Adds a console script: pip installs a {@code name} command that calls {@code module:function}. */
  public WheelBuilder consoleScript(String name, String objectReference) {
    return entryPoint("console_scripts", name, objectReference);
  }

  /** Leaves out the default package {@code <import name>/__init__.py}. */
  public WheelBuilder withoutDefaultPackage() {
    this.defaultPackage = false;
    return this;
  }

  /** Returns the importable name of the default package: the project name normalised with {@code _}. */
  public String importName() {
    return ProjectName.of(metadata.name()).filenameForm();
  }

  /** Returns the wheel's filename. */
  public String filename() {
    String build = buildTag.isEmpty() ? "" : "-" + buildTag;
    return importName() + "-" + metadata.version() + build + "-" + pythonTag + "-" + abiTag + "-" + platformTag + ".whl";
  }

  /** Returns the METADATA text the wheel will contain. */
  public String metadataText() {
    return metadata.render("2.1");
  }

  /** Builds the wheel. */
  public Distribution build() {
    String base = importName() + "-" + metadata.version();
    String distInfo = base + ".dist-info";
    Map<String, byte[]> entries = new LinkedHashMap<>();
    String init = importName() + "/__init__.py";
    if (defaultPackage && !files.containsKey(init)) {
      entries.put(init, Archives.utf8(defaultInit(metadata.name(), metadata.version())));
    }
    entries.putAll(files);
    for (Map.Entry<String, byte[]> d : dataFiles.entrySet()) {
      entries.put(base + ".data/data/" + d.getKey(), d.getValue());
    }
    byte[] metadataBytes = Archives.utf8(metadataText());
    entries.put(distInfo + "/METADATA", metadataBytes);
    entries.put(distInfo + "/WHEEL", Archives.utf8(wheelFile()));
    if (!entryPoints.isEmpty()) {
      entries.put(distInfo + "/entry_points.txt", Archives.utf8(MetadataText.entryPoints(entryPoints)));
    }
    StringBuilder record = new StringBuilder();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      record.append(csv(e.getKey())).append(',').append(Archives.recordHash(e.getValue())).append(',').append(e.getValue().length).append('\n');
    }
    record.append(distInfo).append("/RECORD,,\n");
    entries.put(distInfo + "/RECORD", Archives.utf8(record.toString()));
    return Distribution.generated(filename(), Archives.zip(entries), metadataBytes);
  }

  /** Builds the wheel and returns its bytes. */
  public byte[] toBytes() {
    return build().content();
  }

  /** Builds the wheel and writes it into {@code directory}; returns its path. */
  public Path writeTo(Path directory) throws IOException {
    return build().writeTo(directory);
  }

  static String defaultInit(String name, String version) {
    return "NAME = " + pyString(name) + "\n__version__ = " + pyString(version) + "\nVERSION = __version__\n";
  }

  static String pyString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private String wheelFile() {
    boolean purelib = abiTag.equals("none") && platformTag.equals("any");
    StringBuilder w = new StringBuilder("Wheel-Version: 1.0\nGenerator: mypi-testkit\nRoot-Is-Purelib: ").append(purelib).append('\n');
    for (String py : pythonTag.split("\\.")) {
      for (String abi : abiTag.split("\\.")) {
        for (String platform : platformTag.split("\\.")) {
          w.append("Tag: ").append(py).append('-').append(abi).append('-').append(platform).append('\n');
        }
      }
    }
    if (!buildTag.isEmpty()) {
      w.append("Build: ").append(buildTag).append('\n');
    }
    return w.toString();
  }

  private static String csv(String path) {
    return path.contains(",") || path.contains("\"") ? "\"" + path.replace("\"", "\"\"") + "\"" : path;
  }

  static void checkPath(String path) {
    checkArgument(
        !path.isEmpty() && !path.startsWith("/") && !path.contains("\\") && !path.endsWith("/")
            && !("/" + path + "/").contains("/../") && !("/" + path + "/").contains("/./"),
        "Invalid relative path: %s",
        path);
  }
}
