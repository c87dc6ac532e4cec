package dev.mypi.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real Python clients (pip from the machine's python3, twine from Debian) in an isolated
 * environment: own HOME, caches and config, no inherited PIP_/TWINE_/proxy variables (see
 * shared/CLIENTS.md). A test helper, not part of the testkit's API: mypi-server's integration tests
 * use it through this module's test-jar.
 */
public final class PythonTools {
  /** What a finished process printed (its command line first) and how it ended. */
  public record Result(int exitCode, String output) {
    /** Returns this result, or throws an {@link AssertionError} with the output if the process failed. */
    public Result assertSuccess() {
      if (exitCode != 0) {
        throw new AssertionError("command failed with " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  private final Path home;
  private final String python;

  /** Uses {@code home} (created if missing) as HOME and for the clients' caches and config. */
  public PythonTools(Path home) throws IOException, InterruptedException {
    this.home = home;
    Files.createDirectories(home);
    this.python = resolvePython();
  }

  private static String resolvePython() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor();
    String[] lines = out.split("\n");
    return lines[lines.length - 1].trim();
  }

  /** Returns whether a {@code twine} executable is on the PATH. */
  public static boolean twineAvailable() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, "twine"))) {
        return true;
      }
    }
    return false;
  }

  /** Returns the path of the python3 interpreter that runs pip. */
  public String python() {
    return python;
  }

  /** Runs {@code python3 -m pip} without its cache, version check or prompts. */
  public Result pip(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(python, "-m", "pip", "--no-cache-dir", "--disable-pip-version-check", "--no-input"));
    cmd.addAll(Arrays.asList(args));
    return run(cmd);
  }

  /** Installs into {@code target} from {@code indexUrl} only. */
  public Result pipInstall(String indexUrl, Path target, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("install", "--index-url", indexUrl, "--target", target.toString()));
    cmd.addAll(Arrays.asList(args));
    return pip(cmd.toArray(new String[0]));
  }

  /** Runs {@code python3 -c code} with {@code PYTHONPATH=pythonPath}. */
  public Result pythonWithPath(Path pythonPath, String code) throws IOException, InterruptedException {
    return run(List.of(python, "-c", code), Map.of("PYTHONPATH", pythonPath.toString()));
  }

  /** Runs a program (e.g. an installed console script) with {@code PYTHONPATH=pythonPath}. */
  public Result runWithPath(Path pythonPath, String... cmd) throws IOException, InterruptedException {
    return run(List.of(cmd), Map.of("PYTHONPATH", pythonPath.toString()));
  }

  /** Runs {@code twine upload} as user {@code user} with password {@code secret}. */
  public Result twineUpload(String repositoryUrl, String... args) throws IOException, InterruptedException {
    return twineUploadAs(repositoryUrl, "user", "secret", args);
  }

  /** Runs {@code twine upload} with {@code -u user -p password}. */
  public Result twineUploadAs(String repositoryUrl, String user, String password, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of("twine", "upload", "--non-interactive", "--disable-progress-bar", "--repository-url", repositoryUrl, "-u", user, "-p", password));
    cmd.addAll(Arrays.asList(args));
    return run(cmd);
  }

  /** Runs {@code cmd} in the isolated environment. */
  public Result run(List<String> cmd) throws IOException, InterruptedException {
    return run(cmd, Map.of());
  }

  /** Runs {@code cmd} in the isolated environment plus {@code extraEnv}; fails after five minutes. */
  public Result run(List<String> cmd, Map<String, String> extraEnv) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet()
        .removeIf(
            k ->
                k.startsWith("PIP_")
                    || k.startsWith("TWINE_")
                    || k.startsWith("POETRY_")
                    || k.startsWith("PDM_")
                    || k.startsWith("PIPENV_")
                    || k.equalsIgnoreCase("http_proxy")
                    || k.equalsIgnoreCase("https_proxy")
                    || k.equalsIgnoreCase("no_proxy")
                    || k.equals("VIRTUAL_ENV")
                    || k.equals("PYTHONPATH"));
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
    env.put("PIP_CONFIG_FILE", "/dev/null");
    env.put("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring");
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    env.putAll(extraEnv);
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    return new Result(p.exitValue(), String.join(" ", cmd) + "\n" + new String(out, StandardCharsets.UTF_8));
  }
}
