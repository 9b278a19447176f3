package io.sessiongate.deviceproxy.bmc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.util.function.UnaryOperator;

/**
 * Rewrites a BMC's same-origin links (paths starting with /redfish/, or absolute URLs of the BMC itself) so
 * that a client following them through the path-prefix address stays on the gateway.
 *
 * <p>A body is rewritten token by token as its bytes come ({@link #stream}: Jackson's non-blocking parser into a
 * generator), not parsed into a tree and serialised again: the output is what the tree's would be (compact, the
 * same escapes and number forms, Vert.x's codec being Jackson too), but costs no map per object. One
 * difference: a key an object repeats stays repeated (a tree kept the last value).
 */
public final class LinkRewriter {
  /** Default settings, as Vert.x's own codec: the same escapes and number forms as a re-serialised tree. */
  private static final JsonFactory JSON = new JsonFactory();

  private final UnaryOperator<String> paths;
  private final String origin;
  /** {@code origin + "/redfish"}, made once: every string value of a body is checked against it. */
  private final String originLinks;
  private final boolean gatewaySessions;
  /** For a path prefix (which keeps every Id right): the rewrite on the bytes; null for other rewrites. */
  private final PrefixedLinks prefixed;

  /** {@code prefix} like {@code /bmc/bmc1} (empty: links stay as they are); {@code origin} like {@code https://10.0.0.5:443}. */
  public LinkRewriter(String prefix, String origin) {
    this(path -> prefix + path, origin, false, new PrefixedLinks(prefix, origin));
  }

  /** Same-origin paths (starting with /redfish) become {@code paths}' answer (the aggregation's member URIs). */
  public LinkRewriter(UnaryOperator<String> paths, String origin) {
    this(paths, origin, false, null);
  }

  private LinkRewriter(UnaryOperator<String> paths, String origin, boolean gatewaySessions, PrefixedLinks prefixed) {
    this.paths = paths;
    this.origin = origin;
    this.originLinks = origin == null ? null : origin + "/redfish";
    this.gatewaySessions = gatewaySessions;
    this.prefixed = prefixed;
  }

  /**
   * For the service root of a pooled device: it also names the SessionService clients log in to, which is the
   * gateway's (at the device's own /redfish/v1/SessionService), whether or not the BMC has one. A BMC reached with
   * HTTP Basic has none, and a client such as redfishtool finds the login link nowhere else.
   */
  public LinkRewriter advertisingGatewaySessions() {
    return new LinkRewriter(paths, origin, true, null);
  }

  String link(String value) {
    if (value.startsWith("/redfish")) {
      return paths.apply(value);
    }
    if (originLinks != null && value.startsWith(originLinks)) {
      return paths.apply(value.substring(origin.length()));
    }
    return value;
  }

  /** True when a body of this media type has its links rewritten; any other passes untouched. */
  public static boolean rewrites(String contentType) {
    return contentType != null && contentType.contains("json");
  }

  /** The body with links rewritten; a body that is not JSON passes unchanged. */
  public Buffer body(Buffer body, String contentType) {
    if (body == null || body.length() == 0 || !rewrites(contentType)) {
      return body;
    }
    Rewrite rewrite = stream();
    rewrite.feed(body);
    return rewrite.end(body);
  }

  /**
   * A rewrite fed the body chunk by chunk (split anywhere, even inside a character). The proxy reads an answer
   * whole and uses {@link #body}; the chunked form is what the tests split at every byte.
   */
  Rewrite stream() {
    return new Rewrite();
  }

  /**
   * One body's rewrite: {@link #feed} each chunk, then {@link #end}. A body that is not one JSON object or array
   * (a bare value, trailing content, malformed) passes unchanged.
   */
  final class Rewrite {
    private Buffer out;
    /** Made at the first token to read: a path prefix rarely needs them. */
    private JsonParser parser;
    private ByteArrayFeeder feeder;
    private JsonGenerator generator;
    private int depth;
    private boolean complete;
    private boolean notRewritable;
    /** The root object's field being read, and its own URI as the BMC sent it and as rewritten (for its Id). */
    private String rootField;
    private String self;
    private String rewrittenSelf;
    /** The root's Id, when it came before its URI (DMTF's mockups and bmc-sim write @odata.id late). */
    private String earlyId;
    /** That Id was to follow a URI whose last segment the rewrite changed: known too late, the tree does it. */
    private boolean idWrittenTooEarly;

    private Rewrite() {
    }

    private void fed(byte[] bytes) throws IOException {
      if (parser == null) {
        Buffer written = Buffer.buffer();
        out = written;
        parser = JSON.createNonBlockingByteArrayParser();
        generator = JSON.createGenerator(new OutputStream() {
          @Override
          public void write(int b) {
            written.appendByte((byte) b);
          }

          @Override
          public void write(byte[] bytes, int offset, int length) {
            written.appendBytes(bytes, offset, length);
          }
        });
        feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
      }
      feeder.feedInput(bytes, 0, bytes.length);
      drain();
    }

    public void feed(Buffer chunk) {
      // The service root gains entries: one small object, rewritten as a tree at the end. A path prefix is
      // put in on the bytes at the end, all at once.
      if (!notRewritable && !gatewaySessions && prefixed == null) {
        parse(chunk);
      }
    }

    /** The token rewrite of {@code bytes} (a chunk, or the whole body where the bytes alone could not do). */
    private void parse(Buffer bytes) {
      try {
        fed(bytes.getBytes());
      } catch (IOException malformed) {
        notRewritable = true;
      }
    }

