package io.sessiongate.murano;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.sessiongate.testing.Await.await;
import static io.sessiongate.testing.Await.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conditions every TemplateStore backend enforces; run on the in-process store and a real PostgreSQL. */
abstract class TemplateStoreContract {
  abstract TemplateStore store();

  private static String id() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static EnvironmentTemplate template(String tenant, String name, boolean isPublic) {
    String id = id();
    return new EnvironmentTemplate(id, name, tenant, "", 0, new JsonObject().put("id", id).put("name", name), isPublic,
      1000, 1000);
  }

  @Test
  void namesAreUniquePerTenant() {
    String tenant = "t-" + id();
    EnvironmentTemplate first = template(tenant, "same", false);
    assertTrue(await(store().insert(first)));
    assertFalse(await(store().insert(template(tenant, "same", true))), "taken in the tenant");
    assertTrue(await(store().insert(template("other-" + id(), "same", false))), "free in another tenant");
    EnvironmentTemplate second = template(tenant, "second", false);
    assertTrue(await(store().insert(second)));
    Throwable taken = failure(store().replace(second.with("same", false, "", second.description(), 2000),
      second.description()));
    assertEquals(409, ((ApiError) taken).status());
  }

  @Test
  void theThreeListsAreMuranos() {
    String tenant = "t-" + id();
    String other = "o-" + id();
    EnvironmentTemplate mine = template(tenant, "mine", false);
    EnvironmentTemplate minePublic = template(tenant, "mine-public", true);
    EnvironmentTemplate theirs = template(other, "theirs", false);
    EnvironmentTemplate theirsPublic = template(other, "theirs-public", true);
    for (EnvironmentTemplate t : List.of(mine, minePublic, theirs, theirsPublic)) {
      assertTrue(await(store().insert(t)));
    }
    List<String> visible = ids(await(store().list(null, tenant)));
    assertTrue(visible.containsAll(List.of(mine.id(), minePublic.id(), theirsPublic.id())));
    assertFalse(visible.contains(theirs.id()));
    List<String> publicOnes = ids(await(store().list(true, tenant)));
    assertTrue(publicOnes.containsAll(List.of(minePublic.id(), theirsPublic.id())));
    assertFalse(publicOnes.contains(mine.id()) || publicOnes.contains(theirs.id()));
    assertEquals(List.of(mine.id()), ids(await(store().list(false, tenant))));
  }

  private static List<String> ids(List<EnvironmentTemplate> templates) {
    return templates.stream().map(EnvironmentTemplate::id).toList();
  }

  @Test
  void aChangeIsStoredOnlyOverTheDescriptionItWasMadeFrom() {
    EnvironmentTemplate original = template("t-" + id(), "changing", false);
    assertTrue(await(store().insert(original)));
    JsonObject withApp = original.description().put("services", new JsonArray().add(new JsonObject().put("a", 1)));
    assertTrue(await(store().replace(original.with("renamed", true, "text", withApp, 2000), original.description())));
    assertFalse(await(store().replace(original.with("lost", false, "", original.description(), 3000),
      original.description())), "someone changed it meanwhile");
    EnvironmentTemplate stored = await(store().template(original.id()));
    assertEquals("renamed", stored.name());
    assertTrue(stored.isPublic());
    assertEquals("text", stored.descriptionText());
    assertEquals(1, stored.services().size());
    assertEquals(2000, stored.updated());

    await(store().delete(original.id()));
    assertNull(await(store().template(original.id())));
    assertFalse(await(store().replace(stored, stored.description())), "gone");
  }
}
