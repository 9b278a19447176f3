package io.sessiongate.murano;

import io.sessiongate.core.http.ApiError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.sessiongate.testing.Await.await;
import static io.sessiongate.testing.Await.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conditions every MuranoStore backend enforces; run on the in-process store and a real PostgreSQL. */
abstract class MuranoStoreContract {
  abstract MuranoStore store();

  private static String id() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private Environment environment(String tenant, String name) {
    Environment env = new Environment(id(), name, tenant, "", 0, new JsonObject().put("name", name), null, 1000, 1000);
    await(store().insertEnvironment(env));
    return env;
  }

  private ConfigurationSession open(Environment env, long version, JsonObject draft) {
    return await(store().insertSession(new ConfigurationSession(id(), env.id(), "u1", SessionState.OPENED, version,
      draft, 0, 0, 2000, 2000)));
  }

  @Test
  void namesAreUniquePerTenant() {
    String name = "env-" + id();
    environment("t1", name);
    Throwable taken = failure(store().insertEnvironment(
      new Environment(id(), name, "t1", "", 0, new JsonObject(), null, 1, 1)));
    assertEquals(409, ((ApiError) taken).status());
    environment("t2", name);
    Environment other = environment("t1", "other-" + id());
    assertEquals(409, ((ApiError) failure(store().rename(other.id(), name, 5))).status());
    assertNull(await(store().rename("missing", "x", 5)));
  }

  @Test
  void aSnapshotHasTheSessionsNewestFirst() {
    Environment env = environment("t1", "env-" + id());
    ConfigurationSession older = open(env, 0, new JsonObject());
    ConfigurationSession newer = open(env, 0, new JsonObject());
    EnvironmentSnapshot snapshot = await(store().snapshot(env.id()));
    assertEquals(newer.id(), snapshot.sessions().get(0).id());
    assertEquals(older.id(), snapshot.sessions().get(1).id());
    assertNull(await(store().snapshot("missing")));
    assertTrue(await(store().snapshots("t1")).stream().anyMatch(s -> s.environment().id().equals(env.id())));
  }

  @Test
  void ofTwoSessionsOnlyOneStartsDeployingAndOnlyOnTheCurrentVersion() {
    Environment env = environment("t1", "env-" + id());
    ConfigurationSession first = open(env, 0, new JsonObject());
    ConfigurationSession second = open(env, 0, new JsonObject());
    assertFalse(await(store().startDeploy(env.id(), first.id(), 1, SessionState.DEPLOYING, 9_000, 3000)),
      "a session of another version cannot start");
    assertTrue(await(store().startDeploy(env.id(), first.id(), 0, SessionState.DEPLOYING, 9_000, 3000)));
    assertFalse(await(store().startDeploy(env.id(), second.id(), 0, SessionState.DEPLOYING, 9_000, 3000)));
    assertFalse(await(store().startDeploy(env.id(), first.id(), 0, SessionState.DEPLOYING, 9_000, 3000)));
    assertEquals(first.id(), await(store().environment(env.id())).acquiredBy());
    assertFalse(await(store().deleteSession(first.id())), "a running deployment's session stays");
    assertTrue(await(store().deleteSession(second.id())));
  }

  @Test
  void aDeploymentEndsOnceAndMovesTheVersionOn() {
    Environment env = environment("t1", "env-" + id());
    JsonObject draft = new JsonObject().put("name", "drafted");
    ConfigurationSession session = open(env, 0, draft);
    await(store().startDeploy(env.id(), session.id(), 0, SessionState.DEPLOYING, 9_000, 3000));
    assertTrue(await(store().finishDeploy(env.id(), session.id(), SessionState.DEPLOYED, draft, 4000)));
    assertFalse(await(store().finishDeploy(env.id(), session.id(), SessionState.DEPLOY_FAILURE, null, 4000)));
    Environment deployed = await(store().environment(env.id()));
    assertEquals(1, deployed.version());
    assertNull(deployed.acquiredBy());
    assertEquals("drafted", deployed.model().getString("name"));
    assertEquals(SessionState.DEPLOYED, await(store().session(session.id())).state());
  }

  @Test
  void aDeployedDeletionRemovesTheEnvironmentAndItsSessions() {
    Environment env = environment("t1", "env-" + id());
    ConfigurationSession deletion = open(env, 0, null);
    await(store().startDeploy(env.id(), deletion.id(), 0, SessionState.DELETING, 9_000, 3000));
    assertTrue(await(store().finishDeploy(env.id(), deletion.id(), SessionState.DEPLOYED, null, 4000)));
    assertNull(await(store().environment(env.id())));
    assertNull(await(store().session(deletion.id())));
  }

  @Test
  void anAbandonedDeploymentIsClaimedOnceAfterItsDeadline() {
    Environment env = environment("t1", "env-" + id());
    ConfigurationSession session = open(env, 0, new JsonObject());
    await(store().startDeploy(env.id(), session.id(), 0, SessionState.DEPLOYING, 5000, 3000));
    assertFalse(await(store().abandonedDeployments(4000)).stream().anyMatch(s -> s.id().equals(session.id())));
    assertFalse(await(store().claimDeployment(session.id(), 4000, 9000)), "its node still owns it");
    assertTrue(await(store().abandonedDeployments(6000)).stream().anyMatch(s -> s.id().equals(session.id())));
    assertTrue(await(store().claimDeployment(session.id(), 6000, 9000)));
    assertFalse(await(store().claimDeployment(session.id(), 6000, 9000)), "another node took it first");
  }

  @Test
  void aDraftChangesOnlyFromTheRevisionItWasReadAt() {
    Environment env = environment("t1", "env-" + id());
    ConfigurationSession session = open(env, 0, new JsonObject());
    assertTrue(await(store().replaceDraft(session.id(), session.revision(), new JsonObject().put("a", 1), 3000)));
    assertFalse(await(store().replaceDraft(session.id(), session.revision(), new JsonObject().put("b", 2), 3000)));
    assertEquals(1, await(store().session(session.id())).draft().getInteger("a"));
  }
}
