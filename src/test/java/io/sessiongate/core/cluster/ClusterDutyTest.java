package io.sessiongate.core.cluster;

import io.sessiongate.core.bus.LocalMessageCodec;
import io.sessiongate.core.config.ConfigLoader;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.slice.SessionVerticle;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.testing.Await;
import io.sessiongate.testing.PostgresServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.sessiongate.testing.Await.await;
import static io.sessiongate.testing.Await.failure;
import static io.sessiongate.testing.Await.pause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cluster duties on real parts: "nodes" are Vert.x instances, each with its own store connection and duty
 * coordinator, on one real PostgreSQL (or on the in-process store). A session verticle declares the duty,
 * as a slice would.
 */
class ClusterDutyTest {
  private static final String DUTY = "test.sweep";
  private static final long POLL_MILLIS = 10;
  private final List<Vertx> instances = new ArrayList<>();

  /** A session verticle that runs a sweep as a cluster duty and counts its runs. */
  static final class SweepingVerticle extends SessionVerticle {
    final AtomicInteger runs = new AtomicInteger();

    @Override
    protected void serveAddresses() {
      duty(DUTY, Duration.ofMillis(100), () -> {
        runs.incrementAndGet();
        return Future.succeededFuture();
      });
    }
  }

  /** One node: Vert.x, its store, its duty coordinator and a sweeping verticle. */
  private record Node(Vertx vertx, Storage storage, ClusterDutyVerticle duties, String dutiesId,
                      SweepingVerticle sweeper, String sweeperId) {
  }

  /** A node on the in-process store when {@code pgUri} is null, else on that PostgreSQL database. */
  private Node node(String pgUri) {
    return node(pgUri, true);
  }

  /** {@code clustered}: whether the node shares its claims (as a node of a Hazelcast cluster does). */
  private Node node(String pgUri, boolean clustered) {
    Vertx vertx = Vertx.vertx();
    instances.add(vertx);
    LocalMessageCodec.register(vertx.eventBus());
    Storage storage;
    if (pgUri == null) {
      storage = Storage.inProcess();
    } else {
      GatewayConfig config = await(ConfigLoader.load(vertx, null, Map.of("SESSIONGATE_STORE", "postgres",
        "SESSIONGATE_PG_URI", pgUri)));
      storage = await(Storage.open(vertx, config));
    }
    ClusterDutyVerticle duties = new ClusterDutyVerticle(storage, Duration.ofSeconds(1), clustered);
    String dutiesId = await(vertx.deployVerticle(duties));
    SweepingVerticle sweeper = new SweepingVerticle();
    String id = await(vertx.deployVerticle(sweeper));
    return new Node(vertx, storage, duties, dutiesId, sweeper, id);
  }

  @AfterEach
  void closeAll() {
    instances.forEach(vertx -> await(vertx.close()));
  }

  @Test
  void withTheInProcessStoreANodeHoldsEveryDutyAndRunsIt() {
    Node alone = node(null);
    assertEquals(java.util.Set.of(DUTY), alone.duties().held());
    waitFor("the sweep runs", () -> alone.sweeper().runs.get() >= 2);
  }

  @Test
  void onPostgresOneNodeAtATimeRunsTheDutyAndAnotherTakesItOverWhenTheHolderStops() {
    String db = PostgresServer.shared().newDatabase("duties");
    Node first = node(db);
    waitFor("the first node takes the duty", () -> first.duties().held().contains(DUTY));
    Node second = node(db);
    waitFor("the first node runs the sweep", () -> first.sweeper().runs.get() >= 3);
    assertFalse(second.duties().held().contains(DUTY), "only one holder");
    assertEquals(0, second.sweeper().runs.get(), "the node without the duty does not run it");

    // The session verticle stops (as on undeploy): it withdraws, the lock is released, the other node takes over.
    await(first.vertx().undeploy(first.sweeperId()));
    assertFalse(first.duties().held().contains(DUTY));
    waitFor("the second node takes the duty over", () -> second.duties().held().contains(DUTY));
    waitFor("and runs it", () -> second.sweeper().runs.get() >= 1);
  }

