package io.migscope.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Writes one kind of output record into its table(s) as JDBC batches, inside the caller's transaction. */
interface TableWriter<T> {

    Class<T> type();

    /** The record's natural key: a later record with the same key supersedes an earlier one in the same batch. */
    String key(T value);

    void write(Connection connection, String runName, List<T> values) throws SQLException;
}
