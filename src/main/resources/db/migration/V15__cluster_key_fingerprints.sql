-- The keys every node of a cluster must share (auth.jwt-secret, devices.credential-key), as fingerprints: the
-- first clustered node records each; a node started with another key is refused at start, naming the key.
-- A fingerprint is 64 bits of SHA-256 over the key: it identifies the key and reveals nothing of it.
CREATE TABLE cluster_key_fingerprints (
  setting     text PRIMARY KEY,
  fingerprint text NOT NULL,
  recorded_at bigint NOT NULL
);
