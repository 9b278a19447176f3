package io.sessiongate.deviceproxy.bmc;

import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Trusts exactly one BMC certificate, by the SHA-256 of its DER encoding: BMCs mostly ship self-signed
 * certificates, and pinning is how an operator trusts one without trusting every certificate. With trust on
 * first use the pin is not known yet: the first certificate seen becomes it (and is handed to
 * {@code onFirstUse}, to be written down), and every later one must match it.
 */
final class PinnedCertificateTrust implements X509TrustManager {
  private final AtomicReference<byte[]> pin;
  private final Consumer<String> onFirstUse;
  /** The device whose certificate this is (named in the refusal, which says how to re-pin it); null with a pin. */
  private final String deviceId;

  private PinnedCertificateTrust(String pinSha256Hex, Consumer<String> onFirstUse, String deviceId) {
    this.pin = new AtomicReference<>(pinSha256Hex == null ? null : HexFormat.of().parseHex(pinSha256Hex));
    this.onFirstUse = onFirstUse;
    this.deviceId = deviceId;
  }

  static TrustManager[] forPin(String pinSha256Hex) {
    return new TrustManager[] {new PinnedCertificateTrust(pinSha256Hex, null, null)};
  }

  /** {@code pinSha256Hex}: the pin recorded already, or null to take the first certificate seen. */
  static TrustManager[] onFirstUse(String deviceId, String pinSha256Hex, Consumer<String> recorded) {
    return new TrustManager[] {new PinnedCertificateTrust(pinSha256Hex, recorded, deviceId)};
  }

  static String sha256(X509Certificate certificate) throws CertificateException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new CertificateException(e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the BMC presented no certificate");
    }
    String actual = sha256(chain[0]);
    byte[] seen = HexFormat.of().parseHex(actual);
    if (onFirstUse != null && pin.compareAndSet(null, seen)) {
      onFirstUse.accept(actual);
      return;
    }
    byte[] expected = pin.get();
    if (!MessageDigest.isEqual(seen, expected)) {
      throw new CertificateException(onFirstUse == null
        ? "the BMC's certificate does not match the pinned SHA-256"
        : "the BMC's certificate (SHA-256 " + actual + ") does not match the pin recorded on first use ("
          + HexFormat.of().formatHex(expected) + "); if the BMC's certificate was replaced, re-pin with PATCH "
          + "/admin/devices/" + deviceId + " {\"tls\": {\"mode\": \"tofu\"}}");
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("not a server");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
