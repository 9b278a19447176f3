package io.sessiongate.deviceproxy.bmc;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The rewrite gives what parsing into a tree and serialising it again gave (the rewrite before it, still the
 * service root's), however the body is split into chunks: the same JSON for a path prefix (done on the bytes,
 * which keeps the BMC's formatting), the same bytes for a renaming rewrite (token by token).
 */
class LinkRewriterTest {
  private static final LinkRewriter REWRITER = new LinkRewriter("/bmc/b1", "https://10.0.0.5");

  private static final List<String> BODIES = List.of(
    "{\"@odata.id\":\"/redfish/v1/Systems/1\",\"Name\":\"System\",\"Links\":{\"Chassis\":[{\"@odata.id\":"
      + "\"/redfish/v1/Chassis/1\"}],\"ManagedBy\":[{\"@odata.id\":\"https://10.0.0.5/redfish/v1/Managers/1\"}]}}",
    "{\"@odata.id\":\"\\/redfish\\/v1\\/Systems\\/1\",\"Path\":\"a\\/b\"}",
    "{\"@odata.id\":\"\\u002fredfish/v1/Systems/1\",\"Name\":\"caf\\u00e9 \\ud83d\\ude00 ☃ \\\"q\\\" \\t\\n\\\\\"}",
    "{\"a\":[[[\"/redfish/v1/x\"]],[{\"b\":[\"/redfish/v1/y\",[]]},{}],[1,[2,[\"/redfish\"]]]]}",
    "[\"/redfish/v1/Systems/1\",{\"@odata.id\":\"/redfish/v1/Chassis/1\"},[\"https://10.0.0.5/redfish/v1\"]]",
    "{\"Description\":\"see /redfish/v1/Systems\",\"Other\":\"https://10.0.0.6/redfish/v1/a\","
      + "\"Near\":\"https://10.0.0.5:443/redfish/v1/a\",\"Redfishy\":\"/redfishery\",\"Plain\":\"redfish/v1\"}",
    "{\"i\":1,\"n\":-7,\"l\":12345678901,\"big\":123456789012345678901234567890,\"f\":1.50,\"e\":1e3,\"z\":-0.0,"
      + "\"t\":true,\"no\":false,\"nil\":null,\"tiny\":4.9E-324}",
    "{\n  \"@odata.id\" : \"/redfish/v1/Systems/1\",\n  \"Members\" : [ {\"@odata.id\":\"/redfish/v1/Systems/1\"} ]\n}\n",
    "{\"twice\":\"/redfish/v1/a\",\"Oem\":{\"Vendor\":{\"@odata.id\":\"/redfish/v1/Oem\",\"List\":[null,true,\"x\"]}}}",
    "{}",
    "[]",
    "{\"@odata.id\":\"/redfish/v1/Systems/1\",\"Id\":\"1\",\"Links\":{\"Id\":\"1\"}}",
    "{\"Id\":\"1\",\"Name\":\"first\",\"@odata.id\":\"/redfish/v1/Systems/1/\"}",
    "{\"@odata.type\":\"#ComputerSystem.v1_5_0.ComputerSystem\",\"Id\":\"1\",\"@odata.id\":\"https://10.0.0.5/redfish/v1/Systems/1\"}",
    "{\"@odata.id\":\"/redfish/v1/Systems/1\",\"Id\":\"other\"}",
    // Not one JSON object or array: passes as the BMC sent it.
    "\"/redfish/v1/Systems/1\"",
    "42",
    "{\"@odata.id\":\"/redfish/v1\"} trailing",
    "{\"@odata.id\":\"/redfish/v1\"}{\"@odata.id\":\"/redfish/v1\"}",
    "{\"@odata.id\":\"/redfish/v1\"",
    "{\"@odata.id\":/redfish/v1}",
    "not json at all");

  @Test
  void aPathPrefixGivesTheJsonTheTreeGave() {
    for (String body : BODIES) {
      Buffer bytes = utf8(body);
      Buffer tree = REWRITER.treeBody(bytes.copy());
      Buffer rewritten = REWRITER.body(bytes.copy(), "application/json");
      if (tree.equals(bytes)) {
        assertEquals(body, rewritten.toString(StandardCharsets.UTF_8), "not rewritable, so unchanged");
      } else {
        assertEquals(Json.decodeValue(tree), Json.decodeValue(rewritten), body);
      }
    }
  }

  @Test
  void aRenamingRewriteGivesTheBytesTheTreeGave() {
    LinkRewriter renaming = new LinkRewriter(path -> "/bmc/b1" + path, "https://10.0.0.5");
    for (String body : BODIES) {
      Buffer bytes = utf8(body);
      assertEquals(renaming.treeBody(bytes.copy()).toString(StandardCharsets.UTF_8),
        renaming.body(bytes.copy(), "application/json").toString(StandardCharsets.UTF_8), body);
    }
  }

  @Test
  void aPathPrefixKeepsTheBmcsBytesAroundTheLinks() {
    String pretty = BODIES.get(7);
    assertEquals(pretty.replace("\"/redfish", "\"/bmc/b1/redfish"), rewritten(pretty));
    assertEquals("{\"f\":1.50, \"e\":1e3,\"s\":\"caf\\u00e9\",\"l\":\"/bmc/b1/redfish/v1/a\"}",
      rewritten("{\"f\":1.50, \"e\":1e3,\"s\":\"caf\\u00e9\",\"l\":\"https://10.0.0.5/redfish/v1/a\"}"));
    // A key is never a link, however it looks; escapes where a link could start are read by the parser.
    assertEquals("{\"/redfish/v1/a\" : \"/bmc/b1/redfish/v1/a\"}", rewritten("{\"/redfish/v1/a\" : \"/redfish/v1/a\"}"));
    assertEquals("{\"a\":\"/bmc/b1/redfish/v1/a\"}", rewritten("{\"a\" : \"/re\\u0064fish/v1/a\"}"));
    assertEquals("{\"a\":\"/bmc/b1/redfish/v1/a\"}", rewritten("{\"a\":\"https:\\/\\/10.0.0.5\\/redfish/v1/a\"}"));
  }

  @Test
  void linksAreRewrittenOnlyWhereTheyStartAValue() {
    assertEquals("{\"@odata.id\":\"/bmc/b1/redfish/v1/Systems/1\",\"Path\":\"a/b\"}", rewritten(BODIES.get(1)));
    // Jackson (Vert.x's codec as well) writes a character outside the BMP as its escaped surrogate pair.
    assertEquals("{\"@odata.id\":\"/bmc/b1/redfish/v1/Systems/1\",\"Name\":\"café \\uD83D\\uDE00 ☃ \\\"q\\\" \\t\\n\\\\\"}",
      rewritten(BODIES.get(2)));
    assertEquals("{\"a\":[[[\"/bmc/b1/redfish/v1/x\"]],[{\"b\":[\"/bmc/b1/redfish/v1/y\",[]]},{}],"
      + "[1,[2,[\"/bmc/b1/redfish\"]]]]}", rewritten(BODIES.get(3)));
    assertEquals("{\"Description\":\"see /redfish/v1/Systems\",\"Other\":\"https://10.0.0.6/redfish/v1/a\","
      + "\"Near\":\"https://10.0.0.5:443/redfish/v1/a\",\"Redfishy\":\"/bmc/b1/redfishery\",\"Plain\":\"redfish/v1\"}",
      rewritten(BODIES.get(5)));
    assertEquals("[\"/bmc/b1/redfish/v1/Systems/1\",{\"@odata.id\":\"/bmc/b1/redfish/v1/Chassis/1\"},"
      + "[\"/bmc/b1/redfish/v1\"]]", rewritten(BODIES.get(4)));
  }

  @Test
  void anIdThatIsItsUrisLastSegmentFollowsTheRewrittenUri() {
    LinkRewriter members = new LinkRewriter(path -> path.replace("/Systems/1", "/Systems/bmc1_1"), null);
    for (String body : new String[] {
      "{\"@odata.id\":\"/redfish/v1/Systems/1\",\"Id\":\"1\",\"Links\":{\"Id\":\"1\"}}",
      "{\"Id\":\"1\",\"Name\":\"first\",\"@odata.id\":\"/redfish/v1/Systems/1\"}",
      "{\"@odata.id\":\"/redfish/v1/Systems/1\",\"Id\":\"other\"}",
      "[{\"@odata.id\":\"/redfish/v1/Systems/1\",\"Id\":\"1\"}]"}) {
      assertEquals(members.treeBody(utf8(body)).toString(StandardCharsets.UTF_8),
        members.body(utf8(body), "application/json").toString(StandardCharsets.UTF_8), body);
    }
    assertEquals("{\"@odata.id\":\"/redfish/v1/Systems/bmc1_1\",\"Id\":\"bmc1_1\",\"Links\":{\"Id\":\"1\"}}",
      members.body(utf8("{\"@odata.id\":\"/redfish/v1/Systems/1\",\"Id\":\"1\",\"Links\":{\"Id\":\"1\"}}"),
        "application/json").toString(StandardCharsets.UTF_8));
  }

  @Test
  void aBodySplitAtAnyByteIsRewrittenTheSame() {
    for (String body : BODIES) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      String whole = REWRITER.body(Buffer.buffer(bytes), "application/json").toString(StandardCharsets.UTF_8);
      for (int cut = 0; cut <= bytes.length; cut++) {
        LinkRewriter.Rewrite rewrite = REWRITER.stream();
        rewrite.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, 0, cut)));
        rewrite.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, cut, bytes.length)));
        assertEquals(whole, rewrite.end(Buffer.buffer(bytes)).toString(StandardCharsets.UTF_8), body + " cut at " + cut);
      }
      LinkRewriter.Rewrite byteByByte = REWRITER.stream();
      for (byte b : bytes) {
        byteByByte.feed(Buffer.buffer(new byte[] {b}));
      }
      assertEquals(whole, byteByByte.end(Buffer.buffer(bytes)).toString(StandardCharsets.UTF_8), body + " byte by byte");
    }
  }

  @Test
  void otherContentTypesPassUntouched() {
    for (String type : new String[] {"text/plain", "application/octet-stream", "text/html; charset=utf-8", null}) {
      Buffer body = utf8(BODIES.get(0));
      assertSame(body, REWRITER.body(body, type), String.valueOf(type));
    }
    Buffer empty = Buffer.buffer();
    assertSame(empty, REWRITER.body(empty, "application/json"));
    assertEquals(BODIES.get(0).replace("/redfish", "/bmc/b1/redfish").replace("https://10.0.0.5", ""),
      rewritten(BODIES.get(0)), "a JSON media type with parameters is rewritten");
  }

  @Test
  void theServiceRootNamesTheGatewaysSessionService() {
    LinkRewriter root = REWRITER.advertisingGatewaySessions();
    Buffer body = utf8("{\"@odata.id\":\"/redfish/v1\",\"Links\":{\"Other\":{\"@odata.id\":\"/redfish/v1/x\"}}}");
    LinkRewriter.Rewrite rewrite = root.stream();
    rewrite.feed(body);
    assertEquals("{\"@odata.id\":\"/bmc/b1/redfish/v1\",\"Links\":{\"Other\":{\"@odata.id\":\"/bmc/b1/redfish/v1/x\"},"
      + "\"Sessions\":{\"@odata.id\":\"/bmc/b1/redfish/v1/SessionService/Sessions\"}},"
      + "\"SessionService\":{\"@odata.id\":\"/bmc/b1/redfish/v1/SessionService\"}}",
      rewrite.end(body).toString(StandardCharsets.UTF_8));
  }

  @Test
  void locationHeadersOfTheBmcAreRewritten() {
    assertEquals("/bmc/b1/redfish/v1/SessionService/Sessions/7", REWRITER.link("/redfish/v1/SessionService/Sessions/7"));
    assertEquals("/bmc/b1/redfish/v1/TaskService/Tasks/1", REWRITER.link("https://10.0.0.5/redfish/v1/TaskService/Tasks/1"));
    assertEquals("https://10.0.0.6/redfish/v1/x", REWRITER.link("https://10.0.0.6/redfish/v1/x"));
    assertEquals("Sessions/7", REWRITER.link("Sessions/7"));
  }

  private static String rewritten(String body) {
    return REWRITER.body(utf8(body), "application/json; charset=utf-8").toString(StandardCharsets.UTF_8);
  }

  private static Buffer utf8(String body) {
    return Buffer.buffer(body.getBytes(StandardCharsets.UTF_8));
  }
}
