package io.sessiongate.sessions;

import io.netty.util.NetUtil;
import io.sessiongate.core.config.ConfigException;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Which peers may tell the client's address in {@code X-Forwarded-For}. The address recorded for a login is
 * the peer's own, unless the peer is a trusted proxy: then the forwarded chain is read from the right,
 * skipping trusted proxies, and the first address not trusted is the client. A client cannot forge its
 * address by sending the header itself, because its own (untrusted) hop is the one that counts.
 */
final class TrustedProxies {
  private final List<Network> networks;

  private record Network(byte[] address, int prefixBits) {
    boolean contains(byte[] candidate) {
      if (candidate.length != address.length) {
        return false;
      }
      int full = prefixBits / 8;
      for (int i = 0; i < full; i++) {
        if (candidate[i] != address[i]) {
          return false;
        }
      }
      int rest = prefixBits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (candidate[full] & mask) == (address[full] & mask);
    }
  }

  private TrustedProxies(List<Network> networks) {
    this.networks = networks;
  }

  /** {@code entries} are IP addresses or CIDR blocks ("10.0.0.0/8", "::1"); anything else names the key. */
  static TrustedProxies parse(String key, List<String> entries) {
    List<Network> networks = new ArrayList<>();
    for (String entry : entries) {
      String[] parts = entry.trim().split("/", 2);
      byte[] address = literal(parts[0]);
      if (address == null) {
        throw new ConfigException(key + ": '" + entry + "' is not an IP address or CIDR block");
      }
      int bits = address.length * 8;
      if (parts.length == 2) {
        try {
          bits = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > address.length * 8) {
          throw new ConfigException(key + ": '" + entry + "' has a prefix length outside 0.." + address.length * 8);
        }
      }
      networks.add(new Network(address, bits));
    }
    return new TrustedProxies(List.copyOf(networks));
  }

  /** The address of the client that sent this request. */
  String clientAddress(RoutingContext ctx) {
    return clientAddress(ctx.request().remoteAddress().hostAddress(), ctx.request().headers().getAll("X-Forwarded-For"));
  }

  /** The client's address, given the peer's and the X-Forwarded-For headers it sent (in order). */
  String clientAddress(String peer, List<String> forwardedFor) {
    if (!trusts(peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
      for (String hop : header.split(",")) {
        hops.add(hop.trim());
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = unbracketed(hops.get(i));
      if (literal(hop) == null) {
        // A hop that is not an address cannot be trusted to say anything about the ones before it.
        return client;
      }
      client = hop;
      if (!trusts(hop)) {
        return hop;
      }
    }
    return client;
  }

  boolean trusts(String address) {
    byte[] bytes = literal(address);
    return bytes != null && networks.stream().anyMatch(n -> n.contains(bytes));
  }

  /** The address's bytes, or null when it is not an IP literal; never a DNS lookup. */
  private static byte[] literal(String text) {
    return NetUtil.createByteArrayFromIpAddressString(text.trim());
  }

  private static String unbracketed(String hop) {
    return hop.startsWith("[") && hop.endsWith("]") ? hop.substring(1, hop.length() - 1) : hop;
  }
}
