package io.sessiongate.deviceproxy.client;

/** A BMC session a client opened with its own credentials, known to it by a gateway token (stored hashed). */
public record PassthroughSession(String tokenHash, String deviceId, String sealedBmcToken, String bmcLocation,
                                 long createdAt) {
}
