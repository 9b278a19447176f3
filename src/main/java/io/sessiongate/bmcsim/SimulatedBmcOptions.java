package io.sessiongate.bmcsim;

/**
 * How one simulated BMC behaves: credentials, the hard cap on concurrent sessions (iDRAC, XCC and
 * Supermicro allow about 16), how long a login takes, and the inactivity timeout of its sessions.
 */
public record SimulatedBmcOptions(String host, int port, String username, String password, int maxSessions,
                                  int loginLatencyMillis, int sessionTimeoutSeconds, boolean tls) {
}
