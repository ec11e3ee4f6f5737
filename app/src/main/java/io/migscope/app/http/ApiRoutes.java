package io.migscope.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.migscope.hosts.HostInventory;
import io.migscope.streams.query.QueryViews;
import io.migscope.streams.series.SeriesStores;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** The read-only JSON endpoints, each answered from the view stores through {@link ViewQueries}. */
final class ApiRoutes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final Supplier<ViewQueries> views;
    private final HostInventory hosts;

    /**
     * @param views the queries once the streams application runs; null before (then 503)
     * @param hosts the host inventory, to name the ends of a migration's flows
     */
    ApiRoutes(Supplier<ViewQueries> views, HostInventory hosts) {
        this.views = views;
        this.hosts = hosts;
    }

    void register(Javalin app) {
        app.get("/api/fleet", ctx -> ctx.json(FleetOverview.of(views(), Params.between(ctx, "recent", 10, 1, 100))));
        app.get("/api/migrations", this::migrations);
        app.get("/api/migrations/{id}", this::migration);
        app.get("/api/alerts", this::alerts);
        app.get("/api/rollups", this::rollups);
        app.get("/api/waves", this::waves);
        app.get("/api/waves/{id}", this::wave);
        app.get("/api/comparison", this::comparison);
        app.get("/api/internal/views/{store}", ctx -> ctx.json(localAll(ctx)));
        app.get("/api/internal/views/{store}/{key}", this::localGet);
        app.get("/api/internal/series/{store}/{key}", this::localSeries);
    }

    private ViewQueries views() {
        ViewQueries v = views.get();
        if (v == null) {
            throw new ApiException(503, "the streams application is still starting; retry");
        }
        return v;
    }

    private void migrations(Context ctx) {
        String state = Params.oneOf(ctx, "state", "in-flight", Set.of("in-flight", "recent"));
        int limit = Params.limit(ctx, 200);
        if (state.equals("in-flight")) {
            ArrayNode rows = FleetRows.inFlight(views().all(QueryViews.TIMELINES),
                    FleetRows.firingByMigration(views().all(QueryViews.ALERTS)));
            ctx.json(head(rows, limit));
            return;
        }
        ctx.json(FleetOverview.newestEnded(views().all(QueryViews.SUMMARIES), limit));
    }

    private void migration(Context ctx) {
        ctx.json(MigrationView.of(views(), Params.id(ctx, "id"), hosts));
    }

    private void alerts(Context ctx) {
        String state = Params.oneOf(ctx, "state", "firing", Set.of("firing", "resolved", "all"));
        List<JsonNode> alerts = views().all(QueryViews.ALERTS).stream()
                .filter(a -> state.equals("all") || state.equalsIgnoreCase(a.path("state").asText()))
                .sorted(Comparator.comparingLong((JsonNode a) -> a.path("fired_at_us").asLong()).reversed())
                .toList();
        ctx.json(alerts.subList(0, Math.min(Params.limit(ctx, 500), alerts.size())));
    }

    private void rollups(Context ctx) {
        String dimension = Params.filter(ctx, "dimension");
        String window = Params.filter(ctx, "window");
        List<JsonNode> rollups = views().all(QueryViews.ROLLUPS).stream()
                .filter(r -> dimension == null || dimension.equals(r.path("dimension").asText()))
                .filter(r -> window == null || window.equals(r.path("window").asText()))
                .sorted(Comparator.comparingLong((JsonNode r) -> r.path("window_start_us").asLong()).reversed())
                .toList();
        ctx.json(rollups.subList(0, Math.min(Params.limit(ctx, 500), rollups.size())));
    }

    private void waves(Context ctx) {
        List<JsonNode> waves = views().all(QueryViews.WAVES).stream()
                .sorted(Comparator.comparingLong((JsonNode w) -> w.path("updated_us").asLong()).reversed())
                .toList();
        ctx.json(waves.subList(0, Math.min(Params.limit(ctx, 100), waves.size())));
    }

    private void wave(Context ctx) {
        String id = Params.id(ctx, "id");
        JsonNode wave = views().get(QueryViews.WAVES, id);
        if (wave == null || wave.path("removed").asBoolean()) {
            throw new ApiException(404, "no wave " + id);
        }
        ctx.json(wave);
    }

    /** Seed 002's comparison: migration time against blackout per load profile and platform, of one wave or all. */
    private void comparison(Context ctx) {
        ctx.json(PlatformComparison.of(views().all(QueryViews.SUMMARIES), Params.filter(ctx, "wave")));
    }

    private List<JsonNode> localAll(Context ctx) {
        return views().localAll(store(ctx));
    }

    private void localGet(Context ctx) {
        String store = store(ctx);
        String key = Params.id(ctx, "key");
        JsonNode value = views().localGet(store, key, -1);
        if (value == null) {
            throw new ApiException(404, "no " + key + " in " + store + " on this instance");
        }
        ctx.json(value);
    }

    private void localSeries(Context ctx) {
        String store = ctx.pathParam("store");
        if (!SeriesStores.ALL.contains(store)) {
            throw new ApiException(404, "no series " + store + "; series: " + SeriesStores.ALL);
        }
        ctx.json(views().localSeries(store, Params.id(ctx, "key"), Params.millis(ctx, "from"), Params.millis(ctx, "to"), -1));
    }

    private static String store(Context ctx) {
        String store = ctx.pathParam("store");
        if (!QueryViews.ALL.contains(store)) {
            throw new ApiException(404, "no view " + store + "; views: " + QueryViews.ALL);
        }
        return store;
    }

    private static ArrayNode head(ArrayNode rows, int limit) {
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < Math.min(limit, rows.size()); i++) {
            out.add(rows.get(i));
        }
        return out;
    }
}
