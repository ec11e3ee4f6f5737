package io.migscope.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The files in deploy/ name only metrics migscope exports and tables the sink creates. */
class DeployFilesTest {

    @Test
    void prometheusRulesUseExportedMetrics() throws Exception {
        String rules = Files.readString(Path.of("../deploy/monitoring/prometheus-rules.yaml"));
        FleetMetrics metrics = new FleetMetrics(() -> null);
        metrics.onDeadLetter(new ObjectMapper().readTree("{\"stage\":\"parse\",\"reason\":\"bad line 3: x\"}"));
        String scrape = metrics.scrape();
        Matcher m = Pattern.compile("migscope_[a-z_]+").matcher(rules);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group());
        }
        assertThat(names).contains("migscope_alerts_firing", "migscope_observed_blackout_seconds_bucket");
        assertThat(names).allSatisfy(n -> assertThat(scrape).contains(n + "{"));
        assertThat(rules).contains("kind=\"NON_CONVERGING\"").contains("kind=\"STUCK\"").contains("DOWNTIME_SLO_BREACH");
        assertThat(scrape).contains("migscope_dead_letters_total{reason=\"bad line\",stage=\"parse\"} 1.0");
        metrics.close();
    }

    @Test
    void grafanaDashboardReadsTheSinkTables() throws Exception {
        JsonNode dash = new ObjectMapper().readTree(Path.of("../deploy/monitoring/grafana-dashboard.json").toFile());
        List<String> sql = new ArrayList<>();
        dash.get("panels").forEach(p -> p.get("targets").forEach(t -> sql.add(t.get("rawSql").asText())));
        String schema = Files.readString(Path.of("../sink/src/main/resources/db/migration/V1__init.sql"))
                + Files.readString(Path.of("../sink/src/main/resources/db/migration/V3__waves.sql"));
        for (String table : List.of("rollups", "rollup_metrics", "migrations", "wave_report")) {
            assertThat(sql).anySatisfy(s -> assertThat(s).containsPattern("FROM " + table + "\\b"));
            assertThat(schema).containsPattern("CREATE (TABLE|VIEW) " + table + " ");
        }
    }
}
