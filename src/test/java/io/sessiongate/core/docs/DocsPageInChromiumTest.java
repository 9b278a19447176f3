package io.sessiongate.core.docs;

import io.sessiongate.testing.HeadlessChromium;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The docs page in a real headless Chromium against a real gateway: the top bar lists the six APIs, and "try it
 * out" (opened, executed, read back through Swagger UI's own buttons) reaches the gateway: the Redfish service
 * root answers 200 without credentials, the admin API 401 without a token and 200 with one given to Swagger UI.
 * Screenshots go to target/docs-screenshots/ (docs/operability.md shows one).
 */
class DocsPageInChromiumTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  static final Path SCREENSHOTS = Path.of("target", "docs-screenshots");

  /** Drives Swagger UI through its DOM: find an operation's block, press its buttons, read its live response. */
  private static final String DRIVER = """
    window.sg = {
      block(method, path) {
        return Array.from(document.querySelectorAll('.opblock-' + method)).find(b => {
          const p = b.querySelector('.opblock-summary-path');
          return p && p.getAttribute('data-path') === path;
        });
      },
      open(method, path) {
        const b = sg.block(method, path);
        if (!b) return false;
        if (!b.classList.contains('is-open')) (b.querySelector('.opblock-summary-control') || b.querySelector('.opblock-summary')).click();
        return true;
      },
      press(method, path, selector) {
        const button = sg.block(method, path)?.querySelector(selector);
        if (!button) return false;
        button.click();
        return true;
      },
      status(method, path) {
        const cell = sg.block(method, path)?.querySelector('.live-responses-table tr.response .response-col_status');
        return cell ? parseInt(cell.textContent, 10) : null;
      },
      text(method, path, selector) {
        const element = sg.block(method, path)?.querySelector(selector);
        return element ? element.textContent : '';
      },
      select(title) {
        const list = document.querySelector('.topbar select');
        const option = Array.from(list.options).find(o => o.textContent === title);
        Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(list, option.value);
        list.dispatchEvent(new Event('change', {bubbles: true}));
        return true;
      }
    };
    true
    """;

  @Test
  void theDocsPageListsTheSixApisAndTryItOutCallsTheGateway() throws Exception {
    try (TestGateway gateway = TestGateway.inMemory(Map.of());
         HeadlessChromium chromium = HeadlessChromium.start(1280, 1600)) {
      List<String> titles = List.of("admin", "symphony", "sessions", "murano", "keystone", "redfish").stream()
        .map(api -> gateway.send(gateway.request(HttpMethod.GET, "/openapi/" + api + ".json"))
          .bodyAsJsonObject().getJsonObject("info").getString("title"))
        .toList();
      String origin = "https://127.0.0.1:" + gateway.port();
      chromium.navigate(origin + "/docs");
      chromium.waitUntil("the list of APIs", "document.querySelectorAll('.topbar select option').length === 6", WAIT);
      assertEquals(true, chromium.evaluate(DRIVER));
      List<String> listed = ((io.vertx.core.json.JsonArray) chromium.evaluate(
        "Array.from(document.querySelectorAll('.topbar select option')).map(o => o.textContent)"))
        .stream().map(String::valueOf).toList();
      assertEquals(titles.stream().sorted().toList(), listed.stream().sorted().toList());

      String redfish = titles.get(5);
      chromium.evaluate("sg.select(" + quoted(redfish) + ")");
      chromium.waitUntil("the Redfish contract", "document.querySelector('.info .title')?.textContent.includes("
        + quoted(redfish) + ") && sg.open('get', '/redfish/v1')", WAIT);
      tryOut(chromium, "/redfish/v1", 200);
      assertEquals(origin + "/redfish/v1", chromium.evaluate("sg.text('get', '/redfish/v1', '.request-url pre').trim()"));
      assertTrue(String.valueOf(chromium.evaluate("sg.text('get', '/redfish/v1', '.live-responses-table')"))
        .contains("/redfish/v1/SessionService"), "the service root's body is shown");
      chromium.screenshot(SCREENSHOTS.resolve("redfish-try-it-out.png"));

      String admin = titles.get(0);
      chromium.evaluate("sg.select(" + quoted(admin) + ")");
      chromium.waitUntil("the admin contract", "document.querySelector('.info .title')?.textContent.includes("
        + quoted(admin) + ") && sg.open('get', '/admin/users')", WAIT);
      tryOut(chromium, "/admin/users", 401);
      chromium.evaluate("window.ui.preauthorizeApiKey('authToken', " + quoted(gateway.adminToken()) + "); true");
      assertTrue(chromium.evaluate("sg.press('get', '/admin/users', '.execute')") == Boolean.TRUE);
      chromium.waitUntil("200 for GET /admin/users with the token", "sg.status('get', '/admin/users') === 200", WAIT);
      assertTrue(String.valueOf(chromium.evaluate("sg.text('get', '/admin/users', '.live-responses-table')"))
        .contains("\"admin\""), "the user list is shown");
      chromium.screenshot(SCREENSHOTS.resolve("admin-try-it-out-with-token.png"));
      assertTrue(Files.size(SCREENSHOTS.resolve("redfish-try-it-out.png")) > 10_000);
    }
  }

  /** Presses "Try it out", then "Execute", and waits for the live response's status. */
  private static void tryOut(HeadlessChromium chromium, String path, int expectedStatus) {
    chromium.waitUntil("Try it out on GET " + path, "sg.press('get', '" + path + "', '.try-out__btn')", WAIT);
    chromium.waitUntil("Execute on GET " + path, "sg.press('get', '" + path + "', '.execute')", WAIT);
    try {
      chromium.waitUntil(expectedStatus + " for GET " + path, "sg.status('get', '" + path + "') === " + expectedStatus, WAIT);
    } catch (AssertionError notShown) {
      chromium.screenshot(SCREENSHOTS.resolve("failed-" + path.replace('/', '_') + ".png"));
      throw new AssertionError(notShown.getMessage() + "; the operation's block shows: "
        + chromium.evaluate("sg.text('get', '" + path + "', '.opblock-body')"), notShown);
    }
  }

  private static String quoted(String text) {
    return io.vertx.core.json.Json.encode(text);
  }
}