  @Test
  void aHolderWhoseLockConnectionDiesStopsRunningTheDutyUntilItCanTakeTheLockAgain() {
    String db = PostgresServer.shared().newDatabase("duties_lost");
    Node first = node(db);
    waitFor("the first node takes the duty", () -> first.duties().held().contains(DUTY));
    Node second = node(db);
    Pool pool = second.storage().pool();
    String lock = "pg_advisory_lock(" + PgAdvisoryLocks.NAMESPACE + ", hashtext('" + DUTY + "'))";

    // Someone else queues for the lock, then the holder's session ends (what a dead node looks like to
    // PostgreSQL): the lock passes to the one queued, and neither node may run the duty any more.
    PgConnection other = await(PgConnection.connect(second.vertx(), second.storage().connectOptions()));
    Future<?> queued = other.query("SELECT " + lock).execute();
    waitFor("the lock request queues", () -> count(pool, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
      + "AND NOT granted") == 1);
    assertEquals(1, count(pool, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
      + "WHERE application_name = 'sessiongate cluster duties' AND pid IN (SELECT pid FROM pg_locks "
      + "WHERE locktype = 'advisory' AND granted AND classid::bigint = " + PgAdvisoryLocks.NAMESPACE + ")"));
    await(queued);
    waitFor("the first node lets the duty go", () -> first.duties().held().isEmpty());
    int runsOfFirst = first.sweeper().runs.get();
    // Over a duty check and many periods of the sweep, while someone else holds the lock.
    staysFor(Duration.ofMillis(1_500), "a node that lost the lock does not run the duty, nor does one that never had it",
      () -> first.sweeper().runs.get() == runsOfFirst && second.sweeper().runs.get() == 0);

    await(other.close());
    waitFor("a node takes the duty again", () -> first.duties().held().contains(DUTY)
      || second.duties().held().contains(DUTY));
    assertFalse(first.duties().held().contains(DUTY) && second.duties().held().contains(DUTY), "one holder");
  }

  private static long count(Pool pool, String sql) {
    return await(pool.query(sql).execute().map(rows -> rows.iterator().next().getLong(0)));
  }

  /** A session verticle that owns the shards of a group as claims, as the device proxy does. */
  static final class ShardOwningVerticle extends SessionVerticle {
    static final int SHARDS = 8;
    final java.util.Set<Integer> owned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Shards owned by this node and another at the same moment: must stay empty. */
    final java.util.Map<Integer, java.util.Set<Integer>> ownedEverywhere;

    ShardOwningVerticle(java.util.Map<Integer, java.util.Set<Integer>> ownedEverywhere) {
      this.ownedEverywhere = ownedEverywhere;
    }

    @Override
    protected void serveAddresses() {
      for (int shard = 0; shard < SHARDS; shard++) {
        int mine = shard;
        claim("test.shards", "test.shards." + shard, () -> {
          // Taking up a shard that another node still acts on would break its single ownership.
          java.util.Set<Integer> holders = ownedEverywhere.computeIfAbsent(mine, k -> java.util.concurrent.ConcurrentHashMap.newKeySet());
          holders.add(System.identityHashCode(this));
          if (holders.size() > 1) {
            OVERLAPS.incrementAndGet();
          }
          owned.add(mine);
          return Future.succeededFuture();
        }, () -> {
          // Letting a shard go takes a moment (the device proxy logs out of BMC sessions here).
          return vertx.timer(50).onSuccess(v -> {
            owned.remove(mine);
            ownedEverywhere.get(mine).remove(System.identityHashCode(this));
          });
        });
      }
    }
  }

  static final AtomicInteger OVERLAPS = new AtomicInteger();

  private ShardOwningVerticle shardOwner(Node node, java.util.Map<Integer, java.util.Set<Integer>> ownedEverywhere) {
    ShardOwningVerticle owner = new ShardOwningVerticle(ownedEverywhere);
    await(node.vertx().deployVerticle(owner));
    return owner;
  }

  @Test
  void claimsAreSpreadEvenlyOverTheNodesHandedOverInOrderAndTakenBackWhenANodeDies() {
    OVERLAPS.set(0);
    String db = PostgresServer.shared().newDatabase("claims");
    java.util.Map<Integer, java.util.Set<Integer>> everywhere = new java.util.concurrent.ConcurrentHashMap<>();
    Node first = node(db);
    ShardOwningVerticle a = shardOwner(first, everywhere);
    waitFor("a node alone owns every shard", () -> a.owned.size() == ShardOwningVerticle.SHARDS);

    Node second = node(db);
    ShardOwningVerticle b = shardOwner(second, everywhere);
    try {
      waitFor("a second node gets its half", () -> a.owned.size() == 4 && b.owned.size() == 4);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + ": " + a.owned + " / " + b.owned + "; advisory locks "
        + await(first.storage().pool().query("SELECT classid, objid, objsubid, pid, granted FROM pg_locks WHERE locktype = 'advisory'")
        .execute().map(rows -> { StringBuilder out = new StringBuilder(); rows.forEach(r -> out.append(r.toJson().encode())); return out.toString(); })));
    }
    java.util.Set<Integer> union = new java.util.TreeSet<>(a.owned);
    union.addAll(b.owned);
    assertEquals(ShardOwningVerticle.SHARDS, union.size(), "every shard has an owner: " + a.owned + " " + b.owned);
    assertEquals(0, OVERLAPS.get(), "a shard is given up before another node takes it up");

