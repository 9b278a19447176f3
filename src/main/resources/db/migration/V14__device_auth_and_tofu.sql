-- How the gateway logs in to a pooled device (session, basic or auto) and what a probe of an auto device found
-- (SESSION or BASIC, and when). A tofu device's pin is pin_sha256, recorded at its first contact.
ALTER TABLE devices ADD COLUMN auth text NOT NULL DEFAULT 'AUTO';
ALTER TABLE devices ADD COLUMN probed_auth text;
ALTER TABLE devices ADD COLUMN probed_at bigint NOT NULL DEFAULT 0;
