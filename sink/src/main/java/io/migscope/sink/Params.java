package io.migscope.sink;

import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** Binds one row's parameters in order, mapping Avro's boxed optionals to SQL NULL. */
final class Params {
    private final PreparedStatement statement;
    private int index = 1;

    Params(PreparedStatement statement) {
        this.statement = statement;
    }

    Params text(CharSequence value) throws SQLException {
        statement.setObject(index++, value == null ? null : value.toString(), Types.VARCHAR);
        return this;
    }

    Params int8(Long value) throws SQLException {
        statement.setObject(index++, value, Types.BIGINT);
        return this;
    }

    Params int4(Integer value) throws SQLException {
        statement.setObject(index++, value, Types.INTEGER);
        return this;
    }

    Params float8(Double value) throws SQLException {
        statement.setObject(index++, value, Types.DOUBLE);
        return this;
    }

    Params bool(boolean value) throws SQLException {
        statement.setBoolean(index++, value);
        return this;
    }

    Params textArray(List<? extends CharSequence> values) throws SQLException {
        String[] array = values.stream().map(CharSequence::toString).toArray(String[]::new);
        statement.setArray(index++, statement.getConnection().createArrayOf("text", array));
        return this;
    }

    Params bytes(ByteBuffer value) throws SQLException {
        statement.setBytes(index++, value == null ? null : toArray(value));
        return this;
    }

    Params bytes(byte[] value) throws SQLException {
        statement.setBytes(index++, value);
        return this;
    }

    static byte[] toArray(ByteBuffer buffer) {
        // duplicate(): reading must not move the record's own buffer position.
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
