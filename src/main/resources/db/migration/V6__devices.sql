-- Device registry of the Redfish device proxy. Passwords are sealed with AES-256-GCM by the gateway.
CREATE TABLE devices (
  id                      text PRIMARY KEY,
  address                 text NOT NULL,
  mode                    text NOT NULL,
  tls_mode                text NOT NULL,
  pin_sha256              text,
  username                text,
  sealed_password         text,
  max_sessions            integer NOT NULL,
  max_concurrent_requests integer NOT NULL,
  timeout_ms              integer NOT NULL,
  created_at              bigint NOT NULL,
  updated_at              bigint NOT NULL
);

-- Passthrough devices: a gateway token (stored as its SHA-256) stands for a BMC session the client opened
-- with its own BMC credentials; the BMC's token is sealed like the device passwords.
CREATE TABLE device_passthrough_sessions (
  token_hash       text PRIMARY KEY,
  device_id        text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  sealed_bmc_token text NOT NULL,
  bmc_location     text,
  created_at       bigint NOT NULL
);
