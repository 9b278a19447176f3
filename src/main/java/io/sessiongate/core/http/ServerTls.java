package io.sessiongate.core.http;

import io.sessiongate.core.config.DataDirectory;
import io.sessiongate.core.config.GatewayConfig;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLEngineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * The TLS choice, made in one place: OpenSSL (BoringSSL via netty-tcnative) when it loads, else the JDK
 * engine with a warning; TLS 1.2 and 1.3 only; HTTP/2 offered by ALPN.
 */
public final class ServerTls {
  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

  private ServerTls() {
  }

  public record Choice(HttpServerOptions options, String description) {
  }

  /** Blocking (may generate the dev certificate): call before deploying the router verticles. */
  public static Choice serverOptions(GatewayConfig config, DataDirectory dataDirectory) {
    GatewayConfig.Http http = config.http();
    HttpServerOptions options = new HttpServerOptions()
      .setHost(http.host())
      .setPort(http.port())
      // Netty refuses headers above this outright; the router enforces the configured limit with a JSON 431.
      .setMaxHeaderSize(http.maxHeaderBytes() * 4)
      .setCompressionSupported(false)
      .setInitialSettings(new io.vertx.core.http.Http2Settings().setMaxHeaderListSize(http.maxHeaderBytes() * 4L))
      .setTcpNoDelay(true);
    if (!config.tls().enabled()) {
      LOG.warn("TLS is disabled (tls.enabled=false): serving plain HTTP; use this only behind a TLS-terminating proxy");
      return new Choice(options, "plain HTTP (TLS disabled)");
    }
    PemKeyCertOptions keyCert;
    String source;
    if (config.tls().certFile().isBlank()) {
      DataDirectory.CertificateFiles files = dataDirectory.devCertificate();
      keyCert = new PemKeyCertOptions().setCertPath(files.cert().toString()).setKeyPath(files.key().toString());
      source = "self-signed dev certificate " + files.cert();
    } else {
      keyCert = new PemKeyCertOptions().setCertPath(config.tls().certFile()).setKeyPath(config.tls().keyFile());
      source = "certificate " + config.tls().certFile();
    }
    SSLEngineOptions engine;
    String engineName;
    if (config.tls().engine() == GatewayConfig.TlsEngine.OPENSSL && OpenSSLEngineOptions.isAvailable()) {
      engine = new OpenSSLEngineOptions().setSessionCacheEnabled(true);
      engineName = "OpenSSL (BoringSSL, netty-tcnative)";
    } else {
      if (config.tls().engine() == GatewayConfig.TlsEngine.OPENSSL) {
        LOG.warn("OpenSSL TLS engine is not available on this platform; falling back to the JDK TLS engine");
      }
      engine = new JdkSSLEngineOptions();
      engineName = "JDK";
    }
    options.setSsl(true)
      .setUseAlpn(true)
      .setSslEngineOptions(engine)
      .setKeyCertOptions(keyCert)
      .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
    return new Choice(options, "TLS engine " + engineName + ", TLSv1.2+TLSv1.3, ALPN h2/http1.1, " + source);
  }
}
