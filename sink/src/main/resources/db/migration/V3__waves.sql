-- Waves: one row per wave (a label, or a cluster's time-bounded batch of requests), latest status from the
-- compacted waves topic. Children are upserted by their natural keys; a batch merged into another is deleted
-- with its children.

CREATE TABLE waves (
    run_name              text             NOT NULL DEFAULT 'live',
    wave_id               text             NOT NULL,
    label                 text,
    cluster               text,
    first_requested_us    bigint,
    first_started_us      bigint,
    last_ended_us         bigint,
    vms                   integer          NOT NULL CHECK (vms >= 0),
    completed             integer          NOT NULL CHECK (completed >= 0),
    failed                integer          NOT NULL CHECK (failed >= 0),
    aborted               integer          NOT NULL CHECK (aborted >= 0),
    duration_ms           bigint           CHECK (duration_ms >= 0),
    seconds_per_vm        double precision CHECK (seconds_per_vm >= 0),
    migrations_per_minute double precision CHECK (migrations_per_minute >= 0),
    peak_in_flight        integer          NOT NULL CHECK (peak_in_flight >= 0),
    queue_wait_p50_ms     double precision CHECK (queue_wait_p50_ms >= 0),
    queue_wait_p95_ms     double precision CHECK (queue_wait_p95_ms >= 0),
    queue_wait_max_ms     double precision CHECK (queue_wait_max_ms >= 0),
    queue_wait_sketch     bytea,
    capacity_held_ms      bigint           NOT NULL CHECK (capacity_held_ms >= 0),
    members_dropped       integer          NOT NULL CHECK (members_dropped >= 0),
    updated_us            bigint           NOT NULL,
    first_requested_at    timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(first_requested_us)) STORED,
    last_ended_at         timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(last_ended_us)) STORED,
    written_at            timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (run_name, wave_id)
);

-- In flight against the configured limit, per cluster and per source node (outbound).
CREATE TABLE wave_concurrency (
    run_name       text    NOT NULL,
    wave_id        text    NOT NULL,
    scope          text    NOT NULL CHECK (scope IN ('cluster', 'node')),
    name           text    NOT NULL,
    "limit"        integer NOT NULL CHECK ("limit" >= 0),
    peak_in_flight integer NOT NULL CHECK (peak_in_flight >= 0),
    at_limit_ms    bigint  NOT NULL CHECK (at_limit_ms >= 0),
    over_limit_ms  bigint  NOT NULL CHECK (over_limit_ms >= 0),
    PRIMARY KEY (run_name, wave_id, scope, name),
    FOREIGN KEY (run_name, wave_id) REFERENCES waves ON DELETE CASCADE
);

-- Concurrency over time: one row per minute of the wave.
CREATE TABLE wave_minutes (
    run_name        text    NOT NULL,
    wave_id         text    NOT NULL,
    minute_start_us bigint  NOT NULL,
    max_in_flight   integer NOT NULL CHECK (max_in_flight >= 0),
    max_queued      integer NOT NULL CHECK (max_queued >= 0),
    started         integer NOT NULL CHECK (started >= 0),
    ended           integer NOT NULL CHECK (ended >= 0),
    minute          timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(minute_start_us)) STORED,
    PRIMARY KEY (run_name, wave_id, minute_start_us),
    FOREIGN KEY (run_name, wave_id) REFERENCES waves ON DELETE CASCADE
);

-- Seed 004: VMs that held a whole slot while only one disk still transferred.
CREATE TABLE wave_capacity_held (
    run_name     text    NOT NULL,
    wave_id      text    NOT NULL,
    vm           text    NOT NULL,
    disk         text    NOT NULL,
    since_us     bigint  NOT NULL,
    migration_id text,
    disks        integer NOT NULL CHECK (disks >= 2),
    until_us     bigint  CHECK (until_us >= since_us),
    held_ms      bigint  NOT NULL CHECK (held_ms >= 0),
    PRIMARY KEY (run_name, wave_id, vm, disk, since_us),
    FOREIGN KEY (run_name, wave_id) REFERENCES waves ON DELETE CASCADE
);

-- "Why did the wave of 3,200 VMs take 33 minutes?": its pace, how much of it ran at the cluster limit, the busiest
-- node, how long VMs queued, the capacity held by straggling disks, and a one-line verdict.
CREATE VIEW wave_report AS
WITH c AS (
    SELECT run_name, wave_id,
           max("limit") FILTER (WHERE scope = 'cluster')                   AS cluster_limit,
           max(peak_in_flight) FILTER (WHERE scope = 'cluster')            AS cluster_peak,
           max(at_limit_ms) FILTER (WHERE scope = 'cluster')               AS cluster_at_limit_ms,
           max(over_limit_ms) FILTER (WHERE scope = 'cluster')             AS cluster_over_limit_ms,
           max("limit") FILTER (WHERE scope = 'node')                      AS node_limit,
           max(at_limit_ms) FILTER (WHERE scope = 'node')                  AS busiest_node_at_limit_ms,
           max(over_limit_ms) FILTER (WHERE scope = 'node')                AS node_over_limit_ms
    FROM wave_concurrency
    GROUP BY 1, 2
), r AS (
    SELECT w.*, c.cluster_limit, c.cluster_peak, c.cluster_at_limit_ms, c.cluster_over_limit_ms, c.node_limit,
           c.busiest_node_at_limit_ms, c.node_over_limit_ms,
           c.cluster_at_limit_ms::double precision / nullif(w.duration_ms, 0)      AS share_at_cluster_limit,
           c.busiest_node_at_limit_ms::double precision / nullif(w.duration_ms, 0) AS share_busiest_node_at_limit
    FROM waves w
    LEFT JOIN c USING (run_name, wave_id)
)
SELECT run_name, wave_id, label, cluster, vms, completed, failed, aborted,
       first_requested_at, last_ended_at,
       duration_ms / 60000.0          AS duration_min,
       seconds_per_vm, migrations_per_minute,
       peak_in_flight, cluster_limit, node_limit,
       round((100 * share_at_cluster_limit)::numeric, 1)      AS pct_time_at_cluster_limit,
       round((100 * share_busiest_node_at_limit)::numeric, 1) AS pct_time_busiest_node_at_limit,
       queue_wait_p50_ms, queue_wait_p95_ms, queue_wait_max_ms,
       capacity_held_ms,
       CASE
           WHEN coalesce(cluster_over_limit_ms, 0) > 0 OR coalesce(node_over_limit_ms, 0) > 0
               THEN 'limits exceeded: more migrations ran at once than configured'
           WHEN share_at_cluster_limit >= 0.5
               THEN 'capacity-bound: at the cluster limit of ' || cluster_limit || ' for '
                    || round((100 * share_at_cluster_limit)::numeric) || '% of the wave; VMs queued up to '
                    || round((coalesce(queue_wait_max_ms, 0) / 60000.0)::numeric, 1) || ' min'
           WHEN share_busiest_node_at_limit >= 0.5
               THEN 'node-bound: a source node sat at its outbound limit of ' || node_limit || ' for '
                    || round((100 * share_busiest_node_at_limit)::numeric) || '% of the wave'
           WHEN capacity_held_ms > 0
               THEN 'slots held by straggling disks for ' || round(capacity_held_ms / 1000.0) || ' s'
           ELSE 'transfer-bound: limits were rarely reached; time went into the transfers themselves'
       END AS verdict
FROM r;
