package io.sessiongate.core.storage;

import io.sessiongate.core.config.GatewayConfig.PgUri;
import io.sessiongate.testing.PostgresServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoalescedStatementTest {
  private Vertx vertx;
  private Pool pool;

  @BeforeEach
  void database() {
    PgUri uri = PgUri.parse(PostgresServer.shared().newDatabase("coalesced"));
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(Storage.connectOptions(uri)).using(vertx).build();
    await(pool.query("CREATE TABLE items (id bigserial PRIMARY KEY, name text UNIQUE NOT NULL)").execute());
  }

  @AfterEach
  void close() {
    await(pool.close());
    await(vertx.close());
  }

  /** Submits every row at once from one event loop, as a session verticle would. */
  private List<Future<RowSet<Row>>> submit(CoalescedStatement statement, List<String> names) throws Exception {
    CompletableFuture<List<Future<RowSet<Row>>>> submitted = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      List<Future<RowSet<Row>>> results = new ArrayList<>();
      names.forEach(name -> results.add(statement.execute(Tuple.of(name))));
      submitted.complete(results);
    });
    List<Future<RowSet<Row>>> results = submitted.get();
    await(Future.join(results).otherwiseEmpty());
    return results;
  }

  @Test
  void everyRowGetsItsOwnResultAndBatchesShareCommits() throws Exception {
    CoalescedStatement statement = new CoalescedStatement(pool, "INSERT INTO items (name) VALUES ($1) RETURNING id, name", 50, 2);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      names.add("item-" + i);
    }
    List<Future<RowSet<Row>>> results = submit(statement, names);
    for (int i = 0; i < names.size(); i++) {
      assertTrue(results.get(i).succeeded());
      assertEquals(names.get(i), results.get(i).result().iterator().next().getString("name"));
    }
    long transactions = await(pool.query("SELECT count(DISTINCT xmin::text) FROM items").execute()).iterator().next().getLong(0);
    assertEquals(300L, await(pool.query("SELECT count(*) FROM items").execute()).iterator().next().getLong(0));
    assertTrue(transactions < 300, "rows submitted together were committed together (" + transactions + " transactions)");
  }

  @Test
  void aBadRowFailsAloneAndTheRestOfItsBatchIsWritten() throws Exception {
    await(pool.query("INSERT INTO items (name) VALUES ('taken')").execute());
    CoalescedStatement statement = new CoalescedStatement(pool, "INSERT INTO items (name) VALUES ($1)", 50, 1);
    List<String> names = List.of("a", "b", "taken", "c", "d");
    List<Future<RowSet<Row>>> results = submit(statement, names);
    for (int i = 0; i < names.size(); i++) {
      assertEquals(!names.get(i).equals("taken"), results.get(i).succeeded(), names.get(i));
    }
    assertEquals(5L, await(pool.query("SELECT count(*) FROM items").execute()).iterator().next().getLong(0));
  }
}
