package io.migscope.streams.series;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A point of a chart series, as the HTTP API returns it. */
public interface SeriesPoint {
    ObjectNode toJson();
}
