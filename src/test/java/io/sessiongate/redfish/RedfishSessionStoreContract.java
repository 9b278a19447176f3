package io.sessiongate.redfish;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What every RedfishSessionStore backend must do; run against the in-process store and a real PostgreSQL. */
abstract class RedfishSessionStoreContract {
  abstract RedfishSessionStore store();

  static RedfishSession session(String id, String user, long lastUse) {
    return new RedfishSession(id, "hash-of-" + id, user, "t1", Set.of("operator"), Set.of("NODE_READ"), "ctx",
      "10.0.0.7", 1000, lastUse);
  }

  @Test
  void aStoredSessionComesBackByIdAndByTokenHashWithEveryField() {
    RedfishSession stored = session("s1", "ada", 1000);
    await(store().insert(stored));
    assertEquals(stored, await(store().find("s1")));
    assertEquals(stored, await(store().findByTokenHash("hash-of-s1")));
    assertNull(await(store().findByTokenHash("hash-of-nothing")));
  }

  @Test
  void theFirstSettingsStayAndAPatchChangesOnlyWhatItNames() {
    await(store().initSettings(new SessionServiceSettings(600, true)));
    assertEquals(new SessionServiceSettings(600, true), await(store().initSettings(new SessionServiceSettings(30, false))));
    assertEquals(new SessionServiceSettings(600, false), await(store().updateSettings(null, false)));
    assertEquals(new SessionServiceSettings(90, false), await(store().updateSettings(90, null)));
    assertEquals(new SessionServiceSettings(90, false), await(store().settings()));
  }

  @Test
  void aRecordedUseNeverMovesBackAndUnknownSessionsAreReported() {
    await(store().insert(session("s2", "ada", 5000)));
    List<String> gone = await(store().recordUse(Map.of("s2", 4000L, "deleted-meanwhile", 9000L)));
    assertEquals(List.of("deleted-meanwhile"), gone);
    assertEquals(5000, await(store().find("s2")).lastUsedAt());
    await(store().recordUse(Map.of("s2", 7000L)));
    assertEquals(7000, await(store().find("s2")).lastUsedAt());
  }

  @Test
  void idleSessionsAreDeletedAndBusyOnesKept() {
    await(store().insert(session("old", "ada", 1000)));
    await(store().insert(session("busy", "bob", 9000)));
    List<RedfishSession> deleted = await(store().deleteIdle(5000));
    assertEquals(List.of("old"), deleted.stream().map(RedfishSession::id).toList());
    assertNull(await(store().findByTokenHash("hash-of-old")));
    assertEquals(List.of("busy"), await(store().list(null)).stream().map(RedfishSession::id).toList());
    assertEquals(List.of(), await(store().list("ada")));
  }

  @Test
  void aDeleteAnswersTheSessionOnceThenNull() {
    await(store().insert(session("s3", "ada", 1000)));
    assertEquals("s3", await(store().delete("s3")).id());
    assertNull(await(store().delete("s3")));
    assertNull(await(store().findByTokenHash("hash-of-s3")));
  }
}
