package io.sessiongate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layers of docs/ARCHITECTURE.md ("Packages and layers"), checked over the main sources: every reference to an
 * {@code io.sessiongate} package counts, in an import or written out in the code; comments and string literals do
 * not. Run alone with {@code scripts/check-layers.sh}.
 */
class ArchitectureTest {
  /**
   * The core's packages from the ground floor up: a package may use those of the floors below its own, never one of
   * its floor or above. The order is the one the code has; changing it is a design decision, not a fix.
   */
  static final List<Set<String>> CORE_FLOORS = List.of(
    Set.of("config"),
    Set.of("api"),
    Set.of("tracing"),
    Set.of("storage"),
    Set.of("bus"),
    Set.of("cluster"),
    Set.of("auth"),
    Set.of("audit", "http"),
    Set.of("docs", "ops", "redfish", "fleet"),
    Set.of("slice"));

  /** The slices: each uses the core and itself only. */
  static final Set<String> SLICES = Set.of("admin", "symphony", "sessions", "murano", "redfish", "deviceproxy",
    "aggregation");

  private static final Path SOURCES = Path.of("src/main/java/io/sessiongate");
  private static final Pattern REFERENCE = Pattern.compile("\\bio\\s*\\.\\s*sessiongate\\s*\\.\\s*([A-Za-z_]\\w*)"
    + "(?:\\s*\\.\\s*([A-Za-z_]\\w*))?");

  /** One source file: the top-level package it is in under io.sessiongate ("" for the root) and what it references. */
  record Source(Path path, String area, String corePackage, List<Reference> references) {
  }

  /** A reference to {@code io.sessiongate.<area>[.<sub>]}: the root package's classes are areas with a capital. */
  record Reference(String area, String sub) {
    @Override
    public String toString() {
      return "io.sessiongate." + area + (sub == null ? "" : "." + sub);
    }
  }

  private static List<Source> sources;

  @BeforeAll
  static void readSources() {
    sources = read(SOURCES);
    assertTrue(sources.size() > 100, "found the main sources under " + SOURCES.toAbsolutePath());
  }

  @Test
  void corePackagesUseOnlyTheFloorsBelowTheirs() {
    List<String> violations = new ArrayList<>();
    for (Source source : sources) {
      if (!source.area().equals("core")) {
        continue;
      }
      int floor = floorOf(source.corePackage());
      if (floor < 0) {
        violations.add(source.path() + ": core." + source.corePackage() + " is on no floor of CORE_FLOORS");
        continue;
      }
      for (Reference reference : source.references()) {
        if (!reference.area().equals("core")) {
          violations.add(source.path() + ": the core uses " + reference);
        } else if (reference.sub() != null && !reference.sub().equals(source.corePackage())) {
          int used = floorOf(reference.sub());
          if (used < 0 || used >= floor) {
            violations.add(source.path() + ": core." + source.corePackage() + " (floor " + floor + ") uses " + reference
              + (used < 0 ? " (on no floor)" : " (floor " + used + ")"));
          }
        }
      }
    }
    assertNone(violations);
  }

  @Test
  void noSliceUsesAnotherSliceOrAnythingButTheCore() {
    List<String> violations = new ArrayList<>();
    for (Source source : sources) {
      if (!SLICES.contains(source.area())) {
        continue;
      }
      for (Reference reference : source.references()) {
        if (!reference.area().equals("core") && !reference.area().equals(source.area())) {
          violations.add(source.path() + ": slice " + source.area() + " uses " + reference);
        }
      }
    }
    assertNone(violations);
  }

  @Test
  void theGatewayNamesNoSliceOnlyTheCompositionRootDoes() {
    List<String> violations = new ArrayList<>();
    for (Source source : sources) {
      if (!source.area().isEmpty() || source.path().getFileName().toString().equals("Slices.java")) {
        continue;
      }
      for (Reference reference : source.references()) {
        if (SLICES.contains(reference.area()) || reference.area().equals("bmcsim") || reference.area().equals("cli")) {
          violations.add(source.path() + " uses " + reference + " (only Slices.java names the slices)");
        }
      }
    }
    assertNone(violations);
  }

