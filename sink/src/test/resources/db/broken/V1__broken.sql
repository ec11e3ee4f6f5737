-- Deliberately broken: the column type does not exist.
CREATE TABLE migrations (migration_id text PRIMARY KEY, migration_time_ms no_such_type);
