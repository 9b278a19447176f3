package io.sessiongate.symphony;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks on session-creation attributes that JSON Schema cannot say: the syntax of each {@code commonData}
 * value by its SOAM type, {@code minServices <= maxServices}, and no two Docker mounts or resource attribute
 * definitions claiming the same container directory or name. Runs after the contract validation, so types and
 * bounds are already right; every failure is a 400 at the JSON pointer of the offending value.
 */
final class SessionAttributeRules {
  private static final Pattern SIGNED = Pattern.compile("-?[0-9]+");
  private static final Pattern UNSIGNED = Pattern.compile("[0-9]+");
  private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
  private static final Pattern WHITESPACE = Pattern.compile("[ \\t\\r\\n]");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");

  private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger UINT32_MAX = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
  private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private SessionAttributeRules() {
  }

  static void check(JsonObject attributes) {
    JsonArray commonData = attributes.getJsonArray("commonData");
    if (commonData != null) {
      for (int i = 0; i < commonData.size(); i++) {
        JsonArray pair = commonData.getJsonArray(i);
        checkCommonData(pair.getString(0), pair.getString(1), "/commonData/" + i + "/1");
      }
    }
    Integer min = attributes.getInteger("minServices");
    Integer max = attributes.getInteger("maxServices");
    if (min != null && max != null && min > max) {
      throw ApiError.invalid("minServices (" + min + ") must not be greater than maxServices (" + max + ").",
        "/minServices");
    }
    unique(attributes.getJsonArray("dockerMountDefinition"), "containerDir", "/dockerMountDefinition",
      "a container directory takes one mount");
    unique(attributes.getJsonArray("resourceAttributeDefinition"), "name", "/resourceAttributeDefinition",
      "a resource attribute is defined once");
    JsonObject preference = attributes.getJsonObject("resourcePreference");
    if (preference != null) {
      unique(preference.getJsonArray("resourceAttributeDefinition"), "name",
        "/resourcePreference/resourceAttributeDefinition", "a resource attribute is defined once");
    }
  }

  private static void checkCommonData(String type, String value, String pointer) {
    switch (type) {
      case "SOAM_STRING_CHARS" -> {
      }
      case "SOAM_BOOL" -> require(value.equals("true") || value.equals("false"), type, value, pointer, "true or false");
      case "SOAM_INT32" -> integer(type, value, pointer, SIGNED, INT32_MIN, INT32_MAX);
      case "SOAM_UINT32" -> integer(type, value, pointer, UNSIGNED, BigInteger.ZERO, UINT32_MAX);
      case "SOAM_INT64" -> integer(type, value, pointer, SIGNED, INT64_MIN, INT64_MAX);
      case "SOAM_UINT64" -> integer(type, value, pointer, UNSIGNED, BigInteger.ZERO, UINT64_MAX);
      case "SOAM_DOUBLE" -> require(JSON_NUMBER.matcher(value).matches() && Double.isFinite(Double.parseDouble(value)),
        type, value, pointer, "a finite decimal number");
      case "SOAM_BYTES" -> require(isBase64(value), type, value, pointer,
        "Base64 (A-Z a-z 0-9 + /, '=' padding only at the end)");
      default -> throw ApiError.invalid("Unknown SOAM type '" + type + "'.", pointer.substring(0, pointer.length() - 1) + "0");
    }
  }

  private static void integer(String type, String value, String pointer, Pattern syntax, BigInteger min, BigInteger max) {
    String range = "a decimal integer from " + min + " to " + max;
    require(syntax.matcher(value).matches(), type, value, pointer, range);
    BigInteger number = new BigInteger(value);
    require(number.compareTo(min) >= 0 && number.compareTo(max) <= 0, type, value, pointer, range);
  }

  /** RFC 4648 alphabet; whitespace ignored as RFC 2045 allows; padding optional but, if present, complete. */
  static boolean isBase64(String value) {
    String compact = WHITESPACE.matcher(value).replaceAll("");
    if (!BASE64.matcher(compact).matches() || compact.length() % 4 == 1) {
      return false;
    }
    return !compact.endsWith("=") || compact.length() % 4 == 0;
  }

  private static void require(boolean holds, String type, String value, String pointer, String expected) {
    if (!holds) {
      throw ApiError.invalid("The " + type + " value '" + abbreviated(value) + "' is not " + expected + ".", pointer);
    }
  }

  private static void unique(JsonArray items, String key, String pointer, String why) {
    if (items == null) {
      return;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String value = items.getJsonObject(i).getString(key);
      Integer first = seen.putIfAbsent(value, i);
      if (first != null) {
        throw ApiError.invalid("Entry " + i + " of " + pointer.substring(pointer.lastIndexOf('/') + 1) + " repeats the "
          + key + " '" + value + "' of entry " + first + ": " + why + ".", pointer + "/" + i + "/" + key);
      }
    }
  }

  private static String abbreviated(String value) {
    return value.length() <= 64 ? value : value.substring(0, 61) + "...";
  }
}
