package io.migscope.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A point in time on the command line: an ISO-8601 instant or offset date-time, or epoch milliseconds. */
public final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        String v = value.trim();
        if (v.matches("\\d{1,15}")) {
            return Instant.ofEpochMilli(Long.parseLong(v));
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not a time; expected an ISO-8601 instant such as"
                    + " 2026-11-02T10:00:00Z (or with an offset, +01:00) or epoch milliseconds");
        }
    }
}
