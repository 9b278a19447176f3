package io.sessiongate.core.auth;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.sessiongate.testing.Await.await;
import static io.sessiongate.testing.Await.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every UserStore backend must do; run against the in-process store and a real PostgreSQL. */
abstract class UserStoreContract {
  abstract UserStore store();

  static User user(String login, String tenant) {
    return new User(login, UUID.randomUUID().toString(), tenant, User.AccountKind.USER, "$argon2id$x",
      Set.of("operator"), Set.of("NODE_READ", "NODE_WRITE"), true,
      new JsonObject().put("firstName", "Ada").put("language", "PL"), 0, 1000, 1000);
  }

  @Test
  void aStoredUserComesBackWithEveryField() {
    User ada = user("ada", "t1");
    await(store().insert(ada));
    User found = await(store().find("ada"));
    assertEquals(ada, found);
  }

  @Test
  void anUnknownLoginIsNull() {
    assertNull(await(store().find("nobody")));
  }

  @Test
  void aTakenLoginIsAConflictAndTheFirstUserStaysIntact() {
    User first = user("dup", "t1");
    await(store().insert(first));
    ApiError error = (ApiError) failure(store().insert(user("dup", "t2")));
    assertEquals(ApiError.Reason.CONFLICT, error.reason());
    assertEquals("t1", await(store().find("dup")).tenant());
  }

  @Test
  void anUpdateReplacesTheUser() {
    User bob = user("bob", "t1");
    await(store().insert(bob));
    User changed = new User("bob", bob.guid(), "t2", User.AccountKind.NODE, "$argon2id$y", Set.of("admin"),
      Set.of(), false, new JsonObject().put("lastName", "B"), 5000, bob.createdAt(), 5000);
    await(store().update(changed));
    assertEquals(changed, await(store().find("bob")));
  }

  @Test
  void updatingAnUnknownUserIsNotFound() {
    ApiError error = (ApiError) failure(store().update(user("ghost", "t1")));
    assertEquals(ApiError.Reason.NOT_FOUND, error.reason());
  }

  @Test
  void deleteSaysWhetherThereWasAUser() {
    await(store().insert(user("carol", "t1")));
    assertTrue(await(store().delete("carol")));
    assertFalse(await(store().delete("carol")));
    assertNull(await(store().find("carol")));
  }

  @Test
  void listIsOrderedByLoginAndFiltersByTenant() {
    await(store().insert(user("zed", "t9")));
    await(store().insert(user("amy", "t9")));
    await(store().insert(user("max", "other")));
    List<User> t9 = await(store().list("t9"));
    assertEquals(List.of("amy", "zed"), t9.stream().map(User::login).toList());
    List<String> all = await(store().list(null)).stream().map(User::login).toList();
    assertTrue(all.containsAll(List.of("amy", "max", "zed")));
    assertEquals(all.stream().sorted().toList(), all);
  }
}
