-- Views for the questions fleet owners ask. Hours and minutes are UTC buckets.

-- p50/p95/p99/max of the observed blackout (longest single gap) of ended migrations, per cluster and hour of end.
CREATE VIEW blackout_percentiles_hourly AS
SELECT run_name,
       coalesce(cluster, '(none)')                                            AS cluster,
       date_trunc('hour', coalesce(completed_at, started_at, requested_at), 'UTC') AS hour,
       count(*)                                                                AS migrations,
       percentile_cont(0.50) WITHIN GROUP (ORDER BY observed_blackout_ms)      AS p50_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY observed_blackout_ms)      AS p95_ms,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY observed_blackout_ms)      AS p99_ms,
       max(observed_blackout_ms)                                               AS max_ms
FROM migrations
WHERE observed_blackout_ms IS NOT NULL
  AND coalesce(completed_at, started_at, requested_at) IS NOT NULL
GROUP BY 1, 2, 3;

-- Migrations whose NON_CONVERGING alert was active at some point during the last 24 hours.
CREATE VIEW nonconverging_last_24h AS
SELECT a.run_name, a.migration_id, a.vm, coalesce(a.cluster, m.cluster) AS cluster, a.state,
       a.fired_at, a.resolved_at, a.evidence, a.predicted_completion_us, a.seconds_left_before_deadline,
       m.outcome, m.migration_time_ms, m.source_host, m.target_host, m.passes
FROM alerts a
LEFT JOIN migrations m ON m.run_name = a.run_name AND m.migration_id = a.migration_id
WHERE a.kind = 'NON_CONVERGING'
  AND coalesce(a.resolved_at, 'infinity'::timestamptz) >= now() - interval '24 hours';

-- Per wave and cluster, per minute: migrations started, completed successfully, ended (any outcome),
-- and in flight at the end of the minute (started, not yet ended).
CREATE VIEW wave_timeline AS
WITH m AS (
    SELECT run_name, coalesce(wave, '(none)') AS wave, coalesce(cluster, '(none)') AS cluster,
           started_at, completed_at, outcome
    FROM migrations
    WHERE started_at IS NOT NULL
), bounds AS (
    SELECT run_name, wave, cluster,
           date_trunc('minute', min(started_at), 'UTC')                             AS first_minute,
           date_trunc('minute', max(coalesce(completed_at, started_at)), 'UTC')     AS last_minute
    FROM m
    GROUP BY 1, 2, 3
), minutes AS (
    SELECT b.run_name, b.wave, b.cluster, g.minute
    FROM bounds b
    CROSS JOIN LATERAL generate_series(b.first_minute, b.last_minute, interval '1 minute') AS g(minute)
)
SELECT mi.run_name, mi.wave, mi.cluster, mi.minute,
       count(*) FILTER (WHERE m.started_at >= mi.minute
                          AND m.started_at < mi.minute + interval '1 minute')               AS started,
       count(*) FILTER (WHERE m.outcome = 'completed' AND m.completed_at >= mi.minute
                          AND m.completed_at < mi.minute + interval '1 minute')             AS completed,
       count(*) FILTER (WHERE m.completed_at >= mi.minute
                          AND m.completed_at < mi.minute + interval '1 minute')             AS ended,
       count(*) FILTER (WHERE m.started_at < mi.minute + interval '1 minute'
                          AND (m.completed_at IS NULL
                               OR m.completed_at >= mi.minute + interval '1 minute'))       AS in_flight
FROM minutes mi
JOIN m ON m.run_name = mi.run_name AND m.wave = mi.wave AND m.cluster = mi.cluster
GROUP BY 1, 2, 3, 4;
