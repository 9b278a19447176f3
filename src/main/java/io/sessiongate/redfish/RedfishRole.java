package io.sessiongate.redfish;

import java.util.List;
import java.util.Set;

/**
 * The three predefined Redfish roles (DSP0266 "Privilege model") and their assigned privileges. A user's
 * role comes from the identity core: {@code admin} is Administrator, {@code operator} is Operator, anyone
 * else is ReadOnly.
 */
public enum RedfishRole {
  Administrator(List.of("Login", "ConfigureManager", "ConfigureUsers", "ConfigureComponents", "ConfigureSelf")),
  Operator(List.of("Login", "ConfigureComponents", "ConfigureSelf")),
  ReadOnly(List.of("Login", "ConfigureSelf"));

  public static final String CONFIGURE_USERS = "ConfigureUsers";
  public static final String CONFIGURE_MANAGER = "ConfigureManager";

  private final List<String> privileges;

  RedfishRole(List<String> privileges) {
    this.privileges = privileges;
  }

  public List<String> privileges() {
    return privileges;
  }

  public boolean grants(String privilege) {
    return privileges.contains(privilege);
  }

  public static RedfishRole of(Set<String> gatewayRoles) {
    if (gatewayRoles.contains("admin")) {
      return Administrator;
    }
    return gatewayRoles.contains("operator") ? Operator : ReadOnly;
  }
}
