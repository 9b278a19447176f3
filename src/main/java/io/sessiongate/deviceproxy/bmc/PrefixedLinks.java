package io.sessiongate.deviceproxy.bmc;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * The device proxy's link rewrite done on the bytes: a path prefix goes in front of every string value that
 * starts with {@code /redfish}, and replaces the BMC's own origin in front of {@code /redfish}, with one scan
 * and one copy. Everything else is the BMC's bytes as it sent them (its spacing, escapes and number forms).
 *
 * <p>It gives up (null: the caller parses instead) where bytes alone cannot say what the text is: a string
 * whose unescaped text might start a link (an escape, such as {@code \/}, before it could tell), or a body that
 * is not one JSON object or array.
 */
final class PrefixedLinks {
  private static final byte[] REDFISH = "/redfish".getBytes(StandardCharsets.US_ASCII);

  private final byte[] prefix;
  /** The BMC's origin followed by /redfish, as bytes; null when the BMC's address is not known. */
  private final byte[] originLinks;
  private final int originLength;

  PrefixedLinks(String prefix, String origin) {
    this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    this.originLinks = origin == null ? null : (origin + "/redfish").getBytes(StandardCharsets.UTF_8);
    this.originLength = origin == null ? 0 : origin.getBytes(StandardCharsets.UTF_8).length;
  }

  /** {@code body} with its links prefixed ({@code body} itself when it has none), or null (parse it instead). */
  Buffer rewrite(Buffer body) {
    byte[] bytes = body.getBytes();
    int length = bytes.length;
    int at = skipSpace(bytes, 0);
    if (at == length || bytes[at] != '{' && bytes[at] != '[') {
      return null;
    }
    Buffer out = null;
    int copied = 0;
    int depth = 0;
    while (at < length) {
      byte b = bytes[at];
      if (b == '{' || b == '[') {
        depth++;
        at++;
      } else if (b == '}' || b == ']') {
        at++;
        if (--depth == 0) {
          break;
        }
      } else if (b == '"') {
        int start = at + 1;
        int end = start;
        int firstEscape = -1;
        while (end < length && bytes[end] != '"') {
          if (bytes[end] == '\\') {
            if (firstEscape < 0) {
              firstEscape = end;
            }
            end++;
          }
          end++;
        }
        if (end >= length) {
          return null;
        }
        at = end + 1;
        int next = skipSpace(bytes, at);
        if (next < length && bytes[next] == ':') {
          continue;
        }
        if (firstEscape >= 0 && (startsPart(bytes, start, firstEscape, REDFISH)
          || originLinks != null && startsPart(bytes, start, firstEscape, originLinks))) {
          return null;
        }
        int dropped = startsWith(bytes, start, end, REDFISH) ? 0
          : originLinks != null && startsWith(bytes, start, end, originLinks) ? originLength : -1;
        if (dropped >= 0) {
          if (out == null) {
            out = Buffer.buffer(length + 8 * prefix.length);
          }
          out.appendBytes(bytes, copied, start - copied).appendBytes(prefix);
          copied = start + dropped;
        }
      } else {
        at++;
      }
    }
    if (depth != 0 || skipSpace(bytes, at) != length) {
      return null;
    }
    return out == null ? body : out.appendBytes(bytes, copied, length - copied);
  }

  private static boolean startsWith(byte[] bytes, int from, int to, byte[] start) {
    if (to - from < start.length) {
      return false;
    }
    for (int i = 0; i < start.length; i++) {
      if (bytes[from + i] != start[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether bytes[from, to) are the first bytes of {@code start} (all of them, or as many as there are). */
  private static boolean startsPart(byte[] bytes, int from, int to, byte[] start) {
    int n = Math.min(to - from, start.length);
    for (int i = 0; i < n; i++) {
      if (bytes[from + i] != start[i]) {
        return false;
      }
    }
    return true;
  }

  private static int skipSpace(byte[] bytes, int at) {
    while (at < bytes.length && (bytes[at] == ' ' || bytes[at] == '\n' || bytes[at] == '\r' || bytes[at] == '\t')) {
      at++;
    }
    return at;
  }
}
