package io.sessiongate.aggregation;

import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The member URIs both ways: what a client sends is what the BMC knows, and what the BMC answers stays on the gateway. */
class MemberUrisTest {
  @Test
  void aMembersPathSplitsIntoTheDeviceAndTheBmcsPath() {
    MemberUris.Target target = MemberUris.target("/redfish/v1/Systems/bmc-1_System.Embedded.1/Bios/Settings").orElseThrow();
    assertEquals("bmc-1", target.deviceId());
    assertEquals("/redfish/v1/Systems/System.Embedded.1/Bios/Settings", target.bmcPath());
    assertEquals("/redfish/v1/Managers/1", MemberUris.target("/redfish/v1/Managers/b_1").orElseThrow().bmcPath());
    assertEquals("/redfish/v1/Chassis/a_b", MemberUris.target("/redfish/v1/Chassis/x_a_b").orElseThrow().bmcPath(),
      "device ids have no underscore: the first one splits");
    assertTrue(MemberUris.target("/redfish/v1/Systems/1").isEmpty());
    assertTrue(MemberUris.target("/redfish/v1/Systems/Bad_1").isEmpty(), "not a device id");
    assertTrue(MemberUris.target("/redfish/v1/UpdateService/x_1").isEmpty());
  }

  @Test
  void theBmcsLinksBecomeTheGatewaysAndBack() {
    UnaryOperator<String> answer = MemberUris.answerLinks("bmc1");
    UnaryOperator<String> request = MemberUris.requestLinks("bmc1");
    for (String[] pair : new String[][] {
      {"/redfish/v1/Systems/1", "/redfish/v1/Systems/bmc1_1"},
      {"/redfish/v1/Systems/1/Actions/ComputerSystem.Reset", "/redfish/v1/Systems/bmc1_1/Actions/ComputerSystem.Reset"},
      {"/redfish/v1/Chassis/1#/Thermal/Fans/0", "/redfish/v1/Chassis/bmc1_1#/Thermal/Fans/0"},
      {"/redfish/v1/UpdateService", "/bmc/bmc1/redfish/v1/UpdateService"},
    }) {
      assertEquals(pair[1], answer.apply(pair[0]));
      assertEquals(pair[0], request.apply(pair[1]), "back again: " + pair[1]);
    }
    assertEquals("/redfish/v1/Systems", answer.apply("/redfish/v1/Systems/"), "the collection is the merged one");
    assertEquals("/redfish/v1/Systems/bmc2_1", request.apply("/redfish/v1/Systems/bmc2_1"),
      "another device's link is not this BMC's to know");
  }
}
