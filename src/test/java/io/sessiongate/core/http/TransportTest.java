package io.sessiongate.core.http;

import io.sessiongate.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.sessiongate.testing.Await.await;
import static io.sessiongate.testing.Await.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real TLS: the OpenSSL engine, HTTP/2 by ALPN, TLS 1.2+ only, the JDK fallback and the HTTPS redirect. */
class TransportTest {
  private final Vertx client = Vertx.vertx();

  @AfterEach
  void close() {
    await(client.close());
  }

  private HttpClientResponse get(HttpClientOptions options, int port, String uri) {
    HttpClient http = client.createHttpClient(options.setSsl(options.isSsl()).setTrustAll(true).setVerifyHost(false));
    return await(http.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(uri).setMethod(HttpMethod.GET))
      .compose(request -> request.send()));
  }

  @Test
  void openSslIsAvailableHereAndNegotiatesHttp2ByAlpn() {
    assertTrue(OpenSSLEngineOptions.isAvailable(), "netty-tcnative BoringSSL should load on this platform");
    try (TestGateway gateway = TestGateway.inMemory(Map.of())) {
      HttpClientResponse h2 = get(new HttpClientOptions().setSsl(true).setUseAlpn(true)
        .setProtocolVersion(HttpVersion.HTTP_2), gateway.port(), "/health/live");
      assertEquals(200, h2.statusCode());
      assertEquals(HttpVersion.HTTP_2, h2.version());
      HttpClientResponse h1 = get(new HttpClientOptions().setSsl(true), gateway.port(), "/health/live");
      assertEquals(HttpVersion.HTTP_1_1, h1.version());
    }
  }

  @Test
  void tls12And13AreAcceptedAndNothingOlder() {
    try (TestGateway gateway = TestGateway.inMemory(Map.of())) {
      for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
        HttpClientResponse response = get(new HttpClientOptions().setSsl(true)
          .setEnabledSecureTransportProtocols(Set.of(protocol)), gateway.port(), "/health/live");
        assertEquals(200, response.statusCode(), protocol);
      }
      HttpClient old = client.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true)
        .setVerifyHost(false).setSslEngineOptions(new OpenSSLEngineOptions())
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.1")));
      Throwable refused = failure(old.request(new RequestOptions().setHost("127.0.0.1").setPort(gateway.port())
        .setURI("/health/live")).compose(request -> request.send()));
      assertNotNull(refused);
    }
  }

  @Test
  void theJdkEngineServesTooWhenChosen() {
    try (TestGateway gateway = TestGateway.inMemory(Map.of("tls.engine", "jdk"))) {
      HttpClientResponse response = get(new HttpClientOptions().setSsl(true).setUseAlpn(true)
        .setProtocolVersion(HttpVersion.HTTP_2), gateway.port(), "/health/ready");
      assertEquals(200, response.statusCode());
      assertEquals(HttpVersion.HTTP_2, response.version());
    }
  }

  @Test
  void thePlainPortOnlyRedirectsToHttps() throws Exception {
    int plain;
    try (ServerSocket socket = new ServerSocket(0)) {
      plain = socket.getLocalPort();
    }
    try (TestGateway gateway = TestGateway.inMemory(Map.of("http.redirect-port", Integer.toString(plain)))) {
      HttpClientResponse response = get(new HttpClientOptions(), plain, "/admin/users?tenant=a");
      assertEquals(308, response.statusCode());
      assertEquals("https://127.0.0.1:" + gateway.port() + "/admin/users?tenant=a", response.getHeader("Location"));
    }
  }
}
