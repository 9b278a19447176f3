package io.sessiongate.symphony;

import io.sessiongate.testing.Await;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PostgresSymphonyApiTest extends SymphonyApiContract {
  @Override
  protected TestGateway startGateway() {
    return TestGateway.onPostgres("symphony_api", SETTINGS);
  }

  @Test
  void twoNodesOnOnePostgresGiveUniqueIdsAndSeeEachOthersSessions() {
    Map<String, String> sameDatabase = new HashMap<>(SETTINGS);
    sameDatabase.put("pg.uri", gateway().gateway().config().pg().uri());
    try (TestGateway second = TestGateway.onPostgres("symphony_api", sameDatabase)) {
      List<Future<HttpResponse<Buffer>>> concurrent = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        TestGateway node = i % 2 == 0 ? gateway() : second;
        concurrent.add(asAdmin(node.request(HttpMethod.POST, BASE + "/clientapi/session?applicationName=" + SEED_APP))
          .sendJsonObject(new JsonObject().put("sessionName", "node" + (i % 2))));
      }
      Set<Long> ids = new HashSet<>();
      long fromFirstNode = 0;
      for (int i = 0; i < concurrent.size(); i++) {
        HttpResponse<Buffer> response = Await.await(concurrent.get(i));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        ids.add(response.bodyAsJsonObject().getLong("sessionId"));
        if (i % 2 == 0) {
          fromFirstNode = response.bodyAsJsonObject().getLong("sessionId");
        }
      }
      assertEquals(30, ids.size(), "every id is unique across both nodes: " + ids);

      HttpResponse<Buffer> seenBySecond = second.send(asAdmin(second.request(HttpMethod.GET,
        BASE + "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=" + fromFirstNode)));
      assertEquals(200, seenBySecond.statusCode(), seenBySecond.bodyAsString());
      assertEquals("node0", seenBySecond.bodyAsJsonObject().getJsonObject("sessionAttributes").getString("sessionName"));
      HttpResponse<Buffer> closedBySecond = second.send(asAdmin(second.request(HttpMethod.DELETE,
        BASE + "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=" + fromFirstNode + "&destroyOnCloseFlag=true")));
      assertEquals(200, closedBySecond.statusCode(), closedBySecond.bodyAsString());
      error(gateway().send(asAdmin(gateway().request(HttpMethod.GET,
        BASE + "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=" + fromFirstNode))), 404);

      HttpResponse<Buffer> registered = gateway().send(asAdmin(gateway().request(HttpMethod.PUT,
        BASE + "/admin/applications/shared-app")), new JsonObject().put("clusters", new io.vertx.core.json.JsonArray().add("cX")));
      assertEquals(201, registered.statusCode(), registered.bodyAsString());
      HttpResponse<Buffer> onSecond = second.send(asAdmin(second.request(HttpMethod.POST,
        BASE + "/clientapi/session?applicationName=shared-app")), new JsonObject());
      assertEquals(200, onSecond.statusCode(), onSecond.bodyAsString());
      assertEquals("cX", onSecond.bodyAsJsonObject().getString("clusterId"));
    }
  }
}
