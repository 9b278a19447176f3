package io.sessiongate.aggregation;

import io.sessiongate.redfish.RedfishFleetDocuments;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The URIs of the merged collections' members: {@code /redfish/v1/Systems/{deviceId}_{memberId}/...} on the gateway
 * is {@code /redfish/v1/Systems/{memberId}/...} on device {@code deviceId} (bmcweb's convention). Device ids have no
 * underscore, so the first one splits them. A BMC link outside the merged collections stays reachable through the
 * device proxy's path-prefix address ({@code /bmc/{deviceId}/redfish/...}).
 */
final class MemberUris {
  /** The top-level collections merged over the fleet. */
  static final List<String> COLLECTIONS = Arrays.stream(RedfishFleetDocuments.Merged.values())
    .map(RedfishFleetDocuments.Merged::collection).toList();
  private static final String ROOT = "/redfish/v1/";
  private static final String ANY_COLLECTION = "(" + String.join("|", COLLECTIONS) + ")";
  private static final Pattern GATEWAY_MEMBER = Pattern.compile(
    "/redfish/v1/" + ANY_COLLECTION + "/([a-z0-9][a-z0-9-]{0,62})_([^/]+)(/.*)?");
  private static final Pattern BMC_MEMBER = Pattern.compile("/redfish/v1/" + ANY_COLLECTION + "/([^/?#]+)(.*)");

  private MemberUris() {
  }

  /** A gateway path of a member (or below one), split into the device and the path on the BMC. */
  record Target(String deviceId, String bmcPath) {
  }

  static Optional<Target> target(String gatewayPath) {
    Matcher m = GATEWAY_MEMBER.matcher(gatewayPath);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Target(m.group(2), ROOT + m.group(1) + "/" + m.group(3)
      + (m.group(4) == null ? "" : m.group(4))));
  }

  /** The gateway URI of a member the BMC links to as {@code bmcPath}. */
  static String memberUri(String deviceId, String bmcPath) {
    return answerLinks(deviceId).apply(bmcPath);
  }

  /** The BMC's links, as the gateway serves them. */
  static UnaryOperator<String> answerLinks(String deviceId) {
    return path -> {
      Matcher m = BMC_MEMBER.matcher(path);
      if (m.matches()) {
        return ROOT + m.group(1) + "/" + deviceId + "_" + m.group(2) + m.group(3);
      }
      String bare = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      if (COLLECTIONS.stream().anyMatch(name -> bare.equals(ROOT + name))) {
        return bare;
      }
      return "/bmc/" + deviceId + path;
    };
  }

  /** The gateway's links in a request body, as the BMC knows them (other devices' links stay as they are). */
  static UnaryOperator<String> requestLinks(String deviceId) {
    String proxied = "/bmc/" + deviceId + "/redfish";
    return path -> {
      Optional<Target> target = target(path);
      if (target.isPresent() && target.get().deviceId().equals(deviceId)) {
        return target.get().bmcPath();
      }
      return path.startsWith(proxied) ? path.substring(("/bmc/" + deviceId).length()) : path;
    };
  }
}
