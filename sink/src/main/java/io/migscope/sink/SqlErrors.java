package io.migscope.sink;

import java.sql.SQLException;
import java.sql.SQLTransientException;

/** Sorts database errors into "this row is bad" and "the database is unreachable right now". */
final class SqlErrors {
    private SqlErrors() {
    }

    /** SQLState class 22 (data exception) or 23 (integrity constraint violation): the row, not the database. */
    static boolean isRowError(SQLException e) {
        String state = state(e);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /**
     * Connection failures (08), insufficient resources (53), operator intervention such as a shutdown (57),
     * and transaction rollbacks (40): retrying later can succeed. Anything else is a bug or a schema mismatch.
     */
    static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException) {
            return true;
        }
        String state = state(e);
        return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                || state.startsWith("40");
    }

    /** The first SQLState in the chain; a JDBC batch failure carries the statement's error as the next one. */
    static String state(SQLException e) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            if (current.getSQLState() != null) {
                return current.getSQLState();
            }
        }
        return null;
    }

    /** The most specific message: the server's own (with its constraint and Detail) rather than the batch's. */
    static String describe(SQLException e) {
        SQLException specific = e.getNextException() != null ? e.getNextException() : e;
        return "SQLState " + state(e) + ": " + specific.getMessage();
    }
}
