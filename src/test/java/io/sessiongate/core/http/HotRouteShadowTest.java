package io.sessiongate.core.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A hot route with a path parameter may not take another operation's requests (checked at start). */
class HotRouteShadowTest {
  @Test
  void aParameterShadowsALiteralSegmentOfTheSameShapeOnly() {
    assertTrue(HttpRouterVerticle.shadows("/Sessions/{SessionId}", "/Sessions/Members"));
    assertTrue(HttpRouterVerticle.shadows("/a/{x}/c", "/a/{y}/c"));
    assertFalse(HttpRouterVerticle.shadows("/Sessions/{SessionId}", "/Sessions"));
    assertFalse(HttpRouterVerticle.shadows("/Sessions/{SessionId}", "/Sessions/{SessionId}/Actions"));
    assertFalse(HttpRouterVerticle.shadows("/Sessions/{SessionId}", "/Other/Members"));
    assertFalse(HttpRouterVerticle.shadows("/session", "/session/user"));
  }
}
