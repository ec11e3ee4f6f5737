package io.migscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** collect vsphere takes its vCenter login from configuration and fails fast, naming the key, without it. */
class CollectVsphereTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void withoutAVcenterUrlItStopsNamingTheKey() {
        assertThat(run("collect", "vsphere", "--bootstrap", "127.0.0.1:1", "--registry", "http://127.0.0.1:1"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("vsphere.url");
    }

    @Test
    void aPasswordFromAMissingEnvironmentVariableNamesTheKeyNotTheValue() {
        assertThat(run("collect", "vsphere", "--set", "vsphere.url=https://vc.example/sdk",
                "--set", "vsphere.password=${env:MIGSCOPE_TEST_NO_SUCH_VARIABLE_42}",
                "--bootstrap", "127.0.0.1:1", "--registry", "http://127.0.0.1:1")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("vsphere.password").contains("MIGSCOPE_TEST_NO_SUCH_VARIABLE_42");
    }

    @Test
    void thePasswordIsASecretThatConfigurationDumpsMask() {
        var config = io.migscope.config.MigscopeConfig.builder().set("vsphere.url", "https://vc.example/sdk")
                .set("vsphere.password", "s3cret-pw").build();
        assertThat(config.toString()).contains("vsphere.password=******").doesNotContain("s3cret-pw");
        assertThat(run("collect", "vsphere", "--help")).isZero();
        assertThat(out.toString()).contains("vsphere.").doesNotContain("--password");
    }
}
