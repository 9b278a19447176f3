package io.sessiongate.core.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class RenderedBodiesTest {
  private record Account(String login, String language) {
  }

  private final RenderedBodies rendered = new RenderedBodies(100);
  private final AtomicInteger renders = new AtomicInteger();

  private Buffer body(Account account, Object state) {
    return rendered.body(account.login(), account, state, null, () -> {
      renders.incrementAndGet();
      return new JsonObject().put("login", account.login()).put("language", account.language()).put("state", state);
    });
  }

  @Test
  void theSamePartsAreRenderedOnceAndAnyReplacedPartRendersAfresh() {
    Account alice = new Account("alice", "en");
    Buffer first = body(alice, "s1");
    assertSame(first, body(alice, "s1"), "the same objects: the same bytes, not rendered again");
    assertEquals(1, renders.get());

    Account changed = new Account("alice", "fr");
    assertEquals("fr", body(changed, "s1").toJsonObject().getString("language"), "a replaced account renders afresh");
    assertEquals(2, renders.get());
    assertEquals("en", body(new Account("alice", "en"), "s1").toJsonObject().getString("language"),
      "an equal but other object is rendered too: only identity proves nothing changed");
    assertEquals(3, renders.get());

    Account bob = new Account("bob", "de");
    body(bob, "s2");
    assertEquals("s3", body(bob, new String("s3")).toJsonObject().getString("state"), "a replaced second part too");
    assertEquals(5, renders.get());
  }
}
