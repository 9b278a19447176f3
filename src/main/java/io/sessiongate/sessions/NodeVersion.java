package io.sessiongate.sessions;

import io.sessiongate.core.config.ConfigException;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's software version as nodes report it ("5.1.0-23", "6.0.1 build 7"): compared by its leading
 * dot-separated numbers, so 5.1.0-23 is 5.1.0 and 5.1 equals 5.1.0.
 */
record NodeVersion(String text, int[] numbers) {
  private static final Pattern LEADING_NUMBERS = Pattern.compile("^(\\d{1,9})((?:\\.\\d{1,9})*)");

  /** The version, or null when {@code text} does not start with a number. */
  static NodeVersion parse(String text) {
    Matcher matcher = LEADING_NUMBERS.matcher(text.trim());
    if (!matcher.find()) {
      return null;
    }
    int[] numbers = Arrays.stream(matcher.group().split("\\.")).mapToInt(Integer::parseInt).toArray();
    return new NodeVersion(text.trim(), numbers);
  }

  static NodeVersion parseSetting(String key, String text) {
    NodeVersion version = parse(text);
    if (version == null) {
      throw new ConfigException(key + ": must be a version such as 5.1.0, got '" + text + "'");
    }
    return version;
  }

  boolean isOlderThan(NodeVersion other) {
    int length = Math.max(numbers.length, other.numbers.length);
    for (int i = 0; i < length; i++) {
      int mine = i < numbers.length ? numbers[i] : 0;
      int theirs = i < other.numbers.length ? other.numbers[i] : 0;
      if (mine != theirs) {
        return mine < theirs;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NodeVersion version && text.equals(version.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
