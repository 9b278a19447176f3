package io.sessiongate.core.http;

import io.sessiongate.core.api.ApiError;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

/**
 * Parses request bodies as strict JSON (RFC 8259: no trailing commas, comments or duplicate keys) and
 * reports the first error with its line and column, so a client can find the broken spot.
 */
public final class StrictJson {
  /**
   * Far beyond any API's documents, and far below Jackson's default of 1000: a value nested ~1000 deep is
   * read, but writing it back out (a reply, a jsonb column) overflows an event loop's stack.
   */
  static final int MAX_NESTING_DEPTH = 100;
  private static final JsonFactory FACTORY = JsonFactory.builder()
    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
    .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
    .build();

  private StrictJson() {
  }

  /** The parsed value: a JsonObject, JsonArray, String, Number, Boolean or null. */
  public static Object parse(Buffer body) {
    if (body == null || body.length() == 0) {
      throw ApiError.of(ApiError.Reason.MALFORMED_JSON, "The request body is empty; a JSON document was expected.");
    }
    try (JsonParser parser = FACTORY.createParser(body.getBytes())) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw ApiError.of(ApiError.Reason.MALFORMED_JSON, "The request body is empty; a JSON document was expected.");
      }
      Object value = read(parser, first);
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw malformed("unexpected content after the JSON document", parser.currentTokenLocation());
      }
      return value;
    } catch (StreamConstraintsException e) {
      throw malformed("it nests deeper than " + MAX_NESTING_DEPTH + " arrays and objects", e.getLocation());
    } catch (JsonProcessingException e) {
      String near = e.getProcessor() instanceof JsonParser p ? p.getParsingContext().pathAsPointer().toString() : "";
      throw malformed(e.getOriginalMessage(), e.getLocation()).at(near.isEmpty() ? "/" : near);
    } catch (IOException e) {
      throw ApiError.of(ApiError.Reason.MALFORMED_JSON, "The request body could not be read as JSON.");
    }
  }

  private static Object read(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT -> {
        JsonObject object = new JsonObject();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          object.put(name, read(parser, parser.nextToken()));
        }
        return object;
      }
      case START_ARRAY -> {
        JsonArray array = new JsonArray();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          array.add(read(parser, t));
        }
        return array;
      }
      case VALUE_STRING -> {
        return parser.getText();
      }
      case VALUE_NUMBER_INT -> {
        return switch (parser.getNumberType()) {
          case INT -> parser.getIntValue();
          case LONG -> parser.getLongValue();
          default -> parser.getBigIntegerValue();
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return parser.getDoubleValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw malformed("unexpected token " + token, parser.currentTokenLocation());
    }
  }

  private static ApiError malformed(String problem, JsonLocation location) {
    String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    return ApiError.of(ApiError.Reason.MALFORMED_JSON, "The request body is not valid JSON" + where + ": "
      + problem.replace("\n", " ").trim());
  }
}
