package io.sessiongate.deviceproxy;

import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * Trusts exactly one BMC certificate, by the SHA-256 of its DER encoding: BMCs mostly ship self-signed
 * certificates, and pinning is how an operator trusts one without trusting every certificate.
 */
final class PinnedCertificateTrust implements X509TrustManager {
  private final byte[] pin;

  PinnedCertificateTrust(String pinSha256Hex) {
    this.pin = HexFormat.of().parseHex(pinSha256Hex);
  }

  static TrustManager[] forPin(String pinSha256Hex) {
    return new TrustManager[] {new PinnedCertificateTrust(pinSha256Hex)};
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the BMC presented no certificate");
    }
    try {
      byte[] actual = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
      if (!MessageDigest.isEqual(actual, pin)) {
        throw new CertificateException("the BMC's certificate does not match the pinned SHA-256");
      }
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new CertificateException(e);
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
