package io.sessiongate.core.cluster;

import io.sessiongate.core.config.ConfigException;
import io.sessiongate.core.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The keys every node of a cluster must share: a node that generated its own would refuse every token (or
 * sealed BMC password) of the others, forever. So a clustered node needs each key configured, and the first
 * clustered node on a PostgreSQL records each key's fingerprint there; a node whose key differs is refused at
 * start, with one line naming the setting.
 */
public final class ClusterKeys {
  /** A key setting ({@code auth.jwt-secret}) and this node's value of it (blank when not configured). */
  public record Key(String setting, String value) {
    String named() {
      return setting + " (" + ConfigLoader.envName(setting) + ")";
    }
  }

  private ClusterKeys() {
  }

  /** Fails, naming the first key that is not configured: a clustered node must not generate its own. */
  public static void requireConfigured(List<Key> keys) {
    for (Key key : keys) {
      if (key.value() == null || key.value().isBlank()) {
        throw new ConfigException(key.named() + ": required on a clustered node and the same on every node "
          + "(a key each node generated for itself would make it refuse what the others issued); "
          + "generate one with: openssl rand -base64 32");
      }
    }
  }

  /** Records each key's fingerprint if no node has yet; fails naming the first key that differs from the cluster's. */
  public static Future<Void> agree(Pool pool, List<Key> keys) {
    Future<Void> checked = Future.succeededFuture();
    for (Key key : keys) {
      checked = checked.compose(v -> agree(pool, key));
    }
    return checked;
  }

  private static Future<Void> agree(Pool pool, Key key) {
    String mine = fingerprint(key);
    return pool.preparedQuery("INSERT INTO cluster_key_fingerprints (setting, fingerprint, recorded_at) "
        + "VALUES ($1, $2, $3) ON CONFLICT (setting) DO NOTHING")
      .execute(Tuple.of(key.setting(), mine, System.currentTimeMillis()))
      .compose(v -> pool.preparedQuery("SELECT fingerprint FROM cluster_key_fingerprints WHERE setting = $1")
        .execute(Tuple.of(key.setting())))
      .compose(rows -> {
        String clusters = rows.iterator().next().getString(0);
        if (clusters.equals(mine)) {
          return Future.succeededFuture();
        }
        return Future.failedFuture(new ConfigException(key.named() + " differs from the cluster's: this node's "
          + "key has fingerprint " + mine + ", the one the cluster's nodes use (recorded in PostgreSQL, table "
          + "cluster_key_fingerprints) has " + clusters + "; give every node the same key"));
      });
  }

  /** 64 bits of SHA-256 over the setting's name and the key, hex. */
  static String fingerprint(Key key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(("sessiongate key " + key.setting() + "\0").getBytes(StandardCharsets.UTF_8));
      byte[] digest = sha.digest(key.value().trim().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