  @Test
  void theSimulatedBmcStandsAloneAndOnlyTheCommandLineStartsIt() {
    List<String> violations = new ArrayList<>();
    for (Source source : sources) {
      for (Reference reference : source.references()) {
        boolean fromBmcsim = source.area().equals("bmcsim");
        if (fromBmcsim && !reference.area().equals("bmcsim") && !reference.area().equals("core")) {
          violations.add(source.path() + ": the simulated BMC uses " + reference);
        }
        if (!fromBmcsim && reference.area().equals("bmcsim") && !source.area().equals("cli")) {
          violations.add(source.path() + " uses the simulated BMC (" + reference + "); only the command line may");
        }
      }
    }
    assertNone(violations);
  }

  @Test
  void everyCorePackageIsOnOneFloor() {
    Set<String> onFloors = new TreeSet<>();
    CORE_FLOORS.forEach(onFloors::addAll);
    Set<String> present = new TreeSet<>();
    sources.stream().filter(source -> source.area().equals("core")).forEach(source -> present.add(source.corePackage()));
    assertEquals(onFloors, present, "CORE_FLOORS lists exactly the core's packages");
  }

  @Test
  void theReaderSeesReferencesWrittenOutInCodeButNotInCommentsOrStrings() {
    List<Reference> found = references(strip("""
      import io.sessiongate.core.api.ApiError;
      /* io.sessiongate.murano.Hidden */ // io.sessiongate.symphony.Hidden
      class X { Object y = new io.sessiongate.redfish.RedfishApi(); String z = "io.sessiongate.admin"; char c = '"';
        Object w = io.sessiongate
          .deviceproxy.DeviceProxySlice.class; }
      """));
    assertEquals(List.of(new Reference("core", "api"), new Reference("redfish", "RedfishApi"),
      new Reference("deviceproxy", "DeviceProxySlice")), found);
  }

  private static int floorOf(String corePackage) {
    for (int floor = 0; floor < CORE_FLOORS.size(); floor++) {
      if (CORE_FLOORS.get(floor).contains(corePackage)) {
        return floor;
      }
    }
    return -1;
  }

  private static void assertNone(List<String> violations) {
    assertTrue(violations.isEmpty(), violations.size() + " layering violation(s):\n" + String.join("\n", violations));
  }

  static List<Source> read(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(path -> path.toString().endsWith(".java")).sorted().map(path -> {
        Path relative = root.relativize(path);
        String area = relative.getNameCount() == 1 ? "" : relative.getName(0).toString();
        String corePackage = area.equals("core") && relative.getNameCount() > 2 ? relative.getName(1).toString() : "";
        return new Source(path, area, corePackage, references(strip(text(path))));
      }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The references of code whose package line is left out (a file's own package is no use of it). */
  static List<Reference> references(String code) {
    List<Reference> found = new ArrayList<>();
    Matcher matcher = REFERENCE.matcher(code.replaceFirst("(?m)^\\s*package\\s+[\\w.\\s]+;", ""));
    while (matcher.find()) {
      found.add(new Reference(matcher.group(1), matcher.group(2)));
    }
    return found;
  }

  /** The code without its comments and with its string, text-block and character literals emptied. */
  static String strip(String source) {
    StringBuilder code = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        i = end < 0 ? source.length() : end;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? source.length() : end + 2;
        code.append(' ');
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        i = end < 0 ? source.length() : end + 3;
        code.append("\"\"");
      } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
        char quote = source.charAt(i);
        i++;
        while (i < source.length() && source.charAt(i) != quote && source.charAt(i) != '\n') {
          i += source.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
        code.append(quote).append(quote);
      } else {
        code.append(source.charAt(i));
        i++;
      }
    }
    return code.toString();
  }
}
