package io.sessiongate.aggregation;

import io.sessiongate.bmcsim.SimulatedBmcOptions;
import io.sessiongate.bmcsim.SimulatedBmcVerticle;
import io.sessiongate.testing.GatewayPerTestClass;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The merged collections and their members, over three real simulated BMCs (one of them stopped in a test). */
class InMemoryAggregationTest extends GatewayPerTestClass {
  private static final int TIMEOUT_MS = 1500;
  private static Vertx bmcs;
  private static final List<String> deployments = new ArrayList<>();
  private static final List<Integer> ports = new ArrayList<>();

  @Override
  protected TestGateway startGateway() {
    return TestGateway.inMemory(Map.of());
  }

  @BeforeAll
  static void startBmcs() {
    bmcs = Vertx.vertx();
    for (int i = 0; i < 3; i++) {
      SimulatedBmcVerticle bmc = new SimulatedBmcVerticle(new SimulatedBmcOptions("127.0.0.1", 0, "root", "calvin", 4, 1,
        60, false));
      deployments.add(await(bmcs.deployVerticle(bmc)));
      ports.add(bmc.actualPort());
    }
  }

  @AfterAll
  static void stopBmcs() {
    await(bmcs.close());
  }

  private HttpResponse<Buffer> get(String uri) {
    return gateway().send(gateway().request(HttpMethod.GET, uri).bearerTokenAuthentication(gateway().adminToken()));
  }

  private void register(String id, int port) {
    JsonObject device = new JsonObject().put("id", id).put("address", "http://127.0.0.1:" + port)
      .put("tls", new JsonObject().put("mode", "insecure"))
      .put("credentials", new JsonObject().put("username", "root").put("password", "calvin"))
      .put("maxSessions", 2).put("timeoutMs", TIMEOUT_MS);
    HttpResponse<Buffer> created = gateway().send(gateway().request(HttpMethod.POST, "/admin/devices")
      .bearerTokenAuthentication(gateway().adminToken()), device);
    assertEquals(201, created.statusCode(), created.bodyAsString());
  }

  private static List<String> members(HttpResponse<Buffer> collection) {
    assertEquals(200, collection.statusCode(), collection.bodyAsString());
    JsonArray members = collection.bodyAsJsonObject().getJsonArray("Members");
    assertEquals(members.size(), collection.bodyAsJsonObject().getInteger("Members@odata.count"));
    return members.stream().map(m -> ((JsonObject) m).getString("@odata.id")).sorted().toList();
  }

  @Test
  void threeBmcsAreOneServiceAndAStoppedOneIsNamedWhileTheOthersAreListed() {
    for (int i = 0; i < 3; i++) {
      register("agg-" + i, ports.get(i));
    }
    HttpResponse<Buffer> root = gateway().send(gateway().request(HttpMethod.GET, "/redfish/v1/"));
    assertEquals("/redfish/v1/Systems", root.bodyAsJsonObject().getJsonObject("Systems").getString("@odata.id"));
    assertEquals("/redfish/v1/Managers", root.bodyAsJsonObject().getJsonObject("Managers").getString("@odata.id"));
    assertEquals("/redfish/v1/Chassis", root.bodyAsJsonObject().getJsonObject("Chassis").getString("@odata.id"));

    List<String> systems = members(get("/redfish/v1/Systems"));
    assertEquals(List.of("/redfish/v1/Systems/agg-0_1", "/redfish/v1/Systems/agg-1_1", "/redfish/v1/Systems/agg-2_1"),
      systems);
    for (String system : systems) {
      HttpResponse<Buffer> member = get(system);
      assertEquals(200, member.statusCode(), member.bodyAsString());
      JsonObject body = member.bodyAsJsonObject();
      assertEquals("On", body.getString("PowerState"));
      assertEquals(system, body.getString("@odata.id"), "the member's own URI is the gateway's");
      String device = system.substring(system.lastIndexOf('/') + 1, system.indexOf('_'));
      assertEquals("/redfish/v1/Chassis/" + device + "_1",
        body.getJsonObject("Links").getJsonArray("Chassis").getJsonObject(0).getString("@odata.id"));
      assertEquals(system + "/Actions/ComputerSystem.Reset",
        body.getJsonObject("Actions").getJsonObject("#ComputerSystem.Reset").getString("target"));
    }
    assertEquals(3, members(get("/redfish/v1/Managers")).size());
    assertEquals(List.of("/redfish/v1/Chassis/agg-0_1", "/redfish/v1/Chassis/agg-1_1", "/redfish/v1/Chassis/agg-2_1"),
      members(get("/redfish/v1/Chassis")));
    assertEquals(404, get("/redfish/v1/Systems/agg-0_7").statusCode(), "the BMC's own 404 comes through");
    assertEquals(404, get("/redfish/v1/Systems/nobody_1").statusCode());
    assertEquals(401, gateway().send(gateway().request(HttpMethod.GET, "/redfish/v1/Systems/agg-0_1")).statusCode());
    assertEquals(401, gateway().send(gateway().request(HttpMethod.GET, "/redfish/v1/Systems")).statusCode());

    await(bmcs.undeploy(deployments.get(2)));
    long started = System.nanoTime();
    HttpResponse<Buffer> partial = get("/redfish/v1/Systems");
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(List.of("/redfish/v1/Systems/agg-0_1", "/redfish/v1/Systems/agg-1_1"), members(partial));
    assertTrue(tookMillis < TIMEOUT_MS + 500, "took " + tookMillis + " ms");
    JsonArray info = partial.bodyAsJsonObject().getJsonArray("@Message.ExtendedInfo");
    assertEquals(1, info.size(), partial.bodyAsString());
    JsonObject leftOut = info.getJsonObject(0);
    assertEquals("Base.1.18.CouldNotEstablishConnection", leftOut.getString("MessageId"));
    assertEquals("/bmc/agg-2/redfish/v1/Systems", leftOut.getJsonArray("MessageArgs").getString(0));
    assertTrue(leftOut.getString("Message").contains("agg-2"), leftOut.encode());
  }
}
