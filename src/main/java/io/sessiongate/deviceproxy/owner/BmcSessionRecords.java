package io.sessiongate.deviceproxy.owner;

import io.sessiongate.deviceproxy.registry.CredentialCipher;
import io.sessiongate.deviceproxy.owner.BmcSessionPool.BmcSession;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What the owner of a device writes down about the BMC sessions it holds, sealed: a node that takes the device
 * over after its owner died adopts them (a BMC counts them against its limit until they time out). Writing is
 * best effort: a session that was not written down is only one the next owner cannot adopt.
 */
public final class BmcSessionRecords {
  private static final Logger LOG = LoggerFactory.getLogger(BmcSessionRecords.class);

  private final PooledSessionStore store;
  private final CredentialCipher cipher;

  public BmcSessionRecords(PooledSessionStore store, CredentialCipher cipher) {
    this.store = store;
    this.cipher = cipher;
  }

  /** A session the BMC just opened, its token sealed for the records and the wire. */
  BmcSession opened(String deviceId, String token, String location) {
    return new BmcSession(token, location, cipher.seal(deviceId, token));
  }

  void remember(String deviceId, BmcSession session) {
    store.insert(new PooledSessionStore.Stored(deviceId, key(session), session.sealedToken(),
        session.location(), System.currentTimeMillis()))
      .onFailure(err -> LOG.warn("could not write down a BMC session of device {}: {}", deviceId, err.getMessage()));
  }

  Future<Void> forget(String deviceId, BmcSession session) {
    return store.delete(deviceId, key(session))
      .onFailure(err -> LOG.warn("could not strike a BMC session of device {}: {}", deviceId, err.getMessage()))
      .<Void>mapEmpty()
      .otherwiseEmpty();
  }

  /** The sessions a previous owner left; a record that no longer opens (another key) is struck. */
  Future<List<BmcSession>> recall(String deviceId) {
    return store.list(deviceId).map(stored -> stored.stream().map(record -> {
      try {
        return new BmcSession(cipher.open(deviceId, record.sealedToken()), record.location(), record.sealedToken());
      } catch (RuntimeException unreadable) {
        store.delete(deviceId, record.key());
        return null;
      }
    }).filter(session -> session != null).toList());
  }

  private static String key(BmcSession session) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(session.token().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
