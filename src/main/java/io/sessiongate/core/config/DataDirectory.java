package io.sessiongate.core.config;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * Secrets the gateway generates for itself on first start and keeps, so a restart reuses them: the dev TLS
 * certificate and the JWT signing key. Blocking file I/O: called before the event loops serve anything.
 */
public final class DataDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

  private final Path root;

  public DataDirectory(Path root) {
    this.root = root;
  }

  public record CertificateFiles(Path cert, Path key) {
  }

  /** A self-signed ECDSA P-256 certificate for localhost, 127.0.0.1 and ::1, valid for a year. */
  public CertificateFiles devCertificate() {
    Path dir = root.resolve("tls");
    Path cert = dir.resolve("dev-cert.pem");
    Path key = dir.resolve("dev-key.pem");
    if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
      return new CertificateFiles(cert, key);
    }
    try {
      Files.createDirectories(dir);
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=SessionGate dev certificate");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
        new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(365))), subject, pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"),
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
        new GeneralName(GeneralName.iPAddress, "::1"),
        new GeneralName(GeneralName.dNSName, InetAddress.getLocalHost().getHostName())}));
      X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      writePrivate(key, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
      Files.writeString(cert, pem(holder));
      LOG.info("generated a self-signed dev TLS certificate in {}", dir.toAbsolutePath());
      return new CertificateFiles(cert, key);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the dev certificate to " + dir, e);
    } catch (Exception e) {
      throw new IllegalStateException("could not generate the dev certificate", e);
    }
  }

  /** The HS256 key for gateway JWTs: 256 random bits, base64. */
  public String jwtSecret() {
    return secret("jwt.key");
  }

  /** A 256-bit random key kept in {@code fileName}, base64; generated on first use. */
  public String secret(String fileName) {
    Path file = root.resolve(fileName);
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file).trim();
      }
      Files.createDirectories(root);
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      String encoded = Base64.getEncoder().encodeToString(secret);
      writePrivate(file, encoded + "\n");
      LOG.info("generated a key in {}", file.toAbsolutePath());
      return encoded;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or write " + file, e);
    }
  }

  private static void writePrivate(Path file, String content) throws IOException {
    Files.writeString(file, content);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      LOG.debug("cannot restrict permissions of {} on this file system", file);
    }
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
