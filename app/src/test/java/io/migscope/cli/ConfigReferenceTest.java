package io.migscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.config.ConfigKey;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The documentation a user reads must match the keys the code accepts. */
class ConfigReferenceTest {

    @Test
    void theReadmeListsEveryKeyAndNoOther() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        for (ConfigKey key : Keys.ALL) {
            assertThat(readme).as("README configuration reference").contains("| `" + key.name() + "` |");
        }
        long rows = readme.lines().filter(l -> l.matches("\\| `[a-z*]+\\.[a-z*.]+` \\|.*")).count();
        assertThat(rows).isEqualTo(Keys.ALL.size());
    }

    @Test
    void theSampleConfigurationLoads() {
        MigscopeConfig c = MigscopeConfig.builder().file(Path.of("../deploy/migscope.properties")).build();
        assertThat(c.get(Keys.TOPICS_PREFIX)).isEqualTo("migscope.");
    }
}
