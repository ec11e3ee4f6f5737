package io.migscope.app.replay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Every sink table's rows of one run name, read generically from the catalogue so a new table is covered too. */
final class RunRows {
    private RunRows() {
    }

    /** Tables with a run_name column; those with foreign keys last, so a copy inserts what they reference first. */
    static List<String> tables(DataSource ds) throws SQLException {
        return strings(ds, """
                SELECT c.table_name FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
                WHERE c.column_name = 'run_name' AND c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                ORDER BY EXISTS (SELECT 1 FROM information_schema.table_constraints k WHERE k.table_name = c.table_name
                    AND k.constraint_type = 'FOREIGN KEY'), c.table_name""");
    }

    /** Each table's rows of {@code run} as text, sorted. */
    static Map<String, List<String>> snapshot(DataSource ds, String run) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String table : tables(ds)) {
            out.put(table, strings(ds, "SELECT t::text FROM " + table + " t WHERE run_name = ? ORDER BY 1", run));
        }
        return out;
    }

    /** Copies every row of run {@code from} to run {@code to}, keeping rows {@code to} already has. */
    static void copy(DataSource ds, String from, String to) throws SQLException {
        for (String table : tables(ds)) {
            List<String> columns = strings(ds, "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
                    + " AND table_schema = current_schema() AND column_name <> 'run_name' AND is_generated = 'NEVER'"
                    + " AND is_identity = 'NO' ORDER BY ordinal_position", table);
            String list = "\"" + String.join("\", \"", columns) + "\"";
            try (Connection c = ds.getConnection(); PreparedStatement st = c.prepareStatement("INSERT INTO " + table
                    + " (run_name, " + list + ") SELECT ?, " + list + " FROM " + table + " WHERE run_name = ?"
                    + " ON CONFLICT DO NOTHING")) {
                st.setString(1, to);
                st.setString(2, from);
                st.executeUpdate();
            }
        }
    }

    private static List<String> strings(DataSource ds, String sql, String... params) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
