-- migscope sink schema. Every table carries run_name so a replay ('replay-<name>') never mixes with live rows.
-- Times arrive as epoch microseconds (*_us); the timestamptz columns next to them are derived for dashboards.
-- CHECK constraints reject absurd values (negative durations, bytes, counts): such a record goes to the dead letters.

CREATE FUNCTION migscope_us_to_ts(us bigint) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    -- Microseconds to seconds; double precision keeps microsecond resolution for any epoch value we will see.
    AS $$ SELECT to_timestamp(us::double precision / 1000000.0) $$;

CREATE TABLE migrations (
    run_name                   text             NOT NULL DEFAULT 'live',
    migration_id               text             NOT NULL,
    vm                         text             NOT NULL,
    cluster                    text,
    platform                   text             NOT NULL,
    source_host                text,
    target_host                text,
    outcome                    text             NOT NULL,
    mode                       text,
    requested_at_us            bigint,
    started_at_us              bigint,
    completed_at_us            bigint,
    migration_time_ms          bigint           CHECK (migration_time_ms >= 0),
    queue_wait_ms              bigint           CHECK (queue_wait_ms >= 0),
    transfer_time_ms           bigint           CHECK (transfer_time_ms >= 0),
    observed_blackout_ms       double precision CHECK (observed_blackout_ms >= 0),
    observed_blackout_total_ms double precision CHECK (observed_blackout_total_ms >= 0),
    blackout_count             integer          NOT NULL DEFAULT 0 CHECK (blackout_count >= 0),
    reported_downtime_ms       bigint           CHECK (reported_downtime_ms >= 0),
    brownout_ms                double precision CHECK (brownout_ms >= 0),
    rtt_baseline_us            bigint           CHECK (rtt_baseline_us >= 0),
    passes                     integer          NOT NULL DEFAULT 0 CHECK (passes >= 0),
    hypervisor_bytes           bigint           CHECK (hypervisor_bytes >= 0),
    wire_bytes                 bigint           CHECK (wire_bytes >= 0),
    wire_bytes_note            text,
    alerts                     text[]           NOT NULL DEFAULT '{}',
    flags                      text[]           NOT NULL DEFAULT '{}',
    wave                       text,
    flavor                     text,
    vm_memory_bytes            bigint           CHECK (vm_memory_bytes >= 0),
    requested_at               timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(requested_at_us)) STORED,
    started_at                 timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(started_at_us)) STORED,
    completed_at               timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(completed_at_us)) STORED,
    written_at                 timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (run_name, migration_id)
);
CREATE INDEX migrations_cluster_completed ON migrations (run_name, cluster, completed_at);
CREATE INDEX migrations_wave_started ON migrations (run_name, wave, started_at);

-- The header of the latest timeline per migration; its phases are replaced as a whole on each update.
CREATE TABLE migration_timelines (
    run_name     text    NOT NULL DEFAULT 'live',
    migration_id text    NOT NULL,
    vm           text    NOT NULL,
    cluster      text,
    platform     text    NOT NULL,
    source_host  text,
    target_host  text,
    mode         text,
    outcome      text,
    final        boolean NOT NULL,
    pass_count   integer NOT NULL CHECK (pass_count >= 0),
    flags        text[]  NOT NULL DEFAULT '{}',
    updated_us   bigint  NOT NULL,
    updated_at   timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(updated_us)) STORED,
    written_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_name, migration_id)
);

CREATE TABLE migration_phases (
    run_name     text   NOT NULL DEFAULT 'live',
    migration_id text   NOT NULL,
    name         text   NOT NULL,
    start_us     bigint NOT NULL CHECK (start_us >= 0),
    end_us       bigint,
    start_source text   NOT NULL,
    end_source   text,
    started_at   timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(start_us)) STORED,
    ended_at     timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(end_us)) STORED,
    PRIMARY KEY (run_name, migration_id, name, start_us)
);

-- The scalar part of the latest downtime report; its blackout intervals are replaced as a whole on each update.
CREATE TABLE downtime_reports (
    run_name                   text             NOT NULL DEFAULT 'live',
    migration_id               text             NOT NULL,
    vm                         text             NOT NULL,
    interval_us                bigint           CHECK (interval_us > 0),
    probes                     bigint           NOT NULL CHECK (probes >= 0),
    probes_lost                bigint           NOT NULL CHECK (probes_lost >= 0),
    probes_late                bigint           NOT NULL CHECK (probes_late >= 0),
    observed_blackout_ms       double precision CHECK (observed_blackout_ms >= 0),
    observed_blackout_total_ms double precision CHECK (observed_blackout_total_ms >= 0),
    blackout_count             integer          NOT NULL CHECK (blackout_count >= 0),
    reported_downtime_ms       bigint           CHECK (reported_downtime_ms >= 0),
    reported_source            text,
    rtt_baseline_us            bigint           CHECK (rtt_baseline_us >= 0),
    rtt_peak_after_resume_us   bigint           CHECK (rtt_peak_after_resume_us >= 0),
    brownout_ms                double precision CHECK (brownout_ms >= 0),
    final                      boolean          NOT NULL,
    written_at                 timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (run_name, migration_id)
);

