package io.sessiongate.core.http;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrictJsonTest {
  private static ApiError rejected(String text) {
    return assertThrows(ApiError.class, () -> StrictJson.parse(Buffer.buffer(text)));
  }

  @Test
  void parsesObjectsArraysAndNumbersFaithfully() {
    JsonObject parsed = (JsonObject) StrictJson.parse(Buffer.buffer(
      "{\"a\": 1, \"b\": [true, null, \"x\"], \"c\": 9007199254740993, \"d\": 1.5}"));
    assertEquals(1, parsed.getInteger("a"));
    assertEquals(new JsonArray().add(true).addNull().add("x"), parsed.getJsonArray("b"));
    assertEquals(9007199254740993L, parsed.getLong("c"));
    assertEquals(1.5, parsed.getDouble("d"));
  }

  @Test
  void aTrailingCommaIsReportedWithItsLineAndColumn() {
    ApiError error = rejected("{\n\"numServices\" : 1,\n\"numSlots\" : 2,\n}");
    assertEquals(ApiError.Reason.MALFORMED_JSON, error.reason());
    assertEquals(400, error.status());
    assertTrue(error.getMessage().contains("line 4, column 1"), error.getMessage());
  }

  @Test
  void aMissingCommaIsReportedWithItsLineAndColumn() {
    ApiError error = rejected("{\n\"a\": {\"x\": 1}\n\"b\": 2\n}");
    assertTrue(error.getMessage().contains("line 3, column 1"), error.getMessage());
  }

  @Test
  void duplicateKeysAreRefused() {
    ApiError error = rejected("{\"login\": \"a\", \"login\": \"b\"}");
    assertTrue(error.getMessage().contains("Duplicate field 'login'"), error.getMessage());
  }

  @Test
  void contentAfterTheDocumentIsRefused() {
    ApiError error = rejected("{\"a\": 1} {\"b\": 2}");
    assertTrue(error.getMessage().contains("after the JSON document"), error.getMessage());
  }

  @Test
  void anEmptyBodyIsRefused() {
    assertEquals(ApiError.Reason.MALFORMED_JSON, rejected("   ").reason());
  }

  @Test
  void aDocumentNestedDeeperThanTheLimitIsRejected() {
    int limit = StrictJson.MAX_NESTING_DEPTH;
    StrictJson.parse(Buffer.buffer("[".repeat(limit) + "]".repeat(limit)));
    ApiError error = rejected("{\"a\": " + "[".repeat(limit) + "]".repeat(limit) + "}");
    assertEquals(400, error.status());
    assertTrue(error.getMessage().contains("nests deeper than " + limit), error.getMessage());
  }
}
