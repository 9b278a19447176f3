package io.sessiongate.deviceproxy.bmc;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.sessiongate.testing.Await.await;
import static io.sessiongate.testing.Await.failure;
import static io.sessiongate.testing.Await.pause;
import static io.sessiongate.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A device's per-loop pools against a real HTTP server that can hold its answers: each loop keeps its own
 * connections, and together they still hold the device's cap and its wait queue, whichever loop the load comes from.
 */
class LoopPoolsTest {
  private static final int CAP = 8;
  private static final int QUEUED_PER_SLOT = 7;

  private Vertx vertx;
  private Vertx bmcVertx;
  private HttpServer bmc;
  private volatile boolean holding;
  private final Queue<HttpServerRequest> held = new ConcurrentLinkedQueue<>();
  private final Set<String> clientsSeen = ConcurrentHashMap.newKeySet();
  private ContextInternal loopA;
  private ContextInternal loopB;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    bmcVertx = Vertx.vertx();
    bmc = await(bmcVertx.createHttpServer().requestHandler(request -> {
      clientsSeen.add(request.remoteAddress().toString());
      if (holding) {
        held.add(request);
      } else {
        request.response().end(request.remoteAddress().toString());
      }
    }).listen(0, "127.0.0.1"));
    loopA = ((VertxInternal) vertx).createEventLoopContext();
    loopB = ((VertxInternal) vertx).createEventLoopContext();
    assertNotEquals(loopA.nettyEventLoop(), loopB.nettyEventLoop(), "the test needs two event loops");
  }

  @AfterEach
  void stop() {
    release();
    await(vertx.close());
    await(bmcVertx.close());
  }

  private LoopPools pools(int cap) {
    return new LoopPools(vertx, new HttpClientOptions().setKeepAlive(true), cap, QUEUED_PER_SLOT);
  }

  /** A GET sent from {@code loop}: its answer's body (the address the BMC saw it come from). */
  private Future<String> getFrom(ContextInternal loop, LoopPools pools) {
    Promise<String> answer = Promise.promise();
    loop.runOnContext(v -> pools.use(http -> http.request(HttpMethod.GET, bmc.actualPort(), "127.0.0.1", "/")
        .compose(request -> request.send().compose(response -> response.body().map(Object::toString))), null)
      .onComplete(answer));
    return answer.future();
  }

  private void release() {
    holding = false;
    for (HttpServerRequest request = held.poll(); request != null; request = held.poll()) {
      request.response().end("released");
    }
  }

  @Test
  void aDeviceWithFewerThanFourSlotsPerLoopKeepsOnePool() {
    assertEquals(1, pools(LoopPools.MIN_SLOTS_PER_LOOP * 2 - 1).size());
    assertEquals(2, pools(LoopPools.MIN_SLOTS_PER_LOOP * 2).size());
  }

  @Test
  void aQuietDeviceServesEveryLoopFromTheOnePoolItHas() {
    LoopPools pools = pools(CAP);
    assertEquals(0, pools.made());
    for (int i = 0; i < 4; i++) {
      // One at a time: never more in flight than there are loops. (How many connections the pool opens is
      // Vert.x's: a request from the other loop may come before the last answer's connection is back.)
      assertFalse(await(getFrom(loopA, pools)).isEmpty());
      assertFalse(await(getFrom(loopB, pools)).isEmpty());
    }
    assertEquals(1, pools.made(), "one pool for both loops");
  }

  @Test
  void aBusyDeviceServesEachLoopFromItsOwnPool() {
    LoopPools pools = pools(CAP);
    holding = true;
    List<Future<String>> answers = new ArrayList<>(List.of(getFrom(loopA, pools), getFrom(loopA, pools)));
    until("two requests from loop A reach the BMC", () -> held.size() == 2);
    assertEquals(1, pools.made());
    answers.add(getFrom(loopB, pools));
    answers.add(getFrom(loopB, pools));
    until("and two from loop B", () -> held.size() == 4);
    assertEquals(2, pools.made(), "loop B, with the device busy, sends on a pool of its own");
    release();
    answers.forEach(answer -> assertFalse(await(answer).isEmpty()));
    // Each loop now reuses its own connections: a request from B never lands on one A opened.
    Set<String> fromA = ConcurrentHashMap.newKeySet();
    Set<String> fromB = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 4; i++) {
      fromA.add(await(getFrom(loopA, pools)));
      fromB.add(await(getFrom(loopB, pools)));
    }
    assertTrue(fromA.stream().noneMatch(fromB::contains), "A " + fromA + ", B " + fromB);
  }

  @Test
  void oneLoopUsesTheWholeCapBeforeWaitingAndNeverMore() {
    LoopPools pools = pools(CAP);
    holding = true;
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < CAP + 1; i++) {
      answers.add(getFrom(loopA, pools));
    }
    until("the BMC holds " + CAP + " requests from one loop", () -> held.size() == CAP);
    pause(300);
    assertEquals(CAP, held.size(), "the ninth waits: the loops' pools together hold the device's cap");
    assertEquals(CAP, clientsSeen.size(), "on " + CAP + " connections");
    release();
    answers.forEach(answer -> assertFalse(await(answer).isEmpty()));
  }

  @Test
  void waitersOverflowIntoTheOtherLoopsQueueAndOnlyPastBothAreRefused() {
    LoopPools pools = pools(CAP);
    holding = true;
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < CAP; i++) {
      answers.add(getFrom(loopA, pools));
    }
    // Connected first: Vert.x counts a connection still being made against its pool's wait queue.
    until("the BMC holds " + CAP + " requests", () -> held.size() == CAP);
    for (int i = 0; i < CAP * QUEUED_PER_SLOT; i++) {
      answers.add(getFrom(loopA, pools));
    }
    Future<String> oneTooMany = getFrom(loopA, pools);
    assertInstanceOf(ConnectionPoolTooBusyException.class, failure(oneTooMany),
      "past " + CAP + " in flight and " + CAP * QUEUED_PER_SLOT + " queued, the device refuses");
    assertTrue(answers.stream().noneMatch(Future::isComplete), "every one before it is in flight or queued");
    release();
    answers.forEach(answer -> assertFalse(await(answer).isEmpty(), "every queued request is answered"));
  }
}
