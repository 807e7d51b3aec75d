-- The measurement farm's least-privilege worker role (docs/farm.md). Run as the database's owner,
-- after `hwnas db init`, in the farm's database:
--   psql "postgresql://hwnas_owner@db.lab/nas" -f docs/farm-roles.sql
-- A worker reads everything, adds architectures, devices, runs, measurements and reference
-- checks, and changes only jobs (claim, heartbeat, done, failed), its own run and its worker row.
-- It cannot delete, drop or alter anything. Create the role itself first, as a superuser or a role
-- with CREATEROLE:
--   CREATE ROLE hwnas_worker LOGIN PASSWORD '...';   (or a certificate, docs/farm.md "TLS")
GRANT USAGE ON SCHEMA public TO hwnas_worker;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO hwnas_worker;
GRANT INSERT ON runs, architectures, devices, measurements, layer_latencies, reference_baselines, metric_values, workers
  TO hwnas_worker;
GRANT UPDATE ON jobs, workers TO hwnas_worker;
GRANT UPDATE (ended_at, status) ON runs TO hwnas_worker;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO hwnas_worker;