    /** The body to send, given {@code whole}, every byte fed: rewritten, or {@code whole} when it is not JSON. */
    public Buffer end(Buffer whole) {
      if (gatewaySessions) {
        return treeBody(whole);
      }
      if (prefixed != null) {
        Buffer done = prefixed.rewrite(whole);
        if (done != null) {
          return done;
        }
        parse(whole);
      }
      if (notRewritable) {
        return whole;
      }
      try {
        if (parser == null) {
          // Nothing was fed.
          fed(new byte[0]);
        }
        feeder.endOfInput();
        drain();
        generator.close();
        parser.close();
      } catch (IOException malformed) {
        return whole;
      }
      if (idWrittenTooEarly) {
        // Only where the rewrite renames a resource (the aggregation's member URIs): the tree sees it whole.
        return treeBody(whole);
      }
      return complete && !notRewritable ? out : whole;
    }

    private void drain() throws IOException {
      for (JsonToken token = parser.nextToken(); token != null && token != JsonToken.NOT_AVAILABLE;
           token = parser.nextToken()) {
        if (complete || depth == 0 && token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
          notRewritable = true;
          return;
        }
        switch (token) {
          case START_OBJECT -> {
            depth++;
            generator.writeStartObject();
          }
          case START_ARRAY -> {
            depth++;
            generator.writeStartArray();
          }
          case END_OBJECT -> {
            generator.writeEndObject();
            complete = --depth == 0;
          }
          case END_ARRAY -> {
            generator.writeEndArray();
            complete = --depth == 0;
          }
          case FIELD_NAME -> {
            if (depth == 1) {
              rootField = parser.currentName();
            }
            generator.writeFieldName(parser.currentName());
          }
          case VALUE_STRING -> generator.writeString(depth == 1 && rootField != null ? rootValue(parser.getText())
            : link(parser.getText()));
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> writeNumber(parser.getNumberValue());
          case VALUE_TRUE -> generator.writeBoolean(true);
          case VALUE_FALSE -> generator.writeBoolean(false);
          case VALUE_NULL -> generator.writeNull();
          default -> {
            notRewritable = true;
            return;
          }
        }
      }
    }

    /** A string field of the root object: its URI, and an Id that is the URI's last segment, as the tree does. */
    private String rootValue(String value) {
      if (rootField.equals("@odata.id") && self == null) {
        self = value;
        rewrittenSelf = link(value);
        // A path prefix (the device proxy's) keeps the last segment, so an Id already written stays right.
        idWrittenTooEarly = earlyId != null && lastSegment(self).equals(earlyId)
          && !lastSegment(rewrittenSelf).equals(earlyId);
        return rewrittenSelf;
      }
      if (rootField.equals("Id")) {
        if (self == null) {
          earlyId = value;
        } else if (lastSegment(self).equals(value)) {
          return lastSegment(rewrittenSelf);
        }
      }
      return link(value);
    }

    /** As Vert.x's codec writes the number it parsed: Integer, Long or BigInteger, and Double. */
    private void writeNumber(Number number) throws IOException {
      if (number instanceof Integer i) {
        generator.writeNumber(i);
      } else if (number instanceof Long l) {
        generator.writeNumber(l);
      } else if (number instanceof BigInteger big) {
        generator.writeNumber(big);
      } else {
        generator.writeNumber(number.doubleValue());
      }
    }
  }

  /** Parsed into a tree and serialised again: for the service root, which gains entries. */
  Buffer treeBody(Buffer body) {
    if (body.length() == 0) {
      return body;
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(body);
    } catch (DecodeException notJson) {
      return body;
    }
    if (gatewaySessions && parsed instanceof JsonObject root) {
      root.put("SessionService", new JsonObject().put("@odata.id", "/redfish/v1/SessionService"));
      JsonObject links = root.getValue("Links") instanceof JsonObject existing ? existing : new JsonObject();
      root.put("Links", links.put("Sessions", new JsonObject().put("@odata.id", "/redfish/v1/SessionService/Sessions")));
    }
    boolean namedByItsUri = parsed instanceof JsonObject resource && idIsLastSegment(resource);
    Object rewritten = rewrite(parsed);
    if (namedByItsUri) {
      // DSP0266: a resource's Id is the last segment of its URI, which the rewriting may have changed (the
      // aggregation's /redfish/v1/Systems/1 → /redfish/v1/Systems/bmc1_1).
      ((JsonObject) rewritten).put("Id", lastSegment(((JsonObject) rewritten).getString("@odata.id")));
    }
    return rewritten instanceof JsonObject o ? o.toBuffer() : rewritten instanceof JsonArray a ? a.toBuffer() : body;
  }

  /** Whether the resource's Id is its URI's last segment, as DSP0266 has it (else it is left as the BMC sent it). */
  private static boolean idIsLastSegment(JsonObject resource) {
    return resource.getValue("Id") instanceof String id && resource.getValue("@odata.id") instanceof String self
      && lastSegment(self).equals(id);
  }

  private static String lastSegment(String uri) {
    String path = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private Object rewrite(Object value) {
    if (value instanceof JsonObject object) {
      for (String key : object.fieldNames()) {
        object.put(key, rewrite(object.getValue(key)));
      }
      return object;
    }
    if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, rewrite(array.getValue(i)));
      }
      return array;
    }
    if (value instanceof String text) {
      return link(text);
    }
    return value;
  }
}
