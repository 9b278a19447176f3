package io.sessiongate.deviceproxy.registry;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** The networks BMCs may be registered in (CIDR blocks); the gateway reaches no other address. */
public final class AllowedNetworks {
  private record Block(byte[] network, int prefix, String text) {
  }

  private final List<Block> blocks;

  public AllowedNetworks(List<String> cidrs) {
    this.blocks = cidrs.stream().map(AllowedNetworks::parse).toList();
  }

  private static Block parse(String cidr) {
    String[] parts = cidr.trim().split("/", 2);
    byte[] network = literal(parts[0]);
    if (network == null) {
      throw new IllegalArgumentException("not an IP network: " + cidr);
    }
    int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
    if (prefix < 0 || prefix > network.length * 8) {
      throw new IllegalArgumentException("bad prefix length in " + cidr);
    }
    return new Block(network, prefix, cidr.trim());
  }

  /** The bytes of an IPv4 or IPv6 literal, or null when {@code host} is not one (no DNS lookup, ever). */
  static byte[] literal(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean ipv4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean ipv6 = bare.contains(":") && bare.matches("[0-9A-Fa-f:.]+");
    if (!ipv4 && !ipv6) {
      return null;
    }
    try {
      return InetAddress.getByName(bare).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  public boolean allows(byte[] address) {
    for (Block block : blocks) {
      if (block.network().length == address.length && samePrefix(block.network(), address, block.prefix())) {
        return true;
      }
    }
    return false;
  }

  private static boolean samePrefix(byte[] a, byte[] b, int bits) {
    if (bits == 0) {
      return true;
    }
    int total = a.length * 8;
    BigInteger mask = BigInteger.ONE.shiftLeft(total).subtract(BigInteger.ONE)
      .xor(BigInteger.ONE.shiftLeft(total - bits).subtract(BigInteger.ONE));
    return new BigInteger(1, a).and(mask).equals(new BigInteger(1, b).and(mask));
  }

  @Override
  public String toString() {
    return String.join(", ", blocks.stream().map(Block::text).toList());
  }
}