CREATE TABLE downtime_intervals (
    run_name       text             NOT NULL DEFAULT 'live',
    migration_id   text             NOT NULL,
    last_reply_us  bigint           NOT NULL CHECK (last_reply_us >= 0),
    first_reply_us bigint           CHECK (first_reply_us >= last_reply_us),
    lost_probes    integer          NOT NULL CHECK (lost_probes >= 0),
    estimate_ms    double precision NOT NULL CHECK (estimate_ms >= 0),
    lower_ms       double precision NOT NULL,
    upper_ms       double precision CHECK (upper_ms >= 0),
    open           boolean          NOT NULL,
    last_reply_at  timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(last_reply_us)) STORED,
    first_reply_at timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(first_reply_us)) STORED,
    PRIMARY KEY (run_name, migration_id, last_reply_us)
);

CREATE TABLE rollups (
    run_name        text             NOT NULL DEFAULT 'live',
    "window"        text             NOT NULL,
    window_start_us bigint           NOT NULL,
    dimension       text             NOT NULL,
    dimension_value text             NOT NULL,
    window_end_us   bigint           NOT NULL,
    started         bigint           NOT NULL CHECK (started >= 0),
    completed       bigint           NOT NULL CHECK (completed >= 0),
    failed          bigint           NOT NULL CHECK (failed >= 0),
    aborted         bigint           NOT NULL CHECK (aborted >= 0),
    success_rate    double precision CHECK (success_rate BETWEEN 0 AND 1),
    window_start    timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(window_start_us)) STORED,
    window_end      timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(window_end_us)) STORED,
    written_at      timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (run_name, "window", window_start_us, dimension, dimension_value),
    CHECK (window_end_us > window_start_us)
);

-- One row per rollup and metric (migration_time_ms, observed_blackout_ms, reported_downtime_ms, bytes),
-- with the DDSketch bytes so windows can be merged again later.
CREATE TABLE rollup_metrics (
    run_name        text             NOT NULL DEFAULT 'live',
    "window"        text             NOT NULL,
    window_start_us bigint           NOT NULL,
    dimension       text             NOT NULL,
    dimension_value text             NOT NULL,
    metric          text             NOT NULL,
    count           bigint           NOT NULL CHECK (count >= 0),
    p50             double precision CHECK (p50 >= 0),
    p95             double precision CHECK (p95 >= 0),
    p99             double precision CHECK (p99 >= 0),
    max             double precision CHECK (max >= 0),
    sketch          bytea            NOT NULL,
    PRIMARY KEY (run_name, "window", window_start_us, dimension, dimension_value, metric),
    FOREIGN KEY (run_name, "window", window_start_us, dimension, dimension_value)
        REFERENCES rollups (run_name, "window", window_start_us, dimension, dimension_value) ON DELETE CASCADE
);

CREATE TABLE alerts (
    run_name                     text             NOT NULL DEFAULT 'live',
    alert_id                     text             NOT NULL,
    migration_id                 text             NOT NULL,
    vm                           text             NOT NULL,
    cluster                      text,
    kind                         text             NOT NULL,
    state                        text             NOT NULL CHECK (state IN ('FIRING', 'RESOLVED')),
    fired_at_us                  bigint           NOT NULL,
    resolved_at_us               bigint           CHECK (resolved_at_us >= fired_at_us),
    updated_at_us                bigint           NOT NULL,
    evidence                     text             NOT NULL,
    deadline_us                  bigint,
    predicted_completion_us      bigint,
    seconds_left_before_deadline double precision,
    fired_at                     timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(fired_at_us)) STORED,
    resolved_at                  timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(resolved_at_us)) STORED,
    updated_at                   timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(updated_at_us)) STORED,
    written_at                   timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (run_name, alert_id)
);
CREATE INDEX alerts_kind_fired ON alerts (kind, fired_at);

-- Records the sink itself could not use (undecodable, or rejected by a constraint), with the database's error.
CREATE TABLE dead_letters (
    run_name    text        NOT NULL DEFAULT 'live',
    origin      text        NOT NULL,
    "partition" integer     NOT NULL,
    "offset"    bigint      NOT NULL,
    stage       text        NOT NULL,
    reason      text        NOT NULL,
    expected    text,
    error_class text,
    record_key  bytea,
    raw         bytea       NOT NULL,
    time_us     bigint      NOT NULL,
    recorded_at timestamptz GENERATED ALWAYS AS (migscope_us_to_ts(time_us)) STORED,
    PRIMARY KEY (run_name, origin, "partition", "offset", stage)
);
