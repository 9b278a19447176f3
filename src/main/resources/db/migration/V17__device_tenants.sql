-- The tenants whose users see a device in the Redfish aggregation (docs/aggregation.md); empty: admins only.
ALTER TABLE devices ADD COLUMN tenants text[] NOT NULL DEFAULT '{}';
