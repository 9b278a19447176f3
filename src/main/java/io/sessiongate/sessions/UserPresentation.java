package io.sessiongate.sessions;

import io.sessiongate.core.auth.User;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * How an account of the identity core is presented by the sessions controller: the profile keys the admin
 * API allows (see Profile in openapi/admin.yaml), with the defaults of a new account in the real server when
 * a key is not set. The organization is the user's tenant; groups are names in the profile. Both get stable
 * name-based UUIDs, as the API shows entities by guid and name.
 */
record UserPresentation(User user) {
  static final String DEFAULT_LANGUAGE = "EN";
  static final String DEFAULT_TIME_ZONE = "UTC";
  static final String DEFAULT_CONSOLE_MODE = "WORKFLOW";
  static final int DEFAULT_PAGE_SIZE = 20;
  static final int DEFAULT_TIME_FORMAT = 24;

  JsonObject requester() {
    return entity(user.guid(), user.login());
  }

  String language() {
    return profile().getString("language", DEFAULT_LANGUAGE);
  }

  String uiTimeZone() {
    return profile().getString("uiTimeZone", DEFAULT_TIME_ZONE);
  }

  String uiConsoleMode() {
    return profile().getString("uiConsoleMode", DEFAULT_CONSOLE_MODE);
  }

  boolean infoTourEnabled() {
    return profile().getBoolean("infoTourEnabled", true);
  }

  JsonObject appUserSettings() {
    JsonObject settings = profile().getJsonObject("appUserSettings", new JsonObject());
    return new JsonObject()
      .put("pageSize", settings.getInteger("pageSize", DEFAULT_PAGE_SIZE))
      .put("timeFormat", settings.getInteger("timeFormat", DEFAULT_TIME_FORMAT));
  }

  JsonArray privileges() {
    return new JsonArray(user.privileges().stream().sorted().toList());
  }

  String firstName() {
    return profile().getString("firstName");
  }

  String lastName() {
    return profile().getString("lastName");
  }

  String source() {
    return profile().getString("source", "INTERNAL");
  }

  String externalId() {
    return profile().getString("externalId");
  }

  String thirdPartyRestriction() {
    return profile().getString("thirdPartyRestriction", "NO_RESTRICTION");
  }

  JsonObject organization() {
    return entity(stableGuid("organization:" + user.tenant()), user.tenant());
  }

  JsonArray groups() {
    JsonArray groups = new JsonArray();
    profile().getJsonArray("groups", new JsonArray()).stream().map(String::valueOf).sorted()
      .forEach(name -> groups.add(entity(stableGuid("group:" + user.tenant() + "/" + name), name)));
    return groups;
  }

  private JsonObject profile() {
    return user.profile();
  }

  private static JsonObject entity(String guid, String name) {
    return new JsonObject().put("guid", guid).put("name", name);
  }

  private static String stableGuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