    // The second node's lock connection dies, as when the node is killed: its shards go back to the first.
    Pool pool = first.storage().pool();
    int shardOfSecond = b.owned.iterator().next();
    assertEquals(1, count(pool, "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory'"
      + " AND granted AND classid::bigint = " + PgAdvisoryLocks.NAMESPACE
      + " AND objid::bigint = (hashtext('test.shards." + shardOfSecond + "')::bigint + 4294967296) % 4294967296"));
    waitFor("the node that lost its lock lets that shard go", () -> !b.owned.contains(shardOfSecond));
    waitFor("every shard has an owner again", () -> {
      java.util.Set<Integer> all = new java.util.TreeSet<>(a.owned);
      all.addAll(b.owned);
      return all.size() == ShardOwningVerticle.SHARDS;
    });

    waitFor("the second node gets its half back", () -> a.owned.size() == 4 && b.owned.size() == 4);
    // Only now count again: a node that dies cannot let go first, so its shards may briefly have two owners.
    OVERLAPS.set(0);
    // A node that leaves hands its shards over (its duty coordinator stops first, as Gateway.stop does).
    await(second.vertx().undeploy(second.dutiesId()));
    assertTrue(b.owned.isEmpty(), "the leaving node let its shards go before it gave up their locks: " + b.owned);
    await(second.vertx().close());
    instances.remove(second.vertx());
    waitFor("the remaining node owns every shard", () -> a.owned.size() == ShardOwningVerticle.SHARDS);
    assertEquals(0, OVERLAPS.get(), "never two owners of one shard at once");
  }

  @Test
  void onlyNodesThatShareAGroupOfClaimsCountTowardsItsShares() {
    String db = PostgresServer.shared().newDatabase("contenders");
    java.util.Map<Integer, java.util.Set<Integer>> everywhere = new java.util.concurrent.ConcurrentHashMap<>();
    // A standalone node on the same database keeps its claims to itself, and a clustered node that declares
    // none of the group's claims never takes any: when either counted, shards were left without an owner.
    ShardOwningVerticle standalone = shardOwner(node(db, false), new java.util.concurrent.ConcurrentHashMap<>());
    node(db, true);
    Node sharing = node(db, true);
    ShardOwningVerticle owner = shardOwner(sharing, everywhere);
    waitFor("the standalone node holds its own claims", () -> standalone.owned.size() == ShardOwningVerticle.SHARDS);
    waitFor("the one node that shares the group owns every shard", () -> owner.owned.size() == ShardOwningVerticle.SHARDS);
    // Two more duty checks: the standalone node and the one that declares nothing must not shrink the share.
    staysFor(Duration.ofMillis(2_500), "and keeps them over later checks",
      () -> owner.owned.size() == ShardOwningVerticle.SHARDS);
  }

  @Test
  void aNodeThatWithdrawsItsClaimsOfAGroupNoLongerCountsTowardsItsShares() {
    String db = PostgresServer.shared().newDatabase("leavers");
    java.util.Map<Integer, java.util.Set<Integer>> everywhere = new java.util.concurrent.ConcurrentHashMap<>();
    ShardOwningVerticle a = shardOwner(node(db), everywhere);
    Node second = node(db);
    ShardOwningVerticle b = shardOwner(second, everywhere);
    waitFor("two nodes share the shards", () -> a.owned.size() == 4 && b.owned.size() == 4);
    // The node stays (its coordinator and lock connection live on) but stops taking part in the group.
    await(second.vertx().undeploy(b.deploymentID()));
    waitFor("the node that still shares the group owns every shard", () -> a.owned.size() == ShardOwningVerticle.SHARDS);
  }

  @Test
  void aDutyNameIsDeclaredOncePerNode() {
    Node node = node(null);
    Throwable twice = failure(node.vertx().deployVerticle(new SweepingVerticle()));
    assertEquals("the cluster duty '" + DUTY + "' is declared twice on this node", twice.getMessage());
  }

  /** Polls {@code condition} until it holds, for at most 10 s. */
  private static void waitFor(String what, BooleanSupplier condition) {
    Await.until(what, Duration.ofSeconds(10), condition);
  }

  /**
   * Polls {@code condition} for {@code duration} and fails as soon as it does not hold: that nothing happens
   * can only be seen by watching for a while.
   */
  private static void staysFor(Duration duration, String what, BooleanSupplier condition) {
    long end = System.nanoTime() + duration.toNanos();
    do {
      assertTrue(condition.getAsBoolean(), what);
      pause(POLL_MILLIS);
    } while (System.nanoTime() - end < 0);
    assertTrue(condition.getAsBoolean(), what);
  }
}
