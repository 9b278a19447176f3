-- The BMC sessions the gateway holds for pooled devices. The node that takes a device over from one that died
-- adopts them, rather than leave them open at the BMC (counting against its session limit) and log in anew.
-- Tokens are sealed with AES-256-GCM like the device passwords; a session is keyed by its token's SHA-256.
CREATE TABLE device_pooled_sessions (
  device_id    text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  session_key  text NOT NULL,
  sealed_token text NOT NULL,
  location     text,
  created_at   bigint NOT NULL,
  PRIMARY KEY (device_id, session_key)
);
