-- Seed 002's comparison (migration time against blackout time, per platform and load) and seed 003's guest
-- slowdown (what the guest itself felt: ms per GiB written, before and during the migration).

ALTER TABLE migrations
    ADD COLUMN load_profile                 text,
    ADD COLUMN guest_baseline_ms_per_gb     double precision CHECK (guest_baseline_ms_per_gb > 0),
    ADD COLUMN guest_slowdown_max_ms_per_gb double precision CHECK (guest_slowdown_max_ms_per_gb > 0);

ALTER TABLE downtime_reports
    ADD COLUMN guest_baseline_ms_per_gb     double precision CHECK (guest_baseline_ms_per_gb > 0),
    ADD COLUMN guest_slowdown_max_ms_per_gb double precision CHECK (guest_slowdown_max_ms_per_gb > 0);

CREATE INDEX migrations_wave_load ON migrations (run_name, wave, load_profile);

-- Per wave, load profile, VM size (flavour) and platform, as seed 002's tables lay them side by side: how many
-- migrations ended and completed, and over the completed ones the median and worst migration time (request to
-- done), observed blackout (longest gap in the probes) and reported downtime, the guest's median baseline and its
-- slowest GiB. Medians interpolate (percentile_cont), like the other views.
CREATE VIEW platform_comparison AS
SELECT run_name,
       coalesce(wave, '(none)')                                                  AS wave,
       coalesce(load_profile, '(none)')                                          AS load_profile,
       coalesce(flavor, '(none)')                                                AS flavor,
       platform,
       count(*)                                                                   AS migrations,
       count(*) FILTER (WHERE outcome = 'completed')                              AS completed,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY migration_time_ms)
           FILTER (WHERE outcome = 'completed')                                   AS migration_time_p50_ms,
       max(migration_time_ms) FILTER (WHERE outcome = 'completed')                AS migration_time_max_ms,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY observed_blackout_ms)
           FILTER (WHERE outcome = 'completed')                                   AS observed_blackout_p50_ms,
       max(observed_blackout_ms) FILTER (WHERE outcome = 'completed')             AS observed_blackout_max_ms,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY reported_downtime_ms)
           FILTER (WHERE outcome = 'completed')                                   AS reported_downtime_p50_ms,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY guest_baseline_ms_per_gb)
           FILTER (WHERE outcome = 'completed')                                   AS guest_baseline_p50_ms_per_gb,
       max(guest_slowdown_max_ms_per_gb) FILTER (WHERE outcome = 'completed')     AS guest_slowdown_max_ms_per_gb
FROM migrations
GROUP BY 1, 2, 3, 4, 5;
