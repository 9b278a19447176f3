-- Device registry of the Redfish device proxy. Passwords are sealed with AES-256-GCM by the gateway.
CREATE TABLE devices (
  id                      text PRIMARY KEY,
  address                 text NOT NULL,
  tls_mode                text NOT NULL,
  pin_sha256              text,
  username                text NOT NULL,
  sealed_password         text NOT NULL,
  max_sessions            integer NOT NULL,
  max_concurrent_requests integer NOT NULL,
  timeout_ms              integer NOT NULL,
  created_at              bigint NOT NULL,
  updated_at              bigint NOT NULL
);
